/** One cost analysis of a topology: its counts, the sheet used, the three designs and the break-evens. */
import type { Topology } from "../config/loader";
import { breakEvens, type BreakEvens } from "./break-even";
import { countsOf, topologyTraffic, type Overrides } from "./counts";
import { compare, type Comparison, type Counts } from "./model";
import { pricesOf, type PriceSheet, type Prices } from "./price-sheet";

export interface Analysis {
  readonly topology: Topology;
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
  const counts = countsOf(topology, overrides);
  const prices = pricesOf(sheet);
  return {
    topology,
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

/** What the model leaves out, said plainly wherever a cost is shown. */
export const NOT_MODELLED: readonly string[] = [
  "cross-AZ data transfer (clients in an AZ the hub's endpoints or resource gateway do not serve; TGW and Lattice hops between AZs)",
  "the vendor's own charges (their service, their endpoint service and load balancer)",
  "Route 53 DNS queries (and Route 53 Profiles beyond 300 VPCs per zone)",
  "access-log delivery and storage (CloudWatch Logs ingestion and retention of the Lattice access logs)",
  "other traffic sharing the Region's data tiers, free tiers, discounts, taxes, partial hours",
];
