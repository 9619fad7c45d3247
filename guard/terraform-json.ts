/**
 * The one reader of Terraform JSON configuration (`cdk.tf.json`, `*.tf.json`) for the rule pack,
 * the deploy policies (iam/) and the tests.
 *
 * The rules must work on output from any source, including hand-edited or hostile files, so
 * nothing here trusts the shape: every accessor tolerates missing keys, wrong types and both
 * JSON forms Terraform accepts for blocks (a single object or an array of objects).
 */

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

/** A parsed Terraform JSON document; the top-level keys the rules read. */
export interface TerraformJson {
  readonly provider?: Json;
  readonly resource?: Json;
  readonly data?: Json;
  readonly terraform?: Json;
  readonly [key: string]: Json | undefined;
}

/** A resource or data block as declared, before for_each expansion. */
export interface Declaration {
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** `type.name` or `data.type.name`: what references (`${type.name.attr}`) point at, whatever the instance. */
  readonly base: string;
  readonly body: JsonObject;
}

/** One instance of a declaration. */
export interface ResourceEntry extends Declaration {
  /** Terraform address of the instance: `type.name`, `type.name["key"]` (for_each) or `data.type.name`. */
  readonly address: string;
  /** The instance's body, with `each.key` / `each.value` substituted when for_each is a literal. */
  readonly body: JsonObject;
}

