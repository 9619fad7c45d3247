/**
 * An offline apply simulator, for Day-2 tests: the estate's workspaces are planned by Terraform
 * against their local states and "applied" by writing the state Terraform would record, with stable
 * fake values for what only AWS knows. No AWS account is reachable and none is ever called.
 *
 *   const sim = new ApplySimulator();
 *   sim.configure(synthesizeJson(topology).json);
 *   await sim.apply(["hub"]); await sim.apply(["dns"]); await sim.apply(spokes);
 *   sim.outputs("hub"); sim.addresses("dns"); (await sim.plan(["dns"])).dns.resource_changes
 *   sim.dispose();
 *
 * One call (plan or apply) runs in one throwaway Terraform root with one child module per workspace
 * of the call, as the plan harness does (workspace-plans.ts): Terraform starts and loads the provider
 * once for all of them. Each workspace gets the test-only override of terraform.ts (fake keys, skip
 * flags, no role, no account pin) with every terraform_remote_state pointed at the simulator's state
 * file of that workspace: one not applied yet has no file, so a spoke planned before the hub fails the
 * way Terraform fails. The workspaces of one call are planned side by side against the states as they
 * were when the call began, as parallel applies would be.
 *
 * An apply is four steps, each a Terraform run that never reaches AWS:
 * 1. `plan -refresh=false` (the plan returned).
 * 2. The new state of every created, updated or replaced instance: the planned values, and for each
 *    unknown either a value the configuration gives once its references are known, or (an updated
 *    instance) its prior value, or a fake value derived from the schema (`terraform providers schema`,
 *    loaded once per process) and the hash of account, workspace, address, attribute path and the
 *    serial at which the instance is written, so a replaced resource gets a new id, ARN and DNS name.
 *    Values the configuration gives (`security_group_ids = [aws_security_group.x.id]`) are evaluated
 *    by Terraform, in one more plan (see evaluate).
 * 3. A second `plan -refresh=false` of the same configuration against that state must change no
 *    resource (the proof that the state is what Terraform would record); otherwise the call throws
 *    with Terraform's diff.
 * 4. `apply` of that no-op plan: Terraform itself writes the state, its outputs (through one root
 *    output per workspace, `module.<workspace>`) and data sources; it is split back per workspace.
 * A call that fails changes no state. States are deterministic: same calls, byte-identical states.
 *
 * Speed: each set of workspaces keeps its root (and `.terraform`) across calls, and `init` only runs
 * when its modules or providers change; with the mirror, init symlinks the provider (600 MB) from it
 * (0.6 s, no plugin cache needed: Terraform rewrites a cache entry at every init, and two inits at
 * once collide); at most two Terraform processes run at a time in this process; and results are
 * reused for identical inputs (see memo), so an apply after a plan of the same states, or the same
 * first deployment in many scenarios, runs Terraform once.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { offlineOverride, terraform, terraformEnv, type OverridableConfig, type Plan } from "./terraform";
import { cached } from "./workspace-plans";

/** This file's text: cached results depend on it too (LATTICE_TF_CACHE_DIR may outlive a run). */
const SOURCE = readFileSync(__filename, "utf8");

// ---------------------------------------------------------------------------------------------
// The state file (v4), as Terraform writes it.

export interface TfState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  readonly resources: StateResource[];
  readonly check_results: unknown[] | null;
}

export interface StateResource {
  module?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  provider: string;
  instances: StateInstance[];
}

export interface StateInstance {
  index_key?: string | number;
  schema_version: number;
  attributes: Record<string, unknown>;
  sensitive_attributes: unknown[];
  private?: string;
  dependencies?: string[];
  create_before_destroy?: boolean;
}

