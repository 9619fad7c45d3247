/**
 * What Terraform will plan in each workspace when an estate moves from one synthesis to another,
 * worked out offline from the two Terraform JSON documents of every workspace, as Terraform works
 * it out against a state that holds the first:
 *
 * - an instance (for_each expanded) only in the new document is created, only in the old one deleted;
 * - an instance in both is replaced when an attribute that forces a new resource (changes/force-new.ts)
 *   changes, updated when another attribute does, and left alone otherwise;
 * - an attribute written as the same expression changes when what it reads changes: an instance of
 *   its workspace that is replaced (its id, ARN and DNS names are new), a local built from one, or an
 *   output of another workspace (`terraform_remote_state`) whose value changes when that workspace
 *   applies. Outputs are followed key by key (`endpoints["snowflake"]`), as Terraform evaluates them;
 * - a change of the provider's default tags updates every taggable instance (tags_all);
 * - the new document's `moved` blocks carry an old instance to its new address first (chains followed);
 * - `lifecycle.ignore_changes` is honoured.
 *
 * Workspaces are worked out upstream first, so that a dns record follows the hub's new Lattice
 * DNS name: the prediction of a workspace is its plan once the workspaces it reads have applied.
 */
import taggable from "../guard/taggable-types.json";
import {
  allStrings,
  block,
  declarations,
  isObject,
  localValues,
  providers,
  resources,
  strings,
  type Json,
  type JsonObject,
  type ResourceEntry,
  type TerraformJson,
} from "../guard/terraform-json";
import { forcesReplacement } from "./force-new";

export type Action = "create" | "update" | "replace" | "delete";

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: Action;
  /**
   * Why: the attribute paths that changed (for a replacement, those that force it), or
   * `default_tags`; for an attribute that reads something that changes, `<path> (reads <what>)`.
   */
  readonly because: readonly string[];
  /** The other workspaces whose changed outputs cause it: it follows their apply. */
  readonly follows: readonly string[];
}

/** Keys of a map-valued output (or local) whose values change; "all": the whole value. */
export type KeyChanges = "all" | ReadonlySet<string>;

export interface WorkspacePrediction {
  readonly name: string;
  /** Absent: the workspace is new. */
  readonly before?: TerraformJson;
  /** Absent: the workspace is gone from the output. */
  readonly after?: TerraformJson;
  /** Workspaces whose outputs it reads (terraform_remote_state), in the new document, else the old. */
  readonly reads: readonly string[];
  /** Every instance that changes, by address. */
  readonly changes: readonly ResourceChange[];
  /** Instances its state holds that `moved` blocks carry to a new address (then compared there). */
  readonly moves: readonly { readonly from: string; readonly to: string }[];
  /** Keyed outputs whose keys follow moved instances (a renamed endpoint): output → old key → new key. */
  readonly outputKeyMoves: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Outputs whose value changes when it applies: name → the keys that change. */
  readonly outputChanges: ReadonlyMap<string, KeyChanges>;
  /**
   * Outputs of other workspaces that it reads at a key they do not have before those apply:
   * planned before them, it fails ("Invalid index").
   */
  readonly missingKeys: readonly MissingKey[];
}

export interface MissingKey {
  readonly workspace: string;
  readonly output: string;
  readonly key: string;
}

/** Predicts every workspace of either side, in an order where a workspace comes after those it reads. */
export function predictChanges(before: ReadonlyMap<string, TerraformJson>, after: ReadonlyMap<string, TerraformJson>): WorkspacePrediction[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const readsOf = (name: string) => remoteStates(after.get(name) ?? before.get(name) ?? {});
  const done = new Map<string, WorkspacePrediction>();
  const visit = (name: string, path: readonly string[]): void => {
    if (done.has(name) || path.includes(name)) return;
    for (const upstream of readsOf(name)) if (names.includes(upstream)) visit(upstream, [...path, name]);
    done.set(name, predictWorkspace(name, before.get(name), after.get(name), done));
  };
  for (const name of names) visit(name, []);
  return [...done.values()];
}

