/**
 * `npm run changes -- --base <before> [<after>]`: one review of a topology change across the whole
 * estate, offline (no Terraform, no AWS). `<before>` is a topology file or `<git ref>:<path>`;
 * `<after>` a file (default LATTICE_CONFIG, then examples/basic.yaml). `--teardown [<topology>]`
 * reviews the destruction of the whole estate instead. Exit 0: no error hazard; 1: at least one;
 * 2: it could not do its job (a bad topology gets the loader's one-line errors).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { CommandError, EXIT_DONE, EXIT_PROBLEMS, UsageError } from "../cli/command";
import { topologyFile } from "../cli/topology-file";
import { loadTopologyFile, parseTopology, type LoadedTopology } from "../config/loader";
import { formatReport, REPORT_FORMATS, type ReportFormat } from "./format";
import { reviewChange, synthesisOf } from "./review";

export const USAGE = `usage: npm run changes -- --base <before> [<after>] [--format text|markdown|json]
       npm run changes -- --teardown [<topology>] [--format text|markdown|json]

Reviews a topology change across every workspace, offline: what each workspace's plan will create,
update, replace and delete, the hazards, and the order of the applies (docs/changes.md).
<before> is a topology file or <git ref>:<path> (for instance main:topology.yaml); <after> a file,
by default LATTICE_CONFIG, then examples/basic.yaml. --teardown: the order and hazards of destroying
the whole estate. Exit 0: no error hazard; 1: at least one; 2: it could not do its job.`;

export function main(argv: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      base: { type: "string" },
      teardown: { type: "boolean" },
      format: { type: "string", default: "text" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT_DONE;
  }
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}, not ${JSON.stringify(values.format)}`);
  const afterFile = topologyFile(positionals);
  if (values.teardown && values.base !== undefined) throw new UsageError("--teardown reviews one topology: give it without --base");
  if (!values.teardown && values.base === undefined) throw new UsageError("--base <before> is required: the topology as deployed (a file or <git ref>:<path>)");
  if (values.base === "") throw new UsageError("--base is empty");

  // A teardown reviews what is deployed, whatever limits came later.
  const after = loaded(loadTopologyFile(afterFile, { asDeployed: values.teardown }));
  if (values.teardown) {
    const report = reviewChange(after, after, { teardown: true });
    process.stdout.write(formatReport(report, format, `${after.estate.topology.name}: teardown of ${afterFile}`));
    return report.hazards.some((h) => h.severity === "error") ? EXIT_PROBLEMS : EXIT_DONE;
  }
  const base = values.base!;
  const before = loaded(readBase(base));
  const report = reviewChange(before, after);
  process.stdout.write(formatReport(report, format, `${after.estate.topology.name}: ${base} → ${afterFile}`));
  return report.hazards.some((h) => h.severity === "error") ? EXIT_PROBLEMS : EXIT_DONE;
}

function loaded({ topology, warnings }: LoadedTopology) {
  return synthesisOf(topology, warnings);
}

/**
 * A topology file, or `<git ref>:<path>` read with `git show` (a file of that name wins): the
 * topology as deployed, which our later limits do not refuse.
 */
export function readBase(spec: string): LoadedTopology {
  if (existsSync(spec) || !/^[^:]+:.+$/.test(spec)) return loadTopologyFile(spec, { asDeployed: true });
  let text: string;
  try {
    text = execFileSync("git", ["show", spec], { encoding: "utf8", maxBuffer: 10 * 1024 * 1024 + 1, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0];
    throw new CommandError(`cannot read ${spec} with git show (${stderr || (e as Error).message.split("\n")[0]})`);
  }
  return parseTopology(text, spec, { asDeployed: true });
}
