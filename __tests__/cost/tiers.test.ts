import fc from "fast-check";
import { BUILT_IN_PRICES, GB_PER_PB } from "../../cost/prices";
import { flat, tierBounds, tieredCost, type Tier } from "../../cost/tiers";

const TIERS: Tier[] = [...BUILT_IN_PRICES.prices.privateLinkDataGb.tiers];
const PB = 1_048_576; // GB: the documented assumption

describe("tieredCost (first 1 PB $0.01, next 4 PB $0.006, above 5 PB $0.004)", () => {
  test("1 PB is 1,048,576 GB in the built-in sheet", () => {
    expect(GB_PER_PB).toBe(PB);
    expect(tierBounds(TIERS)).toEqual([PB, 5 * PB]);
  });

  test.each([
    ["nothing", 0, 0],
    ["1 GB", 1, 0.01],
    ["500 GB", 500, 5],
    ["just under 1 PB", PB - 1, (PB - 1) * 0.01],
    ["exactly 1 PB", PB, 10_485.76],
    ["1 PB + 1 GB", PB + 1, 10_485.76 + 0.006],
    ["2 PB", 2 * PB, 10_485.76 + PB * 0.006],
    ["exactly 5 PB", 5 * PB, 10_485.76 + 4 * PB * 0.006],
    ["5 PB + 1 GB", 5 * PB + 1, 10_485.76 + 25_165.824 + 0.004],
    ["15 PB (AWS's own example)", 15 * PB, PB * 0.01 + 4 * PB * 0.006 + 10 * PB * 0.004],
  ])("%s", (_, gb, usd) => {
    expect(tieredCost(gb, TIERS)).toBeCloseTo(usd, 6);
  });

  test("one unbounded tier is a flat price", () => {
    expect(tieredCost(1234.5, flat(0.02))).toBeCloseTo(24.69, 9);
  });

  test("is continuous, increasing, and never costs more per GB as the total grows", () => {
    const gb = fc.double({ min: 0, max: 20 * PB, noNaN: true });
    fc.assert(
      fc.property(gb, gb, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const [cl, ch] = [tieredCost(lo, TIERS), tieredCost(hi, TIERS)];
        expect(ch).toBeGreaterThanOrEqual(cl - 1e-6);
        // Between the two totals the marginal price lies within the tier prices.
        if (hi - lo > 1) {
          const marginal = (ch - cl) / (hi - lo);
          expect(marginal).toBeLessThanOrEqual(0.01 + 1e-9);
          expect(marginal).toBeGreaterThanOrEqual(0.004 - 1e-9);
        }
        // Never above the flat first-tier price, never below the flat last-tier price.
        expect(ch).toBeLessThanOrEqual(hi * 0.01 + 1e-6);
        expect(ch).toBeGreaterThanOrEqual(hi * 0.004 - 1e-6);
      }),
    );
    for (const bound of tierBounds(TIERS)) {
      expect(tieredCost(bound + 1e-6, TIERS) - tieredCost(bound - 1e-6, TIERS)).toBeLessThan(1e-6);
    }
  });
});
