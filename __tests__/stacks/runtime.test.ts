/**
 * stacks/runtime.ts reaches into a cdktf internal to stop every token from capturing a stack trace
 * (half the synth time of a large estate). This fails when a cdktf release moves it or stops
 * calling it: tokens would then carry traces again, and synth would only be slower.
 */
import { Lazy } from "cdktf";
import { useLeanSynth } from "../../stacks/runtime";

const lazy = () => Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] };

test("tokens capture a stack trace before, and none after useLeanSynth()", () => {
  expect(lazy().creationStack.length).toBeGreaterThan(0);
  expect(useLeanSynth()).toBe(true);
  expect(lazy().creationStack).toEqual([]);
});