// ---------------------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export class ApplySimulator {
  private readonly root: string;
  private readonly owned: boolean;
  private readonly configs = new Map<string, string>();
  /** Workspace → the name of its state file, from its backend: a renamed spoke keeps its first name's. */
  private readonly stateNames = new Map<string, string>();
  /** Calls run one after another: they share the states and the roots. */
  private queue: Promise<unknown> = Promise.resolve();

  private readonly cache: boolean;

  /**
   * A fresh estate in a temporary directory (or `root`): states start empty. `cache: false` computes
   * every call (to compare two estates, for instance); by default results are reused (see memo).
   */
  constructor(root?: string, options: { readonly cache?: boolean } = {}) {
    this.cache = options.cache ?? true;
    this.owned = root === undefined;
    this.root = root ?? mkdtempSync(join(tmpdir(), "lattice-apply-sim-"));
    mkdirSync(join(this.root, "states"), { recursive: true });
    mkdirSync(join(this.root, "roots"), { recursive: true });
  }

  /**
   * Sets the synthesized configuration: workspace name → its cdk.tf.json text (or parsed JSON, as
   * `synthesizeJson` gives it). Workspaces absent from the map keep their state but are not planned.
   */
  configure(workspaces: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>): void {
    const entries = workspaces instanceof Map ? [...workspaces.entries()] : Object.entries(workspaces);
    this.configs.clear();
    for (const [name, config] of entries) {
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`workspace name "${name}" is not a Terraform identifier`);
      if (typeof config !== "string" && (typeof config !== "object" || config === null)) throw new Error(`workspace "${name}": configuration is neither JSON text nor an object`);
      this.configs.set(name, typeof config === "string" ? config : JSON.stringify(config));
      const backend = (typeof config === "string" ? JSON.parse(config) : config as Json).terraform?.backend ?? {};
      const location: unknown = backend.local?.path ?? backend.s3?.key;
      const stateName = typeof location === "string" ? /([^/]+)\.tfstate$/.exec(location)?.[1] : undefined;
      if (stateName) this.stateNames.set(name, stateName);
    }
  }

  /** `terraform plan -refresh=false` of these workspaces against their current states; rejects with Terraform's diagnostics. */
  plan(workspaces: readonly string[]): Promise<Record<string, Plan>> {
    const texts = new Map(this.configs); // the configuration when called, whatever is configured while it waits
    return this.serialized(() => this.run(workspaces, false, texts));
  }

  /** plan, then write for each workspace the state Terraform would record after applying that plan; returns the plans applied. */
  apply(workspaces: readonly string[]): Promise<Record<string, Plan>> {
    const texts = new Map(this.configs);
    return this.serialized(() => this.run(workspaces, true, texts));
  }

  /** The current state (tfstate v4 JSON) of a workspace, or undefined if never applied. */
  state(workspace: string): TfState | undefined {
    const file = this.stateFile(workspace);
    return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) as TfState : undefined;
  }

  /** Resource instance addresses in a workspace's state (`type.name["key"]`), sorted. */
  addresses(workspace: string): string[] {
    return (this.state(workspace)?.resources ?? [])
      .filter((r) => r.mode === "managed")
      .flatMap((r) => r.instances.map((i) => instanceAddress(r, i.index_key)))
      .sort();
  }

  /** Output values of a workspace's state. */
  outputs(workspace: string): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.state(workspace)?.outputs ?? {}).map(([k, o]) => [k, o.value]));
  }

  /** Removes the estate: the whole directory when the simulator made it, else its Terraform roots only. */
  dispose(): void {
    rmSync(this.owned ? this.root : join(this.root, "roots"), { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------------------

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private stateFile(workspace: string): string {
    return join(this.root, "states", `${this.stateNames.get(workspace) ?? workspace}.tfstate`);
  }

  private async run(workspaces: readonly string[], apply: boolean, texts: ReadonlyMap<string, string>): Promise<Record<string, Plan>> {
    const names = [...new Set(workspaces)].sort();
    if (names.length === 0) return {};
    for (const n of names) if (!texts.has(n)) throw new Error(`workspace "${n}" is not configured`);
    const configs = new Map(names.map((n) => [n, JSON.parse(texts.get(n)!) as Json]));
    const prior = new Map(names.map((n) => [n, this.state(n)]));
    // Everything that decides the result: the configurations, their states and the states they read.
    const reads = [...new Set(names.flatMap((n) => Object.keys(configs.get(n).data?.terraform_remote_state ?? {})))].sort();
    const stateText = (n: string) => (existsSync(this.stateFile(n)) ? readFileSync(this.stateFile(n), "utf8") : "");
    const key = hash(SOURCE, ...names.flatMap((n) => [n, texts.get(n)!, stateText(n)]), "\0reads", ...reads.flatMap((r) => [r, stateText(r)])).slice(0, 32);

    const combinedPlan = () => this.memo(`apply-simulator-plan-${key}`, async () => {
      const dir = await this.prepareRoot(names, texts, configs);
      writeJson(join(dir, "terraform.tfstate"), combinedState(names, prior, 1));
      await tf(dir, ["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-out=plan.bin"]);
      return JSON.parse(await tf(dir, ["show", "-json", "plan.bin"])) as CombinedPlan;
    });
    const split = (combined: CombinedPlan) => Object.fromEntries(names.map((n) => [n, workspacePlan(combined, n, configs.get(n))]));
    // Copies: a caller may change what it gets, never what the cache holds.
    if (!apply) return structuredClone(split(await combinedPlan()));

    const result = await this.memo(`apply-simulator-apply-${key}`, async () => {
      const dir = await this.prepareRoot(names, texts, configs);
      // The schema is needed only to fill unknowns: loaded while the first plan runs.
      const schema = providerSchemas(dir);
      schema.catch(() => undefined);
      const combined = await combinedPlan();

      // 2. The new states, the configuration's unknowns evaluated by Terraform where there are any.
      const builder = new StateBuilder(await schema, combined, names, configs, prior);
      // A value the configuration derives from another such value takes one more round (at most 3),
      // until nothing changes: what stays unknown gets a fake, and the second plan judges it.
      let probes = new Map<string, Json>();
      for (let round = 0; builder.needsProbes(probes) && round < 3; round++) {
        const next = await this.evaluate(dir, names, configs, builder.build(probes), builder.probeRequests());
        const same = JSON.stringify([...next]) === JSON.stringify([...probes]);
        probes = next;
        if (same) break;
      }

      // 3. The second plan must change no resource.
      writeJson(join(dir, "terraform.tfstate"), combinedState(names, builder.build(probes), 2));
      const lines = (await tf(dir, ["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-json", "-out=noop.bin"]))
        .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Json);
      if (lines.some((l) => l.type === "planned_change" || l.type === "resource_drift")) {
        const diff = await tf(dir, ["show", "-no-color", "noop.bin"]);
        throw new Error(`apply simulator: a second plan of ${names.join(", ")} is not a no-op, so the state written is not what Terraform would record:\n${diff}`);
      }
      // 4. Terraform writes the state: outputs, data sources, normalized instances.
      await tf(dir, ["apply", "-input=false", "-no-color", "-lock=false", "noop.bin"]);
      const written = JSON.parse(readFileSync(join(dir, "terraform.tfstate"), "utf8")) as TfState;
      return {
        plans: split(combined),
        // null: unchanged, so not written again (the serial stays).
        states: Object.fromEntries(names.map((n) => [n, splitState(written, n, configs.get(n), prior.get(n), builder.serial(n)) ?? null])),
      };
    });
    for (const [n, state] of Object.entries(result.states)) if (state) writeJson(this.stateFile(n), state);
    return structuredClone(result.plans);
  }

  /**
   * Results are deterministic, so a call whose inputs were seen before (an apply after a plan of the
   * same states, or the same first deployment in many scenarios) reuses them: within the process and,
   * through the test run's cache directory, across jest workers (workspace-plans.ts `cached`).
   */
  private memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.cache ? cached(key, compute) : compute();
  }

  /** The root for this set of workspaces, kept across calls; `init` only when its modules change. */
  private async prepareRoot(names: readonly string[], texts: ReadonlyMap<string, string>, configs: ReadonlyMap<string, Json>): Promise<string> {
    const dir = join(this.root, "roots", hash(...[...names].sort()).slice(0, 16));
    mkdirSync(dir, { recursive: true });
    const main = {
      module: Object.fromEntries(names.map((n) => [n, { source: `./${n}` }])),
      // Terraform computes each workspace's outputs; sensitive so that sensitive ones may pass.
      output: Object.fromEntries(names.map((n) => [n, { value: `\${module.${n}}`, sensitive: true }])),
    };
    writeJson(join(dir, "main.tf.json"), main);
    for (const n of names) {
      mkdirSync(join(dir, n), { recursive: true });
      writeFileSync(join(dir, n, "cdk.tf.json"), texts.get(n)!);
      writeJson(join(dir, n, "override.tf.json"), this.override(configs.get(n)));
      rmSync(join(dir, n, PROBES_FILE), { force: true });
    }
    // What init installs: the module calls and the providers each workspace requires.
    const initKey = hash(JSON.stringify(names), ...names.map((n) => JSON.stringify([configs.get(n).terraform?.required_providers, configs.get(n).module])));
    const marker = join(dir, ".simulator-init");
    if (!existsSync(marker) || readFileSync(marker, "utf8") !== initKey) {
      // One init at a time: with a plugin cache (the registry), two would replace its entry at once.
      inits = inits.catch(() => undefined).then(() => tf(dir, ["init", "-input=false", "-no-color"]));
      await inits;
      writeFileSync(marker, initKey);
    }
    return dir;
  }

  /**
   * The test-only override, remote states read from the simulator's state files. The path is relative
   * to the root Terraform runs in (roots/<set>): the data sources' state records it, and two estates
   * in two directories must record the same.
   */
  private override(config: Json): Json {
    const reads = Object.keys((config as OverridableConfig).data?.terraform_remote_state ?? {});
    return offlineOverride(config, Object.fromEntries(reads.map((r) => [r, `../../states/${r}.tfstate`])));
  }

  /**
   * Values the configuration gives to unknown attributes, evaluated by Terraform: every instance is
   * in state with its arguments in `ignore_changes`, so its planned value is its state and every
   * reference is known; a `terraform_data` probe per resource, with the resource's for_each or count,
   * holds its arguments. A check block per probe that always fails reports the probe's planned values
   * as its message: one `plan`, no saved plan to show.
   */
  private async evaluate(dir: string, names: readonly string[], configs: ReadonlyMap<string, Json>, state: ReadonlyMap<string, TfState>, requests: ReadonlyMap<string, ProbeRequest[]>): Promise<Map<string, Json>> {
    try {
      for (const n of names) {
        const config = configs.get(n);
        const override = this.override(config);
        // Only the arguments the configuration sets (with `all`, Terraform would hand the provider
        // computed values as configuration, and some providers validate them).
        const ignore: Json = {};
        for (const [type, byName] of Object.entries<Json>(config.resource ?? {})) {
          for (const [name, body] of Object.entries<Json>(byName)) {
            const given: unknown = body.lifecycle?.ignore_changes;
            const keys = [...Object.keys(body).filter((k) => !META.has(k)), ...Object.keys(body.dynamic ?? {})];
            const ignore_changes = given === "all" ? "all" : [...new Set([...(Array.isArray(given) ? given as string[] : []), ...keys])];
            (ignore[type] ??= {})[name] = { lifecycle: { ignore_changes } };
          }
        }
        override.resource = ignore;
        writeJson(join(dir, n, "override.tf.json"), override);
        const probes: Json = {};
        const checks: Json = {};
        for (const r of requests.get(n) ?? []) {
          const body = config.resource[r.type][r.name];
          probes[r.probe] = {
            ...(body.for_each !== undefined ? { for_each: body.for_each } : {}),
            ...(body.count !== undefined ? { count: body.count } : {}),
            input: Object.fromEntries(r.keys.map((k) => [k, withoutComments(body[k])])),
          };
          const all = body.for_each !== undefined ? `{ for k, p in terraform_data.${r.probe} : k => p.input }`
            : body.count !== undefined ? `{ for i, p in terraform_data.${r.probe} : tostring(i) => p.input }`
            : `{ "" = terraform_data.${r.probe}.input }`;
          // Always false, and it must refer to something (Terraform refuses a constant condition).
          checks[r.probe] = { assert: [{ condition: `\${length(jsonencode(${all})) < 0}`, error_message: `${PROBE_MARK} ${n} ${r.probe} \${jsonencode(${all})}` }] };
        }
        if (Object.keys(probes).length > 0) writeJson(join(dir, n, PROBES_FILE), { resource: { terraform_data: probes }, check: checks });
      }
      writeJson(join(dir, "terraform.tfstate"), combinedState(names, state, 2));
      const lines = (await tf(dir, ["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-json"])).split("\n");
      const reported = new Map<string, Record<string, Json>>();
      for (const line of lines) {
        const detail: unknown = line.includes(PROBE_MARK) ? (JSON.parse(line) as Json).diagnostic?.detail : undefined;
        if (typeof detail !== "string" || !detail.startsWith(`${PROBE_MARK} `)) continue;
        const [, n, probe] = detail.split(" ", 3);
        reported.set(`${n} ${probe}`, JSON.parse(detail.slice(`${PROBE_MARK} ${n} ${probe} `.length)));
      }
      const values = new Map<string, Json>();
      for (const n of names) {
        for (const r of requests.get(n) ?? []) {
          const body = configs.get(n).resource[r.type][r.name];
          for (const [k, input] of Object.entries(reported.get(`${n} ${r.probe}`) ?? {})) {
            const key = body.for_each !== undefined ? k : body.count !== undefined ? Number(k) : undefined;
            values.set(`${n}\0${instanceAddress(r, key)}`, input);
          }
        }
      }
      return values;
    } finally {
      for (const n of names) {
        writeJson(join(dir, n, "override.tf.json"), this.override(configs.get(n)));
        rmSync(join(dir, n, PROBES_FILE), { force: true });
      }
    }
  }
}

