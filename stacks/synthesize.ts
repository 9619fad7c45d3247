/**
 * The one synth path: topology → estate → one cdktf stack per workspace → `manifest.json` and
 * `stacks/<stack>/cdk.tf.json` in an output directory. `main.ts`, every script and the tests use it.
 */
import { App } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { estateOf, type Estate } from "../config/estate";
import type { Topology } from "../config/loader";
import { addWorkspaces } from "./app";
import { useLeanSynth } from "./runtime";
import { LOCAL_STATE_DIR } from "./state";
import type { WorkspaceStack } from "./workspace-stack";

export interface SynthOptions {
  /**
   * Write straight into the output directory, which another tool owns (the cdktf CLI's
   * CDKTF_OUTDIR). Otherwise the output is staged and then published (output/).
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
  const staging = options.direct ? outdir : mkdtempSync(join(tmpdir(), "lattice-synth-"));
  try {
    const stacks = withFindingsKept(options.keepGoingOnFindings ?? false, () => {
      // Nobody reads stack traces in construct metadata; they only cost time.
      const app = new App({ outdir: staging, stackTraces: false });
      const built = addWorkspaces(app, estate, { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR });
      app.synth();
      return built;
    });
    if (!options.direct) publish(staging, outdir);
    return { estate, stacks };
  } finally {
    if (!options.direct) rmSync(staging, { recursive: true, force: true });
  }
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

function publish(staging: string, outdir: string): void {
  // Interim: replaced by output/'s safe publication.
  const { cpSync } = require("node:fs") as typeof import("node:fs");
  rmSync(outdir, { recursive: true, force: true });
  cpSync(staging, outdir, { recursive: true });
}
