/**
 * `node --import tsx scripts/mutation-summary.ts reports/mutation/<run>.json [<run>.json ...]`: the score
 * per folder of one or more `npm run test:mutation` runs (a folder may be run in parts, `MUTATE=...`;
 * a file in several reports counts once, from the last) and every surviving or uncovered mutant, as the
 * Markdown of docs/mutation.md (where each group of survivors gets its reason by hand). A report's
 * `<run>.recheck.json` (scripts/mutation-recheck.ts) moves the survivors that tests added since the run
 * kill into their own column: "killed since".
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Mutant { readonly id: string; readonly status: string; readonly mutatorName: string; readonly location: { readonly start: { readonly line: number } } }
interface FileReport { readonly source: string; readonly mutants: readonly Mutant[] }

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error("usage: mutation-summary <report.json> [<report.json> ...]");
  process.exit(2);
}
const files = new Map<string, FileReport>();
/** Per file: the mutant ids that a recheck found killed by the tests added since its run. */
const killedSince = new Map<string, Set<string>>();
for (const path of reports) {
  const report = JSON.parse(readFileSync(path, "utf8")) as { files?: Record<string, FileReport> };
  if (!report.files || path.endsWith(".recheck.json")) {
    console.error(`${path}: not a Stryker JSON report (reports/mutation/<run>.json)`);
    process.exit(2);
  }
  const recheckPath = path.replace(/\.json$/, ".recheck.json");
  const recheck = existsSync(recheckPath) ? JSON.parse(readFileSync(recheckPath, "utf8")) as Record<string, string> : {};
  for (const [file, r] of Object.entries(report.files)) {
    files.set(file, r);
    killedSince.set(file, new Set(r.mutants.filter((m) => recheck[m.id] === "killed").map((m) => m.id)));
  }
}

/** The folder's source files that a run could mutate (stryker.config.mjs leaves the generator out). */
const mutable = (folder: string): string[] => (readdirSync(folder, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => join(folder, f))
  .filter((f) => f !== "guard/generate-taggable-types.ts");

const KILLED = new Set(["Killed", "Timeout"]);
const LIVE = new Set(["Survived", "NoCoverage"]);
const folders = new Map<string, { files: number; mutants: number; killed: number; since: number; live: number; invalid: number }>();
const rows: string[] = [];
for (const [file, { source, mutants }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const lines = source.split("\n");
  const folder = file.split("/")[0];
  const f = folders.get(folder) ?? { files: 0, mutants: 0, killed: 0, since: 0, live: 0, invalid: 0 };
  folders.set(folder, f);
  f.files++;
  f.mutants += mutants.length;
  for (const m of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line)) {
    if (KILLED.has(m.status)) f.killed++;
    else if (LIVE.has(m.status) && killedSince.get(file)?.has(m.id)) f.since++;
    else if (LIVE.has(m.status)) {
      f.live++;
      const code = lines[m.location.start.line - 1].trim().slice(0, 90).replaceAll("|", "\\|").replaceAll("`", "'");
      rows.push(`| ${file}:${m.location.start.line} | ${m.status === "NoCoverage" ? "not covered" : "survived"} | ${m.mutatorName} | \`${code}\` |`);
    } else f.invalid++;
  }
}
console.log("| folder | files mutated | mutants | killed | killed since | survived or not covered | invalid | score |\n|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [folder, f] of folders) {
  const score = (100 * (f.killed + f.since) / (f.killed + f.since + f.live)).toFixed(1);
  console.log(`| \`${folder}/\` | ${f.files} of ${mutable(folder).length} | ${f.mutants} | ${f.killed} | ${f.since} | ${f.live} | ${f.invalid} | ${score} % |`);
}
console.log(`\n| where | status | mutator | code |\n|---|---|---|---|\n${rows.join("\n")}`);
