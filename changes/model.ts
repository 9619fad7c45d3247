/** What a review of a change is made of: its two sides and its report (changes/review.ts builds it). */
import type { Estate } from "../config/estate";
import type { TerraformJson } from "../guard/terraform-json";
import type { Action } from "./predict";

export type HazardSeverity = "error" | "warning";

/** One hazard of a change (changes/hazards.ts names them; docs/changes.md lists them). */
export interface Hazard {
  readonly id: string;
  readonly severity: HazardSeverity;
  readonly workspace: string;
  readonly message: string;
}

export type WorkspaceChange = "added" | "changed" | "retiring" | "removed" | "unchanged";

export interface WorkspaceReport {
  readonly name: string;
  readonly change: WorkspaceChange;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly resources: readonly { readonly address: string; readonly action: Action }[];
  /** Instances `moved` blocks carry to a new address (renamed, retired): no change in AWS, one in the state. */
  readonly moves: readonly { readonly from: string; readonly to: string }[];
}

export interface ChangeReport {
  /** Every workspace of either side, once, in deploy order. */
  readonly workspaces: readonly WorkspaceReport[];
  readonly hazards: readonly Hazard[];
  /** Waves of `terraform apply`: only the workspaces that change. */
  readonly runbook: readonly (readonly string[])[];
}

/** One side of the review: a synthesized estate, or nothing (a first deployment; a teardown). */
export interface Synthesis {
  readonly estate: Estate;
  /** Workspace → Terraform JSON, in deploy order: the product's, then the bootstrap workspaces. */
  readonly json: ReadonlyMap<string, TerraformJson>;
  /** The loader's quota warnings. */
  readonly warnings: readonly string[];
}

export const isBootstrapWorkspace = (name: string) => name === "hcp" || name.startsWith("identity-");

/** VPCs that stay in their spoke and switch `access` (association ↔ endpoint). */
export function accessSwitches(before: Estate | undefined, after: Estate | undefined): { vpcId: string; spoke: string; to: "association" | "endpoint" }[] {
  if (!before || !after) return [];
  type Access = { state: string; spoke: string; access: "association" | "endpoint" };
  const accessOf = (estate: Estate) => new Map(estate.spokes.filter((s) => !s.retired).flatMap((s) => [
    ...s.vpcs.map((v): [string, Access] => [v.vpcId, { state: s.workspace.stateName, spoke: s.workspace.name, access: "association" }]),
    ...s.endpointAccess.vpcs.map((v): [string, Access] => [v.vpcId, { state: s.workspace.stateName, spoke: s.workspace.name, access: "endpoint" }]),
  ]));
  const was = accessOf(before);
  return [...accessOf(after)].filter(([vpc, now]) => was.get(vpc)?.state === now.state && was.get(vpc)!.access !== now.access)
    .map(([vpcId, now]) => ({ vpcId, spoke: now.spoke, to: now.access }));
}

/** VPCs that an active spoke of `before` has and another active spoke of `after` has. */
export function movedVpcs(before: Estate | undefined, after: Estate | undefined): { vpcId: string; from: string; to: string }[] {
  if (!before || !after) return [];
  // By state: a renamed spoke (renamedFrom) is the same workspace under a new name.
  const owner = (estate: Estate) => new Map(estate.spokes.filter((s) => !s.retired)
    .flatMap((s) => [...s.vpcs, ...s.endpointAccess.vpcs].map((v) => [v.vpcId, s.workspace] as const)));
  const was = owner(before);
  return [...owner(after)].filter(([vpc, ws]) => was.has(vpc) && was.get(vpc)!.stateName !== ws.stateName)
    .map(([vpcId, to]) => ({ vpcId, from: was.get(vpcId)!.name, to: to.name }));
}
