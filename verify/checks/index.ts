/**
 * Every verify check, and the plan for an estate (preflight's planner, over these checks).
 * Adding a check: a definition in one of these modules, its id in docs/verify.md, and unit tests.
 */
import type { Estate } from "../../config/estate";
import { ACCOUNT_CHECKS, planChecks } from "../../preflight/checks";
import type { CheckDefinition, PlannedCheck } from "../../preflight/model";
import { DNS_CHECKS } from "./dns";
import { ENDPOINT_ACCESS_CHECKS } from "./endpoint-access";
import { HUB_CHECKS } from "./hub";
import { NETWORK_CHECKS } from "./network";
import { SHARING_CHECKS } from "./sharing";

/** The account check verify names in its SKIPs: preflight's, under verify's id. */
export const ACCOUNT_CHECK = "VF-ACC-001";

export const CHECKS: readonly CheckDefinition[] = [
  ...ACCOUNT_CHECKS.map((c) => ({ ...c, id: ACCOUNT_CHECK })),
  ...HUB_CHECKS, ...SHARING_CHECKS, ...NETWORK_CHECKS, ...DNS_CHECKS, ...ENDPOINT_ACCESS_CHECKS,
];

/** Every subject of every verify check (of `checks`) in this estate. */
export function planVerify(estate: Estate, checks: readonly CheckDefinition[] = CHECKS): PlannedCheck[] {
  return planChecks(estate, checks);
}
