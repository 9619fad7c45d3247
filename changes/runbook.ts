/**
 * The runbook of a change: waves of `terraform apply`, derived from what actually changes (the
 * workspaces of one wave may apply in parallel). Between a workspace and one it reads:
 * - a workspace that is retiring applies first (it stops using what the other still serves);
 * - a workspace that reads an output changing in the other (a new Lattice DNS name, a new key)
 *   applies after it;
 * - additions flow downstream (a new zone authorization before the association that needs it),
 *   removals upstream (records before the endpoint they named).
 * Besides: a VPC moving between spokes leaves the old spoke before it joins the new one, and an
 * account's identity workspace (its deploy role) and the `hcp` workspace apply before the product
 * workspaces that use them.
 */
import { remoteStates, type WorkspacePrediction } from "./predict";

export interface RunbookNode {
  readonly prediction: WorkspacePrediction;
  readonly retiring: boolean;
  /** The account its provider is pinned to, where known. */
  readonly accountId?: string;
}

export interface Ordering {
  /** `[first, then]` pairs, beyond what the workspaces' reads give. */
  readonly extraEdges: readonly (readonly [string, string])[];
  /** Workspace → its place among equals (deploy order), so that waves read hub, dns, spokes. */
  readonly rank: (workspace: string) => number;
}

export interface Runbook {
  readonly waves: string[][];
  /** Edges that could not all hold (the change mixes orders): split the change. */
  readonly cycle?: readonly string[];
}

export function runbookOf(nodes: readonly RunbookNode[], ordering: Ordering): Runbook {
  const byName = new Map(nodes.map((n) => [n.prediction.name, n]));
  const edges = new Set<string>();
  const add = (first: string, then: string) => {
    if (first !== then && byName.has(first) && byName.has(then)) edges.add(JSON.stringify([first, then]));
  };
  const has = (n: RunbookNode, ...actions: string[]) => n.prediction.changes.some((c) => actions.includes(c.action));

  for (const v of nodes) {
    const reads = new Set([...v.prediction.reads, ...remoteStates(v.prediction.before ?? {})]);
    for (const upstream of reads) {
      const u = byName.get(upstream);
      if (!u) continue;
      if (v.retiring) add(v.prediction.name, upstream);
      else if (u.retiring) continue;
      else if (v.prediction.changes.some((c) => c.follows.includes(upstream)) || v.prediction.missingKeys.some((m) => m.workspace === upstream)) add(upstream, v.prediction.name);
      else if (has(u, "create", "replace") && has(v, "create", "replace")) add(upstream, v.prediction.name);
      else if (has(u, "delete") && has(v, "delete")) add(v.prediction.name, upstream);
    }
  }
  for (const [first, then] of ordering.extraEdges) add(first, then);

  const pairs = [...edges].map((e) => JSON.parse(e) as [string, string]);
  const remaining = new Set(byName.keys());
  const waves: string[][] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter((w) => !pairs.some(([first, then]) => then === w && remaining.has(first)));
    if (ready.length === 0) {
      const cycle = [...remaining].sort((a, b) => ordering.rank(a) - ordering.rank(b) || a.localeCompare(b));
      waves.push(cycle);
      return { waves, cycle };
    }
    ready.sort((a, b) => ordering.rank(a) - ordering.rank(b) || a.localeCompare(b));
    waves.push(ready);
    for (const w of ready) remaining.delete(w);
  }
  return { waves };
}
