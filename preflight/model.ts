/**
 * What preflight is made of: checks with stable ids, the subjects each examines in one account,
 * and the result of each (one line of output). Nothing here talks to AWS.
 */
import type { Estate } from "../config/estate";
import type { ReadAction, ReadCalls } from "./calls";

export const STATUSES = ["PASS", "WARN", "FAIL", "SKIP"] as const;
export type Status = (typeof STATUSES)[number];

export interface Outcome {
  readonly status: Status;
  readonly message: string;
}

/** One line of output: `<STATUS> <check id> <account id> <subject>: <message>`. */
export interface Result extends Outcome {
  readonly check: string;
  readonly account: string;
  readonly subject: string;
}

export const pass = (message: string): Outcome => ({ status: "PASS", message });
export const warn = (message: string): Outcome => ({ status: "WARN", message });
export const fail = (message: string): Outcome => ({ status: "FAIL", message });

/** A check that cannot run for a reason of its own (a fact it needs is missing): SKIP with this message. */
export class Skip extends Error {
  override readonly name = "Skip";
}

/** The credentials a check reads with: an account, and the role assumed in it (none: the caller's own). */
export interface Principal {
  readonly accountId: string;
  readonly roleArn?: string;
  /** False when the run already holds the role's credentials (the workspace's provider does not assume it either). */
  readonly assumesRole?: boolean;
  /** sts:ExternalId to pass when assuming the role. */
  readonly externalId?: string;
}

export const principalKey = (p: Principal) => `${p.accountId} ${p.roleArn ?? ""}`;

/** How a check reads AWS: as its own principal, or (for facts of another account) as another one. */
export interface Reader {
  read<A extends ReadAction>(action: A, input: ReadCalls[A][0]): Promise<ReadCalls[A][1]>;
  /** Resolves to the account the credentials belong to (sts:GetCallerIdentity, after the role is assumed). */
  identity(): Promise<{ account: string; arn: string }>;
  as(principal: Principal): Reader;
}

/** One subject of one check, in one account. */
export interface Subject {
  readonly principal: Principal;
  readonly subject: string;
  /** The calls it makes as its principal, when fewer than its check's (e.g. none for a zone yet to be created). */
  readonly reads?: readonly ReadAction[];
  readonly run: (reader: Reader) => Promise<Outcome>;
}

export interface CheckDefinition {
  /** Stable id (PF-<area>-<nnn>), documented in docs/preflight.md. */
  readonly id: string;
  /** What it verifies, in one line. */
  readonly title: string;
  /** The read-only calls its subjects make as their own principal: the preflight IAM policy is built from these. */
  readonly reads: readonly ReadAction[];
  /** Its subjects in this estate (none when it does not apply). */
  readonly subjects: (estate: Estate) => readonly Subject[];
}

/** A subject bound to its check: what the engine runs. */
export interface PlannedCheck extends Subject {
  readonly check: CheckDefinition;
}

/** Output order: by account, then check id, then subject. */
export function compareResults(a: Result, b: Result): number {
  return cmp(a.account, b.account) || cmp(a.check, b.check) || cmp(a.subject, b.subject);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