/** The remote-state data sources of a document: the workspaces it reads. */
export function remoteStates(doc: TerraformJson): string[] {
  const data = doc.data;
  const reads = new Set<string>();
  for (const byType of Array.isArray(data) ? data : [data]) {
    if (isObject(byType) && isObject(byType.terraform_remote_state)) for (const name of Object.keys(byType.terraform_remote_state)) reads.add(name);
  }
  return [...reads].sort();
}

/** A side (old or new document) of one workspace, indexed once. */
class Side {
  readonly instances: ReadonlyMap<string, ResourceEntry>;
  /** Declared block (`type.name`) → its instance keys; `undefined` key: a block without for_each. */
  readonly blocks = new Map<string, (string | undefined)[]>();
  readonly locals: ReadonlyMap<string, Json>;
  readonly outputs: ReadonlyMap<string, Json>;
  readonly lifecycle = new Map<string, JsonObject>();

  /** `moves`: the other side's moved blocks, applied to this (older) side's addresses. */
  constructor(readonly doc: TerraformJson | undefined, moves: ReadonlyMap<string, string> = new Map()) {
    const all = (doc ? resources(doc) : []).map((r) => {
      const address = movedAddress(r.address, moves);
      return address === r.address ? r : { ...r, address, base: address.replace(/\[.*$/, "") };
    });
    this.instances = new Map(all.map((r) => [r.address, r]));
    for (const r of all) {
      const keys = this.blocks.get(r.base) ?? [];
      keys.push(r.address === r.base ? undefined : instanceKey(r.address));
      this.blocks.set(r.base, keys);
    }
    for (const d of doc ? declarations(doc) : []) {
      const lifecycle = block(d.body.lifecycle);
      if (lifecycle) this.lifecycle.set(d.base, lifecycle);
    }
    this.locals = doc ? localValues(doc) : new Map();
    this.outputs = new Map(Object.entries(isObject(doc?.output) ? doc.output : {})
      .map(([name, o]) => [name, isObject(o) ? o.value ?? null : null]));
  }

  /** Keys of a map-valued expression or literal, where they can be told (undefined: not a keyed map). */
  keysOf(value: Json, seen: ReadonlySet<string> = new Set()): Set<string> | undefined {
    if (isObject(value)) return new Set(Object.keys(value));
    if (typeof value !== "string") return undefined;
    const keys = new Set<string>();
    let keyed = false;
    for (const ref of references(value)) {
      if (ref.kind === "resource" && ref.key === undefined && this.blocks.has(ref.base) && /\bfor\s+\w+\s*,/.test(value)) {
        keyed = true;
        for (const k of this.blocks.get(ref.base)!) if (k !== undefined) keys.add(k);
      } else if (ref.kind === "local" && ref.key === undefined && this.locals.has(ref.name) && !seen.has(ref.name)) {
        const inner = this.keysOf(this.locals.get(ref.name)!, new Set([...seen, ref.name]));
        if (inner) {
          keyed = true;
          for (const k of inner) keys.add(k);
        }
      }
    }
    return keyed ? keys : undefined;
  }
}

const SIDES = new WeakMap<TerraformJson, Side>();
function sideOf(doc: TerraformJson | undefined): Side {
  if (!doc) return new Side(undefined);
  let side = SIDES.get(doc);
  if (!side) SIDES.set(doc, (side = new Side(doc)));
  return side;
}

/** The address `moved` blocks carry an instance to, following chains. */
function movedAddress(address: string, moves: ReadonlyMap<string, string>): string {
  let at = address;
  for (let hops = 0; moves.has(at) && hops <= moves.size; hops++) at = moves.get(at)!;
  return at;
}

/** A document's `moved` blocks: from → to. */
export function movesOf(doc: TerraformJson | undefined): Map<string, string> {
  const moved = doc?.moved;
  return new Map((Array.isArray(moved) ? moved : []).filter(isObject)
    .filter((m) => typeof m.from === "string" && typeof m.to === "string")
    .map((m) => [m.from as string, m.to as string]));
}

/** `type.name["key"]` → key. */
function instanceKey(address: string): string {
  return JSON.parse(address.slice(address.indexOf("["), address.length).slice(1, -1)) as string;
}

function predictWorkspace(name: string, beforeDoc: TerraformJson | undefined, afterDoc: TerraformJson | undefined,
  upstream: ReadonlyMap<string, WorkspacePrediction>): WorkspacePrediction {
  const moved = movesOf(afterDoc);
  const before = moved.size > 0 ? new Side(beforeDoc, moved) : sideOf(beforeDoc);
  const after = sideOf(afterDoc);
  const moves = beforeDoc ? resources(beforeDoc).map((r) => ({ from: r.address, to: movedAddress(r.address, moved) })).filter((m) => m.from !== m.to) : [];
  const reads = remoteStates(afterDoc ?? beforeDoc ?? {});
  if (!afterDoc) {
    // Gone from the output: nothing plans it (its resources are left as they are).
    return { name, before: beforeDoc, after: afterDoc, reads, changes: [], moves: [], outputKeyMoves: new Map(), outputChanges: new Map(), missingKeys: [] };
  }

  const changes = new Map<string, ResourceChange>();
  for (const address of before.instances.keys()) {
    if (!after.instances.has(address)) changes.set(address, { address, type: before.instances.get(address)!.type, action: "delete", because: [], follows: [] });
  }
  for (const [address, r] of after.instances) {
    if (!before.instances.has(address)) changes.set(address, { address, type: r.type, action: "create", because: [], follows: [] });
  }

  const tagsChanged = defaultTagsOf(beforeDoc) !== defaultTagsOf(afterDoc);
  const context: Context = { before, after, upstream, changes, moved };
  // Replacements propagate to what reads them: repeat until nothing more changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const [address, a] of after.instances) {
      const b = before.instances.get(address);
      if (!b) continue;
      const next = compare(b, a, context, tagsChanged);
      const known = changes.get(address);
      if (next && (!known || known.action !== next.action || known.because.join() !== next.because.join())) {
        changes.set(address, next);
        changed = true;
      }
    }
  }

  const missingKeys: MissingKey[] = [];
  for (const r of after.instances.values()) {
    for (const ref of allStrings(r.body).flatMap(references)) {
      if (ref.kind !== "remote" || ref.key === undefined) continue;
      const source = upstream.get(ref.workspace);
      if (!source) continue;
      const side = sideOf(source.before);
      const had = side.outputs.get(ref.output);
      const keys = had === undefined ? new Set<string>() : side.keysOf(had);
      if (source.before === undefined || (keys && !keys.has(ref.key))) {
        if (!missingKeys.some((m) => m.workspace === ref.workspace && m.output === ref.output && m.key === ref.key)) {
          missingKeys.push({ workspace: ref.workspace, output: ref.output, key: ref.key });
        }
      }
    }
  }

  return {
    name,
    before: beforeDoc,
    after: afterDoc,
    reads,
    changes: [...changes.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0)),
    moves,
    outputKeyMoves: outputKeyMoves(after, moves),
    outputChanges: outputChanges(context),
    missingKeys,
  };
}

