/**
 * stacks/runtime.ts reaches into a cdktf internal to stop every token from capturing a stack trace
 * (half the synth time of a large estate). This fails when a cdktf release moves it or stops
 * calling it: tokens would then carry traces again, and synth would only be slower. leanToTerraform
 * (each element resolved once) must write what cdktf's own toTerraform writes, byte for byte.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Lazy, TerraformStack } from "cdktf";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import { generatedTopology } from "../../scripts/generated-topology";
import { useLeanSynth } from "../../stacks/runtime";
import { synthesizeJson } from "../../stacks/synthesize";
import { WorkspaceStack } from "../../stacks/workspace-stack";
import { PROJECT_ROOT } from "../support/synth";

const lazy = () => Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] };

test("tokens capture a stack trace before, and none after useLeanSynth()", () => {
  expect(lazy().creationStack.length).toBeGreaterThan(0);
  expect(useLeanSynth()).toBe(true);
  expect(lazy().creationStack).toEqual([]);
});

describe("leanToTerraform: each element resolved once", () => {
  const yamlIn = (dir: string) => readdirSync(join(PROJECT_ROOT, dir)).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, f));
  const files = [...yamlIn("examples"), ...yamlIn("__tests__/fixtures")];

  /** The same synth with cdktf's own toTerraform (two resolves). */
  function withCdktfToTerraform<T>(fn: () => T): T {
    const spy = jest.spyOn(WorkspaceStack.prototype, "toTerraform").mockImplementation(function (this: WorkspaceStack) {
      return TerraformStack.prototype.toTerraform.call(this);
    });
    try {
      const result = fn();
      expect(spy).toHaveBeenCalled();
      return result;
    } finally {
      spy.mockRestore();
    }
  }

  const same = (topology: Parameters<typeof synthesizeJson>[0]) => {
    const ours = synthesizeJson(topology, { keepGoingOnFindings: true }).json;
    const cdktf = withCdktfToTerraform(() => synthesizeJson(topology, { keepGoingOnFindings: true }).json);
    expect(JSON.stringify([...ours])).toBe(JSON.stringify([...cdktf]));
  };

  test.each(files)("%s: byte for byte what cdktf's own toTerraform writes", (file) => {
    same(loadTopologyFile(join(PROJECT_ROOT, file)).topology);
  });

  test.each(["associations", "profile"] as const)("a generated estate in %s mode, accounts outside the organization: the same", (mode) => {
    same(validateTopology(generatedTopology({ spokes: mode === "associations" ? 20 : 60, mode, outsideEvery: 3 })).topology);
  });
});
