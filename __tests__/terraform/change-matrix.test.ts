/**
 * `npm run changes` checked against Terraform. For each change of the matrix: apply the topology
 * before it offline (the apply simulator plans every workspace against its local state and records
 * the state Terraform would), then for each step of the change (one topology edit, or two: a
 * retirement, then the deletion) synthesize it and follow the runbook wave by wave:
 * - each workspace's plan, made with the real provider once the waves before it have applied, must
 *   create, update, replace and delete exactly the instances `changes` predicted; a plan Terraform
 *   refuses must be a hazard; once the runbook is done every workspace plans no change;
 * - after every wave, the connectivity invariant holds (support/connectivity.ts): every (spoke VPC,
 *   vendor hostname) that both sides of the step have resolves, through a zone or profile that VPC
 *   uses, to the Lattice DNS name of a resource association the hub's state holds. Only a change
 *   whose cut a hazard announces (`outage`) may break it between two applies, never after the last.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateTopology } from "../../config/loader";
import type { HazardId } from "../../changes/hazards";
import type { ChangeReport, Synthesis } from "../../changes/model";
import { reviewChange, synthesisOf } from "../../changes/review";
import { generatedTopology } from "../../scripts/generated-topology";
import { ApplySimulator } from "../support/apply-simulator";
import { connectivityProblems, keptReach } from "../support/connectivity";
import { describeRequiring, TERRAFORM } from "../support/requires";
import { PROJECT_ROOT } from "../support/synth";
import type { Plan } from "../support/terraform";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;
const raw = (file: string): Raw => parse(readFileSync(join(PROJECT_ROOT, file), "utf8"));
const side = (data: Raw): Synthesis => {
  const { topology, warnings } = validateTopology(data);
  return synthesisOf(topology, warnings);
};
const spoke = (t: Raw, name: string) => t.spokes.find((s: Raw) => s.name === name);
const jsonOf = (s: Synthesis) => new Map([...s.json].filter(([name]) => name !== "hcp" && !name.startsWith("identity-")));

/** Terraform's actions as `changes` names them; undefined for no-op and read. */
function actionOf(actions: readonly string[]): string | undefined {
  const key = actions.join(",");
  if (key === "create" || key === "update" || key === "delete") return key;
  if (key === "delete,create" || key === "create,delete") return "replace";
  return undefined;
}
const planned = (plan: Plan) => Object.fromEntries(plan.resource_changes
  .map((r) => [r.address, actionOf(r.change.actions)] as const)
  .filter((e): e is [string, string] => e[1] !== undefined));
const predicted = (report: ChangeReport, workspace: string) =>
  Object.fromEntries((report.workspaces.find((w) => w.name === workspace)?.resources ?? []).map((r) => [r.address, r.action]));

