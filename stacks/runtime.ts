/**
 * Synth-time settings of the cdktf runtime.
 *
 * cdktf captures a full stack trace for every token it creates, to quote in its own error messages
 * about misused tokens. For a large estate that is over half of the synth time and of the memory
 * (500 spokes, measured here: 7.3 s and 320 MB with them, 3.2 s and 170 MB without), and with tsx
 * each trace is also mapped through source maps. The output is the same either way, and a test
 * fails when this stops applying (a cdktf release that moves the module).
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";

const STACK_TRACE_MODULE = "cdktf/lib/tokens/private/stack-trace";

/** Switches token stack traces off; returns whether it could (false: another cdktf layout, only slower). */
export function useLeanSynth(): boolean {
  process.setSourceMapsEnabled(false);
  // CDK Terrain (cdktf's fork, see README) has a switch of its own for the same traces; cdktf ignores it.
  process.env.CDKTN_DISABLE_CREATION_STACK ??= "1";
  try {
    // Internal module of cdktf 0.21: tokens call it through its exports object, so replacing it works.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stackTrace = require(STACK_TRACE_MODULE) as { captureStackTrace: () => string[] };
    stackTrace.captureStackTrace = () => [];
    return true;
  } catch {
    return false;
  }
}

type Merge = (target: object, ...sources: object[]) => object;

/** cdktf's own deep merge (arrays concatenated, `undefined` deletes), or undefined under another layout. */
const cdktfMerge: Merge | undefined = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("cdktf/lib/util") as { deepMerge?: Merge }).deepMerge;
  } catch {
    return undefined;
  }
})();

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** A string cdktf's resolve would change: one holding a string, list or map token, or a token-encoded number. */
const TOKEN_IN_STRING = /TfToken\[|[-|\d|.+]+e[-|\d|.|e|E|+]/;

/**
 * cdktf's resolve, walking plain data itself and handing cdktf only what may hold a token: strings
 * with a token marker, token-encoded numbers, objects with a token among their keys, arrays of list
 * tokens, and anything that is not a plain object or array (tokens, iterators, class instances).
 * Plain subtrees come back as they are, without the `undefined` members resolve drops. cdktf's resolve
 * of plain data is only the same resolve of each member (no context passes down through plain
 * objects), so the result is the same; most of a workspace is plain data (the provider's hundred
 * unset arguments, the literal for_each maps), and that was most of the resolve's time.
 */
function resolvePlain(value: unknown, resolve: (v: unknown) => unknown): unknown {
  switch (typeof value) {
    case "string":
      return TOKEN_IN_STRING.test(value) ? resolve(value) : value;
    case "number":
      return Token.isUnresolved(value) ? resolve(value) : value;
    case "object":
      break;
    default:
      return value;
  }
  if (value === null) return value;
  if (Array.isArray(value)) {
    // A list token, or a token-encoded number (a number list token): cdktf resolves such an array as a whole.
    if (value.some((v) => (typeof v === "string" && v.includes("TfToken[")) || (typeof v === "number" && Token.isUnresolved(v)))) return resolve(value);
    const out: unknown[] = [];
    for (const v of value) if (v !== undefined) out.push(resolvePlain(v, resolve));
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype || Tokenization.isResolvable(value)) return resolve(value);
  const keys = Object.keys(value);
  if (keys.some((k) => TOKEN_IN_STRING.test(k))) return resolve(value);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = resolvePlain(v, resolve);
  }
  return out;
}

function elementsOf(scope: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(scope)) into.push(scope);
  for (const child of scope.node.children) if (!TerraformStack.isStack(child)) elementsOf(child, into);
  return into;
}

/**
 * A stack's Terraform JSON as cdktf 0.21's `TerraformStack.toTerraform` builds it, with one resolve
 * of each element instead of two: cdktf resolves every element, merges them with the stack's raw
 * overrides, then resolves the whole document again, though only the overrides can still hold
 * tokens. Here each element is resolved once (without the `undefined` members it would drop:
 * the provider's hundred unset arguments cost more to resolve than everything it sets), and only
 * the top-level blocks the overrides touch are resolved again, the same way (resolvePlain). For 1,000 spokes that second pass
 * was a fifth of toTerraform. Undefined under another cdktf layout (the caller falls back to
 * cdktf's); __tests__/stacks/runtime.test.ts holds the output identical to cdktf's own.
 */
export function leanToTerraform(stack: TerraformStack): Record<string, unknown> | undefined {
  if (!cdktfMerge) return undefined;
  const internals = stack as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
  const overrides = internals.rawOverrides;
  const resolve = <T>(value: T): T => Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER }) as T;
  const metadata: Record<string, unknown> = {
    version: internals.cdktfVersion,
    stackName: stack.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(overrides).length > 0 ? { overrides: { stack: Object.keys(overrides) } } : {}),
  };
  const elements = elementsOf(stack);
  for (const e of elements) cdktfMerge(metadata, resolvePlain(e.toMetadata(), resolve) as object);
  const outputs: Record<string, unknown> = {};
  for (const e of elements) {
    if (!TerraformOutput.isTerraformOutput(e)) continue;
    cdktfMerge(outputs, e.node.path.split("/").reduceRight<Record<string, unknown>>(
      (inner, part) => (Object.keys(inner).length === 0 ? { [part]: e.friendlyUniqueId } : { [part]: inner }), {}));
  }
  const tf: Record<string, unknown> = { "//": { metadata, outputs } };
  for (const e of elements) cdktfMerge(tf, resolvePlain(e.toTerraform(), resolve) as object);
  cdktfMerge(tf, overrides);
  // The second resolve, where tokens may remain: "//" (cdktf resolves it too: `cloud: undefined` goes) and the overridden blocks.
  for (const key of ["//", ...Object.keys(overrides)]) {
    if (!(key in tf)) continue;
    const value = resolvePlain(tf[key], resolve);
    if (value === undefined) delete tf[key];
    else tf[key] = value;
  }
  return tf;
}
