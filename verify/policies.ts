/**
 * The read-only IAM policy each account role needs for verify (`npm run iam -- --verify`): the reads
 * that the verify checks planned for the estate declare for that role (preflight/calls.ts), built
 * as preflight's are. Loads no SDK.
 */
import type { Estate } from "../config/estate";
import { principalsOf } from "../preflight/checks";
import { principalKey } from "../preflight/model";
import { readsOf, type PreflightRole } from "../preflight/policies";
import { planVerify } from "./checks";

export type VerifyRole = PreflightRole;

export function verifyRoles(estate: Estate): VerifyRole[] {
  const planned = planVerify(estate);
  return principalsOf(estate).map((principal) => {
    const key = principalKey(principal);
    const actions = [...new Set(planned.filter((p) => principalKey(p.principal) === key).flatMap(readsOf))].sort();
    return {
      accountId: principal.accountId,
      roleArn: principal.roleArn,
      usedBy: estate.workspaces.filter((w) => principalKey(w) === key).map((w) => w.name),
      actions,
      policy: {
        Version: "2012-10-17",
        Statement: actions.length > 0 ? [{ Sid: "VerifyReadOnly", Effect: "Allow", Action: actions, Resource: "*" }] : [],
      },
    };
  });
}
