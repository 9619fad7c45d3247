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
    const c: Counts = { spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100, dnsMode: "associations" };
    expect(spokeBreakEven(c, prices)).toBe(7);
    expect(total("lattice", { ...c, spokeVpcs: 7 })).toBeLessThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 7 }));
    expect(total("lattice", { ...c, spokeVpcs: 6 })).toBeGreaterThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 6 }));
  });

  test("fixtures/multi.yaml's counts: (V−1)·65.7 − 219 − 1 − 3V > 0 → V > 4.56 → 5", () => {
    expect(spokeBreakEven({ spokeVpcs: 11, endpoints: 3, hubAzs: 3, zones: 2, gbPerPair: 100, dnsMode: "associations" }, prices)).toBe(5);
  });

  test("at 10,000 GB per pair Lattice's data charge outgrows the endpoint-hours saved: never", () => {
    // per pair and month: 2 AZs · 7.30 = 14.60 saved, ≥ 10,000 · 0.004 = 40 paid even in the cheapest tier.
    expect(spokeBreakEven({ spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 10_000, dnsMode: "associations" }, prices)).toBe("never");
  });

  test("a bound smaller than the crossing gives never; a credit on Lattice gives always", () => {
    const c: Counts = { spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100, dnsMode: "associations" };
    expect(spokeBreakEven(c, prices, 6)).toBe("never");
    // Not a real price: a negative configuration-hour (a credit) makes Lattice cheaper even for one VPC.
    expect(spokeBreakEven(c, { ...prices, latticeResourceConfigurationHour: -1 })).toBe("always");
  });
});

describe("profile mode: the Profile's fixed fee pushes the break-even out", () => {
  test("examples/profile.yaml's counts: 41.8·V − 738.3 > 0 → V = 18 (associations mode: 41.8·V − 190.8 → 5)", () => {
    // per-VPC − Lattice = (V−1)·S·A·7.30 − S·73.00 − Z·0.50 − 547.50 − 0.01·V·S·G, S=2, A=3, Z=2, G=100
    //                   = 43.8V − 43.8 − 146 − 1 − 547.5 − 2V
    const c: Counts = { spokeVpcs: 4, endpoints: 2, hubAzs: 3, zones: 2, gbPerPair: 100, dnsMode: "profile" };
    expect(spokeBreakEven(c, prices)).toBe(18);
    expect(total("lattice", { ...c, spokeVpcs: 18 })).toBeLessThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 18 }));
    expect(total("lattice", { ...c, spokeVpcs: 17 })).toBeGreaterThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 17 }));
    expect(spokeBreakEven({ ...c, dnsMode: "associations" }, prices)).toBe(5);
    // With 4 VPCs per-VPC endpoints stay cheaper at any traffic: 131.4 − 694.5 − 0.08·G < 0.
    expect(trafficBreakEven(c, prices)).toBe("always");
  });

  test("a crossing past the 100 included associations: 2.3·V − 628.3 − 1.022·(V − 100) > 0 → V = 412", () => {
    // S=1, A=1, Z=1, G=500: each VPC saves 7.30 in endpoint hours and pays 5.00 of Lattice data;
    // fixed 7.30 + 73.00 + 0.50 + 547.50 = 628.30; from the 101st VPC 730·0.0014 = 1.022 more each.
    const c: Counts = { spokeVpcs: 1, endpoints: 1, hubAzs: 1, zones: 1, gbPerPair: 500, dnsMode: "profile" };
    expect(spokeBreakEven(c, prices)).toBe(412);
    expect(total("lattice", { ...c, spokeVpcs: 412 })).toBeLessThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 412 }));
    expect(total("lattice", { ...c, spokeVpcs: 411 })).toBeGreaterThan(total("per_vpc_endpoints", { ...c, spokeVpcs: 411 }));
    // Without the per-association fee the crossing would be 628.3 / 2.3 → 274; in associations mode 80.8 / 2.3 → 36.
    expect(spokeBreakEven(c, { ...prices, route53ProfileVpcAssociationHour: 0 })).toBe(274);
    expect(spokeBreakEven({ ...c, dnsMode: "associations" }, prices)).toBe(36);
  });

  test("in traffic: 100 spoke VPCs, 99·14.60 − 73.50 − 547.50 − G = 0 → G = 824.4; 200 VPCs → 1,091.1", () => {
    const c: Counts = { spokeVpcs: 100, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100, dnsMode: "profile" };
    expect(trafficBreakEven(c, prices)).toBeCloseTo(824.4, 6);
    expect(trafficBreakEven({ ...c, dnsMode: "associations" }, prices)).toBeCloseTo(1371.9, 6);
    // 199·14.60 − 73.50 − 547.50 − 100·1.022 = 2,182.2 = 0.01·200·G
    expect(trafficBreakEven({ ...c, spokeVpcs: 200 }, prices)).toBeCloseTo(1091.1, 6);
  });
});

