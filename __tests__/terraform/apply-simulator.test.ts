/**
 * The offline apply simulator (support/apply-simulator.ts) on two example estates, applied as a
 * deploy would be: hub, then dns, then the spokes. What it records must be what Terraform would
 * record (a re-plan changes nothing), deterministic (two estates, identical states), wired as the
 * product means (the dns records hold the hub's Lattice DNS names), and what a changed topology
 * plans against it must be the change. Expectations come from the topology files.
 */
import { join } from "node:path";
import { loadTopologyFile, validateTopology, type Topology } from "../../config/loader";
import { synthesizeJson } from "../../stacks/synthesize";
import { ApplySimulator, type TfState } from "../support/apply-simulator";
import { describeRequiring, TERRAFORM } from "../support/requires";
import { PROJECT_ROOT } from "../support/synth";
import type { Plan } from "../support/terraform";
import { nonEmpty, sorted, spokeName, workspacesOf } from "../support/topology-expectations";

const EXAMPLES = ["examples/basic.yaml", "examples/profile.yaml"];

/** What one estate went through, recorded as it happened (the tests only read it). */
interface Estate {
  readonly topology: Topology;
  /** Workspace → the plan its apply applied (hub, then dns, then the spokes in one call). */
  readonly applied: Record<string, Plan>;
  /** Workspace → its state and addresses after the deployment. */
  readonly states: Record<string, TfState>;
  readonly addresses: Record<string, string[]>;
}

interface Followed extends Estate {
  /** A plan of every workspace right after the deployment. */
  readonly replan: Record<string, Plan>;
  readonly change: Change;
}

/** A topology changed in memory: what left it, the plans against the deployed states, the states after applying them. */
interface Change {
  readonly gone: readonly string[];
  readonly plans: Record<string, Plan>;
  readonly addressesAfter: Record<string, string[]>;
}

async function deploy(sim: ApplySimulator, topology: Topology): Promise<Estate> {
  sim.configure(synthesizeJson(topology).json);
  const applied: Record<string, Plan> = {};
  for (const wave of [["hub"], ["dns"], topology.spokes.map(spokeName)]) Object.assign(applied, await sim.apply(wave));
  const names = workspacesOf(topology);
  return {
    topology,
    applied,
    states: Object.fromEntries(names.map((ws) => [ws, sim.state(ws)!])),
    addresses: Object.fromEntries(names.map((ws) => [ws, sim.addresses(ws)])),
  };
}

/**
 * basic: a spoke leaves (the hub's share and the dns authorizations lose its account and VPC);
 * profile: a VPC leaves its spoke. Re-synthesized from the topology edited in memory.
 */
async function change(sim: ApplySimulator, t: Topology): Promise<Change> {
  const spoke = t.spokes.find((s) => s.vpcs.length > 1) ?? t.spokes[t.spokes.length - 1];
  const leavesVpc = spoke.vpcs.length > 1;
  const edited = leavesVpc
    ? { ...t, spokes: t.spokes.map((s) => (s === spoke ? { ...s, vpcs: s.vpcs.slice(0, -1) } : s)) }
    : { ...t, spokes: t.spokes.filter((s) => s !== spoke) };
  const after = validateTopology(edited).topology;
  sim.configure(synthesizeJson(after).json);
  const remaining = workspacesOf(after);
  const plans = await sim.plan(remaining);
  await sim.apply(remaining);
  return {
    gone: leavesVpc ? [spoke.vpcs[spoke.vpcs.length - 1].vpcId] : [spoke.accountId, ...spoke.vpcs.map((v) => v.vpcId)],
    plans,
    addressesAfter: Object.fromEntries(remaining.map((ws) => [ws, sim.addresses(ws)])),
  };
}

/** Deploy, re-plan, change: one simulator, results reused where inputs repeat (the default). */
async function follow(topology: Topology): Promise<Followed> {
  const sim = new ApplySimulator();
  try {
    const estate = await deploy(sim, topology);
    const replan = await sim.plan(workspacesOf(topology));
    return { ...estate, replan, change: await change(sim, topology) };
  } finally {
    sim.dispose();
  }
}

/** The same deployment computed again from nothing, for comparison. */
async function again(topology: Topology): Promise<Estate> {
  const sim = new ApplySimulator(undefined, { cache: false });
  try {
    return await deploy(sim, topology);
  } finally {
    sim.dispose();
  }
}

