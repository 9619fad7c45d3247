/** Output: one line per result, or one JSON array of the same results in the same order. */
import { STATUSES, type Result, type Status } from "./model";

export const FORMATS = ["table", "json"] as const;
export type Format = (typeof FORMATS)[number];

export function formatResults(results: readonly Result[], format: Format): string {
  if (format === "json") {
    const rows = results.map(({ status, check, account, subject, message }) => ({ status, check, account, subject, message }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  return results.map((r) => `${r.status} ${r.check} ${r.account} ${r.subject}: ${r.message}\n`).join("");
}

/** "40 checks: 30 PASS, 2 WARN, 1 FAIL, 7 SKIP" */
export function summary(results: readonly Result[]): string {
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  return `${results.length} checks: ${STATUSES.map((s) => `${count(s)} ${s}`).join(", ")}`;
}
