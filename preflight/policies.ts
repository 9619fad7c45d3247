/**
 * The read-only IAM policy each account role needs for preflight (`npm run iam -- --preflight`):
 * the reads that the checks planned for the estate declare for that role (preflight/calls.ts).
 * Loads no SDK.
 */
import type { Estate } from "../config/estate";
import { planChecks, principalsOf } from "./checks";
import { principalKey, type PlannedCheck, type Principal } from "./model";

export interface PreflightRole {
  readonly accountId: string;
  /** The role preflight assumes; undefined: the caller's own credentials. */
  readonly roleArn?: string;
  /** The workspaces whose principal it is. */
  readonly usedBy: string[];
  readonly actions: string[];
  readonly policy: object;
}

/** The actions a planned subject calls as its principal. */
export const readsOf = (p: PlannedCheck) => p.reads ?? p.check.reads;

export function preflightRoles(estate: Estate): PreflightRole[] {
  return readOnlyRoles(estate, planChecks(estate), "PreflightReadOnly");
}

/** One read-only role per principal: exactly the actions its planned checks read (preflight, verify). */
export function readOnlyRoles(estate: Estate, planned: readonly PlannedCheck[], sid: string): PreflightRole[] {
  return principalsOf(estate).map((principal: Principal) => {
    const key = principalKey(principal);
    const actions = [...new Set(planned.filter((p) => principalKey(p.principal) === key).flatMap(readsOf))].sort();
    return {
      accountId: principal.accountId,
      roleArn: principal.roleArn,
      usedBy: estate.workspaces.filter((w) => principalKey(w) === key).map((w) => w.name),
      actions,
      policy: {
        Version: "2012-10-17",
        Statement: actions.length > 0 ? [{ Sid: sid, Effect: "Allow", Action: actions, Resource: "*" }] : [],
      },
    };
  });
}
