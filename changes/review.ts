/**
 * `npm run changes`: one review of a topology change across the whole estate, offline. Both
 * topologies are synthesized in memory (the product's workspaces, and the bootstrap workspaces of a
 * topology with `identity`); every workspace's plan is predicted (changes/predict.ts), the hazards
 * are named (changes/hazards.ts) and the applies ordered (changes/runbook.ts).
 */
import type { Topology } from "../config/topology";
import { bootstrapJson } from "../stacks/bootstrap";
import { synthesizeJson } from "../stacks/synthesize";
import type { TerraformJson } from "../guard/terraform-json";
import { hazardsOf } from "./hazards";
import { isBootstrapWorkspace, movedVpcs, type ChangeReport, type Synthesis, type WorkspaceChange, type WorkspaceReport } from "./model";
import { predictChanges, type Action, type WorkspacePrediction } from "./predict";
import { runbookOf, type RunbookNode } from "./runbook";

/** Synthesizes a validated topology in memory, with its bootstrap workspaces when it has an identity. */
export function synthesisOf(estateTopology: Topology, warnings: readonly string[] = []): Synthesis {
  const { estate, json } = synthesizeJson(estateTopology);
  const all = new Map(json as ReadonlyMap<string, TerraformJson>);
  if (estate.identity) for (const [name, doc] of bootstrapJson(estateTopology).json) all.set(name, doc as TerraformJson);
  return { estate, json: all, warnings };
}

export interface ReviewOptions {
  /** The whole estate goes: every workspace of `before` is destroyed (after is ignored). @default false */
  readonly teardown?: boolean;
}

/** Reviews the move from `before` (undefined: nothing deployed yet) to `after`. */
export function reviewChange(before: Synthesis | undefined, after: Synthesis, options: ReviewOptions = {}): ChangeReport {
  const afterJson = options.teardown && before
    ? new Map([...before.json.keys()].map((name): [string, TerraformJson] => [name, {}]))
    : after.json;
  const beforeJson = options.teardown ? before?.json ?? new Map<string, TerraformJson>() : renamedBefore(before, after);
  const predictions = predictChanges(beforeJson, afterJson);
  const byName = new Map(predictions.map((p) => [p.name, p]));
  const order = [...new Set([...afterJson.keys(), ...beforeJson.keys()])];
  const workspaces = order.map((name) => reportOf(byName.get(name)!));
  const changeOf = new Map(workspaces.map((w) => [w.name, w.change]));

  const accountOf = accountsOf(before, after);
  const nodes: RunbookNode[] = workspaces
    .filter((w) => w.change === "added" || w.change === "changed" || w.change === "retiring")
    .map((w) => ({ prediction: byName.get(w.name)!, retiring: w.change === "retiring", accountId: accountOf.get(w.name) }));
  const rank = (name: string) => order.indexOf(name);
  const runbook = runbookOf(nodes, { extraEdges: orderingEdges(before, options.teardown ? undefined : after, nodes, accountOf), rank });

  const hazards = hazardsOf({ before, after: options.teardown ? undefined : after, predictions, changeOf, cycle: runbook.cycle, teardown: options.teardown ?? false });
  return { workspaces, hazards, runbook: runbook.waves };
}

/**
 * The earlier side, a renamed workspace (a spoke's `renamedFrom`) under its new name: it keeps its
 * state, so its plan is the new configuration's against what the old one deployed.
 */
function renamedBefore(before: Synthesis | undefined, after: Synthesis): ReadonlyMap<string, TerraformJson> {
  if (!before) return new Map();
  const renamed = new Map<string, string>();
  for (const w of after.estate.workspaces) {
    const old = [...w.formerNames].reverse().find((n) => before.json.has(n) && !after.json.has(n));
    if (old && !before.json.has(w.name)) renamed.set(old, w.name);
  }
  if (renamed.size === 0) return before.json;
  return new Map([...before.json].map(([name, doc]) => [renamed.get(name) ?? name, doc]));
}

function reportOf(p: WorkspacePrediction): WorkspaceReport {
  const count = (action: Action) => p.changes.filter((c) => c.action === action).length;
  const hadResources = p.before !== undefined && Object.keys(p.before.resource ?? {}).length > 0;
  const hasResources = p.after !== undefined && Object.keys(p.after.resource ?? {}).length > 0;
  let change: WorkspaceChange;
  if (p.before === undefined) change = "added";
  else if (p.after === undefined) change = "removed";
  else if (hadResources && !hasResources) change = "retiring";
  // A move alone changes the state: the workspace must apply before a later change relies on it.
  else change = p.changes.length > 0 || p.moves.length > 0 ? "changed" : "unchanged";
  return {
    name: p.name,
    change,
    create: count("create"),
    update: count("update"),
    replace: count("replace"),
    delete: count("delete"),
    resources: p.changes.map((c) => ({ address: c.address, action: c.action })),
    moves: p.moves,
  };
}

/** Workspace → the account its provider is pinned to, on either side. */
function accountsOf(...sides: (Synthesis | undefined)[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const side of sides) {
    if (!side) continue;
    for (const w of side.estate.workspaces) out.set(w.name, w.accountId);
    for (const a of side.estate.identity?.accounts ?? []) out.set(a.workspace.name, a.accountId);
  }
  return out;
}

/**
 * Orders the workspaces' reads do not give: a VPC that moves leaves its old spoke first; an
 * account's identity workspace and the hcp workspace before the product workspaces they serve.
 */
function orderingEdges(before: Synthesis | undefined, after: Synthesis | undefined, nodes: readonly RunbookNode[], accountOf: ReadonlyMap<string, string>): [string, string][] {
  const edges: [string, string][] = [];
  for (const move of movedVpcs(before?.estate, after?.estate)) edges.push([move.from, move.to]);
  // A workspace's role (identity-<account>, which may gain permissions) applies before it, and a new
  // workspace's HCP workspace (hcp) before it; both outlive a retiring workspace.
  const product = nodes.filter((n) => !isBootstrapWorkspace(n.prediction.name));
  for (const n of nodes.filter((b) => isBootstrapWorkspace(b.prediction.name))) {
    const name = n.prediction.name;
    for (const p of product) {
      if (name !== "hcp" && accountOf.get(p.prediction.name) !== n.accountId) continue;
      if (p.retiring) edges.push([p.prediction.name, name]);
      else if (name !== "hcp" || p.prediction.before === undefined) edges.push([name, p.prediction.name]);
    }
  }
  return edges;
}
