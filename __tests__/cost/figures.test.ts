/** Figures that overflow are refused, never shown as $∞ or $NaN (cost/analysis.ts, cost/charts.ts). */
import { analyze, FigureError, nonFiniteFigure } from "../../cost/analysis";
import { costVsSpokesSvg, costVsTrafficSvg } from "../../cost/charts";
import { builtInSheet } from "../../cost/price-sheet";
import { validateTopology } from "../../config/loader";
import { generatedTopology } from "./support";

const topology = validateTopology(generatedTopology(3, 2, 2, 1)).topology;

test("an analysis of ordinary inputs has only finite figures", () => {
  expect(nonFiniteFigure(analyze(topology, builtInSheet(), "built-in"))).toBeUndefined();
});

test.each<[string, { gbPerPair?: number; hubAzs?: number }, RegExp]>([
  ["traffic", { gbPerPair: 1e308 }, /^the monthly cost of Per-VPC endpoints: PrivateLink data/],
  ["Availability Zones", { hubAzs: 1e308 }, /^the monthly cost of Per-VPC endpoints: Interface endpoints/],
])("huge %s: the first figure that overflows is named", (_what, overrides, named) => {
  expect(nonFiniteFigure(analyze(topology, builtInSheet(), "built-in", overrides))).toMatch(named);
});

test("a huge price: named too", () => {
  const sheet = builtInSheet();
  const huge = { ...sheet, hoursPerMonth: { ...sheet.hoursPerMonth, value: 1e308 } };
  expect(nonFiniteFigure(analyze(topology, huge, "x"))).toMatch(/^the monthly cost of /);
});

test("the charts refuse figures that overflow where they reach, past the topology's own", () => {
  const a = analyze(topology, builtInSheet(), "built-in");
  // Finite for the topology, but the traffic chart runs to twice its traffic.
  const far = { ...a, counts: { ...a.counts, gbPerPair: 1.7e308 } };
  expect(() => costVsTrafficSvg(far)).toThrow(FigureError);
  expect(() => costVsTrafficSvg(far)).toThrow(/^the chart of cost vs\. traffic reaches figures that are not finite numbers/);
  const many = { ...a, counts: { ...a.counts, spokeVpcs: 1e308 } };
  expect(() => costVsSpokesSvg(many)).toThrow(/^the chart of cost vs\. spoke VPCs reaches figures that are not finite numbers/);
  expect(costVsTrafficSvg(a)).toMatch(/^<svg /);
});
