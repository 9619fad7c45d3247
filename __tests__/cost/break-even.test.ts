import fc from "fast-check";
import { breakEvens, spokeBreakEven, spokeBreakEvenByScan, trafficBreakEven } from "../../cost/break-even";
import { designCost, type Counts } from "../../cost/model";
import { builtInSheet, pricesOf, type Prices } from "../../cost/price-sheet";
import { flat } from "../../cost/tiers";

const prices = pricesOf(builtInSheet());
const PB = 1_048_576;
const total = (d: "lattice" | "per_vpc_endpoints", c: Counts, p: Prices = prices) => designCost(d, c, p).total;

describe("break-even in spoke VPCs (Lattice cheaper than per-VPC endpoints from V on)", () => {
  test("examples/basic.yaml's counts: 13.6·V − 88.1 > 0 → V = 7", () => {
    // per-VPC − Lattice = (V−1)·S·A·7.30 − S·73.00 − Z·0.50 − 0.01·V·S·G = 14.6V − 14.6 − 73.5 − V
    const c: Counts = { spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100 };
    expect(spokeBreakEven(c, prices)).toBe(7);
    expect(total("lattice", { ...c, spokeVpcs: 7 })).toBeLessThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 7 }));
    expect(total("lattice", { ...c, spokeVpcs: 6 })).toBeGreaterThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 6 }));
  });

  test("fixtures/multi.yaml's counts: (V−1)·65.7 − 219 − 1 − 3V > 0 → V > 4.56 → 5", () => {
    expect(spokeBreakEven({ spokeVpcs: 11, endpoints: 3, hubAzs: 3, zones: 2, gbPerPair: 100 }, prices)).toBe(5);
  });

  test("at 10,000 GB per pair Lattice's data charge outgrows the endpoint-hours saved: never", () => {
    // per pair and month: 2 AZs · 7.30 = 14.60 saved, ≥ 10,000 · 0.004 = 40 paid even in the cheapest tier.
    expect(spokeBreakEven({ spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 10_000 }, prices)).toBe("never");
  });

  test("a bound smaller than the crossing gives never; a credit on Lattice gives always", () => {
    const c: Counts = { spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100 };
    expect(spokeBreakEven(c, prices, 6)).toBe("never");
    // Not a real price: a negative configuration-hour (a credit) makes Lattice cheaper even for one VPC.
    expect(spokeBreakEven(c, { ...prices, latticeResourceConfigurationHour: -1 })).toBe("always");
  });
});

describe("break-even in traffic (per-VPC endpoints cheaper above G)", () => {
  test("examples/basic.yaml's counts: per-VPC endpoints are cheaper even at 0 GB", () => {
    expect(trafficBreakEven({ spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100 }, prices)).toBe("always");
  });

  test("20 spoke VPCs: 19·14.60 − 73.50 − 0.01·20·G = 0 → G = 1,019.5 GB", () => {
    const c: Counts = { spokeVpcs: 20, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100 };
    const g = trafficBreakEven(c, prices) as number;
    expect(g).toBeCloseTo(1019.5, 6);
    expect(total("lattice", { ...c, gbPerPair: g })).toBeCloseTo(total("per_vpc_endpoints", { ...c, gbPerPair: g }), 6);
    expect(total("per_vpc_endpoints", { ...c, gbPerPair: g + 1 })).toBeLessThan(total("lattice", { ...c, gbPerPair: g + 1 }));
    expect(total("per_vpc_endpoints", { ...c, gbPerPair: g - 1 })).toBeGreaterThan(total("lattice", { ...c, gbPerPair: g - 1 }));
  });

  test("a crossing in the third tier (above 5 PB) is solved exactly", () => {
    // V=500, S=10, A=3, Z=2: the saving before data is 499·10·3·7.30 − 10·73 − 2·0.50 = 108,550.
    // Lattice data reaches it at 5 PB (35,651.584) + 72,898.416 / 0.004 GB = 23,467,484 GB, over 5,000 pairs.
    const c: Counts = { spokeVpcs: 500, endpoints: 10, hubAzs: 3, zones: 2, gbPerPair: 1 };
    const T = 5 * PB + (108_550 - 10_485.76 - 25_165.824) / 0.004;
    expect(T).toBeCloseTo(23_467_484, 3);
    expect(trafficBreakEven(c, prices)).toBeCloseTo(T / 5000, 6);
  });

  test("a crossing in the second tier", () => {
    // V=100, S=10, A=3, Z=1: 99·10·3·7.30 − 730 − 0.50 = 20,950.5 → T = 1 PB + (20,950.5 − 10,485.76)/0.006.
    const c: Counts = { spokeVpcs: 100, endpoints: 10, hubAzs: 3, zones: 1, gbPerPair: 1 };
    const T = PB + (20_950.5 - 10_485.76) / 0.006;
    expect(trafficBreakEven(c, prices)).toBeCloseTo(T / 1000, 6);
  });

  test("free Lattice data: per-VPC endpoints never become cheaper", () => {
    const free = { ...prices, latticeDataGb: flat(0) };
    expect(trafficBreakEven({ spokeVpcs: 50, endpoints: 2, hubAzs: 2, zones: 1, gbPerPair: 1 }, free)).toBe("never");
  });

  test("breakEvens reports both", () => {
    expect(breakEvens({ spokeVpcs: 20, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100 }, prices)).toEqual({
      spokeVpcs: 7,
      gbPerPair: expect.closeTo(1019.5, 6),
    });
  });
});

describe("the segment solve agrees with trying every V", () => {
  test("for random topologies, prices and bounds", () => {
    fc.assert(
      fc.property(
        fc.record({
          spokeVpcs: fc.constant(1),
          endpoints: fc.integer({ min: 1, max: 40 }),
          hubAzs: fc.integer({ min: 1, max: 6 }),
          zones: fc.integer({ min: 0, max: 10 }),
          gbPerPair: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50_000, noNaN: true }), fc.integer({ min: 0, max: 20_000 })),
        }),
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (c, max, configurationHour) => {
          const p = { ...prices, latticeResourceConfigurationHour: configurationHour };
          expect(spokeBreakEven(c, p, max)).toBe(spokeBreakEvenByScan(c, p, max));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("at the full bound, around the data tiers", () => {
    for (const gbPerPair of [0, 100, 700, 1500, 2000, 2900, 10_000]) {
      const c: Counts = { spokeVpcs: 1, endpoints: 3, hubAzs: 2, zones: 2, gbPerPair };
      expect(spokeBreakEven(c, prices)).toBe(spokeBreakEvenByScan(c, prices));
    }
  });
});
