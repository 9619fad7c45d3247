/**
 * The hazards of a change: what a reviewer must know before the first apply, each with a severity
 * (error: the change as written orphans resources or cannot apply; warning: it applies, with the
 * consequence named), the workspace and one line saying who is affected and what to do.
 * docs/changes.md lists them.
 */
import { isCriticalType } from "../guard/critical-types";
import { block, declarations, isTrue, resources, type TerraformJson } from "../guard/terraform-json";
import type { Estate } from "../config/estate";
import type { WorkspacePrediction } from "./predict";
import { accessSwitches, isBootstrapWorkspace, movedVpcs, type Hazard, type HazardSeverity, type Synthesis, type WorkspaceChange } from "./model";

/** Every hazard id, with its severity and what it means (docs/changes.md renders it). */
export const HAZARDS = {
  "removed-without-retirement": { severity: "error", title: "A workspace leaves the output while its resources live: nothing could destroy them any more" },
  "bootstrap-workspace-removed": { severity: "warning", title: "An identity or hcp workspace leaves: its roles or HCP workspaces stay until it is destroyed" },
  "prevent-destroy": { severity: "error", title: "The plan deletes or replaces a resource that carries prevent_destroy: Terraform refuses it" },
  "protection-bypassed": { severity: "error", title: "A protected block leaves the configuration with its instances: Terraform destroys them without checking prevent_destroy" },
  "critical-replacement": { severity: "warning", title: "A resource whose loss cuts clients off is replaced: who loses which vendor, until when" },
  "invalid-index": { severity: "warning", title: "A workspace reads an output key that exists only once another workspace has applied" },
  "vpc-move": { severity: "warning", title: "A VPC moves between spokes: it leaves the old service-network association before the new one" },
  "dns-mode-switch": { severity: "warning", title: "The DNS mode switches: resolution changes mechanism, spoke by spoke" },
  "access-mode-switch": { severity: "warning", title: "A VPC switches access (association ↔ endpoint): one spoke apply swaps its path and its zones, with a gap" },
  "external-principal": { severity: "warning", title: "A RAM share now admits an account outside the organization" },
  quota: { severity: "warning", title: "A quota passes 80 % of its value" },
  "undeclared-rename": { severity: "warning", title: "An endpoint or spoke seems renamed without renamedFrom: it would be destroyed and created again" },
  "runbook-cycle": { severity: "error", title: "The change mixes orders that cannot all hold: split it into two changes" },
} as const satisfies Record<string, { severity: HazardSeverity; title: string }>;
export type HazardId = keyof typeof HAZARDS;

export interface HazardInput {
  readonly before?: Synthesis;
  readonly after?: Synthesis;
  readonly predictions: readonly WorkspacePrediction[];
  readonly changeOf: ReadonlyMap<string, WorkspaceChange>;
  readonly cycle?: readonly string[];
  readonly teardown: boolean;
}

