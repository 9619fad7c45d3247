/**
 * What `npm run cost` and `npm run report` share: flags, loading the topology and the price sheet,
 * and turning every expected failure into one line on stderr and exit status 2 (could not do its job).
 */
import { parseArgs } from "node:util";
import { UsageError } from "../cli/command";
import { topologyFile } from "../cli/topology-file";
import { loadTopologyFile, TopologyError } from "../config/loader";
import { OutputError } from "../output/publish";
import { analyze, FigureError, nonFiniteFigure, type Analysis } from "./analysis";
import { builtInSheet, PriceSheetError, readPriceSheet } from "./price-sheet";

/** Every command's usage error (cli/command.ts), also the one cli/topology-file.ts throws. */
export { UsageError };

type OptionSpec = { type: "string" } | { type: "boolean" };

export const COMMON_OPTIONS = {
  gb: { type: "string" },
  azs: { type: "string" },
  prices: { type: "string" },
  help: { type: "boolean" },
} as const satisfies Record<string, OptionSpec>;

export interface CommonFlags {
  readonly gb?: string;
  readonly azs?: string;
  readonly prices?: string;
  /** The command's positional arguments: at most one, the topology file (cli/topology-file.ts). */
  readonly positionals?: readonly string[];
}

/**
 * util.parseArgs refuses "--gb -1" as ambiguous; join a value-taking flag with its value
 * ("--gb=-1") so that a negative number reaches our own, clearer check.
 */
export function joinFlagValues(argv: readonly string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : undefined;
    if (name && Object.hasOwn(options, name) && options[name].type === "string" && i + 1 < argv.length) {
      out.push(`${argv[i]}=${argv[++i]}`);
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

/** The flags' values, and the positional arguments (the topology file) as `positionals`. */
export function parseFlags<O extends Record<string, OptionSpec>>(argv: readonly string[], options: O) {
  try {
    const { values, positionals } = parseArgs({ args: joinFlagValues(argv, options), options, strict: true, allowPositionals: true });
    return { ...values, positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]);
  }
}

export function parseGb(value: string): number {
  const n = value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--gb must be a number of GB ≥ 0, not ${JSON.stringify(value)}`);
  return n;
}

export function parseAzs(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw new UsageError(`--azs must be a whole number of Availability Zones ≥ 1, not ${JSON.stringify(value)}`);
  return n;
}

/**
 * Loads the topology (the positional argument, else LATTICE_CONFIG, else the bundled example) and
 * the price sheet, and runs the model; `topologyFile` is the file it read.
 */
export function analysisFromFlags(flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): {
  analysis: Analysis;
  warnings: readonly string[];
  topologyFile: string;
} {
  // Check the flags before reading files: the cheapest error first.
  const gbPerPair = flags.gb === undefined ? undefined : parseGb(flags.gb);
  const hubAzs = flags.azs === undefined ? undefined : parseAzs(flags.azs);
  const configPath = topologyFile(flags.positionals ?? [], env);
  const sheet = flags.prices === undefined ? builtInSheet() : readPriceSheet(flags.prices);
  const { topology, warnings } = loadTopologyFile(configPath);
  const analysis = analyze(topology, sheet, flags.prices ?? "built-in", { gbPerPair, hubAzs });
  const figure = nonFiniteFigure(analysis);
  if (figure) {
    const given = [
      flags.gb !== undefined ? `--gb ${flags.gb}` : analysis.gbSource !== "default" ? `traffic.gbPerVpcEndpoint ${analysis.counts.gbPerPair}` : "",
      flags.azs !== undefined ? `--azs ${flags.azs}` : "",
      flags.prices !== undefined ? `--prices ${flags.prices}` : "",
    ].filter(Boolean);
    throw new FigureError(`${figure} is not a finite number with these inputs${given.length ? ` (${given.join(", ")})` : ""}; give smaller figures`);
  }
  return { analysis, warnings: warnings.map((w) => `${configPath}: warning: ${w}`), topologyFile: configPath };
}

/**
 * Runs a command; expected failures (usage, bad input, an output it may not write) print their
 * lines, no stack trace, and exit 2: the command could not do its job. So does an unexpected error,
 * with its stack, since that is a bug to report.
 */
export function runCli(command: string, main: () => void): void {
  try {
    main();
  } catch (e) {
    if (e instanceof TopologyError) {
      for (const line of e.lines) process.stderr.write(`${line}\n`);
    } else if (e instanceof OutputError) {
      process.stderr.write(`${e.message}\n`);
    } else if (e instanceof UsageError || e instanceof PriceSheetError || e instanceof FigureError) {
      process.stderr.write(`${command}: ${e.message}\n`);
    } else {
      process.stderr.write(`${command}: internal error: ${(e as Error).stack ?? e}\n`);
    }
    process.exitCode = 2;
  }
}
