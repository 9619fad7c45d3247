/**
 * A workspace leaves an earlier output only when it is known to be empty (output/vanished-workspaces.ts):
 * a removed spoke whose state still holds resources is refused, one line, nothing written; a
 * retired-then-applied spoke, an absent or empty state, or --forget lets it go. The same for the
 * bootstrap output's identity workspaces.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateTopology } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { OutputRefused } from "../../output/publish";
import { managedInstances, vanishedWorkspacesProblem, whatToDo } from "../../output/vanished-workspaces";
import { synthesizeBootstrap } from "../../stacks/bootstrap";
import { synthesize } from "../../stacks/synthesize";
import { PROJECT_ROOT } from "../support/synth";
import { scratch, snapshot } from "./support";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;
const raw = (file: string): Raw => parse(readFileSync(join(PROJECT_ROOT, file), "utf8"));
const topology = (data: Raw): Topology => validateTopology(data).topology;
const edited = (file: string, edit: (t: Raw) => void): Topology => {
  const t = raw(file);
  edit(t);
  return topology(t);
};
const dropAnalytics = (t: Raw) => { t.spokes = t.spokes.filter((s: Raw) => s.name !== "analytics"); };
const retireAnalytics = (t: Raw) => { t.spokes.find((s: Raw) => s.name === "analytics").retired = true; };

/** A state file as Terraform writes it, holding `instances` managed instances (and a data source, which does not count). */
const state = (instances: number) => JSON.stringify({
  version: 4, terraform_version: "1.11.4", serial: 3, lineage: "x", outputs: {},
  resources: [
    { mode: "data", type: "terraform_remote_state", name: "hub", provider: "provider[\"terraform.io/builtin/terraform\"]", instances: [{ attributes: {} }] },
    ...(instances > 0 ? [{ mode: "managed", type: "aws_security_group", name: "g", provider: "provider[\"registry.terraform.io/hashicorp/aws\"].spoke", instances: Array.from({ length: instances }, (_, i) => ({ index_key: `k${i}`, attributes: {} })) }] : []),
  ],
});