const PROBES_FILE = "simulator-probes.tf.json";
const PROBE_MARK = "apply-simulator-probe";

// ---------------------------------------------------------------------------------------------
// Terraform runs: at most two at a time in this process (CI has two cores).

let inits: Promise<unknown> = Promise.resolve();
let running = 0;
const waiting: (() => void)[] = [];
const SLOTS = 2;

async function tf(cwd: string, args: string[]): Promise<string> {
  if (running >= SLOTS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await terraform(cwd, args, terraformEnv());
  } finally {
    running--;
    waiting.shift()?.();
  }
}

// ---------------------------------------------------------------------------------------------
// Provider schemas: types and schema versions of resources, loaded once per process.

interface SchemaAttribute {
  type?: unknown;
  nested_type?: { attributes: Record<string, SchemaAttribute>; nesting_mode: string };
}
interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}
interface ResourceSchema { version: number; block: SchemaBlock }
type Schemas = ReadonlyMap<string, ResourceSchema>;

let schemas: Promise<Schemas> | undefined;
const schemaSources = new Set<string>();

/** The resource schemas of every provider an initialized root uses (again only for a provider not yet loaded). */
function providerSchemas(dir: string): Promise<Schemas> {
  const lock = existsSync(join(dir, ".terraform.lock.hcl")) ? readFileSync(join(dir, ".terraform.lock.hcl"), "utf8") : "";
  const sources = [...lock.matchAll(/provider "([^"]+)"/g)].map((m) => m[1]);
  if (schemas && sources.every((s) => schemaSources.has(s))) return schemas;
  const previous = schemas;
  schemas = (async () => {
    const loaded = new Map(await (previous ?? Promise.resolve(new Map<string, ResourceSchema>())));
    const raw = JSON.parse(await tf(dir, ["providers", "schema", "-json"])) as { provider_schemas: Record<string, { resource_schemas?: Record<string, ResourceSchema> }> };
    for (const [source, p] of Object.entries(raw.provider_schemas)) {
      schemaSources.add(source);
      for (const [type, s] of Object.entries(p.resource_schemas ?? {})) loaded.set(type, { version: s.version, block: stripSchema(s.block) });
    }
    return loaded;
  })();
  schemas.catch(() => {
    schemas = previous;
  });
  return schemas;
}