/** A spoke planned, then applied with the hub, before anything is applied: Terraform's messages, and the states after. */
async function planTooEarly(topology: Topology) {
  const sim = new ApplySimulator();
  const failure = (p: Promise<unknown>) => p.then(() => "resolved", (e: Error) => e.message);
  try {
    sim.configure(synthesizeJson(topology).json);
    const spoke = spokeName(topology.spokes[0]);
    return { plan: await failure(sim.plan([spoke])), apply: await failure(sim.apply(["hub", spoke])), states: [sim.state("hub"), sim.state(spoke)] };
  } finally {
    sim.dispose();
  }
}

const addressesIn = (plan: Plan, keep: (actions: string) => boolean) =>
  sorted(plan.resource_changes.filter((r) => keep(r.change.actions.join())).map((r) => r.address));
const changes = (plan: Plan) => plan.resource_changes.filter((r) => !["no-op", "read"].includes(r.change.actions.join()));
const fqdn = (record: string, zone: string) => (record === zone || record.endsWith(`.${zone}`) ? record : `${record}.${zone}`);
/** Every leaf of a value: none may be missing in outputs that must be fully known. */
const leaves = (v: unknown): unknown[] => (v !== null && typeof v === "object" ? Object.values(v).flatMap(leaves) : [v]);
const outputsOf = (state: TfState) => Object.fromEntries(Object.entries(state.outputs).map(([k, o]) => [k, o.value]));

