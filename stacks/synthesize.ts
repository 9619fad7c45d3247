/**
 * The one synth path: topology → estate → one cdktf stack per workspace → `manifest.json` and
 * `stacks/<stack>/cdk.tf.json` in an output directory. `main.ts`, every script and the tests use it.
 */
import { App } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { estateOf, type Estate } from "../config/estate";
import { judgeSynthesized } from "../guard/check-output";
import type { Finding, Rule } from "../guard/rule";
import type { Topology } from "../config/topology";
import { stateDirectoryProblem } from "../output/places";
import { OutputRefused, publishOutput } from "../output/publish";
import { existingWorkspaces, vanishedWorkspacesProblem, workspacesOf } from "../output/vanished-workspaces";
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
  /** The rules the output is judged by. @default RULES, the rule pack of docs/rules.md */
  readonly rules?: readonly Rule[];
  /**
   * Workspaces of the earlier output that may leave it although their state may still hold
   * resources (`--forget`): without it, synth refuses to drop a workspace not known to be empty
   * (output/vanished-workspaces.ts).
   * @default []
   */
  readonly forget?: readonly string[];
}

export interface Synthesized {
  readonly estate: Estate;
  /** The workspaces, in deploy order. */
  readonly stacks: readonly WorkspaceStack[];
  /** The rule pack's findings (docs/rules.md): warnings, and errors only with keepGoingOnFindings. */
  readonly findings: readonly Finding[];
}

export function synthesize(topology: Topology, outdir: string, options: SynthOptions = {}): Synthesized {
  useLeanSynth();
  const estate = estateOf(topology);
  const build = (dir: string): Synthesized => {
    // Nobody reads stack traces in construct metadata; they only cost time.
    const app = new App({ outdir: dir, stackTraces: false });
    const stacks = addWorkspaces(app, estate, { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR });
    app.synth();
    // The rule pack (docs/rules.md): an error finding stops the synth before anything is published.
    const findings = judgeSynthesized(dir, estate, estate.workspaces.map((w) => w.name), { rules: options.rules, keepGoing: options.keepGoingOnFindings });
    return { estate, stacks, findings };
  };
  const names = estate.workspaces.map((w) => w.name);
  // A renamed spoke's earlier workspace leaves the output, its state staying with the new one.
  const kept = [...names, ...estate.workspaces.flatMap((w) => w.formerNames)];
  if (options.direct) {
    // Another tool owns the directory (the cdktf CLI): judge the workspaces it already holds.
    const problem = vanishedWorkspacesProblem(outdir, existingWorkspaces(outdir), kept, options.forget);
    if (problem) throw new OutputRefused("synth", resolve(outdir), problem);
    return build(outdir);
  }
  // Local state lives at <output>/../state: never inside the output, never the project itself.
  const problem = topology.backend.type === "local" ? stateDirectoryProblem(outdir) : undefined;
  if (problem) throw new OutputRefused("synth", resolve(outdir), problem);
  let result: Synthesized | undefined;
  publishOutput(outdir, "synth", (staging) => {
    result = build(staging);
  }, { vetRemovals: (dir, removed) => vanishedWorkspacesProblem(dir, workspacesOf(removed), kept, options.forget) });
  return result!;
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