interface Context {
  readonly before: Side;
  readonly after: Side;
  readonly upstream: ReadonlyMap<string, WorkspacePrediction>;
  readonly changes: ReadonlyMap<string, ResourceChange>;
  /** The new document's moved blocks (from → to). */
  readonly moved: ReadonlyMap<string, string>;
}

const MERGED = /merge\(([^()]*)\)\[("(?:[^"\\]|\\.)*")\]/g;
const INSTANCE_REF = new RegExp(String.raw`(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)\[("(?:[^"\\]|\\.)*")\]`, "g");
const REMOTE_KEYED = new RegExp(String.raw`data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)\[("(?:[^"\\]|\\.)*")\]`, "g");

/**
 * An expression as it reads after the change, so that two that read the same instances compare
 * equal: on the old side, references follow the moved blocks (and another workspace's output keys
 * follow its moves); on both, `merge(a, b)["k"]` is whichever of a, b has the instance k.
 */
function canonical(text: string, old: boolean, ctx: Context): string {
  if (!text.includes("${")) return text;
  const side = old ? ctx.before : ctx.after;
  let out = text.replace(MERGED, (whole, args: string, key: string) => {
    const k = JSON.parse(key) as string;
    const owner = args.split(",").map((a) => a.trim()).find((a) => side.blocks.get(a)?.includes(k));
    return owner ? `${owner}[${key}]` : whole;
  });
  if (old) {
    out = out.replace(INSTANCE_REF, (whole, base: string, key: string) => {
      const to = ctx.moved.get(`${base}[${key}]`);
      return to ?? whole;
    });
    out = out.replace(REMOTE_KEYED, (whole, workspace: string, output: string, key: string) => {
      const to = ctx.upstream.get(workspace)?.outputKeyMoves.get(output)?.get(JSON.parse(key) as string);
      return to === undefined ? whole : `data.terraform_remote_state.${workspace}.outputs.${output}[${JSON.stringify(to)}]`;
    });
  }
  return out;
}