let root: string;
let out: string;
let stateDir: string;
beforeEach(() => {
  root = scratch("vanished");
  out = join(root, "out");
  stateDir = join(root, "state");
  mkdirSync(stateDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function refused(run: () => unknown): string {
  const before = snapshot(root);
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OutputRefused);
  expect(snapshot(root)).toEqual(before);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  return message;
}

const basic = () => topology(raw("examples/basic.yaml"));
const spokes = () => readdirSync(join(out, "stacks")).sort();

describe("local backend: the state decides", () => {
  test("a removed spoke whose state holds resources is refused, naming it, its state and what to do; nothing is written", () => {
    synthesize(basic(), out);
    writeFileSync(join(stateDir, "spoke-analytics.tfstate"), state(6));
    const message = refused(() => synthesize(edited("examples/basic.yaml", dropAnalytics), out));
    expect(message).toBe(`synth: refusing to write to ${out}: spoke-analytics is no longer in the topology but its state state/spoke-analytics.tfstate holds 6 resources: `
      + `${whatToDo("spoke-analytics")}; nothing was written`);
    expect(message).toContain('"retired: true" on spoke analytics');
    expect(message).toContain("--forget spoke-analytics");
  });

  test("an absent state, or one without managed resources, lets the workspace go", () => {
    synthesize(basic(), out);
    synthesize(edited("examples/basic.yaml", dropAnalytics), out);
    expect(spokes()).toEqual(["dns", "hub", "spoke-payments"]);
    synthesize(basic(), out);
    writeFileSync(join(stateDir, "spoke-analytics.tfstate"), state(0));
    synthesize(edited("examples/basic.yaml", dropAnalytics), out);
    expect(spokes()).toEqual(["dns", "hub", "spoke-payments"]);
  });

  test("the retirement path: retired keeps an empty workspace; once its state is empty the spoke can go", () => {
    synthesize(basic(), out);
    writeFileSync(join(stateDir, "spoke-analytics.tfstate"), state(6));
    synthesize(edited("examples/basic.yaml", retireAnalytics), out);
    const retired = JSON.parse(readFileSync(join(out, "stacks", "spoke-analytics", "cdk.tf.json"), "utf8"));
    expect(retired.resource).toBeUndefined();
    expect(retired.data).toBeUndefined();
    expect(retired.terraform.backend).toEqual({ local: { path: "../../../state/spoke-analytics.tfstate" } });
    // Not applied yet: its state still holds what it had.
    expect(refused(() => synthesize(edited("examples/basic.yaml", dropAnalytics), out))).toContain("holds 6 resources");
    writeFileSync(join(stateDir, "spoke-analytics.tfstate"), state(0)); // what its apply leaves
    synthesize(edited("examples/basic.yaml", dropAnalytics), out);
    expect(spokes()).toEqual(["dns", "hub", "spoke-payments"]);
  });

  test("--forget names a workspace to let go whatever its state says", () => {
    synthesize(basic(), out);
    writeFileSync(join(stateDir, "spoke-analytics.tfstate"), state(6));
    synthesize(edited("examples/basic.yaml", dropAnalytics), out, { forget: ["spoke-analytics"] });
    expect(spokes()).toEqual(["dns", "hub", "spoke-payments"]);
  });

  test("an unreadable or foreign state file counts as holding something", () => {
    synthesize(basic(), out);
    writeFileSync(join(stateDir, "spoke-analytics.tfstate"), "not json");
    expect(refused(() => synthesize(edited("examples/basic.yaml", dropAnalytics), out))).toContain("state/spoke-analytics.tfstate is not a Terraform state");
  });
});

describe("remote backends: only a retired workspace may go", () => {
  const large = () => topology(raw("examples/large.yaml"));
  const lastSpoke = () => raw("examples/large.yaml").spokes.at(-1).name as string;

  test("a removed spoke is refused: its S3 state cannot be read from here", () => {
    synthesize(large(), out);
    const name = lastSpoke();
    const message = refused(() => synthesize(edited("examples/large.yaml", (t) => t.spokes.pop()), out));
    expect(message).toContain(`spoke-${name} is no longer in the topology but its s3 state cannot be read from here`);
    expect(message).toContain(`"retired: true" on spoke ${name}`);
  });

  test("a spoke synthesized as retired first may go; so may one named with --forget", () => {
    synthesize(large(), out);
    synthesize(edited("examples/large.yaml", (t) => { t.spokes.at(-1).retired = true; }), out);
    synthesize(edited("examples/large.yaml", (t) => t.spokes.pop()), out);
    expect(spokes()).not.toContain(`spoke-${lastSpoke()}`);
    const other = raw("examples/large.yaml").spokes.at(-2).name as string;
    synthesize(edited("examples/large.yaml", (t) => t.spokes.splice(-2, 2)), out, { forget: [`spoke-${other}`] });
    expect(spokes()).not.toContain(`spoke-${other}`);
  });
});

describe("the bootstrap output: an account's identity workspace holds its deploy roles", () => {
  test("an identity workspace that leaves is refused unless its state is empty or it is forgotten", () => {
    const hcp = (edit: (t: Raw) => void = () => undefined) => {
      const t = raw("examples/hcp-terraform.yaml");
      t.backend = { type: "local" }; // its local state is readable here
      delete t.identity;
      t.identity = { type: "principal", arn: "arn:aws:iam::999999999999:role/ci" };
      edit(t);
      return topology(t);
    };
    synthesizeBootstrap(hcp(), out);
    writeFileSync(join(stateDir, "identity-444444444444.tfstate"), state(2));
    const without = (t: Raw) => { t.spokes = t.spokes.filter((s: Raw) => s.accountId !== "444444444444"); };
    const message = refused(() => synthesizeBootstrap(hcp(without), out));
    expect(message).toContain("identity-444444444444 is no longer in the topology but its state state/identity-444444444444.tfstate holds 2 resources");
    expect(message).toContain("terraform destroy in its directory with an administrator's credentials");
    synthesizeBootstrap(hcp(without), out, { forget: ["identity-444444444444"] });
    expect(spokes()).not.toContain("identity-444444444444");
  });
});

describe("the rule itself", () => {
  test("managedInstances counts managed instances only, an empty file as none, anything else as no state", () => {
    expect(managedInstances(state(3))).toBe(3);
    expect(managedInstances(state(0))).toBe(0);
    expect(managedInstances("")).toBe(0);
    expect(managedInstances("[]")).toBeUndefined();
    expect(managedInstances("{")).toBeUndefined();
  });

  test("workspaces still in the output, or forgotten, are never judged; several blocked are named together", () => {
    expect(vanishedWorkspacesProblem(root, ["hub", "spoke-a"], ["hub", "spoke-a"])).toBeUndefined();
    expect(vanishedWorkspacesProblem(root, ["hub", "spoke-a"], ["hub"], ["spoke-a"])).toBeUndefined();
    for (const w of ["spoke-a", "spoke-b"]) {
      mkdirSync(join(root, "stacks", w), { recursive: true });
      writeFileSync(join(root, "stacks", w, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { s3: {} } }, resource: { x: {} } }));
    }
    expect(vanishedWorkspacesProblem(root, ["spoke-b", "spoke-a"], [])).toMatch(/^spoke-a is no longer in the topology but its s3 state cannot be read from here and its last configuration still declared resources \(also spoke-b\): /);
  });
});
