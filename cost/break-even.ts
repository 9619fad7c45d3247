/**
 * Break-even points between VPC Lattice and per-VPC endpoints. The costs are piecewise linear in
 * the number of spoke VPCs and in the traffic (kinks only at the data tiers and, in profile mode,
 * where the Profile's included associations run out), so both points are found exactly by a
 * linear solve on the segment where the sign changes (rounded up to whole VPCs).
 */
import { accessGb, designCost, type Counts } from "./model";
import type { Prices } from "./price-sheet";
import { tierBounds } from "./tiers";

/** A count or amount, or "always" (already on the far side) / "never" (not within the bound). */
export type BreakEven = number | "always" | "never";

/** Spoke VPCs searched: well beyond the 500 associations a service network allows by default. */
export const MAX_SPOKE_VPCS = 100_000;

export interface BreakEvens {
  /** Smallest number of spoke VPCs from which Lattice is cheaper than per-VPC endpoints (at this traffic). */
  readonly spokeVpcs: BreakEven;
  /** GB a month per pair above which per-VPC endpoints are cheaper than Lattice (at this size). */
  readonly gbPerPair: BreakEven;
}

/** Per-VPC endpoints minus Lattice: positive where Lattice is cheaper. */
const latticeSaving = (c: Counts, p: Prices) =>
  designCost("per_vpc_endpoints", c, p).total - designCost("lattice", c, p).total;

export function breakEvens(c: Counts, p: Prices): BreakEvens {
  return { spokeVpcs: spokeBreakEven(c, p), gbPerPair: trafficBreakEven(c, p) };
}

/**
 * The smallest V such that Lattice is strictly cheaper for every V' in [V, max]:
 * "always" when that is 1, "never" when Lattice is not cheaper at the bound.
 */
export function spokeBreakEven(c: Counts, p: Prices, max = MAX_SPOKE_VPCS): BreakEven {
  const f = (v: number) => latticeSaving({ ...c, spokeVpcs: v }, p);
  // Between the integers around each tier bound (and the Profile's included associations) the
  // saving is a straight line in V, so it is enough to look at those integers and to solve within
  // the segment where the sign changes.
  const perVpc = c.endpoints * c.gbPerPair;
  // Lattice's hub data also carries the endpoint-mode VPCs' traffic (fixed in V): its bounds come sooner.
  const access = accessGb(c);
  const dataKinks = perVpc === 0 ? [] : [
    ...tierBounds(p.privateLinkDataGb).map((gb) => gb / perVpc),
    ...[...tierBounds(p.privateLinkDataGb), ...tierBounds(p.latticeDataGb)].map((gb) => (gb - access) / perVpc),
  ];
  const kinks = c.dnsMode === "profile" ? [...dataKinks, p.route53ProfileIncludedVpcAssociations] : dataKinks;
  const points = [...new Set([1, max, ...kinks.flatMap((k) => [Math.floor(k), Math.ceil(k)])])]
    .filter((v) => v >= 1 && v <= max)
    .sort((a, b) => a - b);
  if (f(max) <= 0) return "never";
  for (let i = points.length - 2; i >= 0; i--) {
    const [a, b] = [points[i], points[i + 1]];
    if (f(a) > 0) continue;
    // f(a) ≤ 0 < f(b): the first integer past the root, nudged against rounding.
    let v = Math.min(b, Math.max(a + 1, Math.floor(a + (-f(a) / (f(b) - f(a))) * (b - a)) + 1));
    while (v - 1 > a && f(v - 1) > 0) v--;
    while (f(v) <= 0) v++;
    return v;
  }
  return "always";
}

/** The same by trying every V from the bound down: slow, the test oracle for spokeBreakEven. */
export function spokeBreakEvenByScan(c: Counts, p: Prices, max = MAX_SPOKE_VPCS): BreakEven {
  let from = max + 1;
  for (let v = max; v >= 1; v--) {
    if (latticeSaving({ ...c, spokeVpcs: v }, p) > 0) from = v;
    else break;
  }
  if (from > max) return "never";
  return from === 1 ? "always" : from;
}

/**
 * The G at which per-VPC endpoints become and stay strictly cheaper for every larger G: "always"
 * when they are already cheaper at 0 GB, "never" when Lattice stays as cheap or cheaper at any traffic.
 */
export function trafficBreakEven(c: Counts, p: Prices): BreakEven {
  const pairs = c.spokeVpcs * c.endpoints;
  // The endpoint-mode VPCs' pairs: their traffic grows with G too, on the Lattice side only.
  const accessPairs = c.endpointAccess?.endpoints ?? 0;
  const f = (g: number) => latticeSaving({ ...c, gbPerPair: g }, p);
  if (pairs + accessPairs === 0) return f(0) < 0 ? "always" : "never";
  // Segment ends in G: 0 and every tier bound of each data price, as GB per pair of the traffic it is on.
  const per = (bounds: number[], n: number) => (n === 0 ? [] : bounds.map((gb) => gb / n));
  const bounds = [
    ...per(tierBounds(p.privateLinkDataGb), pairs),
    ...per([...tierBounds(p.privateLinkDataGb), ...tierBounds(p.latticeDataGb)], pairs + accessPairs),
    ...per(tierBounds(p.resourceEndpointDataGb), accessPairs),
  ];
  const points = [...new Set([0, ...bounds])].sort((a, b) => a - b);
  const last = points[points.length - 1];
  const tailSlope = f(last + 1) - f(last);
  // Beyond the last bound the saving is a straight line: it must end negative for a crossing.
  if (!(tailSlope < 0 || (tailSlope === 0 && f(last) < 0))) return "never";
  if (f(last) >= 0) return last + f(last) / -tailSlope;
  // Walk left to the last point where Lattice is still at least as cheap, and solve on that segment.
  for (let i = points.length - 2; i >= 0; i--) {
    const [a, b] = [points[i], points[i + 1]];
    const [fa, fb] = [f(a), f(b)];
    if (fa >= 0) return a + (fa / (fa - fb)) * (b - a);
  }
  return "always";
}