export function hazardsOf(input: HazardInput): Hazard[] {
  const hazards: Hazard[] = [];
  const add = (id: HazardId, workspace: string, message: string) => hazards.push({ id, severity: HAZARDS[id].severity, workspace, message });
  const { before, after, predictions, changeOf } = input;
  const beforeEstate = before?.estate;
  const afterEstate = after?.estate;

  for (const p of predictions) {
    const change = changeOf.get(p.name);
    const held = p.before ? declaredInstances(p.before) : 0;
    if (change === "removed" && held > 0) {
      if (isBootstrapWorkspace(p.name)) {
        add("bootstrap-workspace-removed", p.name, `leaves the bootstrap output while it still declares ${plural(held, "resource")}: ${p.name === "hcp" ? "terraform destroy it with an HCP Terraform token" : "terraform destroy it with an administrator's credentials for the account"} first; bootstrap refuses to drop it otherwise (--forget ${p.name} once destroyed)`);
      } else {
        const spoke = /^spoke-(.+)$/.exec(p.name)?.[1];
        add("removed-without-retirement", p.name, `removed from the topology while its workspace declares ${plural(held, "resource")}: they would be orphaned${spoke ? " and the account would keep its access" : ""}; ${spoke ? `keep spoke ${spoke} with "retired: true", apply ${p.name}, then remove it` : "retire it first"}`);
      }
    }
  }

  // Deletes and replacements Terraform refuses: the block is still configured and carries prevent_destroy.
  for (const p of predictions) {
    const protectedBlocks = input.teardown ? preventDestroyBlocks(p.before) : preventDestroyBlocks(p.after);
    for (const c of p.changes) {
      if ((c.action === "delete" || c.action === "replace") && protectedBlocks.has(baseOf(c.address))) {
        const retire = c.action === "delete" ? retireInstead(c.address, beforeEstate) : undefined;
        add("prevent-destroy", p.name, input.teardown
          ? `${c.address} carries prevent_destroy: set "protect: false", synth and apply ${p.name} (no resource changes) before destroying it`
          : `${c.address} would be ${c.action === "delete" ? "destroyed" : "replaced"} but carries prevent_destroy: Terraform refuses the plan; ${retire ?? `set "protect: false" for this change, or keep what it serves`}`);
      }
    }
  }

  // A block that leaves the configuration takes its lifecycle with it: Terraform destroys its instances unchecked.
  if (!input.teardown) {
    for (const p of predictions) {
      if (!p.after) continue;
      const protectedBefore = preventDestroyBlocks(p.before);
      const declared = new Set(declarations(p.after).map((d) => d.base));
      for (const c of p.changes) {
        if (c.action !== "delete" || !protectedBefore.has(baseOf(c.address)) || declared.has(baseOf(c.address))) continue;
        const gateway = c.type === "aws_vpclattice_resource_configuration"
          ? "; for a new gateway generation, keep the one before with hub.retiringSubnetIds until dns has applied, then drop it" : "";
        add("protection-bypassed", p.name, `${c.address} is destroyed with its whole block, which carried prevent_destroy: Terraform does not check it for a block that is gone${gateway || '; if that is meant, set "protect: false" for this change'}`);
      }
    }
  }

  if (!input.teardown) {
    for (const p of predictions) {
      for (const c of p.changes) {
        if (c.action !== "replace" || !isCriticalType(c.type)) continue;
        add("critical-replacement", p.name, criticalReplacement(p, c.address, c.because, predictions, afterEstate));
      }
      for (const m of p.missingKeys) {
        add("invalid-index", p.name, `reads ${m.workspace}'s output ${m.output}["${m.key}"], which exists once ${m.workspace} has applied: planned before that it fails with "Invalid index"; apply in the runbook's order`);
      }
    }
  }

  for (const r of undeclaredRenames(beforeEstate, afterEstate)) add("undeclared-rename", r.workspace, r.message);

  for (const move of movedVpcs(beforeEstate, afterEstate)) {
    add("vpc-move", move.to, `${move.vpcId} moves from ${move.from} to ${move.to}: apply ${move.from} first (a VPC has one service-network association); the VPC reaches no vendor from that apply until ${move.to} has applied`);
  }

  // Route 53 refuses a second private zone of the same name on a VPC (ConflictingDomainExists): the
  // spoke's own zones and the shared zones' associations cannot overlap within one apply.
  for (const sw of accessSwitches(beforeEstate, afterEstate)) {
    add("access-mode-switch", sw.spoke, sw.to === "endpoint"
      ? `${sw.vpcId} switches to access: endpoint: apply hub first (it shares the resource configurations), then ${sw.spoke}, which removes the VPC's service-network and zone associations and creates its endpoints and its own zones; the VPC reaches no vendor during that apply, and if its zones are created before the shared zones' associations are gone Route 53 refuses them (ConflictingDomainExists): apply ${sw.spoke} again, or make it two changes (remove the VPC, then add it with access: endpoint)`
      : `${sw.vpcId} switches to access: association: ${sw.spoke}'s apply deletes its endpoints and own zones and associates the VPC with the service network and the shared zones (dns authorizes it first: apply dns, then ${sw.spoke}); the VPC reaches no vendor during that apply, and an association made before its own zone is gone is refused (ConflictingDomainExists): apply ${sw.spoke} again, or make it two changes`);
  }

  if (beforeEstate && afterEstate && beforeEstate.dns.mode !== afterEstate.dns.mode) {
    const spokes = activeSpokes(afterEstate);
    const [from, to] = [beforeEstate.dns.mode, afterEstate.dns.mode];
    const transition = `to switch without a cut, set dns.retiringMode: ${from} beside mode: ${to} (both serve), apply dns then the spokes, then drop retiringMode and apply the spokes then dns (docs/changes.md)`;
    add("dns-mode-switch", "dns", afterEstate.dns.retiringMode === from
      ? `${from} → ${to} with dns.retiringMode: ${from}: dns adds the ${to === "profile" ? "Route 53 Profile" : "zone authorizations"} and each spoke its ${to === "profile" ? "profile association" : "zone associations"} beside the ${from} ones, so no VPC stops resolving; once every spoke (${spokes}) has applied, drop retiringMode: the spokes, then dns, remove the ${from} mechanism`
      : from === "associations"
        ? `associations → profile: dns creates the Route 53 Profile; each spoke's apply then swaps its zone associations for one profile association, and its VPCs may not resolve the vendors for the seconds in between (${spokes}); ${transition}`
        : `profile → associations: the dns apply takes every zone out of the profile, so every spoke VPC (${spokes}) stops resolving the vendors until its own spoke applies its zone associations; ${transition}`);
  }

  if (afterEstate) {
    const outside = (estate: Estate | undefined) => new Set(estate?.spokes.filter((s) => !s.retired && s.acceptsShare).map((s) => s.spoke.accountId) ?? []);
    const was = outside(beforeEstate);
    for (const s of afterEstate.spokes) {
      if (!s.retired && s.acceptsShare && !was.has(s.spoke.accountId)) {
        add("external-principal", "hub", `the service network's RAM share now admits account ${s.spoke.accountId} (spoke ${s.spoke.name}), outside the organization; it must accept the invitation in ${s.workspace.name}`);
      }
    }
    const warned = new Set(before?.warnings ?? []);
    for (const w of after?.warnings ?? []) if (!warned.has(w)) add("quota", "hub", w);
  }

  if (input.cycle) {
    add("runbook-cycle", input.cycle[0], `no order of ${input.cycle.join(", ")} satisfies every dependency of this change: split it into two changes (for instance retire first, then add)`);
  }
  return hazards;
}

