/**
 * `node --import tsx scripts/mutation-summary.ts reports/mutation/<run>.json`: the score per folder of a
 * `npm run test:mutation` run and every surviving or uncovered mutant, as the Markdown of
 * docs/mutation.md (where each group of survivors gets its reason by hand).
 */
import { readFileSync } from "node:fs";

interface Mutant { readonly status: string; readonly mutatorName: string; readonly replacement?: string; readonly location: { readonly start: { readonly line: number } } }
const report = JSON.parse(readFileSync(process.argv[2], "utf8")) as { files: Record<string, { source: string; mutants: Mutant[] }> };

const KILLED = new Set(["Killed", "Timeout"]);
const LIVE = new Set(["Survived", "NoCoverage"]);
const folders = new Map<string, { killed: number; live: number; invalid: number }>();
const rows: string[] = [];
for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const lines = source.split("\n");
  const folder = file.split("/")[0];
  const f = folders.get(folder) ?? { killed: 0, live: 0, invalid: 0 };
  folders.set(folder, f);
  for (const m of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line)) {
    if (KILLED.has(m.status)) f.killed++;
    else if (LIVE.has(m.status)) {
      f.live++;
      const code = lines[m.location.start.line - 1].trim().slice(0, 90).replaceAll("|", "\\|").replaceAll("`", "'");
      rows.push(`| ${file}:${m.location.start.line} | ${m.status === "NoCoverage" ? "not covered" : "survived"} | ${m.mutatorName} | \`${code}\` |`);
    } else f.invalid++;
  }
}
console.log("| folder | killed | survived or not covered | score | invalid (runtime or compile error) |\n|---|---:|---:|---:|---:|");
for (const [folder, f] of folders) {
  console.log(`| ${folder}/ | ${f.killed} | ${f.live} | ${(100 * f.killed / (f.killed + f.live)).toFixed(1)} % | ${f.invalid} |`);
}
console.log(`\n| where | status | mutator | code |\n|---|---|---|---|\n${rows.join("\n")}`);
