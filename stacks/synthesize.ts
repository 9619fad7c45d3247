/**
 * The one synth path: topology → estate → one cdktf stack per workspace → `manifest.json` and
 * `stacks/<stack>/cdk.tf.json` in an output directory. `main.ts`, every script and the tests use it.
 */
import { App } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { estateOf, type Estate } from "../config/estate";
import type { Topology } from "../config/loader";
import { stateDirectoryProblem } from "../output/places";
import { OutputRefused, publishOutput } from "../output/publish";
import { addWorkspaces } from "./app";
import { useLeanSynth } from "./runtime";
import { LOCAL_STATE_DIR } from "./state";
import type { WorkspaceStack } from "./workspace-stack";

export interface SynthOptions {
  /**
   * Write straight into the output directory, which another tool owns (the cdktf CLI's
   * CDKTF_OUTDIR, or a test's temporary directory). Otherwise the output is staged and published
   * safely (output/publish.ts): only into an empty directory or this command's own earlier output,
   * file by file, atomically, keeping every file it did not write.
   * @default false
   */
  readonly direct?: boolean;
  /** Write the output even when the rule pack finds errors (npm run check lists them). @default false */
  readonly keepGoingOnFindings?: boolean;
}

export interface Synthesized {
  readonly estate: Estate;
  /** The workspaces, in deploy order. */
  readonly stacks: readonly WorkspaceStack[];
}

export function synthesize(topology: Topology, outdir: string, options: SynthOptions = {}): Synthesized {
  useLeanSynth();
  const estate = estateOf(topology);
  const build = (dir: string) => withFindingsKept(options.keepGoingOnFindings ?? false, () => {
    // Nobody reads stack traces in construct metadata; they only cost time.
    const app = new App({ outdir: dir, stackTraces: false });
    const built = addWorkspaces(app, estate, { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR });
    app.synth();
    return built;
  });
  if (options.direct) return { estate, stacks: build(outdir) };
  // Local state lives at <output>/../state: never inside the output, never the project itself.
  const problem = topology.backend.type === "local" ? stateDirectoryProblem(outdir) : undefined;
  if (problem) throw new OutputRefused("synth", resolve(outdir), problem);
  let stacks: WorkspaceStack[] = [];
  publishOutput(outdir, "synth", (staging) => {
    stacks = build(staging);
  });
  return { estate, stacks };
}

/** The Terraform JSON of every workspace, in deploy order, synthesized without writing anything the caller sees. */
export function synthesizeJson(topology: Topology, options: Omit<SynthOptions, "direct"> = {}): { estate: Estate; json: ReadonlyMap<string, unknown> } {
  const outdir = mkdtempSync(join(tmpdir(), "lattice-json-"));
  try {
    const { estate } = synthesize(topology, outdir, { ...options, direct: true });
    return { estate, json: new Map(estate.workspaces.map((w) => [w.name, readWorkspaceJson(outdir, w.name)])) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A synthesized workspace's Terraform JSON, parsed. */
export function readWorkspaceJson(outdir: string, workspace: string): unknown {
  return JSON.parse(readFileSync(join(outdir, "stacks", workspace, "cdk.tf.json"), "utf8"));
}

/** cdktf reads this switch when each stack is constructed. */
function withFindingsKept<T>(keep: boolean, build: () => T): T {
  const name = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";
  const before = process.env[name];
  if (keep) process.env[name] = "1";
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}