export interface ProviderEntry {
  /** Local provider name, e.g. `aws`. */
  readonly name: string;
  readonly alias: string | undefined;
  /** `aws.hub`, or `aws` for the default configuration. */
  readonly ref: string;
  /** Where findings point: `provider.aws.hub`. */
  readonly address: string;
  readonly body: JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A block as Terraform JSON allows it: an object, or an array of objects. Non-objects are dropped. */
export function blocks(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first block of a nested block attribute (cdktf writes single blocks as one-element arrays). */
export function block(value: unknown): JsonObject | undefined {
  return blocks(value)[0];
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Strings of a list attribute; a scalar string counts as a one-element list. */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** true / "true" (Terraform JSON converts strings to bool where the schema says bool). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** A string that contains a Terraform interpolation, so its value is only known at plan/apply. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Every resource (or data) block as written, one entry per block whatever its for_each. */
export function declarations(doc: TerraformJson, mode: "managed" | "data" = "managed"): Declaration[] {
  const root = mode === "managed" ? doc.resource : doc.data;
  const out: Declaration[] = [];
  // JSON syntax also allows `resource: [ {...}, {...} ]`; merge them.
  for (const byType of blocks(root)) {
    for (const [type, byName] of Object.entries(byType)) {
      for (const named of blocks(byName)) {
        for (const [name, body] of Object.entries(named)) {
          const base = mode === "managed" ? `${type}.${name}` : `data.${type}.${name}`;
          for (const b of blocks(body)) out.push({ mode, type, name, base, body: b });
        }
      }
    }
  }
  return out;
}

/** Every resource instance (or data source): declarations with a literal for_each expanded. */
export function resources(doc: TerraformJson, mode: "managed" | "data" = "managed", locals: ReadonlyMap<string, Json> = localValues(doc)): ResourceEntry[] {
  return declarations(doc, mode).flatMap((d) => instances(d, locals));
}

/** Every local value of the document (JSON syntax allows `locals` as an object or a list of them). */
export function localValues(doc: TerraformJson): ReadonlyMap<string, Json> {
  return new Map(blocks(doc.locals).flatMap((b) => Object.entries(b)));
}

const LOCAL_REFERENCE = /^\$\{\s*local\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/;

/**
 * A block's for_each as a literal where it is one: written inline, or `${local.<name>}` of a local
 * whose value is literal (the stacks write every literal map that way). Anything else: as written.
 */
export function forEachOf(body: JsonObject, locals: ReadonlyMap<string, Json>): Json | undefined {
  const forEach = body.for_each;
  const name = typeof forEach === "string" ? LOCAL_REFERENCE.exec(forEach)?.[1] : undefined;
  return name !== undefined && locals.has(name) ? locals.get(name) : forEach;
}

export function providers(doc: TerraformJson): ProviderEntry[] {
  const out: ProviderEntry[] = [];
  for (const byName of blocks(doc.provider)) {
    for (const [name, configs] of Object.entries(byName)) {
      for (const body of blocks(configs)) {
        const alias = str(body.alias);
        const ref = alias ? `${name}.${alias}` : name;
        out.push({ name, alias, ref, address: `provider.${ref}`, body });
      }
    }
  }
  return out;
}

/** The provider configuration a resource uses: its `provider` meta-argument, or the default one. */
export function providerRefOf(entry: Declaration): string {
  return str(entry.body.provider) ?? providerNameOf(entry.type);
}

/** Terraform's implied local provider name: the resource type up to the first underscore. */
export function providerNameOf(type: string): string {
  const i = type.indexOf("_");
  return i < 0 ? type : type.slice(0, i);
}

/**
 * The instances of a resource. A literal for_each (an object, a list of strings, or cdktf's
 * `${toset([...])}` of string literals, inline or through a local) is expanded so
 * that rules see each instance's values: an attribute written `${each.value.vpc_id}` becomes that
 * instance's vpc_id. Anything else (count, a for_each expression) stays one entry, as written.
 */
function instances({ mode, type, name, base, body }: Declaration, locals: ReadonlyMap<string, Json>): ResourceEntry[] {
  const forEach = forEachOf(body, locals);
  let pairs: [string, Json][] | undefined;
  const list = Array.isArray(forEach) ? forEach : literalList(forEach);
  if (isObject(forEach)) pairs = Object.entries(forEach);
  else if (list && list.every((v) => typeof v === "string")) pairs = [...new Set(list as string[])].map((v) => [v, v]);
  if (!pairs) return [{ mode, type, name, address: base, base, body }];
  const { for_each: _forEach, ...rest } = body;
  return pairs.map(([key, value]) => ({
    mode, type, name, base,
    address: `${base}[${JSON.stringify(key)}]`,
    body: substituteEach(rest, key, value) as JsonObject,
  }));
}

/**
 * The elements of a literal list expression as cdktf writes list iterators:
 * `${toset(["a", "b"])}` or `${["a", "b"]}` (instances() takes it only if all are strings).
 * Anything that is not such a literal: undefined.
 */
function literalList(value: unknown): Json[] | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{\s*(?:toset\(\s*(\[[^\]]*\])\s*\)|(\[[^\]]*\]))\s*\}$/.exec(value);
  if (!m) return undefined;
  try {
    const parsed: unknown = JSON.parse(m[1] ?? m[2]);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined; // an element that is an expression, not a literal
  }
}

const EACH_WHOLE = /^\$\{each\.(key|value)((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\}$/;
/** `each.key` or `each.value.a.b` inside a larger expression. */
const EACH_TRAVERSAL = /(?<![\w.])each\.(key|value)((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)/g;

type Scalar = string | number | boolean;
const isScalar = (v: Json | undefined): v is Scalar => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function eachLookup(which: string, fields: string, key: string, eachValue: Json): Json | undefined {
  if (which === "key") return key;
  let v: Json | undefined = eachValue;
  if (fields === "") return v;
  for (const field of fields.split(".")) if (field) v = isObject(v) ? v[field] : undefined;
  return v;
}

function substituteEach(value: Json, key: string, eachValue: Json): Json {
  if (typeof value === "string") {
    // Nothing below can match without "each." (the common case): the string stays as it is.
    if (!value.includes("each.")) return value;
    const m = EACH_WHOLE.exec(value);
    if (m) {
      const v = eachLookup(m[1], m[2], key, eachValue);
      return v === undefined ? value : v;
    }
    // Inside a longer string, only scalars: `"clients-${each.key}"` becomes text, and
    // `${aws_security_group.g[each.value.vpc].id}` a literal index, so the instance it names is known.
    return value.replace(INTERPOLATION, (segment, inner: string) => {
      const single = EACH_WHOLE.exec(`\${${inner.trim()}}`);
      if (single) {
        const v = eachLookup(single[1], single[2], key, eachValue);
        return isScalar(v) ? String(v) : segment;
      }
      return `\${${inner.replace(EACH_TRAVERSAL, (traversal, which: string, fields: string) => {
        const v = eachLookup(which, fields, key, eachValue);
        return isScalar(v) ? JSON.stringify(v) : traversal;
      })}}`;
    });
  }
  // Arrays and objects are copied only where something was substituted: the rest of a body (tags,
  // metadata) is shared by all instances instead of being rebuilt for each.
  if (Array.isArray(value)) {
    const out = value.map((v) => substituteEach(v, key, eachValue));
    return out.some((v, i) => v !== value[i]) ? out : value;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    let changed = false;
    for (const entry of entries) {
      const v = substituteEach(entry[1], key, eachValue);
      if (v !== entry[1]) {
        entry[1] = v;
        changed = true;
      }
    }
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/** Every string inside a value (deep), for reference scanning. */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (isObject(value)) Object.values(value).forEach((v) => allStrings(v, out));
  return out;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const TRAVERSAL = /(?<![\w.])([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/**
 * Managed-resource addresses (`type.name`) referenced from inside `${...}` interpolations of a
 * value, e.g. "${aws_security_group.gateway.id}" → ["aws_security_group.gateway"]. Only addresses
 * of resources present in `known` are returned, so `self.state` or `var.x` never match.
 */
export function referencedAddresses(value: unknown, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const s of allStrings(value)) {
    for (const [, expr] of s.matchAll(INTERPOLATION)) {
      for (const [, type, name] of expr.matchAll(TRAVERSAL)) {
        const address = `${type}.${name}`;
        if (known.has(address)) found.add(address);
      }
    }
  }
  return [...found];
}

/** The lifecycle block of a resource (an object in cdktf output; tolerate the array form). */
export function lifecycleOf(entry: ResourceEntry): JsonObject | undefined {
  return block(entry.body.lifecycle);
}

/** A string with something other than whitespace in it. */
export function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}