describeRequiring(TERRAFORM, "the offline apply simulator", () => {
  // Every chain of Terraform runs starts at once, so that the two Terraform slots never idle (in a
  // hook: a skipped suite's body still runs, its hooks do not).
  let started: Map<string, readonly [Promise<Followed>, Promise<Estate>]>;
  let early: Promise<{ plan: string; apply: string; states: unknown[] }>;
  beforeAll(() => {
    started = new Map(EXAMPLES.map((file) => {
      const topology = loadTopologyFile(join(PROJECT_ROOT, file)).topology;
      const runs = [follow(topology), again(topology)] as const;
      for (const r of runs) r.catch(() => undefined); // reported by the example's own beforeAll
      return [file, runs];
    }));
    early = planTooEarly(loadTopologyFile(join(PROJECT_ROOT, EXAMPLES[0])).topology);
    early.catch(() => undefined);
  });

  describe.each(EXAMPLES)("%s", (file) => {
    let a: Followed;
    let b: Estate;
    let t: Topology;
    beforeAll(async () => {
      [a, b] = await Promise.all(started.get(file)!);
      t = a.topology;
    }, 900_000);

    test("each workspace's state holds exactly the instances its plan created", () => {
      expect(sorted(Object.keys(a.applied))).toEqual(sorted(workspacesOf(t)));
      for (const [ws, plan] of Object.entries(a.applied)) {
        expect([ws, addressesIn(plan, (x) => x !== "create")]).toEqual([ws, []]);
        expect([ws, a.addresses[ws]]).toEqual([ws, nonEmpty(addressesIn(plan, () => true), `instance of ${ws}`)]);
        expect([ws, a.states[ws].version, a.states[ws].serial]).toEqual([ws, 4, 1]);
      }
    });

    test("the hub's outputs are fully known and look like AWS's", () => {
      const hub = outputsOf(a.states.hub) as { endpoints: Record<string, Record<string, string>>; service_network_arn: string };
      expect(leaves(hub).every((v) => typeof v === "string" && v !== "")).toBe(true);
      expect(sorted(Object.keys(hub.endpoints))).toEqual(sorted(t.endpoints.map((e) => e.name)));
      for (const e of t.endpoints) {
        const o = hub.endpoints[e.name];
        expect(o.lattice_dns_name).toMatch(new RegExp(`^snra-[0-9a-f]{17}\\.rcfg-[0-9a-f]{17}\\.vpc-lattice-rsc\\.${t.region}\\.on\\.aws$`));
        expect(o.resource_configuration_arn).toMatch(new RegExp(`^arn:aws:vpc-lattice:${t.region}:${t.hub.accountId}:resourceconfiguration/rcfg-[0-9a-f]{17}$`));
        expect(o.vpc_endpoint_id).toMatch(/^vpce-[0-9a-f]{17}$/);
        expect(o.vpc_endpoint_dns_name.startsWith(`${o.vpc_endpoint_id}-`)).toBe(true);
      }
      // Distinct endpoints, distinct names.
      expect(new Set(t.endpoints.map((e) => hub.endpoints[e.name].lattice_dns_name)).size).toBe(t.endpoints.length);
      expect(hub.service_network_arn).toMatch(new RegExp(`^arn:aws:vpc-lattice:${t.region}:${t.hub.accountId}:servicenetwork/sn-[0-9a-f]{17}$`));
    });

    test("the dns workspace's records hold the hub's Lattice DNS names, in the zones it publishes", () => {
      const hub = outputsOf(a.states.hub) as { endpoints: Record<string, { lattice_dns_name: string }> };
      const zoneIds = outputsOf(a.states.dns).zone_ids as Record<string, string>;
      const records = a.states.dns.resources.find((r) => r.type === "aws_route53_record")!.instances;
      const expected = t.endpoints.flatMap((e) => e.dns.records.map((r) => [fqdn(r, e.dns.zone), e] as const));
      expect(sorted(records.map((r) => r.index_key))).toEqual(sorted(nonEmpty(expected, "record").map(([name]) => name)));
      for (const [name, e] of expected) {
        const r = records.find((x) => x.index_key === name)!.attributes;
        expect([name, r.records, r.zone_id]).toEqual([name, [hub.endpoints[e.name].lattice_dns_name], zoneIds[e.dns.zone]]);
      }
      // Adopted zones keep their ids; created ones get ids shaped like Route 53's.
      for (const [zone, id] of Object.entries(t.dns.zones)) expect([zone, zoneIds[zone]]).toEqual([zone, id]);
      for (const id of Object.values(zoneIds)) expect(id).toMatch(/^Z[0-9A-Z]+$/);
    });

    test("every spoke VPC is associated with the hub's service network", () => {
      const arn = outputsOf(a.states.hub).service_network_arn;
      for (const s of t.spokes) {
        const associations = a.states[spokeName(s)].resources.find((r) => r.type === "aws_vpclattice_service_network_vpc_association")!.instances;
        expect(sorted(associations.map((i) => i.attributes.vpc_identifier))).toEqual(sorted(s.vpcs.map((v) => v.vpcId)));
        for (const i of associations) expect(i.attributes.service_network_identifier).toBe(arn);
      }
    });

    test("a re-plan of every workspace is a no-op", () => {
      expect(sorted(Object.keys(a.replan))).toEqual(sorted(workspacesOf(t)));
      for (const [ws, plan] of Object.entries(a.replan)) {
        expect([ws, changes(plan).map((r) => `${r.change.actions.join("/")} ${r.address}`)]).toEqual([ws, []]);
        expect([ws, Object.entries(plan.output_changes ?? {}).filter(([, o]) => o.actions.join() !== "no-op")]).toEqual([ws, []]);
      }
    });

    test("two estates applied alike hold identical states", () => {
      for (const ws of workspacesOf(t)) expect([ws, JSON.stringify(b.states[ws])]).toEqual([ws, JSON.stringify(a.states[ws])]);
    });

    test("a changed topology plans exactly the deletes it implies, and applying them leaves none of it", () => {
      const { gone, plans, addressesAfter } = a.change;
      // Every instance keyed by what left is deleted, and nothing else changes.
      const naming = (addresses: readonly string[]) => addresses.filter((addr) => gone.some((g) => addr.includes(g)));
      const planned = Object.entries(plans).flatMap(([ws, p]) => changes(p).map((r) => `${ws} ${r.change.actions.join("/")} ${r.address}`));
      const expected = Object.keys(plans).flatMap((ws) => naming(a.addresses[ws]).map((addr) => `${ws} delete ${addr}`));
      expect(sorted(planned)).toEqual(sorted(nonEmpty(expected, "instance of what left")));
      for (const [ws, addresses] of Object.entries(addressesAfter)) {
        expect([ws, addresses]).toEqual([ws, a.addresses[ws].filter((addr) => !naming([addr]).length)]);
      }
    });
  });

  test("a spoke planned before the hub is applied fails as Terraform fails, and an apply that fails writes nothing", async () => {
    const { plan, apply, states } = await early;
    // No state yet for the hub or dns: Terraform cannot read them.
    expect(plan).toMatch(/Unable to find remote state/);
    expect(apply).toMatch(/Unable to find remote state/);
    expect(states).toEqual([undefined, undefined]);
  }, 900_000);
});