/** A flattened leaf (JSON text) made canonical where it is an expression. */
function canonicalLeaf(leaf: string | undefined, old: boolean, ctx: Context): string | undefined {
  if (leaf === undefined || !leaf.includes("${")) return leaf;
  const walk = (v: Json): Json => (typeof v === "string" ? canonical(v, old, ctx)
    : Array.isArray(v) ? v.map(walk)
    : isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v);
  return JSON.stringify(walk(JSON.parse(leaf) as Json));
}

/** Meta-arguments: not attributes of the object. */
const META = new Set(["//", "provider", "lifecycle", "depends_on", "for_each", "count", "provisioner", "connection", "timeouts"]);

function compare(b: ResourceEntry, a: ResourceEntry, ctx: Context, tagsChanged: boolean): ResourceChange | undefined {
  const ignored = strings(block(a.body.lifecycle)?.ignore_changes);
  const keep = (path: string) => !ignored.some((i) => path === i || path.startsWith(`${i}.`) || path.startsWith(`${i}[`));
  const old = flatten(b.body);
  const now = flatten(a.body);
  const key = a.address === a.base ? undefined : instanceKey(a.address);
  const changed: { path: string; because: string }[] = [];
  const follows = new Set<string>();
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    if (!keep(path)) continue;
    const o = canonicalLeaf(old.get(path), true, ctx);
    const n = canonicalLeaf(now.get(path), false, ctx);
    if (o !== n) {
      changed.push({ path, because: path });
    } else if (typeof n === "string") {
      const read = changedRead(JSON.parse(n) as Json, key, ctx);
      if (read) {
        changed.push({ path, because: `${path} (reads ${read.what})` });
        if (read.workspace) follows.add(read.workspace);
      }
    }
  }
  const make = (action: Action, because: string[]): ResourceChange => ({ address: a.address, type: a.type, action, because, follows: [...follows].sort() });
  const forcing = changed.filter((c) => forcesReplacement(a.type, blockPath(c.path)));
  if (forcing.length > 0) return make("replace", forcing.map((c) => c.because));
  if (changed.length > 0) return make("update", changed.map((c) => c.because));
  if (tagsChanged && TAGGABLE.has(a.type)) return make("update", ["default_tags"]);
  return undefined;
}

const TAGGABLE: ReadonlySet<string> = new Set(taggable.types);

/** A path without list indexes, as the force-new table names attributes: `a[0].b[1]` → `a.b`. */
function blockPath(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

/** Leaf path → JSON of its value. Nested blocks (arrays of objects) and maps are descended; lists of scalars are leaves. */
function flatten(body: JsonObject): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: Json, path: string) => {
    if (isObject(value)) {
      const entries = Object.entries(value).filter(([k]) => path !== "" || !META.has(k));
      if (entries.length === 0 && path !== "") out.set(path, "{}");
      for (const [k, v] of entries) walk(v, path === "" ? k : `${path}.${k}`);
    } else if (Array.isArray(value) && value.length > 0 && value.every(isObject)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else {
      out.set(path, JSON.stringify(value));
    }
  };
  walk(body, "");
  return out;
}

interface Read {
  /** What it reads that changes: an address, a local, or another workspace's output. */
  readonly what: string;
  /** The other workspace, when it is an output of one. */
  readonly workspace?: string;
}

