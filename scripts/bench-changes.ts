/**
 * `npm run bench:changes`: the time of `npm run changes` on two generated topologies that differ by
 * one spoke (the second has one spoke more), against one `npm run synth` of the same topology, each in
 * a fresh process as users run them, best of BENCH_RUNS (default 3). Sizes: SPOKES (default 100,1000).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { generatedTopology } from "./generated-topology";

const root = resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.SPOKES ?? "100,1000").split(",").map(Number);

function best(args: string[], env: NodeJS.ProcessEnv = {}): { seconds: number; peakMb: number } {
  const runs = Array.from({ length: RUNS }, () => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["--require", join(__dirname, "bench-probe.cjs"), "--import", "tsx", ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
    return { seconds, peakMb: Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024 };
  });
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), "lattice-bench-changes-"));
  try {
    console.log(`fresh process each, best of ${RUNS} runs; ${process.version}`);
    console.log("spoke accounts".padEnd(16) + "synth s".padStart(9) + "synth MB".padStart(10) + "changes s".padStart(11) + "changes MB".padStart(12) + "ratio".padStart(7));
    for (const spokes of SIZES) {
      const before = join(work, `before-${spokes}.yaml`);
      const after = join(work, `after-${spokes}.yaml`);
      writeFileSync(before, stringify(generatedTopology({ spokes })));
      const grown = generatedTopology({ spokes: spokes + 1 });
      writeFileSync(after, stringify(grown));
      const synth = best(["main.ts", "--output", join(work, "out")], { LATTICE_CONFIG: after });
      rmSync(join(work, "out"), { recursive: true, force: true });
      const changes = best(["scripts/changes.ts", "--base", before, after, "--format", "json"]);
      console.log(String(spokes).padEnd(16) + synth.seconds.toFixed(2).padStart(9) + synth.peakMb.toFixed(0).padStart(10) +
        changes.seconds.toFixed(2).padStart(11) + changes.peakMb.toFixed(0).padStart(12) + (changes.seconds / synth.seconds).toFixed(2).padStart(7));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
