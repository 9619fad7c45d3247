/**
 * The model recomputed by hand: the formulas written out independently of cost/model.ts,
 * and literal dollar amounts worked out on paper for a few topologies.
 */
import { estateOf } from "../../config/estate";
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { countsOf as countsOfEstate, type Overrides } from "../../cost/counts";
import { compare, designCost, totalGb, type Counts } from "../../cost/model";
import { builtInSheet, pricesOf } from "../../cost/price-sheet";
import { fixture } from "./support";

const prices = pricesOf(builtInSheet());
const countsOf = (t: Topology, overrides?: Overrides) => countsOfEstate(estateOf(t), overrides);
const PB = 1_048_576;

/** Tiered $0.01 / $0.006 / $0.004 per GB, written as three clamped bands. */
const tiered = (T: number) =>
  Math.min(T, PB) * 0.01 + Math.max(0, Math.min(T, 5 * PB) - PB) * 0.006 + Math.max(0, T - 5 * PB) * 0.004;

/** The three formulas, literally; in profile mode the Profile's $0.75 an hour and $0.0014 per association-hour past 100. */
function byHand({ spokeVpcs: V, endpoints: S, hubAzs: A, zones: Z, gbPerPair: G, dnsMode }: Counts) {
  const T = V * S * G;
  const profile = dnsMode === "profile" ? 730 * 0.75 + Math.max(0, V - 100) * 730 * 0.0014 : 0;
  return {
    per_vpc_endpoints: V * S * A * 730 * 0.01 + tiered(T),
    transit_gateway: S * A * 730 * 0.01 + (V + 1) * 730 * 0.05 + T * 0.02 + tiered(T) + Z * 0.5 + profile,
    lattice: S * A * 730 * 0.01 + S * 730 * 0.1 + tiered(T) + tiered(T) + Z * 0.5 + profile,
  };
}

const totals = (c: Counts) => {
  const r = compare(c, prices);
  return { per_vpc_endpoints: r.per_vpc_endpoints.total, transit_gateway: r.transit_gateway.total, lattice: r.lattice.total };
};

