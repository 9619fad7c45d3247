/**
 * `npm run bench:plan [-- --spokes 10,300] [--ref <git ref>]`: the offline `terraform plan` of the
 * dns workspace of generated estates (2 VPCs per spoke account, 3 endpoints in 3 zones), with the
 * tests' override (fake credentials, fixture hub outputs). Reports wall time and the peak memory of
 * Terraform and every provider process it starts (proportional set size, summed, sampled every
 * 100 ms), and the number of provider processes. With --ref, synthesizes with that commit of this
 * repository instead (a git worktree sharing node_modules), to compare before and after a change.
 * A run past --max-gb of memory is stopped and reported as such.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { validateTopology } from "../config/loader";
import { fixtureHubOutputs, writeOutputsState } from "../__tests__/support/fixtures";
import { offlineOverride, terraform, terraformEnv } from "../__tests__/support/terraform";
import { generatedTopology } from "./generated-topology";

const root = resolve(__dirname, "..");

/** PSS in kB of a process and all its descendants. */
function treePssKb(pid: number): { kb: number; processes: number } {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* gone */ }
  }
  let kb = 0;
  let processes = 0;
  const visit = (p: number) => {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      kb += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      processes++;
    } catch { /* gone */ }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return { kb, processes };
}

async function measurePlan(dir: string, maxKb: number) {
  await terraform(dir, ["init", "-input=false", "-no-color"]);
  const start = Date.now();
  const child = spawn("terraform", ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=plan.bin"],
    { cwd: dir, env: terraformEnv(), stdio: "ignore" });
  let peakKb = 0;
  let peakProcesses = 0;
  let stopped = false;
  const timer = setInterval(() => {
    const { kb, processes } = treePssKb(child.pid!);
    peakKb = Math.max(peakKb, kb);
    peakProcesses = Math.max(peakProcesses, processes);
    if (kb > maxKb && !stopped) {
      stopped = true;
      spawnSync("pkill", ["-KILL", "-P", String(child.pid)]);
      child.kill("SIGKILL");
    }
  }, 100);
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  clearInterval(timer);
  return { seconds: (Date.now() - start) / 1000, peakMb: peakKb / 1024, providers: peakProcesses - 1, ok: code === 0, stopped };
}

/** A worktree of `ref` with this checkout's node_modules, or this checkout itself. */
function sourceTree(ref: string | undefined, work: string): string {
  if (!ref) return root;
  const tree = join(work, "tree");
  const r = spawnSync("git", ["worktree", "add", "--detach", tree, ref], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  symlinkSync(join(root, "node_modules"), join(tree, "node_modules"));
  return tree;
}

async function main() {
  const { values } = parseArgs({ options: { spokes: { type: "string", default: "10,300" }, ref: { type: "string" }, "max-gb": { type: "string", default: "16" } } });
  const work = mkdtempSync(join(tmpdir(), "lattice-bench-plan-"));
  const tree = sourceTree(values.ref, work);
  try {
    console.log(`dns workspace, offline terraform plan (-refresh=false), ${values.ref ? `at ${values.ref}` : "this checkout"}`);
    console.log("spoke accounts".padEnd(16) + "providers".padStart(10) + "wall s".padStart(9) + "peak MB (PSS)".padStart(15));
    for (const n of values.spokes!.split(",").map(Number)) {
      const data = generatedTopology({ spokes: n });
      // An older schema knows neither quotas nor dns.mode.
      const old = values.ref ? { ...data, quotas: undefined, dns: { ...data.dns, mode: undefined } } : data;
      const file = join(work, `spokes-${n}.yaml`);
      writeFileSync(file, stringify(JSON.parse(JSON.stringify(old))));
      const out = join(work, `out-${n}`);
      const r = spawnSync(process.execPath, ["--import", "tsx", "main.ts", "--output", out], { cwd: tree, env: { ...process.env, LATTICE_CONFIG: file }, encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      const dir = join(work, `plan-${n}`);
      mkdirSync(dir);
      const config = JSON.parse(readFileSync(join(out, "stacks", "dns", "cdk.tf.json"), "utf8"));
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config));
      const hubState = join(work, `hub-${n}.tfstate`);
      writeOutputsState(hubState, fixtureHubOutputs(validateTopology(data).topology));
      writeFileSync(join(dir, "override.tf.json"), JSON.stringify(offlineOverride(config, { hub: hubState })));
      const m = await measurePlan(dir, Number(values["max-gb"]) * 1024 * 1024);
      const mb = m.stopped ? ` > ${values["max-gb"]} GB (stopped)` : m.peakMb.toFixed(0);
      console.log(String(n).padEnd(16) + String((config.provider?.aws ?? []).length).padStart(10) + m.seconds.toFixed(1).padStart(9) + mb.padStart(15) +
        (m.ok || m.stopped ? "" : "  (plan failed)"));
    }
  } finally {
    if (tree !== root && existsSync(tree)) spawnSync("git", ["worktree", "remove", "--force", tree], { cwd: root });
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`bench:plan: ${(e as Error).message}`); process.exitCode = 2; });
