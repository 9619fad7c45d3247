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
import { filesUnder, OutputRefused, publishOutput } from "../output/publish";
import { existingWorkspaces, vanishedWorkspacesProblem, workspacesOf } from "../output/vanished-workspaces";
import { addWorkspaces } from "./app";
import { synthesizeInMemory } from "./in-memory-synth";
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
  const names = estate.workspaces.map((w) => w.name);
  // A renamed spoke's earlier workspace leaves the output, its state staying with the new one.
  const kept = [...names, ...estate.workspaces.flatMap((w) => w.formerNames)];
  if (options.direct) {
    // Another tool owns the directory (the cdktf CLI): cdktf writes into it, and the rule pack judges what it wrote.
    const problem = vanishedWorkspacesProblem(outdir, existingWorkspaces(outdir), kept, options.forget);
    if (problem) throw new OutputRefused("synth", resolve(outdir), problem);
    const app = newApp(outdir);
    const stacks = addWorkspaces(app, estate, stateOf(topology));
    app.synth();
    return { estate, stacks, findings: judge(outdir, estate, options) };
  }
  // Local state lives at <output>/../state: never inside the output, never the project itself.
  const problem = topology.backend.type === "local" ? stateDirectoryProblem(outdir) : undefined;
  if (problem) throw new OutputRefused("synth", resolve(outdir), problem);
  const { files, stacks } = synthesizeFiles(estate, topology);
  // The rule pack (docs/rules.md): an error finding stops the synth before anything is published.
  const findings = judge(files, estate, options);
  publishOutput(outdir, "synth", files,
    { vetRemovals: (dir, removed) => vanishedWorkspacesProblem(dir, workspacesOf(removed), kept, options.forget) });
  return { estate, stacks, findings };
}

/** The Terraform JSON of every workspace, in deploy order, synthesized without writing anything. */
export function synthesizeJson(topology: Topology, options: Omit<SynthOptions, "direct" | "forget"> = {}): { estate: Estate; json: ReadonlyMap<string, unknown> } {
  useLeanSynth();
  const estate = estateOf(topology);
  const { files } = synthesizeFiles(estate, topology);
  judge(files, estate, options);
  return { estate, json: new Map(estate.workspaces.map((w) => [w.name, JSON.parse(files.get(workspaceFile(w.name))!)])) };
}

/** A synthesized workspace's Terraform JSON, parsed. */
export function readWorkspaceJson(outdir: string, workspace: string): unknown {
  return JSON.parse(readFileSync(join(outdir, workspaceFile(workspace)), "utf8"));
}

const workspaceFile = (workspace: string) => `stacks/${workspace}/cdk.tf.json`;

// Nobody reads stack traces in construct metadata; they only cost time.
const newApp = (outdir: string) => new App({ outdir, stackTraces: false });

const stateOf = (topology: Topology) => ({ backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR });

function judge(output: string | ReadonlyMap<string, string>, estate: Estate, options: Pick<SynthOptions, "rules" | "keepGoingOnFindings">): Finding[] {
  return judgeSynthesized(output, estate, estate.workspaces.map((w) => w.name), { rules: options.rules, keepGoing: options.keepGoingOnFindings });
}

/**
 * Every file cdktf's synth writes (`manifest.json`, `stacks/<stack>/cdk.tf.json`), relative path →
 * text: built in memory (stacks/in-memory-synth.ts), or by cdktf itself into a scratch directory when
 * that cannot be (its outdir holds nothing else; cdktf creates it with the App).
 */
function synthesizeFiles(estate: Estate, topology: Topology): { files: Map<string, string>; stacks: WorkspaceStack[] } {
  const scratch = mkdtempSync(join(tmpdir(), "lattice-synth-"));
  try {
    const app = newApp(scratch);
    const stacks = addWorkspaces(app, estate, stateOf(topology));
    let files = synthesizeInMemory(app);
    if (!files) {
      app.synth();
      files = new Map([...filesUnder(scratch)].map(([path, data]) => [path, data.toString("utf8")]));
    }
    return { files, stacks };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