function criticalReplacement(p: WorkspacePrediction, address: string, because: readonly string[], predictions: readonly WorkspacePrediction[], estate: Estate | undefined): string {
  const key = /\["(.*)"\]$/.exec(address)?.[1];
  const vendors = vendorsOf(p.name, address, key, estate);
  const spokes = estate ? activeSpokes(estate) : "every spoke";
  const followers = predictions.filter((q) => q.changes.some((c) => c.follows.includes(p.name))).map((q) => q.name);
  const until = followers.length > 0 ? `until ${followers.join(", ")} ${followers.length === 1 ? "has" : "have"} applied` : `until ${p.name}'s apply completes`;
  const why = because.map((b) => b.replace(/ \(reads .*\)$/, "")).join(", ");
  const endpoint = address.startsWith("aws_vpc_endpoint.") ? "; the vendor must accept the new endpoint before the apply can finish" : "";
  // An endpoint's own replacement has an outage-free path: a second endpoint that takes its records over.
  const overlap = p.name === "hub" && address.startsWith("aws_vpc_endpoint.") && because.includes("service_name") && key !== undefined
    ? `; to avoid the outage, keep ${key}'s serviceName, mark it "retired: true" and add the new service as another endpoint with ${key}'s records: apply hub, then dns, then delete ${key} (docs/changes.md)`
    : "";
  const gateway = address.startsWith("aws_vpclattice_resource_gateway.")
    ? "; to avoid the outage, raise hub.gatewayGeneration and keep the old subnets in hub.retiringSubnetIds: apply hub, then dns, then drop retiringSubnetIds and apply hub (docs/changes.md)"
    : "";
  return `${address} is replaced (${why}): ${spokes} lose ${vendors} from ${p.name}'s apply ${until}${endpoint}${overlap}${gateway}`;
}

/** The vendors (endpoint names) a critical resource serves. */
function vendorsOf(workspace: string, address: string, key: string | undefined, estate: Estate | undefined): string {
  const all = estate ? estate.endpoints.map((e) => e.name) : [];
  const names = (list: readonly string[]) => (list.length === 0 ? "every vendor" : list.join(", "));
  if (workspace === "hub" && key !== undefined && all.includes(key)) return key;
  if (address.startsWith("aws_route53_zone.") && key !== undefined && estate) return names(estate.endpoints.filter((e) => e.zone === key).map((e) => e.name));
  if (workspace.startsWith("spoke-")) return `every vendor (VPC ${key ?? "all"})`;
  return names(all);
}

