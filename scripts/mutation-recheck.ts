/**
 * `node --import tsx scripts/mutation-recheck.ts <report.json> <test file>...`: applies each surviving
 * or uncovered mutant of a `npm run test:mutation` report to a scratch copy of its file, runs the given
 * test files with the unit loop's Jest, and says which now fail: what the tests added since the run
 * kill, in minutes instead of a Stryker rerun (whose incremental mode reruns every mutant a changed
 * test covers). In a file that changed since the run, a mutant is placed by the lines it was on: when
 * those lines (widened by up to three lines each side until they are unique) occur exactly once in the
 * file now, it is applied there; otherwise it is "unplaced", by name, and wants a Stryker rerun.
 *
 * Writes `<report>.recheck.json` (mutant id → "killed" | "survived" | "invalid") and prints a count
 * per file and each mutant that is not killed.
 * Exit 0 when done, 1 when it could not place a mutant, 2 when it could not run. Stopped half way, it
 * leaves a mutant in the file and the original beside it as `<file>.mutation-recheck`: move that back.
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

/**
 * Where the run's `source[from, to)`, on lines `start.line`–`end.line`, is in `current`: found by those
 * whole lines, widened by a line each side until they occur once in `current` (up to three). Undefined
 * when they occur nowhere or never become unique.
 */
function place(source: string, current: string, { start, end }: Mutant["location"]): number | undefined {
  const from = offsetOf(source, start);
  if (source === current) return from;
  const lines = source.split("\n");
  const haystack = `\n${current}\n`;
  for (let widen = 0; widen <= 3; widen++) {
    const top = Math.max(1, start.line - widen);
    const needle = `\n${lines.slice(top - 1, end.line + widen).join("\n")}\n`;
    const at = haystack.indexOf(needle);
    if (at === -1) return undefined;
    // `at` is the newline before the block in `haystack`, which is the block's offset in `current`.
    if (haystack.indexOf(needle, at + 1) === -1) return at + from - offsetOf(source, { line: top, column: 1 });
  }
  return undefined;
}

const jest = () => spawnSync("npx", ["jest", "-c", "jest.unit.config.js", ...tests], { encoding: "utf8" });
/** A suite that cannot load is no kill: Stryker counts that mutant as invalid. */
const cannotLoad = (output: string) => /Test suite failed to run/.test(output);

if (jest().status !== 0) {
  console.error(`${tests.join(" ")}: fail without any mutant; fix them first`);
  process.exit(2);
}
const verdicts: Record<string, "killed" | "survived" | "invalid"> = {};
let unplaced = 0;
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const current = readFileSync(file, "utf8");
  const live = mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage");
  let killed = 0;
  const backup = `${file}.mutation-recheck`;
  copyFileSync(file, backup);
  try {
    for (const m of live) {
      const from = offsetOf(source, m.location.start);
      const to = offsetOf(source, m.location.end);
      const at = place(source, current, m.location);
      const where = `${file}:${m.location.start.line}:${m.location.start.column}`;
      if (at === undefined) {
        console.log(`  ${where} unplaced (its lines changed since the run): ${JSON.stringify(m.replacement)}`);
        unplaced++;
        continue;
      }
      writeFileSync(file, current.slice(0, at) + (m.replacement ?? "") + current.slice(at + to - from));
      const run = jest();
      verdicts[m.id] = run.status === 0 ? "survived" : cannotLoad(run.stdout + run.stderr) ? "invalid" : "killed";
      if (verdicts[m.id] === "killed") killed++;
      else console.log(`  ${where} ${verdicts[m.id]}: ${JSON.stringify(m.replacement)}`);
    }
  } finally {
    copyFileSync(backup, file);
    spawnSync("rm", ["-f", backup]);
  }
  console.log(`${file}: ${killed} of ${live.length} surviving or uncovered mutants now killed`);
}
writeFileSync(reportPath.replace(/\.json$/, ".recheck.json"), `${JSON.stringify(verdicts, null, 1)}\n`);
process.exitCode = unplaced > 0 ? 1 : 0;