/** Only what filling values needs: types and nesting (the descriptions are most of the 14 MB). */
function stripSchema(block: SchemaBlock): SchemaBlock {
  return {
    attributes: Object.fromEntries(Object.entries(block.attributes ?? {}).map(([k, a]) => [k, a.nested_type
      ? { nested_type: { nesting_mode: a.nested_type.nesting_mode, attributes: stripSchema({ attributes: a.nested_type.attributes }).attributes! } }
      : { type: a.type }])),
    block_types: Object.fromEntries(Object.entries(block.block_types ?? {}).map(([k, b]) => [k, { nesting_mode: b.nesting_mode, block: stripSchema(b.block) }])),
  };
}

/** A value's shape: cty types and schema blocks alike. */
interface Shape {
  readonly kind: "string" | "number" | "bool" | "dynamic" | "list" | "set" | "map" | "object" | "tuple";
  readonly elem?: Shape;
  readonly attrs?: Readonly<Record<string, Shape>>;
  readonly elems?: readonly Shape[];
  /** A nested block: absent is an empty collection, not null. */
  readonly block?: boolean;
}

function typeShape(t: unknown): Shape {
  if (typeof t === "string") return { kind: t as Shape["kind"] };
  const [kind, arg] = t as [string, unknown];
  if (kind === "list" || kind === "set" || kind === "map") return { kind, elem: typeShape(arg) };
  if (kind === "object") return { kind, attrs: Object.fromEntries(Object.entries(arg as object).map(([k, v]) => [k, typeShape(v)])) };
  if (kind === "tuple") return { kind, elems: (arg as unknown[]).map(typeShape) };
  return { kind: "dynamic" };
}

function blockShape(b: SchemaBlock): Shape {
  const attrs: Record<string, Shape> = {};
  for (const [k, a] of Object.entries(b.attributes ?? {})) {
    attrs[k] = a.nested_type ? nested(a.nested_type.nesting_mode, blockShape({ attributes: a.nested_type.attributes }), false) : typeShape(a.type);
  }
  for (const [k, t] of Object.entries(b.block_types ?? {})) attrs[k] = nested(t.nesting_mode, blockShape(t.block), true);
  return { kind: "object", attrs };
}

function nested(mode: string, object: Shape, block: boolean): Shape {
  if (mode === "list" || mode === "set" || mode === "map") return { kind: mode, elem: object, block };
  return { ...object, block };
}

// ---------------------------------------------------------------------------------------------
// The new states.

interface RawChange {
  address: string;
  module_address?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  provider_name: string;
  previous_address?: string;
  change: { actions: string[]; before: Json; after: Json; after_unknown: Json; after_sensitive?: Json };
}
interface CombinedPlan {
  resource_changes: RawChange[];
  output_changes?: Record<string, { actions: string[]; before: Json; after: Json; after_unknown: Json }>;
  planned_values?: Json;
  configuration?: Json;
}

interface ProbeRequest { readonly type: string; readonly name: string; readonly probe: string; readonly keys: string[] }

/** Meta-arguments and comments: never values of a resource's attributes. */
const META = new Set(["//", "count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection", "dynamic"]);

/** Builds each workspace's instances after the apply of a plan, given the probes' values. */
class StateBuilder {
  private readonly serials = new Map<string, number>();

  constructor(
    private readonly schemas: Schemas,
    private readonly plan: CombinedPlan,
    private readonly names: readonly string[],
    private readonly configs: ReadonlyMap<string, Json>,
    private readonly prior: ReadonlyMap<string, TfState | undefined>,
  ) {
    for (const n of names) this.serials.set(n, (prior.get(n)?.serial ?? 0) + 1);
  }

  /** The serial a workspace's state gets if this apply changes it: its fake values' seed. */
  serial(workspace: string): number {
    return this.serials.get(workspace)!;
  }

  private changes(workspace: string): (RawChange & { local: string })[] {
    const prefix = `module.${workspace}.`;
    return this.plan.resource_changes
      .filter((c) => c.mode === "managed" && c.address.startsWith(prefix) && (c.module_address === `module.${workspace}` || c.module_address?.startsWith(prefix)))
      .map((c) => ({ ...c, local: c.address.slice(prefix.length) }));
  }

  /** Per workspace, the resources whose configured arguments are unknown in the plan. */
  probeRequests(): Map<string, ProbeRequest[]> {
    const result = new Map<string, ProbeRequest[]>();
    for (const n of this.names) {
      const resources = this.configs.get(n).resource ?? {};
      const requests = new Map<string, ProbeRequest>();
      for (const c of this.changes(n)) {
        if (!written(c.change.actions) || c.module_address !== `module.${n}`) continue;
        const body = resources[c.type]?.[c.name];
        if (!body) continue;
        const keys = Object.keys(body).filter((k) => !META.has(k) && hasUnknown(c.change.after_unknown?.[k]));
        if (keys.length === 0) continue;
        const id = `${c.type}.${c.name}`;
        const request = requests.get(id) ?? { type: c.type, name: c.name, probe: `simulator_probe_${requests.size}`, keys: [] };
        for (const k of keys) if (!request.keys.includes(k)) request.keys.push(k);
        requests.set(id, request);
      }
      if (requests.size > 0) result.set(n, [...requests.values()]);
    }
    return result;
  }

  /** Whether an instance with configured unknowns has no evaluated values yet (a probe reports all of a resource's, or none). */
  needsProbes(probes: ReadonlyMap<string, Json>): boolean {
    for (const [n, requests] of this.probeRequests()) {
      for (const r of requests) {
        for (const c of this.changes(n).filter((c) => c.type === r.type && c.name === r.name && written(c.change.actions))) {
          if (!probes.has(`${n}\0${c.local}`)) return true;
        }
      }
    }
    return false;
  }