/** For a protected instance a change deletes: the retirement that lets it go, when it is an endpoint's or a zone's. */
function retireInstead(address: string, estate: Estate | undefined): string | undefined {
  const key = /\["(.*)"\]$/.exec(address)?.[1];
  if (!estate || key === undefined) return undefined;
  const endpoint = [...estate.endpoints, ...estate.retiredEndpoints].find((e) => e.name === key);
  if (endpoint) return `retire endpoint ${key} first ("retired: true": it loses prevent_destroy and keeps serving while another endpoint may take its records over), apply, then delete it`;
  const users = estate.endpoints.filter((e) => e.zone === key).map((e) => e.name);
  if (address.startsWith("aws_route53_zone.") && users.length > 0) return `retire the endpoints of zone ${key} (${users.join(", ")}) first ("retired: true"), apply, then delete them`;
  return undefined;
}

/**
 * Endpoints and spokes that leave while one alike arrives under another name (same service or
 * records; same account and a VPC in common), without `renamedFrom`: a rename Terraform would
 * carry out as destroy and create.
 */
function undeclaredRenames(before: Estate | undefined, after: Estate | undefined): { workspace: string; message: string }[] {
  if (!before || !after) return [];
  const out: { workspace: string; message: string }[] = [];
  const namesOf = (items: readonly { name: string; renamedFrom: readonly string[] }[]) => new Set(items.flatMap((i) => [i.name, ...i.renamedFrom]));
  const afterEndpoints = [...after.endpoints, ...after.retiredEndpoints];
  const beforeEndpoints = [...before.endpoints, ...before.retiredEndpoints];
  const stay = namesOf(afterEndpoints);
  const were = namesOf(beforeEndpoints);
  for (const gone of beforeEndpoints.filter((e) => !stay.has(e.name))) {
    const heir = afterEndpoints.find((e) => !were.has(e.name) && e.renamedFrom.length === 0 &&
      (e.serviceName === gone.serviceName || e.records.some((r) => e.zone === gone.zone && gone.records.includes(r))));
    if (heir) out.push({ workspace: "hub", message: `endpoint ${gone.name} leaves and ${heir.name} arrives alike: if it is a rename, add renamedFrom: ${gone.name} to ${heir.name} (its resources then move instead of being destroyed and created again)` });
  }
  const spokeNames = (estate: Estate) => new Set(estate.spokes.flatMap((s) => [s.spoke.name, ...(s.spoke.renamedFrom ?? [])]));
  const staySpokes = spokeNames(after);
  const wereSpokes = spokeNames(before);
  for (const gone of before.spokes.filter((s) => !staySpokes.has(s.spoke.name))) {
    const vpcs = new Set(gone.spoke.vpcs.map((v) => v.vpcId));
    const heir = after.spokes.find((s) => !wereSpokes.has(s.spoke.name) && !s.spoke.renamedFrom && s.spoke.accountId === gone.spoke.accountId && s.spoke.vpcs.some((v) => vpcs.has(v.vpcId)));
    if (heir) out.push({ workspace: heir.workspace.name, message: `spoke ${gone.spoke.name} leaves and ${heir.spoke.name} arrives with the same account and VPCs: if it is a rename, add renamedFrom: ${gone.spoke.name} to ${heir.spoke.name} (it keeps ${gone.workspace.name}'s state instead of orphaning it)` });
  }
  return out;
}

function activeSpokes(estate: Estate): string {
  const spokes = estate.spokes.filter((s) => !s.retired).map((s) => s.spoke.name);
  return spokes.length === 0 ? "no spoke" : `spokes ${spokes.join(", ")}`;
}

function preventDestroyBlocks(doc: TerraformJson | undefined): Set<string> {
  return new Set((doc ? declarations(doc) : []).filter((d) => isTrue(block(d.body.lifecycle)?.prevent_destroy)).map((d) => d.base));
}

function declaredInstances(doc: TerraformJson): number {
  return resources(doc).length;
}

const baseOf = (address: string) => address.replace(/\[.*$/, "");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
