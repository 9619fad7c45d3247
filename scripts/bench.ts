/**
 * `npm run bench`: synthesizes the basic example and generated estates (2 VPCs per spoke account, 3
 * endpoints in 3 zones: 1 and 25 spoke accounts in associations mode, 50, 500 and 1,000 in profile mode), each in a fresh
 * process as `npm run synth` runs (the compiled app, scripts/synth.cjs; `BENCH_APP=tsx` runs main.ts through
 * tsx instead). Prints wall time, its ratio to the floor (a fresh node that loads cdktf and one provider
 * class and synthesizes one resource, measured in the same run), peak memory, output size and the size of
 * the largest workspace (resource instances, provider configurations), which must not grow with the estate.
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

// Associations mode takes at most 50 authorized VPCs per zone (config/quotas.ts): 25 accounts of 2 VPCs.
// Past that, estates are in profile mode.
const CASES: [string, GeneratedTopologyProps][] = [
  ["1 spoke", { spokes: 1 }],
  ["25 spokes, associations", { spokes: 25, mode: "associations" }],
  ["50 spokes, profile", { spokes: 50, mode: "profile" }],
  ["500 spokes, profile", { spokes: 500, mode: "profile" }],
  ["1,000 spokes, profile", { spokes: 1000, mode: "profile" }],
];

const APP = process.env.BENCH_APP === "tsx" ? ["--import", "tsx", "main.ts"] : [join(__dirname, "synth.cjs")];

/** The floor: node, cdktf and one provider class, synthesizing one resource. */
const FLOOR = `const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { VpcEndpoint } = require("@cdktf/provider-aws/lib/vpc-endpoint");
const app = new App({ outdir: process.argv[1] });
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "us-east-1" });
new VpcEndpoint(stack, "e", { vpcId: "vpc-1", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-1" });
app.synth();`;

function measure(configFile: string, outdir: string): { seconds: number; peakMb: number } {
  const start = process.hrtime.bigint();
  const args = configFile === "" ? ["-e", FLOOR, outdir] : [...APP, "--output", outdir];
  const r = spawnSync(process.execPath, ["--require", join(__dirname, "bench-probe.cjs"), ...args], {
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
    if (APP[0] !== "--import") {
      // Compile (or check) once, outside the measurements.
      const r = spawnSync(process.execPath, ["-e", `process.exitCode = require("./scripts/compiled.cjs").ensureFresh(console.error) ? 2 : 0`], { cwd: root, stdio: "inherit" });
      if (r.status !== 0) throw new Error("could not compile the app (npm run build)");
    }
    console.log(`synthesis in a fresh process (as npm run synth: ${APP.join(" ")}), best of ${RUNS} runs, each paired with the floor; ${process.version}`);
    console.log("topology".padEnd(28) + "workspaces".padStart(11) + "wall s".padStart(9) + "× floor".padStart(9) + "peak MB".padStart(10) +
      "output MB".padStart(11) + "   largest workspace (instances, max providers per workspace)");
    const best = (runs: { seconds: number; peakMb: number }[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    for (const [label, file] of cases) {
      const floors: { seconds: number; peakMb: number }[] = [];
      const runs = Array.from({ length: RUNS }, (_, i) => {
        floors.push(measure("", join(work, `floor-${i}`)));
        return measure(file, join(work, `out-${i}`));
      });
      const floor = best(floors);
      const bestRun = best(runs);
      const out = join(work, "out-0");
      const count = Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks).length;
      const bytes = spawnSync("du", ["-sb", out], { encoding: "utf8" }).stdout.split("\t")[0];
      const largest = largestWorkspace(out);
      console.log(label.padEnd(28) + String(count).padStart(11) + bestRun.seconds.toFixed(2).padStart(9) +
        (bestRun.seconds / floor.seconds).toFixed(1).padStart(9) + bestRun.peakMb.toFixed(0).padStart(10) + (Number(bytes) / 1e6).toFixed(1).padStart(11) +
        `   ${largest.name} (${largest.instances}, ${largest.providers})`);
      for (let i = 0; i < RUNS; i++) {
        rmSync(join(work, `out-${i}`), { recursive: true, force: true });
        rmSync(join(work, `floor-${i}`), { recursive: true, force: true });
      }
    }
    console.log(`floor: ${FLOOR.split("\n").length} lines of node + cdktf + one provider class`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
