/**
 * Synthesizes a topology object with the project's own app wiring (stacks/app.ts), exactly as
 * `npm run synth` writes it, and compares workspaces at the level of Terraform addresses.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { validateTopology } from "../../../config/loader";
import { synthesize } from "../../../stacks/synthesize";
import { blocks, isObject, resources, type TerraformJson } from "../../../guard/terraform-json";

export const ROOT = join(__dirname, "../../..");

/** A topology file as a plain object, for tests to change. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readTopology(file: string): any {
  return parse(readFileSync(join(ROOT, file), "utf8"));
}

/** Every workspace's cdk.tf.json, by stack name, as `npm run synth` would write it. */
export function synthWorkspaces(input: unknown, keepDir?: (dir: string) => void): Record<string, TerraformJson> {
  const { topology } = validateTopology(input);
  const outdir = mkdtempSync(join(tmpdir(), "guard-synth-"));
  try {
    // Guard annotations must not abort: the tests look at findings themselves.
    synthesize(topology, outdir, { direct: true, keepGoingOnFindings: true });
    keepDir?.(outdir);
    const stacks = readdirSync(join(outdir, "stacks"));
    return Object.fromEntries(stacks.map((s) => [s, JSON.parse(readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8")) as TerraformJson]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every addressable block (resource instance, data source, provider, output) → its JSON, without cdktf's "//" metadata. */
export function addressed(doc: TerraformJson): Map<string, string> {
  const out = new Map<string, string>();
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!isObject(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "//").map(([k, x]) => [k, strip(x)]));
  };
  // Instance level, as Terraform plans them: a literal for_each becomes `type.name["key"]` entries.
  for (const r of [...resources(doc, "managed"), ...resources(doc, "data")]) out.set(r.address, JSON.stringify(strip(r.body)));
  for (const byName of blocks(doc.provider)) {
    for (const [name, configs] of Object.entries(byName)) {
      for (const c of blocks(configs)) out.set(`provider.${name}${typeof c.alias === "string" ? `.${c.alias}` : ""}`, JSON.stringify(c));
    }
  }
  for (const [name, body] of Object.entries(isObject(doc.output) ? doc.output : {})) out.set(`output.${name}`, JSON.stringify(strip(body)));
  out.set("terraform", JSON.stringify(strip(doc.terraform)));
  return out;
}

export interface WorkspaceDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

export function diffWorkspace(before: TerraformJson, after: TerraformJson): WorkspaceDiff {
  const a = addressed(before);
  const b = addressed(after);
  return {
    added: [...b.keys()].filter((k) => !a.has(k)).sort(),
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
    changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).sort(),
  };
}

export interface Impact {
  readonly addedWorkspaces: string[];
  readonly removedWorkspaces: string[];
  /** Workspaces present in both whose JSON differs, with the differing addresses. */
  readonly changed: Record<string, WorkspaceDiff>;
}

export function impact(before: Record<string, TerraformJson>, after: Record<string, TerraformJson>): Impact {
  const changed: Record<string, WorkspaceDiff> = {};
  for (const stack of Object.keys(after).filter((s) => s in before)) {
    const d = diffWorkspace(before[stack], after[stack]);
    if (d.added.length + d.removed.length + d.changed.length > 0) changed[stack] = d;
  }
  return {
    addedWorkspaces: Object.keys(after).filter((s) => !(s in before)).sort(),
    removedWorkspaces: Object.keys(before).filter((s) => !(s in after)).sort(),
    changed,
  };
}

/** The kind of an address: its resource type (`data.x.y` → `data.x`), or `provider` / `output` / `terraform`. */
export function kindOf(address: string): string {
  if (address.startsWith("provider.")) return "provider";
  if (address.startsWith("output.")) return "output";
  if (address.startsWith("data.")) return address.split(".").slice(0, 2).join(".");
  return address.split(".")[0];
}
