/** The three forms of a change report: text for a terminal, Markdown for a pull request, JSON for tools. */
import type { ChangeReport, WorkspaceReport } from "./model";

export type ReportFormat = "text" | "markdown" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "markdown", "json"];

export function formatReport(report: ChangeReport, format: ReportFormat, title: string): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown":
      return markdown(report, title);
    case "text":
      return text(report, title);
  }
}

const counts = (w: WorkspaceReport) => [
  ...(["create", "update", "replace", "delete"] as const).filter((a) => w[a] > 0).map((a) => `${w[a]} to ${a}`),
  ...(w.moves.length > 0 ? [`${w.moves.length} to move`] : []),
].join(", ");

/** Unchanged workspaces in one line past this many (an estate of 1,000 spokes changes a few). */
const LISTED_UNCHANGED = 10;

function text(report: ChangeReport, title: string): string {
  const lines = [title, "", "Workspaces"];
  const width = Math.max(...report.workspaces.map((w) => w.name.length), 9);
  const unchanged = report.workspaces.filter((w) => w.change === "unchanged");
  for (const w of report.workspaces) {
    if (w.change === "unchanged" && unchanged.length > LISTED_UNCHANGED) continue;
    lines.push(`  ${w.name.padEnd(width)}  ${w.change.padEnd(9)}  ${counts(w)}`.trimEnd());
    for (const r of w.resources) lines.push(`      ${r.action.padEnd(7)}  ${r.address}`);
    for (const m of w.moves) lines.push(`      move     ${m.from} → ${m.to}`);
  }
  if (unchanged.length > LISTED_UNCHANGED) lines.push(`  ${unchanged.length} unchanged: ${unchanged.map((w) => w.name).join(", ")}`);
  lines.push("", "Hazards");
  if (report.hazards.length === 0) lines.push("  none");
  for (const h of report.hazards) lines.push(`  ${h.severity.padEnd(7)}  ${h.id}  ${h.workspace}: ${h.message}`);
  lines.push("", "Runbook: terraform apply, wave by wave (the workspaces of a wave may run in parallel)");
  if (report.runbook.length === 0) lines.push("  nothing to apply");
  report.runbook.forEach((wave, i) => lines.push(`  ${i + 1}. ${wave.join(", ")}`));
  return `${lines.join("\n")}\n`;
}

function markdown(report: ChangeReport, title: string): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [`### ${cell(title)}`, ""];
  const changed = report.workspaces.filter((w) => w.change !== "unchanged");
  const unchanged = report.workspaces.length - changed.length;
  lines.push("| workspace | change | create | update | replace | delete |", "|---|---|---:|---:|---:|---:|");
  for (const w of changed) lines.push(`| \`${w.name}\` | ${w.change} | ${w.create} | ${w.update} | ${w.replace} | ${w.delete} |`);
  if (unchanged > 0) lines.push(`| ${unchanged} other workspace${unchanged === 1 ? "" : "s"} | unchanged | | | | |`);
  lines.push("");
  if (report.hazards.length > 0) {
    lines.push("**Hazards**", "", "| severity | hazard | workspace | what to do |", "|---|---|---|---|");
    for (const h of report.hazards) lines.push(`| ${h.severity === "error" ? "**error**" : "warning"} | \`${h.id}\` | \`${h.workspace}\` | ${cell(h.message)} |`);
  } else {
    lines.push("**Hazards:** none");
  }
  lines.push("", "**Runbook** (`terraform apply`, wave by wave; the workspaces of a wave may run in parallel)", "");
  if (report.runbook.length === 0) lines.push("Nothing to apply.");
  report.runbook.forEach((wave, i) => lines.push(`${i + 1}. ${wave.map((w) => `\`${w}\``).join(", ")}`));
  const details = changed.filter((w) => w.resources.length + w.moves.length > 0);
  if (details.length > 0) {
    lines.push("", "<details><summary>Resource changes</summary>", "");
    for (const w of details) {
      lines.push(`\`${w.name}\``, "", "```");
      for (const r of w.resources) lines.push(`${r.action.padEnd(7)}  ${r.address}`);
      for (const m of w.moves) lines.push(`move     ${m.from} → ${m.to}`);
      lines.push("```", "");
    }
    lines.push("</details>");
  }
  return `${lines.join("\n")}\n`;
}
