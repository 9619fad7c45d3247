/** One cost analysis of a topology: its counts, the sheet used, the three designs and the break-evens. */
import { estateOf, type Estate } from "../config/estate";
import type { Topology } from "../config/topology";
import { breakEvens, type BreakEvens } from "./break-even";
import { countsOf, topologyTraffic, type Overrides } from "./counts";
import { compare, DESIGN_LABELS, DESIGNS, ITEM_LABELS, type Comparison, type Counts, type Item } from "./model";
import { pricesOf, type PriceSheet, type Prices } from "./price-sheet";

export interface Analysis {
  readonly topology: Topology;
  /** What the model counts and the diagram draws. */
  readonly estate: Estate;
  readonly counts: Counts;
  /** Where G came from, for the reader. */
  readonly gbSource: "--gb" | "topology traffic.gbPerVpcEndpoint" | "default";
  /** Where the hub's AZ count came from. */
  readonly azSource: "--azs" | "hub subnets";
  readonly sheet: PriceSheet;
  /** "built-in" or the file the sheet was read from. */
  readonly sheetSource: string;
  readonly prices: Prices;
  readonly costs: Comparison;
  readonly breakEven: BreakEvens;
}

export function analyze(topology: Topology, sheet: PriceSheet, sheetSource: string, overrides: Overrides = {}): Analysis {
  const estate = estateOf(topology);
  const counts = countsOf(estate, overrides);
  const prices = pricesOf(sheet);
  return {
    topology,
    estate,
    counts,
    gbSource: overrides.gbPerPair !== undefined ? "--gb" : topologyTraffic(topology) !== undefined ? "topology traffic.gbPerVpcEndpoint" : "default",
    azSource: overrides.hubAzs !== undefined ? "--azs" : "hub subnets",
    sheet,
    sheetSource,
    prices,
    costs: compare(counts, prices),
    breakEven: breakEvens(counts, prices),
  };
}

/** Inputs so large that a figure overflows (`--gb 1e308`): refused rather than shown as $∞ or $NaN. */
export class FigureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FigureError";
  }
}

/** The first figure of the analysis that is not a finite number, described for a message; or undefined. */
export function nonFiniteFigure(a: Analysis): string | undefined {
  const bad = (n: number) => !Number.isFinite(n);
  for (const [name, n] of Object.entries(a.counts)) if (typeof n === "number" && bad(n)) return `the input ${name}`;
  for (const d of DESIGNS) {
    const cost = a.costs[d];
    for (const [item, usd] of Object.entries(cost.items) as [Item, number][]) {
      if (bad(usd)) return `the monthly cost of ${DESIGN_LABELS[d]}: ${ITEM_LABELS[item]}`;
    }
    if (bad(cost.total)) return `the monthly total of ${DESIGN_LABELS[d]}`;
  }
  if (typeof a.breakEven.spokeVpcs === "number" && bad(a.breakEven.spokeVpcs)) return "the break-even number of spoke VPCs";
  if (typeof a.breakEven.gbPerPair === "number" && bad(a.breakEven.gbPerPair)) return "the break-even traffic per pair";
  return undefined;
}

/** What the model leaves out, said plainly wherever a cost is shown. */
export const NOT_MODELLED: readonly string[] = [
  "cross-AZ data transfer (clients in an AZ the hub's endpoints or resource gateway do not serve; TGW and Lattice hops between AZs)",
  "the vendor's own charges (their service, their endpoint service and load balancer)",
  "Route 53 DNS queries (also through a Resolver inbound endpoint); hosted zones beyond the Route 53 account's 25th (a lower price each); other Route 53 Profiles that account owns in the Region (they share the hourly fee and its included associations)",
  "access-log delivery and storage (CloudWatch Logs ingestion and retention of the Lattice access logs)",
  "other traffic sharing the Region's data tiers, free tiers, discounts, taxes, partial hours",
  "endpoint-mode VPCs in the per-VPC endpoint and Transit Gateway designs (they are priced in the VPC Lattice design only, and V counts only the VPCs associated with the service network)",
];