/** What a value written the same way on both sides reads that changes; undefined if nothing. */
function changedRead(value: Json, ownKey: string | undefined, ctx: Context): Read | undefined {
  for (const ref of allStrings(value).flatMap(references)) {
    const read = changedReference(ref, ownKey, ctx, new Set());
    if (read) return read;
  }
  return undefined;
}

function changedReference(ref: Reference, ownKey: string | undefined, ctx: Context, seen: ReadonlySet<string>): Read | undefined {
  switch (ref.kind) {
    case "resource": {
      for (const address of instancesRead(ref.base, ref.key ?? ownKey, ref.key !== undefined, ctx)) {
        const c = ctx.changes.get(address);
        if (c && (c.action === "replace" || c.action === "delete" || (c.action === "create" && ref.key === undefined && ownKey === undefined))) return { what: address };
      }
      return undefined;
    }
    case "local": {
      if (seen.has(ref.name)) return undefined;
      const now = ctx.after.locals.get(ref.name);
      const old = ctx.before.locals.get(ref.name);
      if (now === undefined) return undefined;
      const at = (v: Json | undefined) => (ref.key !== undefined && isObject(v) ? v[ref.key] : v);
      if (JSON.stringify(at(old)) !== JSON.stringify(at(now))) return { what: `local.${ref.name}` };
      if (typeof now !== "string") return undefined;
      for (const inner of references(now)) {
        // Inside a keyed local (`{ for name, zone in aws_route53_zone.z : name => zone.zone_id }`), the key picks the instance.
        const read = changedReference(inner, ref.key ?? ownKey, ctx, new Set([...seen, ref.name]));
        if (read) return read;
      }
      return undefined;
    }
    case "remote": {
      const changed = ctx.upstream.get(ref.workspace)?.outputChanges.get(ref.output);
      if (!changed) return undefined;
      if (changed === "all" || (ref.key === undefined ? changed.size > 0 : changed.has(ref.key))) {
        return { what: `${ref.workspace}'s output ${ref.output}${ref.key === undefined ? "" : `["${ref.key}"]`}`, workspace: ref.workspace };
      }
      return undefined;
    }
  }
}

function isSingle(base: string, ctx: Context): boolean {
  const keys = ctx.after.blocks.get(base) ?? ctx.before.blocks.get(base) ?? [];
  return keys.length === 1 && keys[0] === undefined;
}

/**
 * The instances a reference to `base` reads: the block's only instance; the instance at an index;
 * from an instance, a whole-block reference reads the instance of its own key, if any (the product
 * writes them as `[for vpc, group in … : group.id if vpc == each.key]`); elsewhere every instance.
 */
function instancesRead(base: string, key: string | undefined, indexed: boolean, ctx: Context): string[] {
  const keys = [...new Set([...(ctx.before.blocks.get(base) ?? []), ...(ctx.after.blocks.get(base) ?? [])])];
  if (keys.length === 1 && keys[0] === undefined) return [base];
  if (key !== undefined) return indexed || keys.includes(key) ? [`${base}[${JSON.stringify(key)}]`] : [];
  return keys.map((k) => (k === undefined ? base : `${base}[${JSON.stringify(k)}]`));
}