  /** Each workspace's state after the apply: resources only (Terraform adds outputs and data sources). */
  build(probes: ReadonlyMap<string, Json>): Map<string, TfState> {
    const result = new Map<string, TfState>();
    for (const n of this.names) {
      const prior = this.prior.get(n);
      const priorInstances = new Map<string, { resource: StateResource; instance: StateInstance }>();
      for (const r of prior?.resources ?? []) {
        if (r.mode !== "managed") continue;
        for (const i of r.instances) priorInstances.set(instanceAddress(r, i.index_key), { resource: r, instance: i });
      }
      const resources = new Map<string, StateResource>();
      const add = (c: RawChange & { local: string }, provider: string, instance: StateInstance) => {
        const module = c.module_address === `module.${n}` ? undefined : c.module_address!.slice(`module.${n}.`.length);
        const key = `${module ?? ""}\0${c.type}\0${c.name}`;
        const r = resources.get(key) ?? { ...(module ? { module } : {}), mode: "managed" as const, type: c.type, name: c.name, provider, instances: [] };
        r.instances.push(instance);
        resources.set(key, r);
      };
      for (const c of this.changes(n)) {
        const was = priorInstances.get(c.previous_address?.slice(`module.${n}.`.length) ?? c.local);
        const actions = c.change.actions;
        if (!written(actions)) {
          // A moved instance keeps its object under its new key.
          if (actions.join() === "no-op" && was) add(c, was.resource.provider, withIndexKey(was.instance, c.index));
          continue;
        }
        const schema = this.schemas.get(c.type);
        if (!schema) throw new Error(`apply simulator: no provider schema for ${c.type}`);
        const update = actions.join() === "update";
        const context: FakeContext = {
          workspace: n,
          address: c.local,
          type: c.type,
          serial: this.serial(n),
          ...placeOf(this.configs.get(n), c),
          probe: probes.get(`${n}\0${c.local}`),
          prior: update ? was?.instance.attributes : undefined,
        };
        add(c, was?.resource.provider ?? providerAddress(this.configs.get(n), c), {
          ...(c.index !== undefined ? { index_key: c.index } : {}),
          schema_version: schema.version,
          attributes: completeObject(c.change.after ?? {}, c.change.after_unknown ?? {}, blockShape(schema.block), context),
          sensitive_attributes: [],
        });
      }
      result.set(n, {
        version: 4,
        terraform_version: "",
        serial: this.serial(n),
        lineage: lineageOf(n),
        outputs: {},
        resources: [...resources.values()],
        check_results: null,
      });
    }
    return result;
  }
}

function withIndexKey(instance: StateInstance, key: string | number | undefined): StateInstance {
  const { index_key: _old, ...rest } = instance;
  return key === undefined ? rest : { index_key: key, ...rest };
}

/** Actions after which the instance is in state with new values. */
const written = (actions: readonly string[]) => actions.includes("create") || actions.includes("update");

function hasUnknown(mask: unknown): boolean {
  if (mask === true) return true;
  if (Array.isArray(mask)) return mask.some(hasUnknown);
  if (mask && typeof mask === "object") return Object.values(mask).some(hasUnknown);
  return false;
}

function withoutComments(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, withoutComments(v)]));
  return value;
}

/** `provider["registry.terraform.io/hashicorp/aws"].hub` for a resource of a workspace, as its state names it. */
function providerAddress(config: Json, c: RawChange): string {
  const ref: string = config.resource?.[c.type]?.[c.name]?.provider ?? c.type.split("_")[0];
  const [local, alias] = ref.replace(/^\$\{(.*)\}$/, "$1").split(".");
  const source: string = config.terraform?.required_providers?.[local]?.source ?? c.provider_name;
  const full = source.split("/").length === 2 ? `registry.terraform.io/${source}` : source;
  return `provider["${full.toLowerCase()}"]${alias ? `.${alias}` : ""}`;
}

/** The Region and account an instance lives in: its provider configuration's. */
function placeOf(config: Json, c: RawChange): { region: string; account: string } {
  const ref: string = config.resource?.[c.type]?.[c.name]?.provider ?? "";
  const alias = ref.split(".")[1];
  const providers: Json[] = config.provider?.[c.type.split("_")[0]] ?? [];
  const p = providers.find((x) => x.alias === alias) ?? providers[0] ?? {};
  const region = typeof p.region === "string" && !p.region.includes("${") ? p.region : "us-east-1";
  const account = Array.isArray(p.allowed_account_ids) && /^\d{12}$/.test(p.allowed_account_ids[0]) ? p.allowed_account_ids[0] : "123456789012";
  return { region, account };
}

/** A lineage per workspace: fixed, so that the same applies give byte-identical states. */
function lineageOf(workspace: string): string {
  const h = hash("lattice-apply-simulator", workspace);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Filling the unknowns.

interface FakeContext {
  readonly workspace: string;
  readonly address: string;
  readonly type: string;
  readonly serial: number;
  readonly region: string;
  readonly account: string;
  /** The configuration's values, evaluated by Terraform (undefined where still unknown). */
  readonly probe?: Json;
  /** An updated instance's prior attributes. */
  readonly prior?: Json;
}

type Path = readonly (string | number)[];

/** Top-level attributes whose fakes derive from the others (an ARN holds the id): filled last, in this order. */
const DERIVED = ["zone_id", "id", "arn", "dns_entry", "network_interface_ids", "subnet_configuration"];

function completeObject(after: Json, unknown: Json, shape: Shape, ctx: FakeContext): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const deferred: string[] = [];
  for (const [k, s] of Object.entries(shape.attrs!)) {
    if (unknown[k] === true) {
      const given = givenValue(s, [k], ctx);
      if (given !== undefined) result[k] = given;
      else deferred.push(k);
    } else {
      result[k] = fill(after[k], unknown[k], s, [k], ctx);
    }
  }
  deferred.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  for (const k of deferred) result[k] = fakeTop(k, shape.attrs![k], ctx, result);
  return result;
}

const rank = (k: string) => (DERIVED.includes(k) ? DERIVED.indexOf(k) + 1 : 0);

