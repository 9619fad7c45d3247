/**
 * Endpoint access in the cost model, the report and the diagram (issue 24, docs/endpoint-access.md):
 * an endpoint-mode VPC adds its resource endpoints (per vendor, in each AZ of its subnets), their
 * data, its own zones and its Resolver's IP addresses, and is no service-network association.
 */
import { estateOf } from "../../config/estate";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { analyze } from "../../cost/analysis";
import { spokeBreakEven, spokeBreakEvenByScan, trafficBreakEven } from "../../cost/break-even";
import { countsOf } from "../../cost/counts";
import { architectureDiagram } from "../../cost/diagram";
import { toJson } from "../../cost/format";
import { designCost } from "../../cost/model";
import { builtInSheet, parsePriceSheet, pricesOf } from "../../cost/price-sheet";
import { BUILT_IN_PRICES } from "../../cost/prices";
import { buildReport } from "../../cost/report";
import { generatedEndpointAccessTopology } from "./support";

const FILE = "examples/endpoint-access.yaml";
const prices = pricesOf(builtInSheet());
const topology = () => loadTopologyFile(FILE).topology;
const H = 730;

/** The same topology with every VPC associated with the service network (no `access: endpoint`). */
function withoutEndpointAccess(t: Topology): Topology {
  const data = JSON.parse(JSON.stringify(t));
  for (const s of data.spokes) {
    for (const v of s.vpcs) {
      delete v.access;
      delete v.subnetIds;
      delete v.resolver;
    }
  }
  return validateTopology(data).topology;
}

/** The same topology with the payments spoke's endpoint-mode VPC without its Resolver. */
function withoutResolver(t: Topology): Topology {
  const data = JSON.parse(JSON.stringify(t));
  for (const s of data.spokes) for (const v of s.vpcs) delete v.resolver;
  return validateTopology(data).topology;
}

describe("the counts of examples/endpoint-access.yaml", () => {
  test("endpoint-mode VPCs are outside V; their endpoints, endpoint-AZs, zones and Resolver IPs are counted", () => {
    const c = countsOf(estateOf(topology()));
    // payments: one associated VPC and one endpoint-mode VPC (2 subnets, a Resolver in 2 subnets); platform: one endpoint-mode VPC (1 subnet).
    expect(c.spokeVpcs).toBe(1);
    expect(c.endpoints).toBe(2);
    expect(c.endpointAccess).toEqual({
      vpcs: 2,
      endpoints: 2 * 2, // 2 vendors × 2 VPCs
      endpointAzs: 2 * 2 + 2 * 1, // each vendor's endpoint in each subnet (one AZ per subnet)
      zones: 2 * 2, // 2 vendor domains × 2 VPCs
      resolvers: 1,
      resolverIps: 2,
    });
  });

  test("a topology without endpoint-mode VPCs has no endpointAccess at all (its output is unchanged)", () => {
    const c = countsOf(estateOf(loadTopologyFile("examples/basic.yaml").topology));
    expect(c.endpointAccess).toBeUndefined();
    expect(Object.keys(designCost("lattice", c, prices).items).some((k) => k.startsWith("access_"))).toBe(false);
  });
});