describe("break-even in traffic (per-VPC endpoints cheaper above G)", () => {
  test("examples/basic.yaml's counts: per-VPC endpoints are cheaper even at 0 GB", () => {
    expect(trafficBreakEven({ spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100, dnsMode: "associations" }, prices)).toBe("always");
  });

  test("20 spoke VPCs: 19·14.60 − 73.50 − 0.01·20·G = 0 → G = 1,019.5 GB", () => {
    const c: Counts = { spokeVpcs: 20, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100, dnsMode: "associations" };
    const g = trafficBreakEven(c, prices) as number;
    expect(g).toBeCloseTo(1019.5, 6);
    expect(total("lattice", { ...c, gbPerPair: g })).toBeCloseTo(total("per_vpc_endpoints", { ...c, gbPerPair: g }), 6);
    expect(total("per_vpc_endpoints", { ...c, gbPerPair: g + 1 })).toBeLessThan(total("lattice", { ...c, gbPerPair: g + 1 }));
    expect(total("per_vpc_endpoints", { ...c, gbPerPair: g - 1 })).toBeGreaterThan(total("lattice", { ...c, gbPerPair: g - 1 }));
  });

  test("a crossing in the third tier (above 5 PB) is solved exactly", () => {
    // V=500, S=10, A=3, Z=2: the saving before data is 499·10·3·7.30 − 10·73 − 2·0.50 = 108,550.
    // Lattice data reaches it at 5 PB (35,651.584) + 72,898.416 / 0.004 GB = 23,467,484 GB, over 5,000 pairs.
    const c: Counts = { spokeVpcs: 500, endpoints: 10, hubAzs: 3, zones: 2, gbPerPair: 1, dnsMode: "associations" };
    const T = 5 * PB + (108_550 - 10_485.76 - 25_165.824) / 0.004;
    expect(T).toBeCloseTo(23_467_484, 3);
    expect(trafficBreakEven(c, prices)).toBeCloseTo(T / 5000, 6);
  });

  test("a crossing in the second tier", () => {
    // V=100, S=10, A=3, Z=1: 99·10·3·7.30 − 730 − 0.50 = 20,950.5 → T = 1 PB + (20,950.5 − 10,485.76)/0.006.
    const c: Counts = { spokeVpcs: 100, endpoints: 10, hubAzs: 3, zones: 1, gbPerPair: 1, dnsMode: "associations" };
    const T = PB + (20_950.5 - 10_485.76) / 0.006;
    expect(trafficBreakEven(c, prices)).toBeCloseTo(T / 1000, 6);
  });

  test("free Lattice data: per-VPC endpoints never become cheaper", () => {
    const free = { ...prices, latticeDataGb: flat(0) };
    expect(trafficBreakEven({ spokeVpcs: 50, endpoints: 2, hubAzs: 2, zones: 1, gbPerPair: 1, dnsMode: "associations" }, free)).toBe("never");
  });

  test("breakEvens reports both", () => {
    expect(breakEvens({ spokeVpcs: 20, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100, dnsMode: "associations" }, prices)).toEqual({
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
          dnsMode: fc.constantFrom("associations" as const, "profile" as const),
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

  test("at the full bound, around the data tiers, in both DNS modes", () => {
    for (const dnsMode of ["associations", "profile"] as const) {
      for (const gbPerPair of [0, 100, 500, 700, 1500, 2000, 2900, 10_000]) {
        const c: Counts = { spokeVpcs: 1, endpoints: 3, hubAzs: 2, zones: 2, gbPerPair, dnsMode };
        expect(spokeBreakEven(c, prices)).toBe(spokeBreakEvenByScan(c, prices));
      }
    }
  });

  test("around the Profile's included associations, with a sheet that moves them", () => {
    // 1 endpoint, 1 AZ, 500 GB per pair: the crossing falls just past the included associations.
    for (const included of [0, 100, 300, 411, 412, 1000]) {
      const p = { ...prices, route53ProfileIncludedVpcAssociations: included };
      const c: Counts = { spokeVpcs: 1, endpoints: 1, hubAzs: 1, zones: 1, gbPerPair: 500, dnsMode: "profile" };
      expect([included, spokeBreakEven(c, p, 3000)]).toEqual([included, spokeBreakEvenByScan(c, p, 3000)]);
    }
  });
});
