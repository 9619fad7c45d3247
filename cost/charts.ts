/**
 * The report's two charts: monthly cost of the three designs as the number of spoke VPCs grows
 * (at this topology's traffic) and as traffic per pair grows (at this topology's size).
 */
import { FigureError, type Analysis } from "./analysis";
import type { BreakEven } from "./break-even";
import { num, usd } from "./format";
import { DESIGN_LABELS, DESIGNS, designCost, type Counts, type Design } from "./model";
import { compact, niceCeil, renderLineChart, type Mark, type Series } from "./svg-chart";
import { tierBounds } from "./tiers";

const STYLE: Record<Design, { color: string; dash?: string }> = {
  per_vpc_endpoints: { color: "#1f77b4" },
  transit_gateway: { color: "#d62728", dash: "8 4" },
  lattice: { color: "#2ca02c", dash: "2 3" },
};

/** Points per series: enough for the data-tier kinks to show, few enough to stay small. */
const SAMPLES = 200;

/** The x range: past the topology's own value and the break-even, so both are in view. */
function domainEnd(own: number, breakEven: BreakEven, floor: number): number {
  const far = typeof breakEven === "number" ? breakEven * 1.5 : 0;
  return niceCeil(Math.max(own * 2, far, floor));
}

function seriesOver(xs: readonly number[], counts: (x: number) => Counts, a: Analysis, chart: string): Series[] {
  const series = DESIGNS.map((d) => ({
    key: d,
    label: DESIGN_LABELS[d],
    ...STYLE[d],
    points: xs.map((x) => [x, designCost(d, counts(x), a.prices).total] as const),
  }));
  // The charts run past the topology's own figures (twice them): that is where an overflow shows first.
  if (xs.length === 0 || series.some((s) => s.points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y)))) {
    throw new FigureError(`the chart of ${chart} reaches figures that are not finite numbers with these inputs; give smaller figures`);
  }
  return series;
}

const sortedUnique = (xs: number[]) => [...new Set(xs)].sort((p, q) => p - q);

export function costVsSpokesSvg(a: Analysis): string {
  const own = a.counts.spokeVpcs;
  const be = a.breakEven.spokeVpcs;
  const end = domainEnd(own, be, 10);
  const step = Math.max(1, Math.ceil(end / SAMPLES));
  const xs = sortedUnique([1, own, end, ...Array.from({ length: Math.floor(end / step) }, (_, i) => (i + 1) * step)]).filter((x) => x <= end);
  const marks: Mark[] = [{ kind: "topology", x: own, label: `this topology: ${num(own)} spoke VPC${own === 1 ? "" : "s"}` }];
  if (typeof be === "number" && be <= end) marks.push({ kind: "break-even", x: be, label: `Lattice cheaper from ${num(be)}` });
  return renderLineChart({
    title: `${a.topology.name}: monthly cost vs. spoke VPCs (${num(a.counts.gbPerPair)} GB/month per pair, ${num(a.counts.endpoints)} endpoint${a.counts.endpoints === 1 ? "" : "s"})`,
    xLabel: "spoke VPCs",
    yLabel: "cost (USD/month)",
    xDomain: [0, end],
    series: seriesOver(xs, (v) => ({ ...a.counts, spokeVpcs: v }), a, "cost vs. spoke VPCs"),
    marks,
    describe: (s, x, y) => `${s.label}: ${usd(y)}/month at ${num(x)} spoke VPCs`,
    formatX: (x) => compact(x),
    formatY: (y) => `$${compact(y)}`,
  });
}

export function costVsTrafficSvg(a: Analysis): string {
  const own = a.counts.gbPerPair;
  const be = a.breakEven.gbPerPair;
  const end = domainEnd(own, be, 100);
  const pairs = a.counts.spokeVpcs * a.counts.endpoints;
  // The data tiers bend the lines exactly at these G values: include them so the kinks are drawn.
  const kinks = [...tierBounds(a.prices.privateLinkDataGb), ...tierBounds(a.prices.latticeDataGb)].map((gb) => gb / pairs);
  const xs = sortedUnique([...Array.from({ length: SAMPLES + 1 }, (_, i) => (end * i) / SAMPLES), own, ...kinks]).filter((x) => x <= end);
  const marks: Mark[] = [{ kind: "topology", x: own, label: `this topology: ${num(own)} GB` }];
  if (typeof be === "number" && be <= end) marks.push({ kind: "break-even", x: be, label: `per-VPC cheaper above ${num(Math.round(be))} GB` });
  return renderLineChart({
    title: `${a.topology.name}: monthly cost vs. traffic (${num(a.counts.spokeVpcs)} spoke VPCs, ${num(a.counts.endpoints)} endpoint${a.counts.endpoints === 1 ? "" : "s"})`,
    xLabel: "traffic (GB/month per spoke VPC and endpoint pair)",
    yLabel: "cost (USD/month)",
    xDomain: [0, end],
    series: seriesOver(xs, (g) => ({ ...a.counts, gbPerPair: g }), a, "cost vs. traffic"),
    marks,
    describe: (s, x, y) => `${s.label}: ${usd(y)}/month at ${num(x)} GB/month per pair`,
    formatX: (x) => compact(x),
    formatY: (y) => `$${compact(y)}`,
  });
}
