/**
 * `npm run preflight [-- [<topology file>] [--format table|json] [--concurrency N] [--timeout-seconds N]]`:
 * reads the accounts of the topology (the argument, else LATTICE_CONFIG, else examples/basic.yaml)
 * and reports, check by check, what the first apply would run into. Exit 1 with any FAIL, 0 otherwise, 2 for a bad topology or usage.
 */
import { parseArgs } from "node:util";
import { EXIT_DONE, EXIT_PROBLEMS, UsageError } from "../cli/command";
import { topologyFile } from "../cli/topology-file";
import { estateOf, type Estate } from "../config/estate";
import { loadTopologyFile, type LoadOptions } from "../config/loader";
import { PRODUCT } from "../config/contract";
import { planChecks } from "./checks";
import { runChecks } from "./engine";
import { FORMATS, formatResults, summary, type Format } from "./format";
import { principalKey, type Principal, type Result } from "./model";

export const USAGE = `usage: npm run preflight [-- [<topology file>] [--format table|json] [--concurrency N] [--timeout-seconds N]]
Reads the AWS accounts of the topology (the argument, else LATTICE_CONFIG, else examples/basic.yaml), read-only,
and prints one line per check: <STATUS> <check id> <account id> <subject>: <message>. See docs/preflight.md.
`;

export interface PreflightOptions {
  readonly format: Format;
  readonly concurrency: number;
  readonly timeoutSeconds: number;
}

export function parsePreflightArgs(args: readonly string[]): PreflightOptions & { help: boolean; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      concurrency: { type: "string" },
      "timeout-seconds": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const format = (values.format ?? "table") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(" or ")}, not ${JSON.stringify(values.format)}`);
  return {
    help: values.help ?? false,
    positionals,
    format,
    concurrency: positiveNumber("--concurrency", values.concurrency, 8, true),
    timeoutSeconds: positiveNumber("--timeout-seconds", values["timeout-seconds"], 120, false),
  };
}

function positiveNumber(flag: string, given: string | undefined, fallback: number, integer: boolean): number {
  if (given === undefined) return fallback;
  const n = Number(given);
  if (!given.trim() || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be a positive ${integer ? "whole " : ""}number, not ${JSON.stringify(given)}`);
  }
  return n;
}

/** STS session name: which product, what for, and the workspace(s) that use the role. */
export function sessionNameFor(estate: Estate): (p: Principal) => string {
  return (p) => {
    const workspace = estate.workspaces.find((w) => principalKey(w) === principalKey(p))?.name ?? p.accountId;
    return `${PRODUCT}-preflight-${workspace}`.slice(0, 64);
  };
}

/** Runs every check of the estate against AWS. */
export async function preflight(estate: Estate, options: PreflightOptions, onProgress?: (done: number, total: number) => void): Promise<Result[]> {
  // The SDK takes ~0.7 s to load: only a run that calls AWS pays for it (not --help, a usage error, a bad topology).
  const { AwsReaders } = await import("./aws");
  const controller = new AbortController();
  const aws = new AwsReaders({
    region: estate.topology.region,
    concurrency: options.concurrency,
    signal: controller.signal,
    sessionName: sessionNameFor(estate),
  });
  try {
    return await runChecks(planChecks(estate), (p) => aws.reader(p), { timeoutMs: options.timeoutSeconds * 1000, controller, onProgress });
  } finally {
    aws.destroy();
  }
}

export async function main(args: readonly string[]): Promise<number> {
  return checkCommand("preflight", USAGE, args, preflight);
}

/**
 * A read-only command of checks against AWS (preflight, verify): its flags, the topology, progress on a
 * terminal, the results, and exit 1 with any FAIL.
 */
export async function checkCommand(command: string, usage: string, args: readonly string[],
  run: (estate: Estate, options: PreflightOptions, onProgress?: (done: number, total: number) => void) => Promise<Result[]>,
  load: LoadOptions = {}): Promise<number> {
  // The SDK warns on stderr that its releases after January 2027 need Node 22; the pinned versions run on 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const options = parsePreflightArgs(args);
  if (options.help) {
    process.stdout.write(usage);
    return EXIT_DONE;
  }
  const { topology, warnings } = loadTopologyFile(topologyFile(options.positionals), load);
  for (const w of warnings) console.error(`warning: ${w}`);
  const progress = options.format === "table" && process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\r${command}: ${done}/${total} checks done`)
    : undefined;
  const results = await run(estateOf(topology), options, progress);
  if (progress) process.stderr.write("\r\x1b[K");
  process.stdout.write(formatResults(results, options.format));
  if (options.format === "table") console.error(`${command}: ${summary(results)}`);
  return results.some((r) => r.status === "FAIL") ? EXIT_PROBLEMS : EXIT_DONE;
}
