/**
 * What the workspaces of a topology must hold, worked out from the topology alone (never from
 * config/estate.ts, so a wrong derivation there cannot hide behind a matching test). Shared by the
 * JSON-level wiring tests (unit loop) and the Terraform-level workspace tests.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Topology } from "../../config/topology";
import { PROJECT_ROOT } from "./synth";

/** Every example topology and test fixture. */
export const TOPOLOGIES = [
  ...readdirSync(join(PROJECT_ROOT, "examples")).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join("examples", f)),
  ...readdirSync(join(PROJECT_ROOT, "__tests__/fixtures")).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join("__tests__/fixtures", f)),
].sort();

/** Resource types that carry prevent_destroy when `protect` is on. */
export const PROTECTED = ["aws_vpclattice_service_network", "aws_ram_resource_share", "aws_vpclattice_resource_configuration",
  "aws_vpc_endpoint", "aws_route53_zone", "aws_route53profiles_profile"];

export const spokeName = (s: Topology["spokes"][number]) => `spoke-${s.name}`;
/**
 * The topology as the active workspaces see it: a retired spoke's workspace is empty and the other
 * workspaces no longer know it, so expectations are worked out without it (retiredSpokes: the rest).
 */
export const activeTopology = (t: Topology): Topology => ({ ...t, spokes: t.spokes.filter((s) => !s.retired), endpoints: t.endpoints.filter((e) => !e.retired) });
/** Endpoints with `retired: true`: only the hub still holds them (unprotected). */
export const retiredEndpoints = (t: Topology) => t.endpoints.filter((e) => e.retired);
/** Where a workspace keeps its state: a renamed spoke's first name. */
export const stateNameOf = (t: Topology, workspace: string) => {
  const s = t.spokes.find((x) => spokeName(x) === workspace);
  return s?.renamedFrom ? `spoke-${s.renamedFrom[0]}` : workspace;
};
/** A spoke's VPCs that join the service network (`access` absent or association), and those with `access: endpoint`. */
export const associatedVpcs = (s: Topology["spokes"][number]) => s.vpcs.filter((v) => v.access !== "endpoint");
export const endpointVpcs = (s: Topology["spokes"][number]) => s.vpcs.filter((v) => v.access === "endpoint");
export const retiredSpokes = (t: Topology) => t.spokes.filter((s) => s.retired);
export const workspacesOf = (t: Topology) => ["hub", "dns", ...t.spokes.map(spokeName)];
export const accountOf = (t: Topology, ws: string) =>
  ws === "hub" ? t.hub.accountId : ws === "dns" ? t.dns.accountId : t.spokes.find((s) => spokeName(s) === ws)!.accountId;
export const zonesOf = (t: Topology) => [...new Set(t.endpoints.map((e) => e.dns.zone))];
export const isAdopted = (t: Topology, zone: string) => Object.hasOwn(t.dns.zones, zone);

/** Every port a list of "N" / "A-B" entries allows. */
export function portsOf(entries: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const e of entries) {
    const [a, b = a] = e.split("-").map(Number);
    for (let p = a; p <= b; p++) out.add(p);
  }
  return out;
}

/** Every port a set of rules allows; fails if two rules overlap (one rule per port). */
export function portsOfRules(rules: readonly { from: number; to: number }[]): Set<number> {
  const out = new Set<number>();
  for (const r of rules) {
    for (let p = r.from; p <= r.to; p++) {
      if (out.has(p)) throw new Error(`port ${p} is allowed by two rules`);
      out.add(p);
    }
  }
  return out;
}

export const sorted = <T>(xs: Iterable<T>) => [...xs].sort();
/** Assert a collection the test loops over is not empty, then return it. */
export function nonEmpty<T>(xs: readonly T[], what: string): readonly T[] {
  if (xs.length === 0) throw new Error(`expected at least one ${what}`);
  return xs;
}

