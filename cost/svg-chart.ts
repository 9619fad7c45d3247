/**
 * A small, deterministic SVG line chart: axes with tick labels and units, one polyline per
 * series, a legend, and vertical marks (the topology's own point, break-even points).
 * Hand-written so the output is stable byte for byte and easy to check in tests.
 */

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  /** stroke-dasharray, so the series differ without colour too. */
  readonly dash?: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface Mark {
  readonly kind: "topology" | "break-even";
  readonly x: number;
  readonly label: string;
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xDomain: readonly [number, number];
  readonly series: readonly Series[];
  readonly marks: readonly Mark[];
  /** Tooltip text of a series' value at a mark. */
  readonly describe: (series: Series, x: number, y: number) => string;
  readonly formatX: (x: number) => string;
  readonly formatY: (y: number) => string;
}

const WIDTH = 920;
const HEIGHT = 480;
const PLOT = { left: 90, right: 700, top: 56, bottom: 400 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const fixed = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`. */
export function niceStep(span: number, count = 5): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** The smallest multiple of a nice step that is ≥ n. */
export function niceCeil(n: number): number {
  if (n <= 0) return 1;
  const step = niceStep(n, 5);
  return Math.ceil(n / step - 1e-9) * step;
}

export function ticks(min: number, max: number): number[] {
  const step = niceStep(max - min);
  const out: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step + 0); // + 0: no -0
  return out;
}

/** 1234 → "1.2k", 2500000 → "2.5M": short tick labels. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  const trim = (s: string) => s.replace(/\.0+$|(\.\d*?)0+$/, "$1");
  if (abs >= 1e9) return `${trim((n / 1e9).toFixed(2))}G`;
  if (abs >= 1e6) return `${trim((n / 1e6).toFixed(2))}M`;
  if (abs >= 1e3) return `${trim((n / 1e3).toFixed(2))}k`;
  return trim(n.toFixed(2));
}

/** The y of a polyline at x (linear between its points). */
export function valueAt(points: readonly (readonly [number, number])[], x: number): number {
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (x >= x0 && x <= x1) return x1 === x0 ? y1 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return points[points.length - 1][1];
}

export function renderLineChart(c: LineChart): string {
  const [x0, x1] = c.xDomain;
  const yMax = niceCeil(Math.max(...c.series.flatMap((s) => s.points.map((p) => p[1]))));
  const sx = (x: number) => PLOT.left + ((x - x0) / (x1 - x0)) * (PLOT.right - PLOT.left);
  const sy = (y: number) => PLOT.bottom - (y / yMax) * (PLOT.bottom - PLOT.top);
  const out: string[] = [];
  const add = (line: string) => out.push(line);

  add(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  add(`<title>${escapeXml(c.title)}</title>`);
  add(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  add(`<text class="title" x="${WIDTH / 2}" y="28" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(c.title)}</text>`);

  // Grid and ticks.
  add(`<g class="axis" data-axis="y">`);
  for (const y of ticks(0, yMax)) {
    add(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${fixed(sy(y))}" y2="${fixed(sy(y))}" stroke="#e0e0e0"/>`);
    add(`<text x="${PLOT.left - 8}" y="${fixed(sy(y) + 4)}" text-anchor="end">${escapeXml(c.formatY(y))}</text>`);
  }
  add(`<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="black"/>`);
  add(`<text class="label" transform="translate(22 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(c.yLabel)}</text>`);
  add(`</g>`);
  add(`<g class="axis" data-axis="x">`);
  for (const x of ticks(x0, x1)) {
    add(`<line x1="${fixed(sx(x))}" x2="${fixed(sx(x))}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 5}" stroke="black"/>`);
    add(`<text x="${fixed(sx(x))}" y="${PLOT.bottom + 20}" text-anchor="middle">${escapeXml(c.formatX(x))}</text>`);
  }
  add(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="black"/>`);
  add(`<text class="label" x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 48}" text-anchor="middle">${escapeXml(c.xLabel)}</text>`);
  add(`</g>`);

  // Marks under the series: dashed verticals with their labels.
  for (const [i, m] of c.marks.entries()) {
    const x = fixed(sx(m.x));
    const color = m.kind === "topology" ? "#444" : "#999";
    add(`<g class="mark" data-kind="${m.kind}" data-x="${m.x}">`);
    add(`<line x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="${color}" stroke-dasharray="${m.kind === "topology" ? "6 3" : "2 3"}"/>`);
    // Labels start at the line: marks sit in the left two thirds of the domain, so they never clip.
    add(`<text x="${fixed(sx(m.x) + 4)}" y="${PLOT.top + 12 + i * 14}" fill="${color}">${escapeXml(m.label)}</text>`);
    add(`</g>`);
  }

  for (const s of c.series) {
    const points = s.points.map(([x, y]) => `${fixed(sx(x))},${fixed(sy(y))}`).join(" ");
    add(`<polyline class="series" data-series="${escapeXml(s.key)}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""} points="${points}"/>`);
  }

  // The topology's own point on every series, with its value as a tooltip.
  for (const m of c.marks.filter((mark) => mark.kind === "topology")) {
    for (const s of c.series) {
      const y = valueAt(s.points, m.x);
      add(`<circle class="point" data-series="${escapeXml(s.key)}" cx="${fixed(sx(m.x))}" cy="${fixed(sy(y))}" r="4.5" fill="${s.color}" stroke="white"><title>${escapeXml(c.describe(s, m.x, y))}</title></circle>`);
    }
  }

  // Legend, right of the plot.
  const lx = PLOT.right + 20;
  add(`<g class="legend">`);
  c.series.forEach((s, i) => {
    const y = PLOT.top + 10 + i * 22;
    add(`<line x1="${lx}" x2="${lx + 28}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
    add(`<text data-series="${escapeXml(s.key)}" x="${lx + 36}" y="${y + 4}">${escapeXml(s.label)}</text>`);
  });
  const y = PLOT.top + 10 + c.series.length * 22;
  add(`<circle cx="${lx + 14}" cy="${y}" r="4.5" fill="#444"/>`);
  add(`<text x="${lx + 36}" y="${y + 4}">this topology</text>`);
  add(`<line x1="${lx + 14}" x2="${lx + 14}" y1="${y + 14}" y2="${y + 30}" stroke="#999" stroke-dasharray="2 3"/>`);
  add(`<text x="${lx + 36}" y="${y + 26}">break-even</text>`);
  add(`</g>`);
  add(`</svg>`);
  return `${out.join("\n")}\n`;
}
