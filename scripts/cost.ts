/**
 * npm run cost [-- [<topology file>] [--gb <n>] [--azs <n>] [--prices <file>] [--format table|markdown|json]]
 * Monthly cost of per-VPC endpoints, Transit Gateway and VPC Lattice for the topology (the argument,
 * else LATTICE_CONFIG, else examples/basic.yaml), line item by line item, and the break-even points.
 */
import { analysisFromFlags, COMMON_OPTIONS, parseFlags, runCli, UsageError } from "../cost/cli";
import { formatAnalysis, FORMATS, type Format } from "../cost/format";

const USAGE = `usage: npm run cost -- [<topology file>] [--gb <GB per month per (spoke VPC, endpoint) pair>] [--azs <hub AZs>]
                      [--prices <price sheet .json>] [--format table|markdown|json]
The topology file: the argument, else LATTICE_CONFIG, else examples/basic.yaml. See docs/cost.md.
`;

runCli("cost", () => {
  const flags = parseFlags(process.argv.slice(2), { ...COMMON_OPTIONS, format: { type: "string" } });
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const format = (flags.format ?? "table") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(", ")}, not ${JSON.stringify(flags.format)}`);
  const { analysis, warnings } = analysisFromFlags(flags);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  process.stdout.write(formatAnalysis(analysis, format));
});
