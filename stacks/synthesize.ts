/**
 * The one synth path: topology → estate → one cdktf stack per workspace → `manifest.json` and
 * `stacks/<stack>/cdk.tf.json` in an output directory. `main.ts`, every script and the tests use it.
 */
import { App } from "cdktf";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { estateOf, type Estate } from "../config/estate";
import { FindingsError, judgeSynthesized } from "../guard/check-output";
import { hasErrors } from "../guard/engine";
import type { Finding, Rule } from "../guard/rule";
import type { Topology } from "../config/topology";
import { stateDirectoryProblem } from "../output/places";
import { OutputRefused, publishOutput } from "../output/publish";
import { existingWorkspaces, vanishedWorkspacesProblem, workspacesOf } from "../output/vanished-workspaces";
import { addWorkspaces } from "./app";
import { useLeanSynth } from "./runtime";
import { stateSettingsOf } from "./state";
import { synthesizeWorkspaceFiles } from "./workspace-files";

export interface SynthOptions {
  /**
   * Write straight into the output directory, which another tool owns (the cdktf CLI's
   * CDKTF_OUTDIR, or a test's temporary directory). Otherwise the output is built in memory and published
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
  /** The rule pack's findings (docs/rules.md): warnings, and errors only with keepGoingOnFindings. */
  readonly findings: readonly Finding[];
}

export function synthesize(topology: Topology, outdir: string, options: SynthOptions = {}): Synthesized {
  useLeanSynth();
  const estate = estateOf(topology);
  const names = estate.workspaces.map((w) => w.name);
  // A renamed spoke's earlier workspace leaves the output, its state staying with the new one.
  const kept = [...names, ...estate.workspaces.flatMap((w) => w.formerNames)];
  if (options.direct) {
    // Another tool owns the directory (the cdktf CLI): cdktf writes into it, and the rule pack judges what it wrote.
    const problem = vanishedWorkspacesProblem(outdir, existingWorkspaces(outdir), kept, options.forget);
    if (problem) throw new OutputRefused("synth", resolve(outdir), problem);
    const app = new App({ outdir, stackTraces: false });
    addWorkspaces(app, estate, stateSettingsOf(topology));
    app.synth();
    return { estate, findings: verdict(judgeSynthesized(outdir, estate, names, { rules: options.rules, keepGoing: true }), options) };
  }
  // Local state lives at <output>/../state: never inside the output, never the project itself.
  const problem = topology.backend.type === "local" ? stateDirectoryProblem(outdir) : undefined;
  if (problem) throw new OutputRefused("synth", resolve(outdir), problem);
  const { files, findings } = synthesizeWorkspaceFiles(estate, topology, options);
  // The rule pack (docs/rules.md): an error finding stops the synth before anything is published.
  verdict(findings, options);
  publishOutput(outdir, "synth", files,
    { vetRemovals: (dir, removed) => vanishedWorkspacesProblem(dir, workspacesOf(removed), kept, options.forget) });
  return { estate, findings };
}

/** The Terraform JSON of every workspace, in deploy order, synthesized without writing anything. */
export function synthesizeJson(topology: Topology, options: Omit<SynthOptions, "direct" | "forget"> = {}): { estate: Estate; json: ReadonlyMap<string, unknown> } {
  useLeanSynth();
  const estate = estateOf(topology);
  const { files, findings } = synthesizeWorkspaceFiles(estate, topology, options);
  verdict(findings, options);
  return { estate, json: new Map(estate.workspaces.map((w) => [w.name, JSON.parse(files.get(workspaceFile(w.name))!)])) };
}

/** A synthesized workspace's Terraform JSON, parsed. */
export function readWorkspaceJson(outdir: string, workspace: string): unknown {
  return JSON.parse(readFileSync(join(outdir, workspaceFile(workspace)), "utf8"));
}

const workspaceFile = (workspace: string) => `stacks/${workspace}/cdk.tf.json`;

/** The findings, unless one is an error and the options do not keep going: then FindingsError. */
function verdict(findings: Finding[], options: Pick<SynthOptions, "keepGoingOnFindings">): Finding[] {
  if (hasErrors(findings) && !options.keepGoingOnFindings) throw new FindingsError(findings);
  return findings;
}