describe("the model", () => {
  const c = countsOf(estateOf(topology()));
  const G = c.gbPerPair;

  test("the Lattice design adds the endpoints' hours and data, the spokes' zones and the Resolver's IP addresses", () => {
    const lattice = designCost("lattice", c, prices);
    expect(lattice.items.access_endpoint_hours).toBeCloseTo(6 * H * 0.01, 9);
    expect(lattice.items.access_endpoint_data).toBeCloseTo(4 * G * 0.01, 9);
    expect(lattice.items.access_zones).toBeCloseTo(4 * 0.5, 9);
    expect(lattice.items.access_resolvers).toBeCloseTo(2 * H * 0.125, 9);
    // Their traffic also crosses the hub: Lattice data and the hub's endpoints carry (V·S + 4)·G.
    expect(lattice.items.lattice_data).toBeCloseTo((1 * 2 + 4) * G * 0.01, 9);
    expect(lattice.items.privatelink_data).toBeCloseTo((1 * 2 + 4) * G * 0.01, 9);
    // The built-in figures on paper (G = 100): $43.80 + $4.00 + $2.00 + $182.50.
    expect(lattice.items.access_endpoint_hours! + lattice.items.access_endpoint_data! + lattice.items.access_zones! + lattice.items.access_resolvers!).toBeCloseTo(232.3, 9);
  });

  test("the other designs do not price endpoint access", () => {
    for (const d of ["per_vpc_endpoints", "transit_gateway"] as const) {
      const items = designCost(d, c, prices).items;
      expect(Object.keys(items).filter((k) => k.startsWith("access_"))).toEqual([]);
      const { endpointAccess: _, ...without } = c;
      expect(designCost(d, c, prices).total).toBe(designCost(d, without, prices).total);
    }
  });

  test("removing `access: endpoint` moves the VPCs into V: no endpoint-access lines, more associations", () => {
    const before = countsOf(estateOf(topology()));
    const after = countsOf(estateOf(withoutEndpointAccess(topology())));
    expect(after.spokeVpcs).toBe(before.spokeVpcs + before.endpointAccess!.vpcs);
    expect(after.endpointAccess).toBeUndefined();
    const items = designCost("lattice", after, prices).items;
    expect(Object.keys(items).filter((k) => k.startsWith("access_"))).toEqual([]);
    // Same traffic through the hub either way: 3 VPCs × 2 endpoints × G.
    expect(items.lattice_data).toBeCloseTo(designCost("lattice", before, prices).items.lattice_data!, 9);
    // The per-VPC design now counts the 3 VPCs.
    expect(designCost("per_vpc_endpoints", after, prices).items.endpoint_hours).toBeCloseTo(3 * 2 * 2 * H * 0.01, 9);
  });

  test("without a Resolver, no Resolver line", () => {
    const c2 = countsOf(estateOf(withoutResolver(topology())));
    expect(c2.endpointAccess!.resolverIps).toBe(0);
    const items = designCost("lattice", c2, prices).items;
    expect(items.access_resolvers).toBeUndefined();
    expect(items.access_endpoint_hours).toBeCloseTo(6 * H * 0.01, 9);
  });

  test("the break-evens hold with endpoint access (the spoke solve agrees with the scan)", () => {
    for (const gb of [0, 100, 5_000, 400_000]) {
      const counts = { ...c, gbPerPair: gb };
      expect(spokeBreakEven(counts, prices, 3_000)).toEqual(spokeBreakEvenByScan(counts, prices, 3_000));
    }
    // With one associated VPC, per-VPC endpoints are cheaper at any traffic.
    expect(trafficBreakEven(c, prices)).toBe("always");
  });
});

describe("the price sheet", () => {
  test("the new prices are cited, and optional in a --prices file (the built-in figures stand in)", () => {
    const sheet = builtInSheet();
    expect(sheet.prices.resourceEndpointHour!.source).toContain("https://aws.amazon.com/privatelink/pricing/");
    expect(sheet.prices.resourceEndpointHour!.note).toMatch(/No primary source/);
    expect(sheet.prices.resourceEndpointDataGb!.source).toContain("Resource endpoints");
    expect(sheet.prices.route53ResolverEndpointIpHour!.source).toContain("https://aws.amazon.com/route53/pricing/");
    const old: any = JSON.parse(JSON.stringify(BUILT_IN_PRICES));
    delete old.prices.resourceEndpointHour;
    delete old.prices.resourceEndpointDataGb;
    delete old.prices.route53ResolverEndpointIpHour;
    const p = pricesOf(parsePriceSheet(old, "old.json"));
    expect(p.resourceEndpointHour).toBe(0.01);
    expect(p.resourceEndpointDataGb).toEqual(prices.resourceEndpointDataGb);
    expect(p.route53ResolverEndpointIpHour).toBe(0.125);
  });
});

