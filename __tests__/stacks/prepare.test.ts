/**
 * WorkspaceStack skips cdktf's prepareStack resolve, which exists only to find references to another
 * stack's constructs (stacks/workspace-stack.ts). Workspaces read each other through named outputs and
 * remote state, so cdktf's own prepareStack must change nothing: same workspaces, byte for byte.
 */
import { join } from "node:path";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import { synthesizeJson } from "../../stacks/synthesize";
import { generatedTopology } from "../../scripts/generated-topology";
import { withCdktfOwn } from "../support/cdktf-own";
import { PROJECT_ROOT } from "../support/synth";
import { TOPOLOGIES } from "../support/topology-expectations";

test.each(TOPOLOGIES)("%s: cdktf's own prepareStack would add or change nothing", (file) => {
  const { topology } = loadTopologyFile(join(PROJECT_ROOT, file));
  const ours = synthesizeJson(topology, { keepGoingOnFindings: true }).json;
  const cdktf = withCdktfOwn("prepareStack", () => synthesizeJson(topology, { keepGoingOnFindings: true }).json);
  expect(JSON.stringify([...ours])).toBe(JSON.stringify([...cdktf]));
});

test.each(["associations", "profile"] as const)("a generated estate in %s mode: cdktf's own prepareStack would change nothing", (mode) => {
  const { topology } = validateTopology(generatedTopology({ spokes: mode === "associations" ? 20 : 60, mode, outsideEvery: 3 }));
  const ours = synthesizeJson(topology, { keepGoingOnFindings: true }).json;
  const cdktf = withCdktfOwn("prepareStack", () => synthesizeJson(topology, { keepGoingOnFindings: true }).json);
  expect(JSON.stringify([...ours])).toBe(JSON.stringify([...cdktf]));
});
