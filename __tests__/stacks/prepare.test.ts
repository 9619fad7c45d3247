/**
 * WorkspaceStack skips cdktf's prepareStack resolve, which exists only to find references to another
 * stack's constructs (stacks/workspace-stack.ts). Workspaces read each other through named outputs and
 * remote state, so cdktf's own prepareStack must change nothing: same workspaces, byte for byte.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import { synthesizeJson } from "../../stacks/synthesize";
import { WorkspaceStack } from "../../stacks/workspace-stack";
import { generatedTopology } from "../../scripts/generated-topology";
import { PROJECT_ROOT } from "../support/synth";

const yamlIn = (dir: string) => readdirSync(join(PROJECT_ROOT, dir)).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, f));
const files = [...yamlIn("examples"), ...yamlIn("__tests__/fixtures")];

function withCdktfPrepare<T>(fn: () => T): T {
  const spy = jest.spyOn(WorkspaceStack.prototype, "prepareStack").mockImplementation(function (this: WorkspaceStack) {
    TerraformStack.prototype.prepareStack.call(this);
  });
  try {
    const result = fn();
    expect(spy).toHaveBeenCalled();
    return result;
  } finally {
    spy.mockRestore();
  }
}

test.each(files)("%s: cdktf's own prepareStack would add or change nothing", (file) => {
  const { topology } = loadTopologyFile(join(PROJECT_ROOT, file));
  const ours = synthesizeJson(topology, { keepGoingOnFindings: true }).json;
  const cdktf = withCdktfPrepare(() => synthesizeJson(topology, { keepGoingOnFindings: true }).json);
  expect(JSON.stringify([...ours])).toBe(JSON.stringify([...cdktf]));
});

test.each(["associations", "profile"] as const)("a generated estate in %s mode: cdktf's own prepareStack would change nothing", (mode) => {
  const { topology } = validateTopology(generatedTopology({ spokes: mode === "associations" ? 20 : 60, mode, outsideEvery: 3 }));
  const ours = synthesizeJson(topology, { keepGoingOnFindings: true }).json;
  const cdktf = withCdktfPrepare(() => synthesizeJson(topology, { keepGoingOnFindings: true }).json);
  expect(JSON.stringify([...ours])).toBe(JSON.stringify([...cdktf]));
});
