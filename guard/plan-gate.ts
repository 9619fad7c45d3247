/**
 * The plan gate: decides from a `terraform show -json` plan whether an apply may go ahead.
 * It blocks deletes and replacements of the resources whose loss cuts every spoke off or changes
 * the DNS names clients use, unless the operator names the address with --allow-replace.
 */
import { isObject, str, strings } from "./terraform-json";

/** Types whose delete or replacement is blocked. */
export const CRITICAL_PLAN_TYPES: readonly string[] = [
  "aws_vpclattice_service_network",
  "aws_ram_resource_share",
  "aws_vpclattice_resource_configuration",
  "aws_vpc_endpoint",
  "aws_vpclattice_resource_gateway",
  "aws_route53_zone",
  "aws_route53_record",
];

export type DestructiveAction = "delete" | "replace";

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: DestructiveAction;
  /** Terraform's actions, e.g. ["delete","create"]. */
  readonly actions: readonly string[];
  /** Terraform's action_reason when given (e.g. "replace_because_cannot_update"). */
  readonly reason?: string;
}

export interface GateResult {
  /** Destructive changes of critical resources not named by --allow-replace. */
  readonly blocked: readonly PlannedChange[];
  /** Destructive changes of critical resources that --allow-replace let through. */
  readonly allowed: readonly PlannedChange[];
  /** --allow-replace addresses that match no destructive change of a critical resource. */
  readonly unusedAllowances: readonly string[];
}

export class PlanError extends Error {
  override readonly name = "PlanError";
}

/** delete / replace, or undefined for create, update, read, no-op and forget (which keeps the object). */
export function destructiveAction(actions: readonly string[]): DestructiveAction | undefined {
  const key = actions.join(",");
  if (key === "delete") return "delete";
  if (key === "delete,create" || key === "create,delete") return "replace";
  return undefined;
}

/** Validates the shape of a parsed plan and returns its destructive changes of managed resources. */
export function destructiveChanges(plan: unknown): PlannedChange[] {
  if (!isObject(plan) || typeof plan.format_version !== "string") {
    throw new PlanError("not a `terraform show -json` plan (no format_version)");
  }
  if (plan.errored === true) throw new PlanError("the plan errored; fix the plan before applying");
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new PlanError("resource_changes is not a list");
  const out: PlannedChange[] = [];
  changes.forEach((rc, i) => {
    if (!isObject(rc) || !isObject(rc.change) || !Array.isArray(rc.change.actions)) {
      throw new PlanError(`resource_changes[${i}] has no change.actions`);
    }
    if (rc.mode === "data") return;
    const address = str(rc.address);
    const type = str(rc.type);
    if (!address || !type) throw new PlanError(`resource_changes[${i}] has no address or type`);
    const actions = strings(rc.change.actions);
    const action = destructiveAction(actions);
    if (action) out.push({ address, type, action, actions, ...(typeof rc.action_reason === "string" ? { reason: rc.action_reason } : {}) });
  });
  return out;
}

export function evaluatePlan(plan: unknown, allowReplace: readonly string[] = []): GateResult {
  const critical = destructiveChanges(plan).filter((c) => CRITICAL_PLAN_TYPES.includes(c.type));
  const allow = new Set(allowReplace);
  return {
    blocked: critical.filter((c) => !allow.has(c.address)),
    allowed: critical.filter((c) => allow.has(c.address)),
    unusedAllowances: [...allow].filter((a) => !critical.some((c) => c.address === a)),
  };
}

/** `<address>: would be replaced (delete, then create)` — one line per blocked change. */
export function describeChange(c: PlannedChange): string {
  const how = c.action === "delete"
    ? "would be deleted"
    : `would be replaced (${c.actions[0] === "create" ? "create, then delete" : "delete, then create"})`;
  return `${c.address}: ${how}${c.reason ? ` [${c.reason}]` : ""}`;
}