const NEW_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1";
const datadog = { name: "datadog", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef2", ports: ["443"], dns: { zone: "datadoghq.com", records: ["intake"] } };

interface Case {
  readonly name: string;
  readonly before: Raw;
  /** The change: one topology edit, or several applied one after the other, each with its runbook. */
  readonly steps: readonly ((t: Raw) => void)[];
  /** The hazard that announces a cut between two applies, where the change makes one. */
  readonly outage?: HazardId;
}

const unprotected = (t: Raw) => ({ ...structuredClone(t), protect: false });
const BASIC = unprotected(raw("examples/basic.yaml"));
const PROFILE = unprotected({ ...raw("examples/basic.yaml"), dns: { ...raw("examples/basic.yaml").dns, mode: "profile" } });
const TWO_ENDPOINTS = { ...structuredClone(BASIC), endpoints: [...BASIC.endpoints, datadog] };
const GENERATED = unprotected(generatedTopology({ spokes: 3, vpcsPerSpoke: 2, endpoints: 2, zones: 2 }));
const PROTECTED = { ...structuredClone(TWO_ENDPOINTS), protect: true };
const endpoint = (t: Raw, name: string) => t.endpoints.find((e: Raw) => e.name === name);

const CASES: Case[] = [
  { name: "add a spoke", before: BASIC, steps: [(t) => t.spokes.push({ name: "billing", accountId: "555555555555", vpcs: [{ vpcId: "vpc-0f1b2c3d4e5f60719", clientCidrs: ["10.30.0.0/16"] }] })] },
  { name: "retire a spoke", before: BASIC, steps: [(t) => { spoke(t, "analytics").retired = true; }] },
  { name: "retire a spoke (profile mode)", before: PROFILE, steps: [(t) => { spoke(t, "analytics").retired = true; }] },
  { name: "rename a spoke (renamedFrom)", before: BASIC, steps: [(t) => Object.assign(spoke(t, "payments"), { name: "cards", renamedFrom: "payments" })] },
  { name: "add an endpoint", before: BASIC, steps: [(t) => t.endpoints.push(datadog)] },
  { name: "retire an endpoint, then delete it (protect on)", before: PROTECTED, steps: [
    (t) => { endpoint(t, "datadog").retired = true; },
    (t) => { t.endpoints = t.endpoints.filter((e: Raw) => e.name !== "datadog"); },
  ] },
  { name: "remove an endpoint (protect off)", before: TWO_ENDPOINTS, steps: [(t) => t.endpoints.pop()] },
  { name: "rename an endpoint (renamedFrom, protect on)", before: PROTECTED, steps: [(t) => Object.assign(t.endpoints[0], { name: "snowflake-eu", renamedFrom: "snowflake" })] },
  { name: "rename an endpoint without renamedFrom", before: BASIC, outage: "undeclared-rename", steps: [(t) => { t.endpoints[0].name = "snowflake-eu"; }] },
  { name: "a new serviceName, in place", before: BASIC, outage: "critical-replacement", steps: [(t) => { t.endpoints[0].serviceName = NEW_SERVICE; }] },
  { name: "a new serviceName through a second endpoint (protect on)", before: PROTECTED, steps: [
    (t) => {
      const old = endpoint(t, "snowflake");
      t.endpoints.push({ ...structuredClone(old), name: "snowflake-2", serviceName: NEW_SERVICE });
      old.retired = true;
    },
    (t) => { t.endpoints = t.endpoints.filter((e: Raw) => e.name !== "snowflake"); },
  ] },
  { name: "add a port", before: BASIC, steps: [(t) => { t.endpoints[0].ports = ["443", "8443"]; }] },
  { name: "widen a port range", before: { ...structuredClone(BASIC), endpoints: [{ ...BASIC.endpoints[0], ports: ["443", "8000-8010"] }] }, steps: [(t) => { t.endpoints[0].ports = ["443", "8000-8020"]; }] },
  { name: "add a VPC", before: BASIC, steps: [(t) => spoke(t, "payments").vpcs.push({ vpcId: "vpc-0f1b2c3d4e5f60718", clientCidrs: ["10.40.0.0/16"] })] },
  { name: "move a VPC between spokes", before: BASIC, outage: "vpc-move", steps: [(t) => {
    spoke(t, "payments").vpcs.push(spoke(t, "analytics").vpcs.pop());
    spoke(t, "analytics").vpcs.push({ vpcId: "vpc-0a0b2c3d4e5f60718", clientCidrs: ["10.50.0.0/16"] });
  }] },
  // The gap is inside the spoke's one apply (access-mode-switch), not between waves.
  { name: "a VPC switches to access: endpoint", before: BASIC, steps: [(t) => {
    Object.assign(spoke(t, "analytics").vpcs[0], { access: "endpoint", subnetIds: ["subnet-0a9b2c3d4e5f60718"] });
  }] },
  { name: "associations → profile", before: BASIC, steps: [(t) => { t.dns.mode = "profile"; }] },
  { name: "profile → associations", before: PROFILE, outage: "dns-mode-switch", steps: [(t) => { t.dns.mode = "associations"; }] },
  { name: "profile → associations through dns.retiringMode (protect on)", before: { ...structuredClone(PROFILE), protect: true }, steps: [
    (t) => Object.assign(t.dns, { mode: "associations", retiringMode: "profile" }),
    (t) => { delete t.dns.retiringMode; },
  ] },
  { name: "associations → profile through dns.retiringMode", before: BASIC, steps: [
    (t) => Object.assign(t.dns, { mode: "profile", retiringMode: "associations" }),
    (t) => { delete t.dns.retiringMode; },
  ] },
  { name: "add a hub subnet", before: BASIC, outage: "critical-replacement", steps: [(t) => t.hub.subnetIds.push("subnet-0c1b2c3d4e5f60718")] },
  { name: "swap a hub subnet", before: BASIC, outage: "critical-replacement", steps: [(t) => { t.hub.subnetIds[1] = "subnet-0c1b2c3d4e5f60718"; }] },
  { name: "swap a hub subnet through a new gateway generation (protect on)", before: PROTECTED, steps: [
    (t) => Object.assign(t.hub, { retiringSubnetIds: [...t.hub.subnetIds], subnetIds: [t.hub.subnetIds[0], "subnet-0c1b2c3d4e5f60718"], gatewayGeneration: 2 }),
    (t) => { delete t.hub.retiringSubnetIds; },
  ] },
  { name: "generated: retire one spoke and add another", before: GENERATED, steps: [(t) => {
    t.spokes[1].retired = true;
    t.spokes.push({ name: "spoke-new", accountId: "100000000099", vpcs: [{ vpcId: "vpc-0000000000000ff01", clientCidrs: ["10.99.0.0/16"] }] });
  }] },
];

/** A simulator holding `before` as deployed (the first deployment's runbook, applied), and the review of `change`. */
async function deployedThenChanged(before: Raw, change: (t: Raw) => void) {
  const sim = new ApplySimulator();
  const old = side(before);
  sim.configure(jsonOf(old));
  for (const wave of reviewChange(undefined, old).runbook) await sim.apply(wave);
  const t = structuredClone(before);
  change(t);
  const next = side(t);
  return { sim, next, report: reviewChange(old, next) };
}

/** Every product workspace's state in the simulator, by name, for the connectivity invariant. */
const statesOf = (sim: ApplySimulator, ...sides: Synthesis[]) =>
  new Map([...new Set(sides.flatMap((x) => [...jsonOf(x).keys()]))].map((w) => [w, sim.state(w)]));

interface Step {
  readonly report: ChangeReport;
  /** Each workspace's plan as the runbook reached it. */
  readonly plans: Record<string, Plan>;
  /** Before the first wave and after each: the kept (VPC, hostname) pairs that do not resolve to a live association. */
  readonly cuts: readonly (readonly string[])[];
}

describeRequiring(TERRAFORM, "npm run changes predicts Terraform's plans, wave by wave, and nothing is cut", () => {
  describe.each(CASES)("$name", ({ before, steps, outage }) => {
    let sim: ApplySimulator;
    const done: Step[] = [];
    let converged: Record<string, Plan>;

    beforeAll(async () => {
      sim = new ApplySimulator();
      let current = side(before);
      sim.configure(jsonOf(current));
      for (const wave of reviewChange(undefined, current).runbook) await sim.apply(wave);
      let topology = structuredClone(before);
      for (const edit of steps) {
        edit(topology);
        const next = side(topology);
        const report = reviewChange(current, next);
        const kept = keptReach(current.estate, next.estate);
        const plans: Record<string, Plan> = {};
        // Before the first wave (the estate as the last step left it), then after every wave.
        const cuts: string[][] = [connectivityProblems(statesOf(sim, current, next), kept)];
        sim.configure(jsonOf(next));
        for (const wave of report.runbook) {
          const waveWorkspaces = wave.filter((w) => jsonOf(next).has(w));
          Object.assign(plans, await sim.plan(waveWorkspaces));
          await sim.apply(waveWorkspaces);
          cuts.push(connectivityProblems(statesOf(sim, current, next), kept));
        }
        done.push({ report, plans, cuts });
        current = next;
        topology = structuredClone(topology);
      }
      converged = await sim.plan([...jsonOf(current).keys()]);
    }, 1_800_000);
    afterAll(() => sim?.dispose());

    test("no error hazard, and every planned workspace did what changes predicted", () => {
      for (const { report, plans } of done) {
        expect(report.hazards.filter((h) => h.severity === "error")).toEqual([]);
        for (const [workspace, plan] of Object.entries(plans)) {
          expect({ workspace, actions: planned(plan) }).toEqual({ workspace, actions: predicted(report, workspace) });
        }
      }
    });

    test("a workspace outside the runbook plans no change; after the runbook every workspace is converged", () => {
      for (const [workspace, plan] of Object.entries(converged)) expect({ workspace, actions: planned(plan) }).toEqual({ workspace, actions: {} });
    });

    test("a retiring workspace deleted everything its state held", () => {
      for (const { report, plans } of done) {
        for (const w of report.workspaces.filter((x) => x.change === "retiring")) {
          expect(Object.values(planned(plans[w.name]))).toEqual(Array(w.delete).fill("delete"));
          expect(sim.addresses(w.name)).toEqual([]);
        }
      }
    });

    test(outage
      ? `every kept VPC resolves every kept vendor once the runbook is done; the cut in between is announced (${outage})`
      : "every kept VPC resolves every kept vendor to a live association after every wave", () => {
      for (const { report, cuts } of done) {
        expect(cuts.at(-1)).toEqual([]);
        if (outage) expect(report.hazards.map((h) => h.id)).toContain(outage);
        else expect(cuts).toEqual(cuts.map(() => []));
      }
      // A change announced as cutting must cut: else its hazard (or this case) is wrong.
      if (outage) expect(done.some((d) => d.cuts.some((c) => c.length > 0))).toBe(true);
    });
  });

  describe("plans Terraform refuses are hazards", () => {
    test("with protect on, removing an endpoint: the prevent-destroy hazard, and the hub's plan fails", async () => {
      const { sim, next, report } = await deployedThenChanged({ ...structuredClone(TWO_ENDPOINTS), protect: true }, (t) => t.endpoints.pop());
      try {
        expect(report.hazards.filter((h) => h.id === "prevent-destroy").map((h) => h.workspace)).toEqual(["hub", "hub", "dns"]);
        sim.configure(jsonOf(next));
        await expect(sim.plan(["hub"])).rejects.toThrow(/Instance cannot be destroyed/);
        await expect(sim.plan(["dns"])).rejects.toThrow(/Instance cannot be destroyed/);
      } finally {
        sim.dispose();
      }
    }, 900_000);

    test("a new endpoint: dns planned before the hub has applied fails with Invalid index, as the hazard says", async () => {
      const { sim, next, report } = await deployedThenChanged(BASIC, (t) => t.endpoints.push(datadog));
      try {
        expect(report.hazards.filter((h) => h.id === "invalid-index").map((h) => h.workspace)).toContain("dns");
        sim.configure(jsonOf(next));
        await expect(sim.plan(["dns"])).rejects.toThrow(/Invalid index/);
      } finally {
        sim.dispose();
      }
    }, 900_000);
  });
});
