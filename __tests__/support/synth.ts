import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { App, Testing } from "cdktf";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { estateOf } from "../../config/estate";
import { forEachOf, localValues, type JsonObject } from "../../guard/terraform-json";
import { addWorkspaces } from "../../stacks/app";
import { LOCAL_STATE_DIR } from "../../stacks/state";
import type { WorkspaceStack } from "../../stacks/workspace-stack";

export const PROJECT_ROOT = resolve(__dirname, "../..");
export const EXAMPLES = readdirSync(join(PROJECT_ROOT, "examples"))
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

export const exampleTopology = (file: string): Topology => loadTopologyFile(join(PROJECT_ROOT, "examples", file)).topology;

/** `npm run synth` as a user runs it: the app, on a topology file, into `outdir`. */
export function synthCli(configFile: string, outdir: string, extraEnv: NodeJS.ProcessEnv = {}, extraArgs: readonly string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, LATTICE_CONFIG: configFile, ...extraEnv };
  delete env.CDKTF_OUTDIR;
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts", "--output", outdir, ...extraArgs], {
    cwd: PROJECT_ROOT,
    env,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The stacks of a topology in memory, prepared as a full synth would. */
export function synthStacks(input: unknown): Record<string, WorkspaceStack> {
  const { topology } = validateTopology(input);
  const app: App = Testing.app();
  const stacks = addWorkspaces(app, estateOf(topology), { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR });
  stacks.forEach((s) => s.prepareStack());
  return Object.fromEntries(stacks.map((s) => [s.node.id, s]));
}

/** A stack's Terraform JSON, parsed. */
export function stackJson(stack: WorkspaceStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

export const readStackJson = (outdir: string, stack: string): TerraformJson =>
  JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;

export interface TerraformJson {
  provider?: { aws?: Record<string, unknown>[] };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  terraform?: Record<string, unknown>;
}

/** Every resource as [type, name, body]. */
/**
 * The document with each resource's for_each as the literal it iterates over: the stacks write a
 * literal map once, as a local, and point for_each at it (modules/expressions.ts keyedIterator).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withForEachInlined<T extends Record<string, any>>(json: T): T {
  const locals = localValues(json);
  const resource = Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, byName]) => [type,
    Object.fromEntries(Object.entries(byName as Record<string, JsonObject>).map(([name, body]) =>
      [name, body.for_each === undefined ? body : { ...body, for_each: forEachOf(body, locals) }]))]));
  return { ...json, resource };
}

export function resources(json: TerraformJson): [string, string, Record<string, unknown>][] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => [type, name, body] as [string, string, Record<string, unknown>]),
  );
}