function fill(value: Json, unknown: Json, shape: Shape, path: Path, ctx: FakeContext): unknown {
  if (unknown === true) return givenValue(shape, path, ctx) ?? fake(shape, path, ctx);
  if (Array.isArray(unknown) && hasUnknown(unknown) && (shape.kind === "list" || shape.kind === "set" || shape.kind === "tuple")) {
    // A set's elements have no stable position: what the configuration gives replaces it whole.
    if (shape.kind === "set") {
      const given = givenValue(shape, path, ctx);
      if (given !== undefined) return given;
    }
    const values: Json[] = Array.isArray(value) ? value : [];
    return Array.from({ length: Math.max(values.length, unknown.length) }, (_, i) =>
      fill(values[i], unknown[i], shape.kind === "tuple" ? shape.elems![i] : shape.elem!, [...path, i], ctx));
  }
  if (unknown && typeof unknown === "object" && !Array.isArray(unknown) && hasUnknown(unknown) && (shape.kind === "object" || shape.kind === "map")) {
    const object: Json = value ?? {};
    const keys = shape.kind === "object" ? Object.keys(shape.attrs!) : [...new Set([...Object.keys(object), ...Object.keys(unknown)])];
    return Object.fromEntries(keys.map((k) => [k, fill(object[k], unknown[k], shape.kind === "object" ? shape.attrs![k] : shape.elem!, [...path, k], ctx)]));
  }
  return value === undefined ? emptyOf(shape) : value;
}

/** What an absent value is in state: an empty collection for nested blocks, else null. */
const emptyOf = (shape: Shape): unknown => (shape.block && (shape.kind === "list" || shape.kind === "set") ? [] : shape.block && shape.kind === "map" ? {} : null);

/** The configuration's value for an unknown (evaluated by the probe), else an updated instance's prior value. */
function givenValue(shape: Shape, path: Path, ctx: FakeContext): unknown {
  const probed = at(ctx.probe, path);
  if (probed !== undefined && probed !== null) return convert(probed, shape);
  const prior = at(ctx.prior, path);
  if (prior !== undefined && prior !== null) return prior;
  return undefined;
}

/** The value at a path; a one-element list stands for a single nested block written as a list. */
function at(value: Json, path: Path): Json {
  let v = value;
  for (const step of path) {
    if (v === undefined || v === null) return undefined;
    if (typeof step === "string" && Array.isArray(v)) v = v.length === 1 ? v[0] : undefined;
    v = v?.[step];
  }
  return v;
}

/** A value of the configuration converted to the attribute's type, as Terraform would. */
function convert(value: Json, shape: Shape): unknown {
  if (value === null || value === undefined) return emptyOf(shape);
  switch (shape.kind) {
    case "string": return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
    case "number": return typeof value === "number" ? value : Number(value);
    case "bool": return typeof value === "boolean" ? value : value === "true";
    case "list":
    case "set": return (Array.isArray(value) ? value : [value]).map((v) => convert(v, shape.elem!));
    case "tuple": return (value as Json[]).map((v, i) => convert(v, shape.elems![i]));
    case "map": return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, shape.elem!)]));
    case "object": {
      const object = Array.isArray(value) ? value[0] ?? {} : value;
      return Object.fromEntries(Object.entries(shape.attrs!).map(([k, s]) => [k, convert(object[k], s)]));
    }
    default: return value;
  }
}

/** Hex digits from the hash of account, Region, workspace, address, path and serial: fresh for every create and replace. */
function hexOf(ctx: FakeContext, path: Path, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += hash(ctx.account, ctx.region, ctx.workspace, ctx.address, JSON.stringify(path), String(ctx.serial), String(i));
  return out.slice(0, length);
}

