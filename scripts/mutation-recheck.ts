/**
 * `node --import tsx scripts/mutation-recheck.ts <report.json> <test file>...`: applies each surviving
 * or uncovered mutant of a `npm run test:mutation` report to a scratch copy of its file, runs the given
 * test files with the unit loop's Jest, and says which now fail: what the tests added since the run
 * kill, in minutes instead of a Stryker rerun (whose incremental mode reruns every mutant a changed
 * test covers). Only for files unchanged since the run: a file that changed is skipped, by name.
 *
 * Writes `<report>.recheck.json` (mutant id → "killed" | "survived" | "invalid") and prints a count
 * per file and each mutant that is not killed.
 * Exit 0 when done, 1 when it skipped a changed file, 2 when it could not run.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";

interface Position { readonly line: number; readonly column: number }
interface Mutant {
  readonly id: string;
  readonly status: string;
  readonly replacement?: string;
  readonly location: { readonly start: Position; readonly end: Position };
}
interface FileReport { readonly source: string; readonly mutants: readonly Mutant[] }

const [reportPath, ...tests] = process.argv.slice(2);
if (!reportPath || tests.length === 0) {
  console.error("usage: mutation-recheck <report.json> <test file> [<test file> ...]");
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, "utf8")) as { files: Record<string, FileReport> };

/** Offset in `source` of a report position (1-based line and column, mutation-testing-report-schema). */
const offsetOf = (source: string, { line, column }: Position) =>
  source.split("\n").slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;

const jest = () => spawnSync("npx", ["jest", "-c", "jest.unit.config.js", ...tests], { encoding: "utf8" });
/** A suite that cannot load is no kill: Stryker counts that mutant as invalid. */
const cannotLoad = (output: string) => /Test suite failed to run/.test(output);

if (jest().status !== 0) {
  console.error(`${tests.join(" ")}: fail without any mutant; fix them first`);
  process.exit(2);
}
const verdicts: Record<string, "killed" | "survived" | "invalid"> = {};
let skipped = 0;
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  if (readFileSync(file, "utf8") !== source) {
    console.error(`${file}: changed since the run, skipped; rerun Stryker for it`);
    skipped++;
    continue;
  }
  const live = mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage");
  let killed = 0;
  const backup = `${file}.mutation-recheck`;
  copyFileSync(file, backup);
  try {
    for (const m of live) {
      const from = offsetOf(source, m.location.start);
      const to = offsetOf(source, m.location.end);
      writeFileSync(file, source.slice(0, from) + (m.replacement ?? "") + source.slice(to));
      const run = jest();
      verdicts[m.id] = run.status === 0 ? "survived" : cannotLoad(run.stdout + run.stderr) ? "invalid" : "killed";
      if (verdicts[m.id] === "killed") killed++;
      else console.log(`  ${file}:${m.location.start.line}:${m.location.start.column} ${verdicts[m.id]}: ${JSON.stringify(m.replacement)}`);
    }
  } finally {
    copyFileSync(backup, file);
    spawnSync("rm", ["-f", backup]);
  }
  console.log(`${file}: ${killed} of ${live.length} surviving or uncovered mutants now killed`);
}
writeFileSync(reportPath.replace(/\.json$/, ".recheck.json"), `${JSON.stringify(verdicts, null, 1)}\n`);
process.exitCode = skipped > 0 ? 1 : 0;
