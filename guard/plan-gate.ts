/**
 * The plan gate: decides from a `terraform show -json` plan whether an apply may go ahead.
 * It blocks deletes and replacements of the resources whose loss cuts clients off
 * (guard/critical-types.ts), unless the operator names the address with --allow-replace.
 *
 * It fails closed: a document that holds no plan is an error, an action list it does not know
 * counts as destructive, and a change whose type it cannot read counts as critical.
 */
import { isCriticalType } from "./critical-types";
import { isObject, str } from "./terraform-json";

/** "unknown": an action list this gate does not know, treated as destructive. */
export type DestructiveAction = "delete" | "replace" | "unknown";

/** Terraform's action lists (`resource_changes[].change.actions`) and what each does to the object. */
const ACTIONS: Readonly<Record<string, DestructiveAction | undefined>> = {
  "no-op": undefined,
  create: undefined,
  read: undefined,
  update: undefined,
  // Removed from state, the object kept (a `removed` block with destroy = false).
  forget: undefined,
  delete: "delete",
  "delete,create": "replace",
  "create,delete": "replace",
  // A replacement whose old object is forgotten rather than destroyed: still a new object, new names.
  "create,forget": "replace",
};

export interface PlannedChange {
  /** The change's address, or `resource_changes[<i>]` when it has none. */
  readonly address: string;
  /** Undefined when the gate cannot read it: such a change counts as critical. */
  readonly type: string | undefined;
  readonly action: DestructiveAction;
  /** Terraform's actions as written, e.g. ["delete","create"]; undefined when there is no list. */
  readonly actions: readonly unknown[] | undefined;
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

/** The document cannot be judged: not a plan, or a plan that errored. */
export class PlanError extends Error {
  override readonly name = "PlanError";
}

/** delete / replace / unknown, or undefined for the actions that keep the object. */
export function destructiveAction(actions: unknown): DestructiveAction | undefined {
  if (!Array.isArray(actions) || !actions.every((a) => typeof a === "string")) return "unknown";
  const key = actions.join(",");
  return Object.hasOwn(ACTIONS, key) ? ACTIONS[key] : "unknown";
}

/** A Terraform identifier; anything else is a type the gate cannot read. */
const TYPE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Validates that the document is a plan and returns its destructive changes of managed resources. */
export function destructiveChanges(plan: unknown): PlannedChange[] {
  if (!isObject(plan) || typeof plan.format_version !== "string") {
    throw new PlanError("not a `terraform show -json` plan (no format_version)");
  }
  if (!isObject(plan.planned_values) && plan.resource_changes === undefined) {
    throw new PlanError(isObject(plan.values)
      ? "not a plan but a state (`terraform show -json` without a plan file); run it on the saved plan: terraform show -json plan.tfplan"
      : "not a plan: it has neither planned_values nor resource_changes");
  }
  if (plan.errored === true) throw new PlanError("the plan errored; fix the plan before applying");
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new PlanError("resource_changes is not a list");
  const out: PlannedChange[] = [];
  changes.forEach((rc, i) => {
    const entry = isObject(rc) ? rc : {};
    if (entry.mode === "data") return;
    const rawActions = isObject(entry.change) ? entry.change.actions : undefined;
    const action = destructiveAction(rawActions);
    if (!action) return;
    const type = str(entry.type);
    out.push({
      address: str(entry.address) || `resource_changes[${i}]`,
      type: type && TYPE.test(type) ? type : undefined,
      action,
      actions: Array.isArray(rawActions) ? rawActions : undefined,
      ...(typeof entry.action_reason === "string" ? { reason: entry.action_reason } : {}),
    });
  });
  return out;
}

export function evaluatePlan(plan: unknown, allowReplace: readonly string[] = []): GateResult {
  const critical = destructiveChanges(plan).filter((c) => c.type === undefined || isCriticalType(c.type));
  const allow = new Set(allowReplace);
  return {
    blocked: critical.filter((c) => !allow.has(c.address)),
    allowed: critical.filter((c) => allow.has(c.address)),
    unusedAllowances: [...allow].filter((a) => !critical.some((c) => c.address === a)),
  };
}

const REPLACE_ORDER: Readonly<Record<string, string>> = {
  "delete,create": "delete, then create",
  "create,delete": "create, then delete",
  "create,forget": "create, then forget the old object",
};

/** `<address>: would be replaced (delete, then create)` — one line per blocked change. */
export function describeChange(c: PlannedChange): string {
  const how = c.action === "delete"
    ? "would be deleted"
    : c.action === "replace"
      ? `would be replaced (${REPLACE_ORDER[(c.actions ?? []).join(",")]})`
      : `${c.actions ? `has actions ${JSON.stringify(c.actions)} that the gate does not know` : "has no readable change.actions"}; treated as a delete`;
  const type = c.type === undefined ? " (its type cannot be read, so it counts as critical)" : "";
  return `${c.address}: ${how}${type}${c.reason ? ` [${c.reason}]` : ""}`;
}
