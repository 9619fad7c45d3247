/**
 * The read-only IAM policy each account role needs for verify (`npm run iam -- --verify`): the reads
 * that the verify checks planned for the estate declare for that role (preflight/calls.ts), built
 * as preflight's are. Loads no SDK.
 */
import type { Estate } from "../config/estate";
import { readOnlyRoles, type PreflightRole } from "../preflight/policies";
import { planVerify } from "./checks";

export type VerifyRole = PreflightRole;

export function verifyRoles(estate: Estate): VerifyRole[] {
  return readOnlyRoles(estate, planVerify(estate), "VerifyReadOnly");
}