describe("the three designs, worked out on paper", () => {
  test("examples/basic.yaml: V=2, S=1, A=2, Z=1, G=100", () => {
    const c = countsOf(loadTopologyFile("examples/basic.yaml").topology);
    expect(c).toEqual({ spokeVpcs: 2, endpoints: 1, hubAzs: 2, zones: 1, gbPerPair: 100, dnsMode: "associations" });
    const r = compare(c, prices);
    // 2·1·2·730·0.01 = 29.20; T = 200 GB → 2.00
    expect(r.per_vpc_endpoints.items).toEqual({ endpoint_hours: expect.closeTo(29.2, 9), privatelink_data: expect.closeTo(2, 9) });
    expect(r.per_vpc_endpoints.total).toBeCloseTo(31.2, 9);
    // 14.60 + 3·36.50 + 200·0.02 + 2.00 + 0.50
    expect(r.transit_gateway.items).toEqual({
      endpoint_hours: expect.closeTo(14.6, 9),
      tgw_attachments: expect.closeTo(109.5, 9),
      tgw_data: expect.closeTo(4, 9),
      privatelink_data: expect.closeTo(2, 9),
      route53_zones: expect.closeTo(0.5, 9),
    });
    expect(r.transit_gateway.total).toBeCloseTo(130.6, 9);
    // 14.60 + 73.00 + 2.00 + 2.00 + 0.50
    expect(r.lattice.items).toEqual({
      endpoint_hours: expect.closeTo(14.6, 9),
      lattice_resource_configurations: expect.closeTo(73, 9),
      lattice_data: expect.closeTo(2, 9),
      privatelink_data: expect.closeTo(2, 9),
      route53_zones: expect.closeTo(0.5, 9),
    });
    expect(r.lattice.total).toBeCloseTo(92.1, 9);
  });

  test("fixtures/single.yaml: V=1, S=1, A=1, Z=1, G=100", () => {
    const c = countsOf(loadTopologyFile(fixture("single.yaml")).topology);
    expect(c).toEqual({ spokeVpcs: 1, endpoints: 1, hubAzs: 1, zones: 1, gbPerPair: 100, dnsMode: "associations" });
    // 7.30 + 1.00 | 7.30 + 73.00 + 2.00 + 1.00 + 0.50 | 7.30 + 73.00 + 1.00 + 1.00 + 0.50
    expect(totals(c)).toEqual({ per_vpc_endpoints: expect.closeTo(8.3, 9), transit_gateway: expect.closeTo(83.8, 9), lattice: expect.closeTo(82.8, 9) });
  });

  test("fixtures/multi.yaml: V=11 (three spokes), S=3, A=3, Z=2 (two endpoints share a zone), G=100", () => {
    const c = countsOf(loadTopologyFile(fixture("multi.yaml")).topology);
    expect(c).toEqual({ spokeVpcs: 11, endpoints: 3, hubAzs: 3, zones: 2, gbPerPair: 100, dnsMode: "associations" });
    expect(totalGb(c)).toBe(3300);
    // 11·3·3·7.30 = 722.70, + 33.00
    // 3·3·7.30 = 65.70, 12·36.50 = 438.00, 66.00, 33.00, 1.00
    // 65.70 + 3·73.00 + 33.00 + 33.00 + 1.00
    expect(totals(c)).toEqual({ per_vpc_endpoints: expect.closeTo(755.7, 9), transit_gateway: expect.closeTo(603.7, 9), lattice: expect.closeTo(351.7, 9) });
  });

  test("the topology's traffic block sets G; --gb and --azs override", () => {
    const { topology } = loadTopologyFile(fixture("traffic.yaml"));
    expect(countsOf(topology).gbPerPair).toBe(2500);
    expect(countsOf(topology, { gbPerPair: 7, hubAzs: 4 })).toMatchObject({ gbPerPair: 7, hubAzs: 4 });
  });

  test("data tiers: T crossing 1 PB and 5 PB", () => {
    // V=100, S=10 → 1,000 pairs; G = 2,000 GB → T = 2,000,000 GB (in the second tier).
    const second: Counts = { spokeVpcs: 100, endpoints: 10, hubAzs: 2, zones: 3, gbPerPair: 2000, dnsMode: "associations" };
    const dataInSecondTier = 10_485.76 + (2_000_000 - PB) * 0.006; // 16,193.8144
    expect(designCost("lattice", second, prices).items.lattice_data).toBeCloseTo(dataInSecondTier, 6);
    expect(designCost("lattice", second, prices).items.privatelink_data).toBeCloseTo(dataInSecondTier, 6);
    // Transit Gateway data is not tiered.
    expect(designCost("transit_gateway", second, prices).items.tgw_data).toBeCloseTo(40_000, 6);
    // 8,000,000 GB: all three tiers.
    const third: Counts = { ...second, gbPerPair: 8000 };
    expect(designCost("per_vpc_endpoints", third, prices).items.privatelink_data).toBeCloseTo(10_485.76 + 25_165.824 + (8_000_000 - 5 * PB) * 0.004, 6);
    // Exactly on the bounds.
    const onePb: Counts = { spokeVpcs: 1, endpoints: 1, hubAzs: 1, zones: 1, gbPerPair: PB, dnsMode: "associations" };
    expect(designCost("lattice", onePb, prices).items.lattice_data).toBeCloseTo(10_485.76, 6);
    expect(designCost("lattice", { ...onePb, gbPerPair: 5 * PB }, prices).items.lattice_data).toBeCloseTo(35_651.584, 6);
  });

  test.each<Counts>([
    { spokeVpcs: 1, endpoints: 1, hubAzs: 1, zones: 1, gbPerPair: 0, dnsMode: "associations" },
    { spokeVpcs: 3, endpoints: 2, hubAzs: 2, zones: 2, gbPerPair: 50, dnsMode: "associations" },
    { spokeVpcs: 40, endpoints: 5, hubAzs: 3, zones: 4, gbPerPair: 1000, dnsMode: "associations" },
    { spokeVpcs: 500, endpoints: 20, hubAzs: 3, zones: 10, gbPerPair: 400, dnsMode: "associations" },
    { spokeVpcs: 2000, endpoints: 30, hubAzs: 6, zones: 30, gbPerPair: 150, dnsMode: "associations" },
    { spokeVpcs: 1, endpoints: 1, hubAzs: 1, zones: 1, gbPerPair: 0, dnsMode: "profile" },
    { spokeVpcs: 100, endpoints: 3, hubAzs: 2, zones: 2, gbPerPair: 100, dnsMode: "profile" },
    { spokeVpcs: 101, endpoints: 3, hubAzs: 2, zones: 2, gbPerPair: 100, dnsMode: "profile" },
    { spokeVpcs: 2000, endpoints: 30, hubAzs: 6, zones: 30, gbPerPair: 150, dnsMode: "profile" },
  ])("matches the formulas for %o", (c) => {
    const want = byHand(c);
    const got = totals(c);
    for (const d of ["per_vpc_endpoints", "transit_gateway", "lattice"] as const) {
      expect(got[d]).toBeCloseTo(want[d], 6);
    }
  });

  test("a total is the sum of its line items", () => {
    const r = compare({ spokeVpcs: 9, endpoints: 4, hubAzs: 3, zones: 2, gbPerPair: 333, dnsMode: "associations" }, prices);
    for (const d of Object.values(r)) {
      expect(Object.values(d.items).reduce((s: number, v) => s + (v ?? 0), 0)).toBeCloseTo(d.total, 9);
    }
  });
});

