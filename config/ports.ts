/** A TCP port range, inclusive at both ends. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

const PORT_ENTRY = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** Parses "443" or "8000-8100"; returns undefined unless 1 ≤ from ≤ to ≤ 65535. */
export function parsePortEntry(entry: string): PortRange | undefined {
  const m = PORT_ENTRY.exec(entry);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535 || from > to) return undefined;
  return { from, to };
}

/** The form VPC Lattice's port_ranges and our names use: "443" or "8000-8100". */
export function formatPortRange(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
}

/** Validated port entries as the fewest ranges that allow exactly those ports. */
export function portRanges(entries: readonly string[]): PortRange[] {
  return mergePortRanges(entries.map((e) => {
    const r = parsePortEntry(e);
    if (!r) throw new Error(`invalid port entry ${JSON.stringify(e)}`);
    return r;
  }));
}

/** Sorted, with overlapping and adjacent ranges merged: the fewest rules that allow exactly these ports. */
export function mergePortRanges(ranges: readonly PortRange[]): PortRange[] {
  // Ranges with the same first port merge into one whichever comes first: no second sort key.
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const merged: PortRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to + 1) {
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
    } else {
      merged.push(r);
    }
  }
  return merged;
}
