/**
 * Every preflight check, and the plan for an estate: each check's subjects, bound to it.
 * Adding a check: a definition in one of these modules, its id in docs/preflight.md, and unit tests.
 */
import type { Estate } from "../../config/estate";
import { fail, pass, principalKey, type CheckDefinition, type PlannedCheck, type Principal } from "../model";
import { DNS_CHECKS } from "./dns";
import { ENDPOINT_CHECKS } from "./endpoints";
import { HUB_CHECKS } from "./hub";
import { QUOTA_CHECKS } from "./quotas";
import { SPOKE_CHECKS } from "./spokes";

/** Distinct principals of the estate's workspaces (the first workspace of each), in deploy order. */
export function principalsOf(estate: Estate): Principal[] {
  const seen = new Map<string, Principal>();
  for (const w of estate.workspaces) if (!seen.has(principalKey(w))) seen.set(principalKey(w), w);
  return [...seen.values()];
}

export const ACCOUNT_CHECKS: readonly CheckDefinition[] = [
  {
    id: "PF-ACC-001",
    title: "each workspace's credentials reach its account (the role is assumed, the caller is in that account)",
    // sts:GetCallerIdentity needs no permission; sts:AssumeRole is the caller's, on the role's trust policy.
    reads: [],
    subjects: (estate) => principalsOf(estate).map((principal) => ({
      principal,
      subject: principal.roleArn ?? "default credentials",
      run: async (r) => {
        const id = await r.identity();
        return id.account === principal.accountId
          ? pass(`acting as ${id.arn}`)
          : fail(`the credentials are for account ${id.account} (${id.arn}), not ${principal.accountId}: ` +
            `${principal.roleArn ? "the role is in another account" : "give the workspace a roleArn, or run with that account's credentials"}`);
      },
    })),
  },
];

export const CHECKS: readonly CheckDefinition[] = [
  ...ACCOUNT_CHECKS, ...HUB_CHECKS, ...ENDPOINT_CHECKS, ...SPOKE_CHECKS, ...DNS_CHECKS, ...QUOTA_CHECKS,
];

/** Every subject of every check (of `checks`) in this estate. */
export function planChecks(estate: Estate, checks: readonly CheckDefinition[] = CHECKS): PlannedCheck[] {
  return checks.flatMap((check) => check.subjects(estate).map((s) => ({ ...s, check })));
}