const awsId = (prefix: string, ctx: FakeContext, path: Path) => `${prefix}-0${hexOf(ctx, path, 16)}`;
const zoneId = (ctx: FakeContext, path: Path) => `Z${hexOf(ctx, path, 20).toUpperCase()}`;
const uuid = (ctx: FakeContext, path: Path) => {
  const h = hexOf(ctx, path, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Id prefixes and ARN resource parts of the types the product uses (others get generic ones). */
const AWS_IDS: Record<string, { id?: string; arn?: (id: string, o: Json) => string; service?: string }> = {
  aws_vpc_endpoint: { id: "vpce", service: "ec2", arn: (id) => `vpc-endpoint/${id}` },
  aws_security_group: { id: "sg", service: "ec2", arn: (id) => `security-group/${id}` },
  aws_vpc_security_group_ingress_rule: { id: "sgr", service: "ec2", arn: (id) => `security-group-rule/${id}` },
  aws_vpc_security_group_egress_rule: { id: "sgr", service: "ec2", arn: (id) => `security-group-rule/${id}` },
  aws_vpclattice_service_network: { id: "sn", service: "vpc-lattice", arn: (id) => `servicenetwork/${id}` },
  aws_vpclattice_resource_gateway: { id: "rgw", service: "vpc-lattice", arn: (id) => `resourcegateway/${id}` },
  aws_vpclattice_resource_configuration: { id: "rcfg", service: "vpc-lattice", arn: (id) => `resourceconfiguration/${id}` },
  aws_vpclattice_service_network_resource_association: { id: "snra", service: "vpc-lattice", arn: (id) => `servicenetworkresourceassociation/${id}` },
  aws_vpclattice_service_network_vpc_association: { id: "snva", service: "vpc-lattice", arn: (id) => `servicenetworkvpcassociation/${id}` },
  aws_vpclattice_access_log_subscription: { id: "als", service: "vpc-lattice", arn: (id) => `accesslogsubscription/${id}` },
  aws_cloudwatch_log_group: { service: "logs", arn: (_id, o) => `log-group:${o.name}` },
  aws_route53profiles_profile: { id: "rp", service: "route53profiles", arn: (id) => `profile/${id}` },
  aws_route53profiles_association: { id: "rpassoc", service: "route53profiles", arn: (id) => `profile-association/${id}` },
  aws_route53profiles_resource_association: { id: "rpr", service: "route53profiles", arn: (id) => `profile-resource-association/${id}` },
};

/** The fake of a top-level attribute, which may read the instance's other attributes. */
function fakeTop(name: string, shape: Shape, ctx: FakeContext, o: Json): unknown {
  const path = [name];
  const t = ctx.type;
  const known = AWS_IDS[t];
  const arnOf = (resource: string, service = known?.service ?? t.split("_")[1]) => `arn:aws:${service}:${ctx.region}:${ctx.account}:${resource}`;
  if (t === "aws_route53_zone" && name === "zone_id") return zoneId(ctx, path);
  if (t === "aws_route53_zone" && name === "id") return o.zone_id ?? zoneId(ctx, ["zone_id"]);
  if (t === "aws_route53_zone" && name === "arn") return `arn:aws:route53:::hostedzone/${o.zone_id}`;
  if (t === "aws_ram_resource_share" && (name === "arn" || name === "id")) return arnOf(`resource-share/${uuid(ctx, ["arn"])}`, "ram");
  if (name === "id") {
    switch (t) {
      case "aws_cloudwatch_log_group": return o.name;
      case "aws_ram_principal_association": return `${o.resource_share_arn},${o.principal}`;
      case "aws_ram_resource_association": return `${o.resource_share_arn},${o.resource_arn}`;
      case "aws_ram_resource_share_accepter": return o.share_arn ?? arnOf(`resource-share/${uuid(ctx, path)}`, "ram");
      case "aws_route53_record": return `${o.zone_id}_${o.name}_${o.type}`;
      case "aws_route53_vpc_association_authorization":
      case "aws_route53_zone_association": return `${o.zone_id}:${o.vpc_id}`;
      case "aws_iam_role": return o.name;
      case "aws_iam_openid_connect_provider": return `arn:aws:iam::${ctx.account}:oidc-provider/${String(o.url ?? "").replace(/^https:\/\//, "")}`;
      default: return known?.id ? awsId(known.id, ctx, path) : `${t.replace(/^aws_/, "").replace(/_/g, "-")}-${hexOf(ctx, path, 17)}`;
    }
  }
  if (name === "arn") {
    if (t === "aws_iam_role") return `arn:aws:iam::${ctx.account}:role${o.path ?? "/"}${o.name}`;
    if (t === "aws_iam_policy") return `arn:aws:iam::${ctx.account}:policy${o.path ?? "/"}${o.name}`;
    if (t === "aws_iam_openid_connect_provider") return o.id;
    return arnOf(known?.arn ? known.arn(o.id, o) : `${t.replace(/^aws_[a-z0-9]+_/, "").replace(/_/g, "-")}/${o.id}`);
  }
  if (t === "aws_vpc_endpoint") {
    const subnets: string[] = [...(o.subnet_ids ?? [])].sort();
    if (name === "state") return "available"; // the product's postcondition: self.state == "available"
    if (name === "dns_entry") {
      const service = String(o.service_name ?? "").split(".").pop();
      return [{ dns_name: `${o.id}-${hexOf(ctx, path, 8)}.${service}.${ctx.region}.vpce.amazonaws.com`, hosted_zone_id: zoneId(ctx, [...path, "hosted_zone_id"]).slice(0, 14) }];
    }
    if (name === "network_interface_ids") return subnets.map((s) => awsId("eni", ctx, [...path, s]));
    if (name === "subnet_configuration") {
      return subnets.map((s) => {
        const h = hexOf(ctx, [...path, s], 4);
        return { subnet_id: s, ipv4: `10.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}.${10 + (parseInt(h, 16) % 200)}`, ipv6: null };
      });
    }
    if (name === "requester_managed") return false;
    if (name === "prefix_list_id" && o.vpc_endpoint_type !== "Gateway") return "";
  }
  if (t === "aws_vpclattice_service_network_resource_association" && name === "dns_entry") {
    const rcfg = String(o.resource_configuration_identifier ?? "").split("/").pop();
    return [{ domain_name: `${o.id}.${rcfg}.vpc-lattice-rsc.${ctx.region}.on.aws`, hosted_zone_id: zoneId(ctx, [...path, "hosted_zone_id"]).slice(0, 14) }];
  }
  if (t === "aws_vpclattice_access_log_subscription" && name === "resource_arn") {
    const id = String(o.resource_identifier ?? "");
    return id.startsWith("arn:") ? id : arnOf(`${id.startsWith("svc-") ? "service" : "servicenetwork"}/${id}`);
  }
  // The product's rules live in their own resources; Terraform removes a new group's default egress.
  if (t === "aws_security_group" && (name === "ingress" || name === "egress")) return [];
  // A new role has no inline policy yet (aws_iam_role_policy attaches it after), so none is recorded.
  if (t === "aws_iam_role" && name === "inline_policy") return [];
  if (t === "aws_iam_role" && name === "unique_id") return `AROA${hexOf(ctx, path, 17).toUpperCase()}`;
  if (name === "status" && t.startsWith("aws_route53profiles_")) return "COMPLETE";
  // What AWS says when the profile is created, before the RAM share: Terraform records that.
  if (name === "share_status" && t === "aws_route53profiles_profile") return "NOT_SHARED";
  return fake(shape, path, ctx);
}

/** A plausible value of a type, by the attribute's name where that says something. */
function fake(shape: Shape, path: Path, ctx: FakeContext): unknown {
  const name = String([...path].reverse().find((p) => typeof p === "string") ?? "");
  switch (shape.kind) {
    case "string": return fakeString(name, path, ctx);
    case "number": return 0;
    case "bool": return false;
    case "list":
    case "set":
      // One element of nested objects; lists of strings are empty unless the product indexes them.
      return shape.elem!.kind === "object" ? [fake(shape.elem!, [...path, 0], ctx)] : [];
    case "map": return {};
    case "object": return Object.fromEntries(Object.entries(shape.attrs!).map(([k, s]) => [k, fake(s, [...path, k], ctx)]));
    case "tuple": return shape.elems!.map((s, i) => fake(s, [...path, i], ctx));
    default: return null;
  }
}

function fakeString(name: string, path: Path, ctx: FakeContext): string {
  const service = AWS_IDS[ctx.type]?.service ?? ctx.type.split("_")[1];
  switch (name) {
    case "owner_id":
    case "created_by":
    case "account_id": return ctx.account;
    case "hosted_zone_id":
    case "zone_id": return zoneId(ctx, path);
    case "state": return "available";
    case "status": return "ACTIVE";
    case "service_region":
    case "region": return ctx.region;
    case "name_prefix":
    case "status_message": return "";
    case "log_group_class": return "STANDARD";
    case "primary_name_server": return `ns-${parseInt(hexOf(ctx, path, 3), 16) % 2048}.awsdns-${parseInt(hexOf(ctx, [...path, 1], 2), 16) % 64}.com`;
    case "policy": return JSON.stringify({ Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: "*" }] });
  }
  if (/(^|_)(date|time|timestamp)$|_at$/.test(name)) return "2025-01-01T00:00:00Z";
  if (name === "arn" || name.endsWith("_arn")) return `arn:aws:${service}:${ctx.region}:${ctx.account}:${name.replace(/_?arn$/, "").replace(/_/g, "-") || "resource"}/${hexOf(ctx, path, 17)}`;
  if (name === "security_group_rule_id") return awsId("sgr", ctx, path);
  if (name === "prefix_list_id") return awsId("pl", ctx, path);
  if (name.endsWith("_id") || name === "id") return awsId(name.replace(/_id$/, "").replace(/_/g, "-") || "id", ctx, path);
  return `${name.replace(/_/g, "-") || "value"}-${hexOf(ctx, path, 8)}`;
}

