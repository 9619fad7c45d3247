/**
 * stacks/workspace-files.ts builds, synthesizes and judges one workspace at a time: the files must be
 * the ones cdktf's own app.synth() writes, byte for byte and in its order, and the findings the rule
 * pack's over them, in deploy order.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, App, Aspects, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { estateOf, type Estate } from "../../config/estate";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { judgeSynthesized } from "../../guard/check-output";
import type { Rule } from "../../guard/rule";
import { RULES } from "../../guard/rules";
import { filesUnder } from "../../output/publish";
import { generatedTopology } from "../../scripts/generated-topology";
import { addWorkspaces } from "../../stacks/app";
import { useLeanSynth } from "../../stacks/runtime";
import { stateSettingsOf } from "../../stacks/state";
import { synthesizeWorkspaceFiles } from "../../stacks/workspace-files";
import { WorkspaceStack } from "../../stacks/workspace-stack";
import { PROJECT_ROOT } from "../support/synth";
import { TOPOLOGIES } from "../support/topology-expectations";

/** cdktf's own app.synth(), and the rule pack over what it wrote. */
function cdktfOwn(topology: Topology, estate: Estate, rules?: readonly Rule[]) {
  useLeanSynth();
  const outdir = mkdtempSync(join(tmpdir(), "lattice-files-test-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    addWorkspaces(app, estate, stateSettingsOf(topology));
    app.synth();
    const files = new Map([...filesUnder(outdir)].map(([path, data]) => [path, data.toString("utf8")]));
    return { files, findings: judgeSynthesized(files, estate, estate.workspaces.map((w) => w.name), { rules, keepGoing: true }) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const sorted = (m: ReadonlyMap<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

function expectSameAsCdktf(topology: Topology): void {
  const estate = estateOf(topology);
  const own = cdktfOwn(topology, estate);
  const ours = synthesizeWorkspaceFiles(estate, topology);
  expect(sorted(ours.files)).toEqual(sorted(own.files));
  expect(ours.findings).toEqual(own.findings);
  // app.synth()'s order: hub, dns, the spokes in the topology's order, manifest.json last.
  const built = [estate.hub.workspace.name, estate.dns.workspace.name, ...estate.spokes.map((s) => s.workspace.name)];
  expect([...ours.files.keys()]).toEqual([...built.map((name) => `stacks/${name}/cdk.tf.json`), "manifest.json"]);
}

test.each(TOPOLOGIES)("%s: the files app.synth() writes, byte for byte, and the rule pack's findings", (file) => {
  expectSameAsCdktf(loadTopologyFile(join(PROJECT_ROOT, file)).topology);
});

test("a generated estate with accounts outside the organization and endpoint access: the same", () => {
  expectSameAsCdktf(validateTopology(generatedTopology({ spokes: 12, mode: "profile", outsideEvery: 3, endpointAccessEvery: 4 })).topology);
});

test("findings come out in deploy order (a retiring spoke first), each workspace's own in the rule pack's order", () => {
  const { topology } = loadTopologyFile(join(PROJECT_ROOT, "__tests__/fixtures/retiring.yaml"));
  const estate = estateOf(topology);
  expect(estate.workspaces[0].name).not.toBe(estate.hub.workspace.name);
  const twice: Rule = { ...RULES[0], id: "TWICE", severity: "warning", check: () => [{ address: "a.b1", message: "m" }, { address: "a.b2", message: "m" }] };
  const { findings } = synthesizeWorkspaceFiles(estate, topology, { rules: [twice] });
  expect(findings.map((f) => `${f.stack} ${f.address}`)).toEqual(estate.workspaces.flatMap((w) => [`${w.name} a.b1`, `${w.name} a.b2`]));
  expect(findings).toEqual(cdktfOwn(topology, estate, [twice]).findings);
});

test("a workspace cdktf must synthesize itself (a cdktf resource move): cdktf's own app.synth() makes every file", () => {
  const { topology } = loadTopologyFile(join(PROJECT_ROOT, "examples/basic.yaml"));
  const estate = estateOf(topology);
  const own = cdktfOwn(topology, estate);
  // The first workspace asked says it moves resources; the in-memory synthesizer then leaves the whole app to cdktf.
  const moves = jest.spyOn(TerraformStack.prototype, "hasResourceMove").mockReturnValueOnce(true);
  try {
    const ours = synthesizeWorkspaceFiles(estate, topology);
    expect(moves).toHaveBeenCalled();
    expect(sorted(ours.files)).toEqual(sorted(own.files));
    expect(ours.findings).toEqual(own.findings);
  } finally {
    moves.mockRestore();
  }
});

test("an error annotation stops it with cdktf's own message", () => {
  const { topology } = loadTopologyFile(join(PROJECT_ROOT, "examples/basic.yaml"));
  const estate = estateOf(topology);
  const broken: IAspect = { visit: (node: IConstruct) => void (node.node.id === "dns" && Annotations.of(node).addError("broken on purpose")) };
  const prepare = WorkspaceStack.prototype.prepareStack;
  const add = jest.spyOn(WorkspaceStack.prototype, "prepareStack").mockImplementation(function (this: WorkspaceStack) {
    Aspects.of(this).add(broken);
    prepare.call(this);
  });
  try {
    expect(() => synthesizeWorkspaceFiles(estate, topology)).toThrow(/Encountered Annotations with level "ERROR":\n\[dns\] broken on purpose/);
  } finally {
    add.mockRestore();
  }
});
