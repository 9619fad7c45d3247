/** The SVG charts: well-formed, three series, axes with units, a legend, the topology's point. */
import { loadTopologyFile } from "../../config/loader";
import { analyze, type Analysis } from "../../cost/analysis";
import { costVsSpokesSvg, costVsTrafficSvg } from "../../cost/charts";
import { designCost } from "../../cost/model";
import { builtInSheet } from "../../cost/price-sheet";
import { compact, niceCeil, ticks } from "../../cost/svg-chart";
import { fixture, wellFormedElements } from "./support";

const analysisOf = (file: string, gb?: number) =>
  analyze(loadTopologyFile(file).topology, builtInSheet(), "built-in", { gbPerPair: gb });

const SERIES = ["per_vpc_endpoints", "transit_gateway", "lattice"];

/** The polylines' points, per series, in data order. */
function polylines(svg: string): Record<string, [number, number][]> {
  return Object.fromEntries(
    [...svg.matchAll(/<polyline class="series" data-series="(\w+)"[^>]* points="([^"]+)"\/>/g)].map((m) => [
      m[1],
      m[2].split(" ").map((p) => p.split(",").map(Number) as [number, number]),
    ]),
  );
}

function checkChart(svg: string, xLabel: RegExp) {
  const elements = wellFormedElements(svg);
  expect(elements[0]).toBe("svg");
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  // Axes, units and tick labels.
  expect(svg).toMatch(/<text class="label"[^>]*>cost \(USD\/month\)<\/text>/);
  expect(svg).toMatch(xLabel);
  expect(svg).toMatch(/<text [^>]*>\$0<\/text>/);
  // Three series, each in the legend, each a left-to-right line.
  const lines = polylines(svg);
  expect(Object.keys(lines)).toEqual(SERIES);
  for (const key of SERIES) {
    expect(svg).toMatch(new RegExp(`<g class="legend">[\\s\\S]*<text data-series="${key}"`));
    const xs = lines[key].map(([x]) => x);
    expect(xs.length).toBeGreaterThan(10);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  }
  // The topology's own point, on every series.
  expect(svg).toMatch(/<g class="mark" data-kind="topology"/);
  expect(svg.match(/<circle class="point" data-series="\w+"/g)).toHaveLength(3);
}

/** The value in a point's tooltip, e.g. "…: $92.10/month at …". */
const tooltipUsd = (svg: string, series: string) =>
  new RegExp(`<circle class="point" data-series="${series}"[^>]*><title>[^<]*: \\$([\\d,.]+)/month`).exec(svg)?.[1];

describe("cost-vs-spokes.svg", () => {
  test("basic: three series over spoke VPCs, the topology at 2 VPCs, break-even at 7", () => {
    const a = analysisOf("examples/basic.yaml");
    const svg = costVsSpokesSvg(a);
    checkChart(svg, /<text class="label"[^>]*>spoke VPCs<\/text>/);
    expect(svg).toMatch(/<g class="mark" data-kind="topology" data-x="2">/);
    expect(svg).toMatch(/<g class="mark" data-kind="break-even" data-x="7">/);
    expect(tooltipUsd(svg, "per_vpc_endpoints")).toBe("31.20");
    expect(tooltipUsd(svg, "transit_gateway")).toBe("130.60");
    expect(tooltipUsd(svg, "lattice")).toBe("92.10");
    // Lattice's line starts above per-VPC endpoints' and ends below it: they cross.
    const lines = polylines(svg);
    const [first, last] = [0, lines.lattice.length - 1];
    expect(lines.lattice[first][1]).toBeLessThan(lines.per_vpc_endpoints[first][1]); // SVG y grows downwards
    expect(lines.lattice[last][1]).toBeGreaterThan(lines.per_vpc_endpoints[last][1]);
  });

  test("is deterministic", () => {
    const a = analysisOf(fixture("multi.yaml"));
    expect(costVsSpokesSvg(a)).toBe(costVsSpokesSvg(analysisOf(fixture("multi.yaml"))));
  });
});

describe("cost-vs-traffic.svg", () => {
  test("multi: three series over GB per pair, the topology at 100 GB, break-even at 1,324 GB", () => {
    const a = analysisOf(fixture("multi.yaml"));
    const svg = costVsTrafficSvg(a);
    checkChart(svg, /<text class="label"[^>]*>traffic \(GB\/month per spoke VPC and endpoint pair\)<\/text>/);
    expect(svg).toMatch(/<g class="mark" data-kind="topology" data-x="100">/);
    expect(svg).toMatch(/<g class="mark" data-kind="break-even" data-x="1324\.24\d*">/);
    expect(tooltipUsd(svg, "lattice")).toBe("351.70");
  });

  test("heavy traffic: the tier kinks are sample points of the lines", () => {
    const a: Analysis = analysisOf(fixture("multi.yaml"), 50_000);
    const svg = costVsTrafficSvg(a);
    checkChart(svg, /GB\/month per spoke VPC and endpoint pair/);
    // 1 PB over 33 pairs = 31,775 GB per pair is inside the domain [0, 100k].
    const kink = 1_048_576 / 33;
    expect(designCost("lattice", { ...a.counts, gbPerPair: kink }, a.prices).items.lattice_data).toBeCloseTo(10_485.76, 6);
    expect(polylines(svg).lattice.length).toBeGreaterThan(200);
  });
});

describe("axis helpers", () => {
  test("nice bounds and ticks", () => {
    expect(niceCeil(92.1)).toBe(100);
    expect(niceCeil(755.7)).toBe(800);
    expect(niceCeil(0)).toBe(1);
    expect(ticks(0, 800)).toEqual([0, 200, 400, 600, 800]);
    expect(ticks(0, 15)).toEqual([0, 5, 10, 15]);
    expect(compact(1500)).toBe("1.5k");
    expect(compact(2_000_000)).toBe("2M");
    expect(compact(12.5)).toBe("12.5");
    expect(compact(40)).toBe("40");
  });
});