describe("profile mode: the Route 53 Profile is priced; associations mode pays nothing for DNS beyond the zones", () => {
  const profileCounts = () => countsOf(loadTopologyFile("examples/profile.yaml").topology);

  test("examples/profile.yaml: V=4, S=2, A=3, Z=2 (one adopted), G=100, one Profile association per spoke VPC", () => {
    const c = profileCounts();
    expect(c).toEqual({ spokeVpcs: 4, endpoints: 2, hubAzs: 3, zones: 2, gbPerPair: 100, dnsMode: "profile" });
    // The estate gives every spoke VPC exactly one Profile association: P = V, as the model assumes.
    const estate = estateOf(loadTopologyFile("examples/profile.yaml").topology);
    expect(estate.spokes.reduce((n, s) => n + s.profileAssociationNames.size, 0)).toBe(c.spokeVpcs);
    const r = compare(c, prices);
    // 4·2·3·7.30 = 175.20; T = 800 GB → 8.00
    expect(r.per_vpc_endpoints.total).toBeCloseTo(183.2, 9);
    expect(r.per_vpc_endpoints.items).not.toHaveProperty("route53_profile");
    // 2·3·7.30 = 43.80, 2·73.00 = 146.00, 8.00, 8.00, 2·0.50, 730·0.75 = 547.50, 4 ≤ 100 included → 0
    expect(r.lattice.items).toEqual({
      endpoint_hours: expect.closeTo(43.8, 9),
      lattice_resource_configurations: expect.closeTo(146, 9),
      lattice_data: expect.closeTo(8, 9),
      privatelink_data: expect.closeTo(8, 9),
      route53_zones: expect.closeTo(1, 9),
      route53_profile: expect.closeTo(547.5, 9),
      route53_profile_associations: 0,
    });
    expect(r.lattice.total).toBeCloseTo(754.3, 9);
    // 43.80 + 5·36.50 + 800·0.02 + 8.00 + 1.00 + 547.50: the Transit Gateway design resolves through the same Profile.
    expect(r.transit_gateway.items.route53_profile).toBeCloseTo(547.5, 9);
    expect(r.transit_gateway.total).toBeCloseTo(798.8, 9);
  });

  test("the same topology in associations mode: zone associations cost nothing, so only the Profile's lines go", () => {
    const c = { ...profileCounts(), dnsMode: "associations" as const };
    const r = compare(c, prices);
    expect(r.lattice.total).toBeCloseTo(754.3 - 547.5, 9);
    expect(r.lattice.items).not.toHaveProperty("route53_profile");
    expect(r.lattice.items).not.toHaveProperty("route53_profile_associations");
    expect(r.transit_gateway.total).toBeCloseTo(798.8 - 547.5, 9);
    expect(r.per_vpc_endpoints.total).toBeCloseTo(183.2, 9);
  });

  test("past the 100 included associations each spoke VPC adds $0.0014 an hour", () => {
    // V = 250: 150 beyond · 730 · 0.0014 = 153.30
    const c: Counts = { spokeVpcs: 250, endpoints: 3, hubAzs: 2, zones: 2, gbPerPair: 100, dnsMode: "profile" };
    const r = compare(c, prices);
    expect(r.lattice.items.route53_profile_associations).toBeCloseTo(153.3, 9);
    // 43.80 + 219.00 + 750.00 + 750.00 + 1.00 + 547.50 + 153.30
    expect(r.lattice.total).toBeCloseTo(2464.6, 9);
    // 43.80 + 251·36.50 + 75,000·0.02 + 750.00 + 1.00 + 547.50 + 153.30
    expect(r.transit_gateway.total).toBeCloseTo(12_157.1, 9);
    // Exactly 100 VPCs: all included; 101: one beyond (1.022 a month).
    expect(designCost("lattice", { ...c, spokeVpcs: 100 }, prices).items.route53_profile_associations).toBe(0);
    expect(designCost("lattice", { ...c, spokeVpcs: 101 }, prices).items.route53_profile_associations).toBeCloseTo(1.022, 9);
  });

  test("the included associations come from the sheet", () => {
    const c: Counts = { spokeVpcs: 250, endpoints: 3, hubAzs: 2, zones: 2, gbPerPair: 100, dnsMode: "profile" };
    const r = designCost("lattice", c, { ...prices, route53ProfileIncludedVpcAssociations: 200 });
    // 50 beyond · 730 · 0.0014
    expect(r.items.route53_profile_associations).toBeCloseTo(51.1, 9);
  });
});

