/**
 * `npm run verify [-- [<topology file>] [--format table|json] [--concurrency N] [--timeout-seconds N]]`:
 * reads the applied estate of the topology (the argument, else LATTICE_CONFIG, else examples/basic.yaml)
 * and reports, check by check, whether it is what the topology says and works. Preflight's engine,
 * readers, flags and output; exit 1 with any FAIL, 0 otherwise, 2 for a bad topology or usage.
 */
import { PRODUCT } from "../config/contract";
import type { Estate } from "../config/estate";
import { checkCommand, parsePreflightArgs, type PreflightOptions } from "../preflight/cli";
import { runChecks } from "../preflight/engine";
import { principalKey, type Principal, type Result } from "../preflight/model";
import { ACCOUNT_CHECK, planVerify } from "./checks";

export const USAGE = `usage: npm run verify [-- [<topology file>] [--format table|json] [--concurrency N] [--timeout-seconds N]]
Reads the applied AWS accounts of the topology (the argument, else LATTICE_CONFIG, else examples/basic.yaml), read-only,
and prints one line per check: <STATUS> <check id> <account id> <subject>: <message>. See docs/verify.md.
`;

/** The same flags as preflight's, with the same defaults and rules. */
export const parseVerifyArgs = parsePreflightArgs;
export type VerifyOptions = PreflightOptions;

/** STS session name: which product, what for, and the workspace that uses the role. */
export function verifySessionName(estate: Estate): (p: Principal) => string {
  return (p) => {
    const workspace = estate.workspaces.find((w) => principalKey(w) === principalKey(p))?.name ?? p.accountId;
    return `${PRODUCT}-verify-${workspace}`.slice(0, 64);
  };
}

/** Runs every verify check of the estate against AWS. */
export async function verify(estate: Estate, options: VerifyOptions, onProgress?: (done: number, total: number) => void): Promise<Result[]> {
  // The SDK takes ~0.7 s to load: only a run that calls AWS pays for it.
  const { AwsReaders } = await import("../preflight/aws");
  const controller = new AbortController();
  const aws = new AwsReaders({
    region: estate.topology.region,
    concurrency: options.concurrency,
    signal: controller.signal,
    sessionName: verifySessionName(estate),
    accountCheck: ACCOUNT_CHECK,
  });
  try {
    return await runChecks(planVerify(estate), (p) => aws.reader(p), { timeoutMs: options.timeoutSeconds * 1000, controller, onProgress });
  } finally {
    aws.destroy();
  }
}

export async function main(args: readonly string[]): Promise<number> {
  // Verify reads what is deployed: an estate past a limit that came later is checked, with a warning.
  return checkCommand("verify", USAGE, args, verify, { asDeployed: true });
}
