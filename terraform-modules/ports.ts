/**
 * config/ports.ts written as Terraform expressions (HCL without the surrounding `${}`), so that the
 * modules parse, normalize and merge port entries exactly as the stacks do
 * (__tests__/terraform-modules/expressions.test.ts evaluates both on the same inputs).
 */
import { letIn } from "./names";

/** `{ from, to }` of a port entry "N" or "A-B" (an expression for a valid entry). */
export function portRangeExpression(entry: string): string {
  return letIn("bounds", `split("-", ${entry})`, "{ from = tonumber(bounds[0]), to = tonumber(bounds[length(bounds) - 1]) }");
}

/** formatPortRange: "443" or "8000-8100", from an expression for `{ from, to }`. */
export function formatPortRangeExpression(range: string): string {
  return letIn("r", range, 'r.from == r.to ? tostring(r.from) : format("%d-%d", r.from, r.to)');
}

/** An entry as the topology normalizes it ("0443" → "443", "443-443" → "443"). */
export function normalizedPortEntryExpression(entry: string): string {
  return formatPortRangeExpression(portRangeExpression(entry));
}

/**
 * mergePortRanges over a list of valid entries: sorted, overlapping and adjacent ranges merged, as a
 * list of `{ from_port, to_port, ports }` (ports formatted like formatPortRange). Without a loop to
 * accumulate in, a range starts a group iff it starts more than one port after the end of every range
 * that starts before it, and a group ends at the largest end among the ranges that start from its
 * start up to the next group's start.
 */
export function mergedPortRangesExpression(entries: string): string {
  const ranges = `[for p in ${entries} : ${portRangeExpression("p")}]`;
  // Numbers sort as text in Terraform: five digits with leading zeros sort like the numbers.
  const starts = '[for s in sort(distinct([for r in ranges : format("%05d", r.from) if alltrue([for q in ranges : q.from >= r.from || q.to + 1 < r.from])])) : tonumber(s)]';
  const next = "min(concat([for t in starts : t if t > s], [65536])...)";
  const end = "max([for r in ranges : r.to if r.from >= s && r.from < next]...)";
  const group = '{ from_port = s, to_port = end, ports = s == end ? tostring(s) : format("%d-%d", s, end) }';
  return letIn("ranges", ranges,
    letIn("starts", starts,
      `[for s in starts : ${letIn("next", next, letIn("end", end, group))}]`));
}

/** Every entry is "N" or "A-B" with 1 ≤ A ≤ B ≤ 65535 (config/ports.ts parsePortEntry). */
export function portEntriesValid(list: string): string {
  // && does not short-circuit in HCL: try() turns the parse error of a malformed entry into false.
  return `alltrue([for p in ${list} : can(regex("^[0-9]{1,5}(-[0-9]{1,5})?$", p)) && ` +
    `try(${letIn("r", portRangeExpression("p"), "r.from >= 1 && r.from <= r.to && r.to <= 65535")}, false)])`;
}

/** No two entries of the list overlap (config/validate.ts, per endpoint); malformed entries are portEntriesValid's to report. */
export function portEntriesDisjoint(list: string): string {
  return `try(${letIn("ranges", `[for p in ${list} : ${portRangeExpression("p")}]`,
    "alltrue(flatten([for i, a in ranges : [for j, b in ranges : i == j || a.to < b.from || b.to < a.from]]))")}, true)`;
}