describe("the cost output and the report", () => {
  const a = analyze(topology(), builtInSheet(), "built-in");

  test("JSON: the endpoint-access inputs and the Lattice lines", () => {
    const json = toJson(a) as any;
    expect(json.inputs.endpoint_access).toEqual({ vpcs: 2, resource_endpoints: 4, endpoint_azs: 6, zones: 4, resolvers: 1, resolver_ips: 2, total_gb: 400 });
    expect(json.lattice.items).toMatchObject({ access_endpoint_hours: 43.8, access_endpoint_data: 4, access_zones: 2, access_resolvers: 182.5 });
    expect(json.per_vpc_endpoints.items.access_endpoint_hours).toBeUndefined();
  });

  test("the report's table has the endpoint-access lines; its diagram shows the endpoint-mode VPCs", () => {
    const md = buildReport(a, FILE)["report.md"];
    expect(md).toContain("| Endpoint access: resource endpoints (endpoint-AZ hours) | — | — | $43.80 |");
    expect(md).toContain("| Endpoint access: Route 53 Resolver inbound endpoints (IP address hours) | — | — | $182.50 |");
    expect(md).toContain("resourceEndpointHour");
  });
});

describe("the diagram", () => {
  const text = architectureDiagram(estateOf(topology()));

  test("each endpoint-mode VPC is a node of its spoke, with its resource endpoints, zones and Resolver", () => {
    expect(text).toContain('evpc_0_0["VPC vpc-0d1b2c3d4e5f60718 (endpoint access)<br/>2 subnets"]');
    expect(text).toContain('evpc_1_0["VPC vpc-0e1b2c3d4e5f60718 (endpoint access)<br/>1 subnet"]');
    expect(text).toContain('rep_0["2 resource endpoints<br/>(1 VPC × 2 vendors)"]');
    expect(text).toContain('azones_0["2 private hosted zones of this account<br/>3 CNAMEs → resource endpoints"]');
    expect(text).toContain('resolver_0["1 Route 53 Resolver inbound endpoint<br/>2 IP addresses, for on-premises forwarders"]');
    expect(text).not.toContain("resolver_1");
    // The platform spoke has no associated VPC: no VPC association arrow from it.
    expect(text).not.toMatch(/(^|\s)vpc_1_\d+ -->/m);
  });

  test("arrows point one way: from the endpoint-mode VPCs to the resource endpoints, and on to the hub's gateway", () => {
    expect(text).toContain('evpc_0_0 -->|"resource endpoints"| rep_0');
    expect(text).toContain('rep_0 -->|"resource configurations (RAM share)"| rgw');
    expect(text).toContain('azones_0 -.->|"CNAME"| rep_0');
    expect(text).toContain('resolver_0 -.->|"resolves"| azones_0');
    // Nothing outside a spoke's endpoint access points into it (no cycle between the clusters).
    const access = /^(evpc|rep|azones|resolver)_/;
    const edges = text.split("\n").map((l) => l.trim().split(/ [-.=]+>(?:\|[^|]*\|)? /)).filter((e) => e.length === 2);
    expect(edges.length).toBeGreaterThan(10);
    for (const [from, to] of edges) if (access.test(to)) expect(from).toMatch(access);
  });

  test("a large estate is summarized: capped VPCs per spoke, the hidden spokes' endpoint-mode VPCs in one node", () => {
    const big = architectureDiagram(estateOf(validateTopology(generatedEndpointAccessTopology(15, 8, 3, 2)).topology));
    // 12 spokes shown (11 and a "more"): 4 endpoint-mode VPCs each, under the 6-VPC cap.
    expect(big).toContain('rep_0["12 resource endpoints<br/>(4 VPCs × 3 vendors)"]');
    expect(big).toContain('evpc_more["16 VPCs (endpoint access)<br/>48 resource endpoints, 32 zones, 0 Resolver endpoints"]');
    expect(big).toContain('evpc_more -->|"resource endpoints"| rgw');
    const edges = big.split("\n").filter((l) => /-->|-\.->|==>|---/.test(l)).length;
    expect(edges).toBeLessThan(500);
    expect(big.length).toBeLessThan(50_000);
  });

  test("the endpoint-mode VPCs are not drawn as service-network associations", () => {
    expect(text).not.toMatch(/evpc_\S+ -->(\|[^|]*\|)? sn\b/);
    expect(text).not.toContain('vpc_0_1[');
  });
});