// ---------------------------------------------------------------------------------------------
// Plans and states: one root for all, split by module.

/** The combined root's state: every workspace's resources under `module.<workspace>`, its outputs as one object. */
function combinedState(names: readonly string[], states: ReadonlyMap<string, TfState | undefined>, serial: number): TfState {
  const resources: StateResource[] = [];
  const outputs: TfState["outputs"] = {};
  for (const n of names) {
    const s = states.get(n);
    for (const r of s?.resources ?? []) {
      resources.push({ ...r, module: r.module ? `module.${n}.${r.module}` : `module.${n}`, provider: `module.${n}.${r.provider}` });
    }
    if (s && Object.keys(s.outputs).length > 0) {
      outputs[n] = {
        value: Object.fromEntries(Object.entries(s.outputs).map(([k, o]) => [k, o.value])),
        type: ["object", Object.fromEntries(Object.entries(s.outputs).map(([k, o]) => [k, o.type]))],
        sensitive: true,
      };
    }
  }
  return { version: 4, terraform_version: "1.11.4", serial, lineage: lineageOf("\0root"), outputs, resources, check_results: null };
}

/** One workspace's state out of the combined one, as a root of its own would hold it; undefined if unchanged. */
function splitState(combined: TfState, n: string, config: Json, prior: TfState | undefined, serial: number): TfState | undefined {
  const prefix = `module.${n}`;
  const resources = combined.resources
    .filter((r) => r.module === prefix || r.module?.startsWith(`${prefix}.`))
    .map(({ module, ...r }) => ({
      ...(module !== prefix ? { module: module!.slice(prefix.length + 1) } : {}),
      ...r,
      provider: r.provider.startsWith(`${prefix}.`) ? r.provider.slice(prefix.length + 1) : r.provider,
      instances: r.instances.map((i) => (i.dependencies ? { ...i, dependencies: i.dependencies.map((d) => d.startsWith(`${prefix}.`) ? d.slice(prefix.length + 1) : d) } : i)),
    }));
  const wrapper = combined.outputs[n];
  const types = Array.isArray(wrapper?.type) && wrapper.type[0] === "object" ? wrapper.type[1] as Record<string, unknown> : {};
  const outputs: TfState["outputs"] = {};
  for (const k of Object.keys(types).sort()) {
    outputs[k] = { value: (wrapper!.value as Json)[k], type: types[k], ...(config.output?.[k]?.sensitive ? { sensitive: true } : {}) };
  }
  // Terraform writes check results in no fixed order: sorted, so that equal applies give equal bytes.
  const byAddress = (key: string) => (x: Json, y: Json) => (x[key] < y[key] ? -1 : x[key] > y[key] ? 1 : 0);
  const checks = (combined.check_results ?? []).flatMap((c: Json) => {
    const addr: string = c.config_addr ?? "";
    if (!addr.startsWith(`${prefix}.`)) return [];
    const strip = (a: string) => (a.startsWith(`${prefix}.`) ? a.slice(prefix.length + 1) : a);
    return [{ ...c, config_addr: strip(addr), objects: c.objects?.map((o: Json) => ({ ...o, object_addr: strip(o.object_addr) })).sort(byAddress("object_addr")) ?? null }];
  }).sort(byAddress("config_addr"));
  const body = { outputs, resources, check_results: checks.length > 0 ? checks : null };
  if (prior && JSON.stringify({ outputs: prior.outputs, resources: prior.resources, check_results: prior.check_results }) === JSON.stringify(body)) return undefined;
  return { version: 4, terraform_version: combined.terraform_version, serial, lineage: lineageOf(n), ...body };
}

/** One workspace's part of the combined plan, as its own root's plan: addresses, outputs and configuration. */
function workspacePlan(combined: CombinedPlan, n: string, config: Json): Plan {
  const prefix = `module.${n}.`;
  const strip = (a: string) => a.slice(prefix.length);
  const resource_changes = combined.resource_changes
    .filter((r) => r.address.startsWith(prefix))
    .map(({ module_address, ...r }) => ({
      ...r,
      address: strip(r.address),
      ...(module_address && module_address !== `module.${n}` ? { module_address: strip(module_address) } : {}),
      ...(r.previous_address ? { previous_address: strip(r.previous_address) } : {}),
    }));
  const wrapper = combined.output_changes?.[n];
  const output_changes: NonNullable<Plan["output_changes"]> = {};
  const outputs: NonNullable<Plan["planned_values"]["outputs"]> = {};
  for (const k of Object.keys(config.output ?? {}).sort()) {
    const before = wrapper?.before?.[k];
    const after = wrapper?.after?.[k];
    const after_unknown = wrapper?.after_unknown === true ? true : wrapper?.after_unknown?.[k] ?? false;
    const unknown = hasUnknown(after_unknown);
    const sensitive = Boolean(config.output[k].sensitive);
    const actions = before === undefined ? ["create"] : unknown || JSON.stringify(before) !== JSON.stringify(after) ? ["update"] : ["no-op"];
    Object.assign(output_changes, { [k]: { actions, before: before ?? null, after: after ?? null, after_unknown, before_sensitive: sensitive, after_sensitive: sensitive } });
    outputs[k] = unknown ? { sensitive } : { sensitive, value: after };
  }
  const child = (combined.planned_values?.root_module?.child_modules ?? []).find((m: Json) => m.address === `module.${n}`);
  return {
    resource_changes,
    planned_values: { outputs, root_module: child ?? {} } as Plan["planned_values"],
    output_changes,
    configuration: { root_module: combined.configuration?.root_module?.module_calls?.[n]?.module ?? {} },
  };
}

// ---------------------------------------------------------------------------------------------

/** `type.name["key"]` (or `[0]`, or no index), prefixed by its module inside the workspace if any. */
function instanceAddress(r: { type: string; name: string; module?: string }, key: string | number | undefined): string {
  const index = key === undefined ? "" : `[${JSON.stringify(key)}]`;
  return `${r.module ? `${r.module}.` : ""}${r.type}.${r.name}${index}`;
}

function hash(...parts: string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
