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
import { loadTopologyFile, validateTopology } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { synthesize } from "../../stacks/synthesize";
import { fixtureDnsOutputs, fixtureHubOutputs, writeOutputsState, type DnsOutputs, type HubOutputs } from "./fixtures";
import { offlineOverride, terraform, type Plan, type RemoteStates, type ValidateResult } from "./terraform";

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
    // The plans depend on the configurations and on the outputs they read, nothing else.
    const [validations, plans] = await Promise.all([
      cached(hash("validate", ...Object.entries(texts).flat()), () => validateAll(texts)),
      cached(hash("plan", ...Object.entries(texts).flat(), JSON.stringify(hubOutputs), JSON.stringify(dnsOutputs)), () => planAll(texts, states)),
    ]);
    return { estate, topology, hubOutputs, dnsOutputs, json, validations, plans };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `terraform validate` of every workspace exactly as written: each workspace directory is a child
 * module of a throwaway root (Terraform validates child modules fully; it only notes that their
 * backend blocks would be ignored), so Terraform starts and loads the provider schema once for all.
 */
export function validateAll(texts: Readonly<Record<string, string>>): Promise<Record<string, ValidateResult>> {
  return validations.submit(texts);
}

/**
 * Offline plans of workspaces with the test-only override: each workspace is a child module of a
 * throwaway root, with the override next to it (override files apply per module). Each workspace
 * keeps its own provider configuration and remote-state readers; what the run shares is Terraform's
 * start and the provider schema, which dominate plans of this size. The combined plan is split back
 * into one plan per workspace, with addresses as the workspace itself would show them.
 */
export function planAll(texts: Readonly<Record<string, string>>, states: RemoteStates): Promise<Record<string, Plan>> {
  return plans.submit({ texts, states });
}

/** An offline plan of one workspace. */
export async function planOffline(configText: string, states: RemoteStates): Promise<Plan> {
  return (await planAll({ workspace: configText }, states)).workspace;
}

/**
 * Requests made in the same moment (every topology a suite starts at once) run as one Terraform root
 * with one child module per workspace of every request. If that run fails, each request runs on its
 * own, so that a broken workspace fails only its own topology's tests.
 */
class Batch<Request, Result> {
  private pending: { request: Request; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly run: (requests: readonly Request[]) => Promise<Result[]>) {}

  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setTimeout(() => void this.flush(), 100);
      this.pending.push({ request, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const results = await this.run(batch.map((b) => b.request));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      await Promise.all(batch.map((b) => this.run([b.request]).then(([r]) => b.resolve(r), b.reject)));
    }
  }
}

/** A throwaway root module calling each workspace of each request as module `r<request>w<workspace>`. */
function writeRoot(dir: string, requests: readonly Readonly<Record<string, string>>[], extra?: (request: number, text: string) => object): string[][] {
  const modules = requests.map((texts, r) => Object.keys(texts).map((name, w) => {
    const module = `r${r}w${w}`;
    mkdirSync(join(dir, module));
    writeFileSync(join(dir, module, "cdk.tf.json"), texts[name]);
    if (extra) writeFileSync(join(dir, module, "override.tf.json"), JSON.stringify(extra(r, texts[name])));
    return module;
  }));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module: Object.fromEntries(modules.flat().map((m) => [m, { source: `./${m}` }])) }));
  return modules;
}

const validations = new Batch<Readonly<Record<string, string>>, Record<string, ValidateResult>>((requests) => withSlot(async () => {
  const dir = mkdtempSync(join(tmpdir(), "lattice-validate-"));
  try {
    const modules = writeRoot(dir, requests);
    await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    const result = JSON.parse(await terraform(dir, ["validate", "-json", "-no-color"]).catch((e: Error) =>
      // validate exits 1 on an invalid configuration but still prints its JSON.
      e.message.slice(e.message.indexOf("{")))) as ValidateResult;
    return requests.map((texts, r) => Object.fromEntries(Object.keys(texts).map((name, w) => {
      const diagnostics = result.diagnostics
        .filter((d) => d.range?.filename?.startsWith(`${modules[r][w]}/`))
        // Expected of a root module called as a child: not a finding about the workspace.
        .filter((d) => d.summary !== "Backend configuration ignored");
      return [name, { valid: !diagnostics.some((d) => d.severity === "error"), diagnostics }];
    })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}));

interface PlanRequest {
  readonly texts: Readonly<Record<string, string>>;
  readonly states: RemoteStates;
}

const plans = new Batch<PlanRequest, Record<string, Plan>>((requests) => withSlot(async () => {
  const dir = mkdtempSync(join(tmpdir(), "lattice-plan-all-"));
  try {
    const modules = writeRoot(dir, requests.map((q) => q.texts), (r, text) => offlineOverride(JSON.parse(text), requests[r].states));
    await terraform(dir, ["init", "-input=false", "-no-color"]);
    await terraform(dir, ["plan", "-input=false", "-no-color", "-lock=false", "-out=plan.bin"]);
    const combined = JSON.parse(await terraform(dir, ["show", "-json", "plan.bin"])) as CombinedPlan;
    return requests.map((q, r) => Object.fromEntries(Object.keys(q.texts).map((name, w) => [name, workspacePlan(combined, modules[r][w])])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}));

type Change = Plan["resource_changes"][number];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
interface CombinedPlan { resource_changes: (Change & { module_address?: string })[]; planned_values: any; configuration: any }

/** The part of a combined plan that belongs to one child module, as that module's own root plan. */
function workspacePlan(combined: CombinedPlan, module: string): Plan {
  const prefix = `module.${module}.`;
  const child = (combined.planned_values?.root_module?.child_modules ?? []).find((m: { address?: string }) => m.address === `module.${module}`);
  return {
    resource_changes: combined.resource_changes
      .filter((r) => r.module_address === `module.${module}`)
      .map(({ module_address: _m, ...r }) => ({ ...r, address: r.address.slice(prefix.length) })),
    planned_values: { root_module: child ?? {} } as Plan["planned_values"],
    configuration: { root_module: combined.configuration?.root_module?.module_calls?.[module]?.module ?? {} },
  };
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
