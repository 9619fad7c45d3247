/**
 * Tiered per-GB prices: the price of a GB depends on the Region's monthly total, band by band
 * (first 1 PB at one price, the next 4 PB at another, …), like a progressive tax.
 */

/** One band: its price applies to the GB from the previous band's bound up to `upToGb`. */
export interface Tier {
  /** Cumulative upper bound of the band in GB; null for the last, unbounded band. */
  readonly upToGb: number | null;
  /** USD per GB inside the band. */
  readonly usdPerGb: number;
}

/** USD for `totalGb` in a month under `tiers` (bounds strictly increasing, the last one null). */
export function tieredCost(totalGb: number, tiers: readonly Tier[]): number {
  let cost = 0;
  let from = 0;
  for (const tier of tiers) {
    const to = tier.upToGb ?? Infinity;
    if (totalGb <= from) break;
    cost += (Math.min(totalGb, to) - from) * tier.usdPerGb;
    from = to;
  }
  return cost;
}

/** The GB totals where the price per GB changes (the finite bounds). */
export function tierBounds(tiers: readonly Tier[]): number[] {
  return tiers.flatMap((t) => (t.upToGb === null ? [] : [t.upToGb]));
}

/** A single price for every GB, as a one-band tier list. */
export const flat = (usdPerGb: number): Tier[] => [{ upToGb: null, usdPerGb }];
