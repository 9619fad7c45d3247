/**
 * stacks/runtime.ts reaches into a cdktf internal to stop every token from capturing a stack trace
 * (half the synth time of a large estate). This fails when a cdktf release moves it or stops
 * calling it: tokens would then carry traces again, and synth would only be slower. leanToTerraform
 * (each element resolved once) must write what cdktf's own toTerraform writes, byte for byte.
 */
import { join } from "node:path";
import { Lazy } from "cdktf";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import { generatedTopology } from "../../scripts/generated-topology";
import { useLeanSynth } from "../../stacks/runtime";
import { synthesizeJson } from "../../stacks/synthesize";
import { withCdktfOwn } from "../support/cdktf-own";
import { PROJECT_ROOT } from "../support/synth";
import { TOPOLOGIES } from "../support/topology-expectations";

const lazy = () => Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] };

test("tokens capture a stack trace before, and none after useLeanSynth()", () => {
  expect(lazy().creationStack.length).toBeGreaterThan(0);
  expect(useLeanSynth()).toBe(true);
  expect(lazy().creationStack).toEqual([]);
});

describe("leanToTerraform: each element resolved once", () => {
  const same = (topology: Parameters<typeof synthesizeJson>[0]) => {
    const ours = synthesizeJson(topology, { keepGoingOnFindings: true }).json;
    const cdktf = withCdktfOwn("toTerraform", () => synthesizeJson(topology, { keepGoingOnFindings: true }).json);
    expect(JSON.stringify([...ours])).toBe(JSON.stringify([...cdktf]));
  };

  test.each(TOPOLOGIES)("%s: byte for byte what cdktf's own toTerraform writes", (file) => {
    same(loadTopologyFile(join(PROJECT_ROOT, file)).topology);
  });

  test.each(["associations", "profile"] as const)("a generated estate in %s mode, accounts outside the organization: the same", (mode) => {
    same(validateTopology(generatedTopology({ spokes: mode === "associations" ? 20 : 60, mode, outsideEvery: 3 })).topology);
  });
});
