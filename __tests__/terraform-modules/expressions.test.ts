/**
 * The modules' HCL versions of awsName and of the port-range functions give what the TypeScript
 * gives, on hundreds of random and adversarial inputs, evaluated by Terraform itself: one root
 * module of outputs only (no provider), applied once.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { awsName, NAME_RULES, type AwsNameRules } from "../../config/aws-names";
import { formatPortRange, parsePortEntry, portRanges } from "../../config/ports";
import { ITEM_NAME, TOPOLOGY_NAME } from "../../config/rules";
import { awsNameExpression } from "../../terraform-modules/names";
import {
  mergedPortRangesExpression,
  normalizedPortEntryExpression,
  portEntriesDisjoint,
  portEntriesValid,
} from "../../terraform-modules/ports";
import { propertyParams } from "../support/fast-check";
import { terraform } from "../support/terraform";

const ARITIES = [1, 2, 3, 4] as const;
const RULES = Object.entries(NAME_RULES) as [string, AwsNameRules][];

// ---------------------------------------------------------------------------------------------
// Inputs.

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789-".split("");
const fromChars = (chars: string[], minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...chars), { minLength, maxLength }).map((c) => c.join(""));
/** What the topology accepts as names: a-z, 0-9 and - in any order (double, leading, trailing hyphens too). */
const topologyName = fromChars(LOWER, 3, 24).filter((s) => TOPOLOGY_NAME.test(s));
const itemName = fromChars(LOWER, 2, 20).filter((s) => ITEM_NAME.test(s));
const vpcId = fc.oneof(fc.stringMatching(/^vpc-[0-9a-f]{17}$/), fc.stringMatching(/^vpc-[0-9a-f]{8}$/));
/** Beyond the topology: any printable ASCII, upper case and punctuation included. */
const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const adversarial = fc.constantFrom(
  "---", "-", "sg-", "sg-x", "sn-prod", "rcfg-abc", "rgw-gw", "a--b", "-ab", "ab-", "0abc", "123",
  "a".repeat(24), "b".repeat(20), "sg--x", "SG-X", "Ab_C.d", "privatelink.snowflakecomputing.com", "*.trace", "",
);
const part = fc.oneof({ weight: 3, arbitrary: topologyName }, { weight: 3, arbitrary: itemName },
  { weight: 1, arbitrary: vpcId }, { weight: 2, arbitrary: adversarial }, { weight: 2, arbitrary: ascii });

/** Port entries that the topology accepts, crowded into a few places so that ranges touch and overlap. */
const port = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 65500, max: 65535 }), fc.integer({ min: 1, max: 65535 }));
const validEntry = fc.oneof(
  port.map(String),
  fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
  fc.integer({ min: 1, max: 9999 }).map((p) => `0${p}`),
  fc.constantFrom("1-65535", "65535", "1", "443-443"),
);
const anyEntry = fc.oneof(validEntry, fc.constantFrom("0", "65536", "443-80", "80-", "-80", "1-2-3", "abc", "", " 443", "99999", "0-0"));

// ---------------------------------------------------------------------------------------------

interface Cases {
  names: Record<string, string[][]>;
  portLists: string[][];
  entries: string[];
}

function cases(numRuns: number, seed: number): Cases {
  const names: Record<string, string[][]> = {};
  RULES.forEach(([rule], i) => ARITIES.forEach((n) => {
    names[`${rule}_${n}`] = fc.sample(fc.array(part, { minLength: n, maxLength: n }), { numRuns, seed: seed + 31 * i + n });
  }));
  return {
    names,
    portLists: fc.sample(fc.array(validEntry, { maxLength: 8 }), { numRuns: numRuns * 2, seed: seed + 1 }),
    entries: fc.sample(anyEntry, { numRuns: numRuns * 2, seed: seed + 2 }),
  };
}

