/**
 * `npm run verify [-- [<topology file>] [--format table|json] [--concurrency N] [--timeout-seconds N]]`:
 * reads the applied estate of the topology (the argument, else LATTICE_CONFIG, else examples/basic.yaml)
 * and reports, check by check, whether it is what the topology says and works. Preflight's engine,
 * readers, flags and output; exit 1 with any FAIL, 0 otherwise, 2 for a bad topology or usage.
 */
import { EXIT_DONE, EXIT_PROBLEMS } from "../cli/command";
import { topologyFile } from "../cli/topology-file";
import { PRODUCT } from "../config/contract";
import { estateOf, type Estate } from "../config/estate";
import { loadTopologyFile } from "../config/loader";
import { parsePreflightArgs, type PreflightOptions } from "../preflight/cli";
import { runChecks } from "../preflight/engine";
import { principalKey, type Principal, type Result } from "../preflight/model";
import { ACCOUNT_CHECK, planVerify } from "./checks";
import { formatResults, summary } from "./format";

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
  // The SDK warns on stderr that its releases after January 2027 need Node 22; the pinned versions run on 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const options = parseVerifyArgs(args);
  if (options.help) {
    process.stdout.write(USAGE);
    return EXIT_DONE;
  }
  const { topology, warnings } = loadTopologyFile(topologyFile(options.positionals));
  for (const w of warnings) console.error(`warning: ${w}`);
  const progress = options.format === "table" && process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\rverify: ${done}/${total} checks done`)
    : undefined;
  const results = await verify(estateOf(topology), options, progress);
  if (progress) process.stderr.write("\r\x1b[K");
  process.stdout.write(formatResults(results, options.format));
  if (options.format === "table") console.error(`verify: ${summary(results)}`);
  return results.some((r) => r.status === "FAIL") ? EXIT_PROBLEMS : EXIT_DONE;
}
