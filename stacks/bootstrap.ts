/**
 * `npm run bootstrap`: the workspaces that come before the product's. One `identity-<account id>`
 * per account that a deploy role lives in, creating the roles with exactly the policies `npm run iam`
 * computes from the product's synthesized workspaces, and with identity type hcp-terraform the
 * `hcp` workspace. Same backend settings as the product's workspaces.
 */
import { App } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { estateOf, runRoles, type Estate } from "../config/estate";
import type { Topology } from "../config/topology";
import { judgeSynthesized } from "../guard/check-output";
import { deployRoles, type DeployRole } from "../iam/deploy-policies";
import { stateDirectoryProblem } from "../output/places";
import { OutputRefused, publishOutput } from "../output/publish";
import { existingWorkspaces, vanishedWorkspacesProblem, workspacesOf } from "../output/vanished-workspaces";
import { HcpStack } from "./hcp-stack";
import { IdentityStack } from "./identity-stack";
import { useLeanSynth } from "./runtime";
import { LOCAL_STATE_DIR, type StateSettings } from "./state";
import { readWorkspaceJson, synthesizeJson } from "./synthesize";

export const BOOTSTRAP_OUTPUT = "cdktf.out.bootstrap";

/** The deploy role of every (account, role) of the product's workspaces: `npm run iam`'s and bootstrap's one source. */
export function productDeployRoles(topology: Topology): DeployRole[] {
  const { estate, json } = synthesizeJson(withRetiringSpokesActive(topology));
  return deployRoles(Object.fromEntries(json), runRoles(estate));
}

/**
 * A retiring spoke's workspace declares nothing, yet its apply destroys what it held: its role
 * keeps the permissions of the spoke it was, so policies are computed as if it were active.
 */
function withRetiringSpokesActive(topology: Topology): Topology {
  if (!topology.spokes.some((s) => s.retired)) return topology;
  return { ...topology, spokes: topology.spokes.map((s) => ({ ...s, retired: false })) };
}

export interface Bootstrapped {
  readonly estate: Estate;
  /** The workspaces written, in apply order: the identity workspaces, then hcp. */
  readonly workspaces: readonly string[];
}

/**
 * Writes the bootstrap workspaces of a topology with an identity into `outdir` (published safely,
 * output/; `direct`: written straight into a scratch directory, for tests).
 */
export function synthesizeBootstrap(topology: Topology, outdir: string, options: { direct?: boolean; forget?: readonly string[] } = {}): Bootstrapped {
  useLeanSynth();
  const estate = estateOf(topology);
  const identity = estate.identity;
  if (!identity) throw new Error("the topology has no identity block: npm run bootstrap needs one to know who deploys");
  const policies = new Map(productDeployRoles(topology)
    .filter((r) => r.roleArn !== undefined)
    .map((r) => [r.roleArn!, r.policy]));
  const state: StateSettings = { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR };
  const workspaces = [...identity.accounts.map((a) => a.workspace.name), ...(identity.hcp ? [identity.hcp.workspace] : [])];

  const write = (dir: string) => {
    const app = new App({ outdir: dir, stackTraces: false });
    for (const account of identity.accounts) new IdentityStack(app, { estate, state, account, policies });
    if (identity.hcp) new HcpStack(app, { estate, state });
    app.synth();
    // The rule pack (docs/rules.md, LAT022–024 for trust): an error finding stops before anything is published.
    judgeSynthesized(dir, estate, workspaces);
  };
  if (options.direct) {
    const problem = vanishedWorkspacesProblem(outdir, existingWorkspaces(outdir), workspaces, options.forget);
    if (problem) throw new OutputRefused("bootstrap", resolve(outdir), problem);
    write(outdir);
  } else {
    // As npm run synth: local state lives at <output>/../state, never inside the output or the project itself.
    const problem = topology.backend.type === "local" ? stateDirectoryProblem(outdir) : undefined;
    if (problem) throw new OutputRefused("bootstrap", resolve(outdir), problem);
    // A leaving account's identity workspace holds its deploy roles: never drop it unseen.
    publishOutput(outdir, "bootstrap", write, { vetRemovals: (dir, removed) => vanishedWorkspacesProblem(dir, workspacesOf(removed), workspaces, options.forget) });
  }
  return { estate, workspaces };
}

/** The Terraform JSON of every bootstrap workspace, in apply order, synthesized without writing anything the caller sees. */
export function bootstrapJson(topology: Topology): { estate: Estate; json: ReadonlyMap<string, unknown> } {
  const outdir = mkdtempSync(join(tmpdir(), "lattice-bootstrap-"));
  try {
    const { estate, workspaces } = synthesizeBootstrap(topology, outdir, { direct: true });
    return { estate, json: new Map(workspaces.map((w) => [w, readWorkspaceJson(outdir, w)])) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
