/**
 * Every workspace of a topology, validated and planned by Terraform once per test run, whichever
 * suites ask for it: results are cached on disk (jest's global setup names the directory) under the
 * hash of everything that decides them, and a lock file lets one worker do the work while another
 * waits. At most two Terraform pipelines run at a time per worker (this machine has two cores).
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Estate } from "../../config/estate";
import { loadTopologyFile, validateTopology, type Topology } from "../../config/loader";
import { synthesize } from "../../stacks/synthesize";
import { fixtureDnsOutputs, fixtureHubOutputs, writeOutputsState, type DnsOutputs, type HubOutputs } from "./fixtures";
import { planWithOverride, terraform, type Plan, type ValidateResult } from "./terraform";

export interface PlannedTopology {
  readonly estate: Estate;
  readonly topology: Topology;
  /** What the fixture states give the workspaces that read hub and dns. */
  readonly hubOutputs: HubOutputs;
  readonly dnsOutputs: DnsOutputs;
  /** Workspace name → its synthesized Terraform JSON. */
  readonly json: Readonly<Record<string, SynthesizedJson>>;
  readonly validations: Readonly<Record<string, ValidateResult>>;
  readonly plans: Readonly<Record<string, Plan>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SynthesizedJson = Record<string, any>;

/** Plans a topology file (every workspace). */
export function planTopologyFile(file: string): Promise<PlannedTopology> {
  return planTopology(loadTopologyFile(file).topology);
}

/** Plans a topology given as data (validated first). */
export function planTopologyData(data: unknown): Promise<PlannedTopology> {
  return planTopology(validateTopology(data).topology);
}

export async function planTopology(topology: Topology): Promise<PlannedTopology> {
  const work = mkdtempSync(join(tmpdir(), "lattice-plan-"));
  try {
    const { estate } = synthesize(topology, join(work, "out"), { direct: true });
    const hubOutputs = fixtureHubOutputs(topology);
    const dnsOutputs = fixtureDnsOutputs(estate);
    const states = { hub: join(work, "hub.tfstate"), dns: join(work, "dns.tfstate") };
    writeOutputsState(states.hub, hubOutputs);
    writeOutputsState(states.dns, dnsOutputs);
    const json: Record<string, SynthesizedJson> = {};
    const texts: Record<string, string> = {};
    for (const w of estate.workspaces) {
      texts[w.name] = readFileSync(join(work, "out", "stacks", w.name, "cdk.tf.json"), "utf8");
      json[w.name] = JSON.parse(texts[w.name]);
    }
    const plans: Record<string, Plan> = {};
    const [validations] = await Promise.all([
      cached(hash("validate", ...Object.entries(texts).flat()), () => validateAll(texts)),
      ...estate.workspaces.map(async (w) => {
        // A plan depends on the configuration and on the outputs it reads, nothing else.
        const key = hash("plan", texts[w.name], JSON.stringify(hubOutputs), JSON.stringify(dnsOutputs));
        plans[w.name] = await cached(key, () => planOffline(texts[w.name], states));
      }),
    ]);
    return { estate, topology, hubOutputs, dnsOutputs, json, validations, plans };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `terraform validate` of every workspace exactly as written, in one run: each workspace directory is
 * a child module of a throwaway root (Terraform validates child modules fully; it only notes that
 * their backend blocks would be ignored), so the provider schema loads once instead of per workspace.
 */
export async function validateAll(texts: Readonly<Record<string, string>>): Promise<Record<string, ValidateResult>> {
  return withSlot(async () => {
    const dir = mkdtempSync(join(tmpdir(), "lattice-validate-"));
    try {
      const names = Object.keys(texts);
      names.forEach((name, i) => {
        mkdirSync(join(dir, `w${i}`));
        writeFileSync(join(dir, `w${i}`, "cdk.tf.json"), texts[name]);
      });
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module: Object.fromEntries(names.map((_, i) => [`w${i}`, { source: `./w${i}` }])) }));
      await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
      const result = JSON.parse(await terraform(dir, ["validate", "-json", "-no-color"]).catch((e: Error) =>
        // validate exits 1 on an invalid configuration but still prints its JSON.
        e.message.slice(e.message.indexOf("{")))) as ValidateResult;
      return Object.fromEntries(names.map((name, i) => {
        const diagnostics = result.diagnostics
          .filter((d) => d.range?.filename?.startsWith(`w${i}/`))
          // Expected of a root module called as a child: not a finding about the workspace.
          .filter((d) => d.summary !== "Backend configuration ignored");
        return [name, { valid: !diagnostics.some((d) => d.severity === "error"), diagnostics }];
      }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** An offline plan of one workspace with the test-only override. */
export async function planOffline(configText: string, states: Readonly<Record<string, string>>): Promise<Plan> {
  return withSlot(async () => {
    const dir = mkdtempSync(join(tmpdir(), "lattice-plan-ws-"));
    try {
      writeFileSync(join(dir, "cdk.tf.json"), configText);
      return await planWithOverride(dir, JSON.parse(configText), states);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------------

/** The cache key of everything that decides a result. */
export const hash = (...parts: string[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex").slice(0, 32);
};

/** The run's cache directory (jest global setup), or one of this process's own. */
function cacheDir(): string {
  let dir = process.env.LATTICE_TF_CACHE_DIR;
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), "lattice-tf-cache-"));
    process.env.LATTICE_TF_CACHE_DIR = dir;
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const inProcess = new Map<string, Promise<unknown>>();

/** A result computed once per test run, whichever worker asks first (see the top of this file). */
export async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const known = inProcess.get(key);
  if (known) return known as Promise<T>;
  const promise = fromDisk(key, compute);
  inProcess.set(key, promise);
  return promise;
}

async function fromDisk<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const dir = cacheDir();
  const file = join(dir, `${key}.json`);
  const lock = join(dir, `${key}.lock`);
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as T;
    let fd: number | undefined;
    try {
      fd = openSync(lock, "wx");
    } catch {
      // Another worker is computing it.
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    closeSync(fd);
    try {
      const result = await compute();
      writeFileSync(`${file}.tmp`, JSON.stringify(result));
      renameSync(`${file}.tmp`, file);
      return result;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

let running = 0;
const waiting: (() => void)[] = [];
const SLOTS = 2;

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= SLOTS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