/** For each output keyed by a block's instances (`{ for name, x in <block> : name => … }`), its keys that moved. */
function outputKeyMoves(after: Side, moves: readonly { from: string; to: string }[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [name, value] of after.outputs) {
    if (typeof value !== "string") continue;
    const block = /\bfor\s+\w+\s*,\s*\w+\s+in\s+([a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)\s*:/.exec(value)?.[1];
    if (!block) continue;
    const keys = new Map<string, string>();
    for (const m of moves) {
      const from = m.from.startsWith(`${block}[`) ? instanceKey(m.from) : undefined;
      const to = m.to.startsWith(`${block}[`) ? instanceKey(m.to) : undefined;
      if (from !== undefined && to !== undefined && from !== to) keys.set(from, to);
    }
    if (keys.size > 0) out.set(name, keys);
  }
  return out;
}

/** Outputs whose value changes, key by key. */
function outputChanges(ctx: Context): Map<string, KeyChanges> {
  const out = new Map<string, KeyChanges>();
  for (const [name, now] of ctx.after.outputs) {
    const old = ctx.before.outputs.get(name);
    if (old === undefined || JSON.stringify(old) !== JSON.stringify(now)) {
      out.set(name, "all");
      continue;
    }
    const keys = valueKeyChanges(now, ctx, new Set());
    if (keys === "all" || keys.size > 0) out.set(name, keys);
  }
  return out;
}

/** The keys of a map-valued expression (the same on both sides) whose values change. */
function valueKeyChanges(value: Json, ctx: Context, seen: ReadonlySet<string>): KeyChanges {
  if (typeof value !== "string") return new Set();
  const keys = new Set<string>();
  for (const ref of references(value)) {
    if (ref.kind === "resource") {
      if (ref.key !== undefined || isSingle(ref.base, ctx)) {
        if (changedReference(ref, undefined, ctx, seen)) return "all";
        continue;
      }
      for (const address of instancesRead(ref.base, undefined, false, ctx)) {
        const c = ctx.changes.get(address);
        if (c && c.action !== "update") keys.add(instanceKey(address));
      }
    } else if (ref.kind === "local") {
      if (seen.has(ref.name)) continue;
      const now = ctx.after.locals.get(ref.name);
      const old = ctx.before.locals.get(ref.name);
      if (isObject(now) || isObject(old)) {
        const o = isObject(old) ? old : {};
        const n = isObject(now) ? now : {};
        for (const k of new Set([...Object.keys(o), ...Object.keys(n)])) if (JSON.stringify(o[k]) !== JSON.stringify(n[k])) keys.add(k);
        continue;
      }
      if (JSON.stringify(now) !== JSON.stringify(old)) return "all";
      if (now === undefined) continue;
      const inner = valueKeyChanges(now, ctx, new Set([...seen, ref.name]));
      if (inner === "all") return "all";
      for (const k of inner) keys.add(k);
    } else if (changedReference(ref, undefined, ctx, seen)) {
      return "all";
    }
  }
  return keys;
}

type Reference =
  | { readonly kind: "resource"; readonly base: string; readonly key?: string }
  | { readonly kind: "local"; readonly name: string; readonly key?: string }
  | { readonly kind: "remote"; readonly workspace: string; readonly output: string; readonly key?: string };

const KEY = String.raw`(?:\[("(?:[^"\\]|\\.)*")\])?`;
const REMOTE = new RegExp(String.raw`data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)${KEY}`, "g");
const LOCAL = new RegExp(String.raw`(?<![\w.])local\.([A-Za-z_][A-Za-z0-9_-]*)${KEY}`, "g");
// A resource type has an underscore; each, self, var, local, data, path and loop variables have none.
const RESOURCE = new RegExp(String.raw`(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)${KEY}`, "g");

/** The references of an expression: resources, locals and other workspaces' outputs, with a literal key where indexed. */
function references(text: string): Reference[] {
  if (!text.includes("${")) return [];
  const known = REFERENCES.get(text);
  if (known) return known;
  const refs: Reference[] = [];
  const key = (k: string | undefined) => (k === undefined ? undefined : (JSON.parse(k) as string));
  for (const m of text.matchAll(REMOTE)) refs.push({ kind: "remote", workspace: m[1], output: m[2], key: key(m[3]) });
  for (const m of text.matchAll(LOCAL)) refs.push({ kind: "local", name: m[1], key: key(m[2]) });
  for (const m of text.matchAll(RESOURCE)) {
    if (m[1] !== "terraform_remote_state") refs.push({ kind: "resource", base: `${m[1]}.${m[2]}`, key: key(m[3]) });
  }
  if (REFERENCES.size > 100_000) REFERENCES.clear();
  REFERENCES.set(text, refs);
  return refs;
}

/** Thousands of instances share a few expressions (the record of every VPC reads the same output). */
const REFERENCES = new Map<string, Reference[]>();

/** The default tags of a document's providers, as one comparable string. */
function defaultTagsOf(doc: TerraformJson | undefined): string {
  return JSON.stringify(doc ? providers(doc).map((p) => p.body.default_tags ?? null) : []);
}
