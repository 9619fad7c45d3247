/**
 * `npm run bench`: synthesizes generated topologies (the basic example, then 1, 50 and 500 spokes),
 * each in a fresh process as `npm run synth` runs, and prints wall time and peak memory.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";

const root = resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** A topology with `spokes` spokes of two VPCs each and three endpoints. */
export function generatedTopology(spokes: number) {
  const hex = (n: number) => n.toString(16).padStart(17, "0");
  return {
    name: "bench",
    region: "us-east-1",
    hub: { accountId: "111111111111", vpcId: `vpc-${hex(0)}`, subnetIds: [`subnet-${hex(1)}`, `subnet-${hex(2)}`, `subnet-${hex(3)}`] },
    endpoints: ["snowflake", "mongodb", "datadog"].map((name, i) => ({
      name,
      serviceName: `com.amazonaws.vpce.us-east-1.vpce-svc-${hex(100 + i)}`,
      ports: i === 1 ? ["27015-27017"] : ["443"],
      dns: { zone: `${name}.example.com`, records: ["api", "app"] },
    })),
    spokes: Array.from({ length: spokes }, (_, i) => {
      const account = String(200000000000 + i);
      return {
        name: `spoke-${i}`,
        accountId: account,
        roleArn: `arn:aws:iam::${account}:role/lattice-deploy`,
        vpcs: [
          { vpcId: `vpc-${hex(1000 + 2 * i)}`, clientCidrs: [`10.${i % 256}.0.0/16`] },
          { vpcId: `vpc-${hex(1001 + 2 * i)}`, securityGroupIds: [`sg-${hex(1000 + i)}`] },
        ],
      };
    }),
    dns: { accountId: "333333333333", vpcId: `vpc-${hex(9)}` },
  };
}

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

function main(): void {
  const work = mkdtempSync(join(tmpdir(), "lattice-bench-"));
  try {
    const cases: [string, string][] = [["examples/basic.yaml", join(root, "examples/basic.yaml")]];
    for (const n of [1, 50, 500]) {
      const file = join(work, `spokes-${n}.yaml`);
      writeFileSync(file, stringify(generatedTopology(n)));
      cases.push([`${n} spoke(s)`, file]);
    }
    console.log(`synthesis in a fresh process (as npm run synth), best of ${RUNS} runs; ${process.version}`);
    console.log("topology".padEnd(22) + "workspaces".padStart(11) + "wall s".padStart(9) + "peak MB".padStart(10) + "output MB".padStart(11));
    for (const [label, file] of cases) {
      const runs = Array.from({ length: RUNS }, (_, i) => measure(file, join(work, `out-${i}`)));
      const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const stacks = readFileSync(join(work, "out-0", "manifest.json"), "utf8");
      const count = Object.keys(JSON.parse(stacks).stacks).length;
      const bytes = spawnSync("du", ["-sb", join(work, "out-0")], { encoding: "utf8" }).stdout.split("\t")[0];
      console.log(label.padEnd(22) + String(count).padStart(11) + best.seconds.toFixed(2).padStart(9) +
        best.peakMb.toFixed(0).padStart(10) + (Number(bytes) / 1e6).toFixed(1).padStart(11));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