/** A root module: the cases as variables, and each HCL function applied to every case as an output. */
function rootModule(c: Cases) {
  const variable: Record<string, unknown> = {};
  const output: Record<string, { value: string }> = {};
  RULES.forEach(([rule, rules]) => ARITIES.forEach((n) => {
    const key = `${rule}_${n}`;
    variable[key] = { type: "list(list(string))" };
    const parts = Array.from({ length: n }, (_, i) => `c[${i}]`);
    output[key] = { value: `\${[for c in var.${key} : ${awsNameExpression(parts, rules)}]}` };
  }));
  variable.port_lists = { type: "list(list(string))" };
  variable.entries = { type: "list(string)" };
  output.merged = { value: `\${[for l in var.port_lists : ${mergedPortRangesExpression("l")}]}` };
  output.valid = { value: `\${[for p in var.entries : ${portEntriesValid("[p]")}]}` };
  output.normalized = { value: `\${[for p in var.entries : ${portEntriesValid("[p]")} ? ${normalizedPortEntryExpression("p")} : null]}` };
  output.disjoint = { value: `\${[for l in var.port_lists : ${portEntriesDisjoint("l")}]}` };
  return {
    main: { variable, output },
    tfvars: { ...c.names, port_lists: c.portLists, entries: c.entries },
  };
}

const { numRuns, seed } = propertyParams(100);
const input = cases(numRuns, seed);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let evaluated: Record<string, any>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "lattice-hcl-functions-"));
  try {
    const { main, tfvars } = rootModule(input);
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(main));
    writeFileSync(join(dir, "terraform.tfvars.json"), JSON.stringify(tfvars));
    await terraform(dir, ["init", "-input=false", "-no-color"]);
    await terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    const outputs = JSON.parse(await terraform(dir, ["output", "-json"])) as Record<string, { value: unknown }>;
    evaluated = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

/** Case by case: the input, what TypeScript gives and what Terraform gives, so a failure names its input. */
function compare<I, O>(inputs: I[], actual: unknown[], expected: (i: I) => O) {
  expect(inputs.length).toBeGreaterThan(0);
  expect(actual).toHaveLength(inputs.length);
  const rows = inputs.map((i, n) => ({ input: i, terraform: actual[n], typescript: expected(i) }));
  expect(rows.filter((r) => !isDeepStrictEqual(r.terraform, r.typescript))).toEqual([]);
}

describe.each(RULES)("awsName with the %s rules", (rule, rules) => {
  test.each(ARITIES)("with %i part(s): the HCL gives the same name", (n) => {
    const key = `${rule}_${n}`;
    compare(input.names[key], evaluated[key], (parts) => awsName(parts, rules));
  });
});

test("the cases include adjusted names of each kind (hashed for length, characters, reserved prefixes)", () => {
  const all = RULES.flatMap(([rule, rules]) => ARITIES.flatMap((n) => input.names[`${rule}_${n}`].map((p) => [p, rules] as const)));
  const adjusted = all.filter(([p, r]) => awsName(p, r) !== p.join("-"));
  expect(adjusted.length).toBeGreaterThan(all.length / 10);
  expect(all.some(([p, r]) => r.reservedPrefix && p.join("-").startsWith(r.reservedPrefix))).toBe(true);
  expect(all.some(([p, r]) => p.join("-").length > r.maxLength)).toBe(true);
});

test("merged port ranges: the HCL gives mergePortRanges, formatted like formatPortRange", () => {
  compare(input.portLists, evaluated.merged, (entries) =>
    portRanges(entries).map((r) => ({ from_port: r.from, to_port: r.to, ports: formatPortRange(r) })));
  // Merging happened: some list has fewer ranges than entries.
  expect(input.portLists.some((l) => portRanges(l).length < l.length)).toBe(true);
});

test("port entries: the HCL accepts and normalizes exactly what parsePortEntry does", () => {
  compare(input.entries, evaluated.valid, (e) => parsePortEntry(e) !== undefined);
  compare(input.entries, evaluated.normalized, (e) => { const r = parsePortEntry(e); return r ? formatPortRange(r) : null; });
  expect(input.entries.some((e) => parsePortEntry(e) === undefined)).toBe(true);
});

test("overlap: the HCL rejects exactly the lists the topology validator rejects", () => {
  const disjoint = (entries: string[]) => {
    const ranges = entries.map((e) => parsePortEntry(e)!);
    return ranges.every((a, i) => ranges.every((b, j) => i === j || a.to < b.from || b.to < a.from));
  };
  compare(input.portLists, evaluated.disjoint, disjoint);
  expect(input.portLists.some((l) => !disjoint(l))).toBe(true);
  expect(input.portLists.some((l) => l.length > 1 && disjoint(l))).toBe(true);
});