describe("monitoring (the topology's monitoring block)", () => {
  const large = () => estateOf(loadTopologyFile("examples/large.yaml").topology);

  test("examples/large.yaml: 3 alarms per endpoint + the gateway's, a dashboard, a created topic and its key", () => {
    expect(countsOfEstate(large()).monitoring).toEqual({ alarms: 10, dashboards: 1, topics: 1, kmsKeys: 1 });
    // 10 × $0.10 + $3 + $0 + $1
    expect(designCost("lattice", countsOfEstate(large()), prices).items.monitoring).toBeCloseTo(5, 10);
  });

  test("only the Lattice design carries it, and without the block there is no such item", () => {
    const c = countsOfEstate(large());
    expect(designCost("per_vpc_endpoints", c, prices).items.monitoring).toBeUndefined();
    expect(designCost("transit_gateway", c, prices).items.monitoring).toBeUndefined();
    const basic = countsOfEstate(estateOf(loadTopologyFile("examples/basic.yaml").topology));
    expect(basic.monitoring).toBeUndefined();
    expect(designCost("lattice", basic, prices).items.monitoring).toBeUndefined();
  });

  test("a given topic creates neither topic nor key; a given key only the topic", () => {
    const t = loadTopologyFile("examples/large.yaml").topology;
    const counts = (monitoring: Topology["monitoring"]) => countsOfEstate(estateOf({ ...t, monitoring })).monitoring;
    const thresholds = t.monitoring!.thresholds;
    expect(counts({ thresholds, topicArn: "arn:aws:sns:eu-west-1:111111111111:ops" })).toMatchObject({ topics: 0, kmsKeys: 0 });
    expect(counts({ thresholds, kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k" })).toMatchObject({ topics: 1, kmsKeys: 0 });
  });
});
