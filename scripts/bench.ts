/**
 * `npm run bench`: synthesizes the basic example and generated estates (1, 50 and 500 spoke accounts;
 * 1,000 spoke accounts of 2 VPCs with 3 endpoints in 3 zones, in both DNS modes), each in a fresh
 * process as `npm run synth` runs. Prints wall time, peak memory, output size and the size of the
 * largest workspace (resource instances, provider configurations), which must not grow with the estate.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { resources } from "../guard/terraform-json";
import { generatedTopology, type GeneratedTopologyProps } from "./generated-topology";

const root = resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const CASES: [string, GeneratedTopologyProps][] = [
  ["1 spoke", { spokes: 1 }],
  ["50 spokes", { spokes: 50 }],
  ["500 spokes", { spokes: 500 }],
  ["1,000 spokes, associations", { spokes: 1000, mode: "associations" }],
  ["1,000 spokes, profile", { spokes: 1000, mode: "profile" }],
];

function measure(configFile: string, outdir: string): { seconds: number; peakMb: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", join(__dirname, "bench-probe.cjs"), "--import", "tsx", "main.ts", "--output", outdir], {
    cwd: root, env: { ...process.env, LATTICE_CONFIG: configFile }, encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`synth of ${configFile} failed:\n${r.stderr}`);
  const kb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { seconds, peakMb: kb / 1024 };
}

/** The workspace with the most resource instances, and the most provider configurations of any. */
function largestWorkspace(outdir: string): { name: string; instances: number; providers: number } {
  const stacks = readdirSync(join(outdir, "stacks"));
  let largest = { name: "", instances: -1, providers: 0 };
  let providers = 0;
  for (const name of stacks) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    providers = Math.max(providers, (json.provider?.aws ?? []).length);
    const instances = resources(json).length;
    if (instances > largest.instances) largest = { name, instances, providers: 0 };
  }
  return { ...largest, providers };
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), "lattice-bench-"));
  try {
    const cases: [string, string][] = [["examples/basic.yaml", join(root, "examples/basic.yaml")]];
    for (const [label, props] of CASES) {
      const file = join(work, `${cases.length}.yaml`);
      writeFileSync(file, stringify(generatedTopology(props)));
      cases.push([label, file]);
    }
    console.log(`synthesis in a fresh process (as npm run synth), best of ${RUNS} runs; ${process.version}`);
    console.log("topology".padEnd(28) + "workspaces".padStart(11) + "wall s".padStart(9) + "peak MB".padStart(10) +
      "output MB".padStart(11) + "   largest workspace (instances, max providers per workspace)");
    for (const [label, file] of cases) {
      const runs = Array.from({ length: RUNS }, (_, i) => measure(file, join(work, `out-${i}`)));
      const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const out = join(work, "out-0");
      const count = Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks).length;
      const bytes = spawnSync("du", ["-sb", out], { encoding: "utf8" }).stdout.split("\t")[0];
      const largest = largestWorkspace(out);
      console.log(label.padEnd(28) + String(count).padStart(11) + best.seconds.toFixed(2).padStart(9) +
        best.peakMb.toFixed(0).padStart(10) + (Number(bytes) / 1e6).toFixed(1).padStart(11) +
        `   ${largest.name} (${largest.instances}, ${largest.providers})`);
      for (let i = 0; i < RUNS; i++) rmSync(join(work, `out-${i}`), { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
