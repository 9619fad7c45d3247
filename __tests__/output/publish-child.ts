/**
 * A child process for the output tests: publishes generations of a synth-like tree (manifest.json and
 * stacks/<stack>/cdk.tf.json) into a directory, once or in a loop until killed.
 *   node --import tsx publish-child.ts <dir> <first generation> once|loop [stacks]
 * Prints "start <g>" before and "done <g>" after each generation.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OutputError, publishOutput } from "../../output/publish";

/** The stacks of generation g: the first ten always, a seventh of the others come and go. */
export function stacksOf(g: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => i).filter((i) => i < 10 || i % 7 !== g % 7).map((i) => `spoke-${i}`);
}

/** Large enough that a non-atomic write would often be caught half done. */
export function stackJson(g: number, stack: string): string {
  return `${JSON.stringify({ generation: g, stack, padding: `${stack}:${g}:`.repeat(400) }, null, 2)}\n`;
}

export function generation(g: number, count: number): Map<string, string> {
  const stacks = stacksOf(g, count);
  const files = new Map(stacks.map((s) => [`stacks/${s}/cdk.tf.json`, stackJson(g, s)]));
  files.set("manifest.json", `${JSON.stringify({ generation: g, stacks }, null, 2)}\n`);
  return files;
}

function main(): void {
  const [dir, first, mode, count = "500"] = process.argv.slice(2);
  for (let g = Number(first); ; g++) {
    process.stdout.write(`start ${g}\n`);
    const files = generation(g, Number(count));
    // Alternate the two ways of giving content: a file map, and a writer filling a staging directory as cdktf does.
    publishOutput(dir, "synth", g % 2 === 0 ? files : (staging) => {
      for (const [rel, text] of files) {
        mkdirSync(join(staging, rel, ".."), { recursive: true });
        writeFileSync(join(staging, rel), text);
      }
    });
    process.stdout.write(`done ${g}\n`);
    if (mode === "once") return;
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = e instanceof OutputError ? 2 : 1;
  }
}
