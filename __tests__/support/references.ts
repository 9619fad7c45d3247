/**
 * Which resource instance references which, read from synthesized Terraform JSON: each instance of
 * a literal for_each (inline or through a local) with `each.key` / `each.value.<field>` resolved inside its expressions, so a
 * test can say "the ingress rule of endpoint snowflake targets the security group of snowflake".
 */
import { forEachOf, localValues } from "../../guard/terraform-json";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export interface Instance {
  /** `type.name["key"]`, or `type.name` without for_each. */
  readonly address: string;
  readonly key?: string;
  readonly value?: Any;
  /** The body as written, without for_each. */
  readonly body: Record<string, Any>;
}

/** The instances of every resource of `type` (every declaration of that type). */
export function instancesOf(json: Any, type: string): Instance[] {
  const byName: Record<string, Record<string, Any>> = json.resource?.[type] ?? {};
  const locals = localValues(json);
  return Object.entries(byName).flatMap(([name, decl]) => {
    const { for_each: _written, ...body } = decl;
    const forEach: Any = forEachOf(decl, locals);
    const base = `${type}.${name}`;
    if (forEach === undefined) return [{ address: base, body }];
    if (typeof forEach !== "object" || forEach === null || Array.isArray(forEach)) throw new Error(`${base}: for_each is not a literal map`);
    return Object.entries(forEach).map(([key, value]) => ({ address: `${base}[${JSON.stringify(key)}]`, key, value, body }));
  });
}

/** An attribute of an instance with `each.*` resolved: `${aws_x.y[each.key].id}` → `${aws_x.y["k"].id}`. */
export function attribute(instance: Instance, path: string): Any {
  let v: Any = instance.body;
  for (const part of path.split(".")) v = Array.isArray(v) ? v[Number(part)] : v?.[part];
  return resolve(v, instance);
}

export function resolve(v: Any, instance: Instance): Any {
  if (typeof v === "string") return resolveString(v, instance);
  if (Array.isArray(v)) return v.map((x) => resolve(x, instance));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, instance)]));
  return v;
}

const EACH = /each\.(key|value)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g;

function resolveString(s: string, instance: Instance): Any {
  const eachOf = (kind: string, fields: string): Any => {
    if (kind === "key") return instance.key;
    let v = instance.value;
    for (const f of fields.split(".").filter(Boolean)) v = v?.[f];
    return v;
  };
  const whole = /^\$\{each\.(key|value)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}$/.exec(s);
  if (whole) return eachOf(whole[1], whole[2]);
  // Inside an interpolation: an index `[each.x]` becomes `["literal"]`; elsewhere a template's text.
  return s.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => {
    const indexed = expr.replace(/\[(each\.(?:key|value)(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\]/g, (_i, ref: string) => {
      const m = /^each\.(key|value)(.*)$/.exec(ref)!;
      return `[${JSON.stringify(eachOf(m[1], m[2]))}]`;
    });
    if (/^each\.(key|value)/.test(indexed.trim()) && EACH.test(indexed)) {
      EACH.lastIndex = 0;
      const m = /^each\.(key|value)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(indexed.trim());
      if (m) return String(eachOf(m[1], m[2]));
    }
    return `\${${indexed}}`;
  });
}
