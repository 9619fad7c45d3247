/**
 * npm run report [-- [<topology file>] [--out <dir>] [--gb <n>] [--azs <n>] [--prices <file>]]
 * Writes <dir>/report.md (architecture diagram, cost table, break-even, DNS inventory), cost-vs-spokes.svg,
 * cost-vs-traffic.svg and dns-inventory.json for the topology (the argument, else LATTICE_CONFIG, else examples/basic.yaml).
 */
import { join } from "node:path";
import { analysisFromFlags, COMMON_OPTIONS, parseFlags, runCli } from "../cost/cli";
import { buildReport } from "../cost/report";
import { publishOutput } from "../output/publish";

const USAGE = `usage: npm run report -- [<topology file>] [--out <dir, default report>] [--gb <n>] [--azs <n>] [--prices <file>]
The topology file: the argument, else LATTICE_CONFIG, else examples/basic.yaml. See docs/cost.md.
`;

runCli("report", () => {
  const flags = parseFlags(process.argv.slice(2), { ...COMMON_OPTIONS, out: { type: "string" } });
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { analysis, warnings, topologyFile } = analysisFromFlags(flags);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  const dir = flags.out ?? "report";
  const files = buildReport(analysis, topologyFile);
  // Only into a new, empty or earlier report directory, replacing only its own files (output/publish.ts).
  const { files: written } = publishOutput(dir, "report", files);
  process.stdout.write(`wrote ${written.map((f) => join(dir, f)).join(", ")}\n`);
});
