/**
 * The DNS inventory of the report: one entry per fully qualified hostname, deterministic, retired spokes resolving nothing,
 * endpoint-mode VPCs resolving every hostname through their own zones and endpoints.
 */
import { join } from "node:path";
import { estateOf } from "../../config/estate";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import { dnsInventory, dnsInventoryJson, markdownDnsInventory } from "../../cost/dns-inventory";
import { buildReport } from "../../cost/report";
import { analyze } from "../../cost/analysis";
import { builtInSheet } from "../../cost/price-sheet";
import { synthesizeJson } from "../../stacks/synthesize";
import { attribute, instancesOf } from "../support/references";
import { PROJECT_ROOT } from "../support/synth";

function topology(edit: (t: Record<string, any>) => void = () => undefined) {
  const t: Record<string, any> = {
    name: "inv-endpoints",
    region: "us-east-1",
    hub: { accountId: "111111111111", vpcId: "vpc-0a000000000000001", subnetIds: ["subnet-0a000000000000001"] },
    endpoints: [
      { name: "zeta", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports: ["443"], dns: { zone: "privatelink.zeta.example", records: ["b", "*.wild"] } },
      { name: "alpha", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210", ports: ["443"], dns: { zone: "privatelink.alpha.example", records: ["api"] } },
    ],
    spokes: [
      { name: "web", accountId: "222222222222", vpcs: [{ vpcId: "vpc-0b000000000000002", clientCidrs: ["10.1.0.0/16"] }, { vpcId: "vpc-0b000000000000001", clientCidrs: ["10.2.0.0/16"] }] },
      { name: "old", accountId: "444444444444", retired: true, vpcs: [{ vpcId: "vpc-0d000000000000001", clientCidrs: ["10.3.0.0/16"] }] },
    ],
    dns: { accountId: "333333333333", vpcId: "vpc-0c000000000000001", zones: { "privatelink.alpha.example": "Z0123456789ABCDEFGHIJ" }, ttl: 60 },
  };
  edit(t);
  return validateTopology(t).topology;
}

test("one entry per fully qualified hostname, sorted, with zone, record, target, TTL and the VPCs that resolve it", () => {
  const inventory = dnsInventory(estateOf(topology()));
  expect(inventory.mode).toBe("associations");
  expect(inventory.entries.map((e) => e.hostname)).toEqual(["*.wild.privatelink.zeta.example", "api.privatelink.alpha.example", "b.privatelink.zeta.example"]);
  const resolvedBy = [
    { spoke: "web", accountId: "222222222222", vpcId: "vpc-0b000000000000001", mode: "association" },
    { spoke: "web", accountId: "222222222222", vpcId: "vpc-0b000000000000002", mode: "association" },
  ];
  expect(inventory.entries[1]).toEqual({
    hostname: "api.privatelink.alpha.example", endpoint: "alpha",
    zone: { name: "privatelink.alpha.example", origin: "adopted", id: "Z0123456789ABCDEFGHIJ" },
    record: "api", type: "CNAME", target: 'hub.endpoints["alpha"].lattice_dns_name', ttl: 60, resolvedBy,
  });
  expect(inventory.entries[2]).toEqual(expect.objectContaining({
    zone: { name: "privatelink.zeta.example", origin: "created" }, record: "b", target: 'hub.endpoints["zeta"].lattice_dns_name',
  }));
});

test("a retired spoke's VPCs resolve nothing", () => {
  const inventory = dnsInventory(estateOf(topology()));
  for (const e of inventory.entries) expect(e.resolvedBy.map((r) => r.spoke)).not.toContain("old");
  const allRetired = dnsInventory(estateOf(topology((t) => { t.spokes.push({ name: "new", accountId: "555555555555", vpcs: [{ vpcId: "vpc-0e000000000000001", clientCidrs: ["10.4.0.0/16"] }] }); t.spokes[0].retired = true; })));
  expect(allRetired.entries[0].resolvedBy).toEqual([{ spoke: "new", accountId: "555555555555", vpcId: "vpc-0e000000000000001", mode: "association" }]);
});

test("profile mode: the VPCs resolve through the profile, which the inventory names", () => {
  const e = estateOf(topology((t) => { t.dns.mode = "profile"; }));
  const inventory = dnsInventory(e);
  expect(inventory.profile).toBe(e.dns.profile!.name);
  expect(new Set(inventory.entries.flatMap((x) => x.resolvedBy.map((r) => r.mode)))).toEqual(new Set(["profile"]));
  expect(markdownDnsInventory(e)).toContain(`through the Route 53 Profile \`${e.dns.profile!.name}\``);
});

test("dns-inventory.json is byte-identical across runs and independent of the order of spokes and VPCs in the file", () => {
  const a = dnsInventoryJson(estateOf(topology()));
  expect(dnsInventoryJson(estateOf(topology()))).toBe(a);
  const reordered = dnsInventoryJson(estateOf(topology((t) => { t.spokes[0].vpcs.reverse(); t.endpoints.reverse(); })));
  expect(reordered).toBe(a);
  expect(a.endsWith("}\n")).toBe(true);
  expect(JSON.parse(a).entries).toHaveLength(3);
});

test("the report carries the table and the JSON file", () => {
  const files = buildReport(analyze(topology(), builtInSheet(), "built-in", {}), "inv.yaml");
  expect(Object.keys(files)).toContain("dns-inventory.json");
  expect(files["dns-inventory.json"]).toBe(dnsInventoryJson(estateOf(topology())));
  const md = files["report.md"];
  expect(md).toContain("## DNS inventory");
  expect(md).toContain("| hostname | zone | record | type | target | TTL | resolved by |");
  expect(md).toContain("| `api.privatelink.alpha.example` | `privatelink.alpha.example` (adopted, `Z0123456789ABCDEFGHIJ`) | `api` | CNAME | " +
    "`hub.endpoints[\"alpha\"].lattice_dns_name` | 60 | `vpc-0b000000000000001` (web, association), `vpc-0b000000000000002` (web, association) |");
  expect(md).toContain("| `b.privatelink.zeta.example` | `privatelink.zeta.example` (created) | `b` |");
});

/**
 * Endpoint access (docs/endpoint-access.md): an endpoint-mode VPC resolves every hostname too, through a
 * zone of its own spoke's account whose record points at its own Resource endpoint. Expectations come
 * from the topology file; the addresses are checked against the spoke workspaces synthesized from it.
 */
describe("examples/endpoint-access.yaml: endpoint-mode VPCs", () => {
  const FILE = join(PROJECT_ROOT, "examples/endpoint-access.yaml");
  const t = loadTopologyFile(FILE).topology;
  const inventory = dnsInventory(estateOf(t));
  const hostnames = t.endpoints.filter((e) => !e.retired).flatMap((e) => e.dns.records.map((r) => ({ endpoint: e.name, zone: e.dns.zone, hostname: `${r}.${e.dns.zone}` })));
  const vpcsOf = (endpointMode: boolean) => t.spokes.filter((s) => !s.retired)
    .flatMap((s) => s.vpcs.filter((v) => (v.access === "endpoint") === endpointMode).map((v) => ({ spoke: s.name, accountId: s.accountId, vpcId: v.vpcId })));
  const endpointVpcs = vpcsOf(true);
  const associationVpcs = vpcsOf(false);

  test("the example has both kinds of VPC, and an entry per hostname", () => {
    expect(endpointVpcs.length).toBeGreaterThanOrEqual(2);
    expect(associationVpcs.length).toBeGreaterThanOrEqual(1);
    expect(inventory.entries.map((e) => e.hostname).sort()).toEqual(hostnames.map((h) => h.hostname).sort());
  });

  test("every endpoint-mode VPC resolves every hostname, through its own zone, to its own endpoint, in its spoke's workspace", () => {
    for (const { endpoint, zone, hostname } of hostnames) {
      const entry = inventory.entries.find((e) => e.hostname === hostname)!;
      const own = entry.resolvedBy.filter((r) => r.mode === "endpoint");
      expect(own).toEqual(expect.arrayContaining(endpointVpcs.map((v) => ({
        ...v,
        mode: "endpoint",
        workspace: `spoke-${v.spoke}`,
        zoneAddress: `aws_route53_zone.access_zones[${JSON.stringify(`${zone}/${v.vpcId}`)}]`,
        recordAddress: `aws_route53_record.access_records[${JSON.stringify(`${hostname}/${v.vpcId}`)}]`,
        target: `aws_vpc_endpoint.access_endpoints[${JSON.stringify(`${endpoint}/${v.vpcId}`)}].dns_entry[0].dns_name`,
      }))));
      expect(own).toHaveLength(endpointVpcs.length);
      // The entry itself still describes the dns workspace's zone and record.
      expect(entry).toEqual(expect.objectContaining({ endpoint, zone: { name: zone, origin: "created" }, target: `hub.endpoints[${JSON.stringify(endpoint)}].lattice_dns_name` }));
    }
  });

  test("association-mode VPCs are listed as before: the inventory of the topology without its endpoint-mode VPCs", () => {
    const data = JSON.parse(JSON.stringify(t));
    for (const s of data.spokes) s.vpcs = s.vpcs.filter((v: { access?: string }) => v.access !== "endpoint");
    data.spokes = data.spokes.filter((s: { vpcs: unknown[] }) => s.vpcs.length > 0);
    const before = dnsInventory(estateOf(validateTopology(data).topology));
    const withoutEndpointMode = { ...inventory, entries: inventory.entries.map((e) => ({ ...e, resolvedBy: e.resolvedBy.filter((r) => r.mode !== "endpoint") })) };
    expect(withoutEndpointMode).toEqual(before);
    for (const e of inventory.entries) {
      expect(e.resolvedBy.filter((r) => r.mode === "association").map(({ spoke, accountId, vpcId }) => ({ spoke, accountId, vpcId })))
        .toEqual(expect.arrayContaining(associationVpcs));
      // One order for every kind: by spoke, then VPC id.
      expect(e.resolvedBy.map((r) => `${r.spoke} ${r.vpcId}`)).toEqual(e.resolvedBy.map((r) => `${r.spoke} ${r.vpcId}`).sort());
    }
  });

  test("each address is the spoke workspace's: the record is a CNAME in that zone with that target, the zone is associated with that VPC only, the endpoint is in it", () => {
    const json = synthesizeJson(t).json as ReadonlyMap<string, unknown>;
    let checked = 0;
    for (const e of inventory.entries) {
      for (const r of e.resolvedBy) {
        if (r.mode !== "endpoint") continue;
        const workspace = json.get(r.workspace);
        const record = instancesOf(workspace, "aws_route53_record").find((i) => i.address === r.recordAddress)!;
        expect([r.recordAddress, attribute(record, "name"), attribute(record, "type"), attribute(record, "ttl")]).toEqual([r.recordAddress, e.hostname, "CNAME", e.ttl]);
        expect(attribute(record, "records")).toEqual([`\${${r.target}}`]);
        expect(attribute(record, "zone_id")).toBe(`\${${r.zoneAddress}.zone_id}`);
        const zone = instancesOf(workspace, "aws_route53_zone").find((i) => i.address === r.zoneAddress)!;
        expect([attribute(zone, "name"), attribute(zone, "vpc").map((v: { vpc_id: string }) => v.vpc_id)]).toEqual([e.zone.name, [r.vpcId]]);
        const endpointAddress = r.target.replace(/\.dns_entry\[0\]\.dns_name$/, "");
        const endpoint = instancesOf(workspace, "aws_vpc_endpoint").find((i) => i.address === endpointAddress)!;
        expect([attribute(endpoint, "vpc_id"), attribute(endpoint, "vpc_endpoint_type"), attribute(endpoint, "resource_configuration_arn")])
          .toEqual([r.vpcId, "Resource", expect.stringContaining(`endpoints[${JSON.stringify(e.endpoint)}].resource_configuration_arn`)]);
        checked++;
      }
    }
    expect(checked).toBe(hostnames.length * endpointVpcs.length);
  });

  test("the report: the resolved-by column names them, and a second table gives each one's workspace, zone, record and target", () => {
    const md = markdownDnsInventory(estateOf(t));
    expect(md).toContain("Spoke VPCs that join the service network resolve the zones through their own zone associations");
    expect(md).toContain("| hostname | VPC | workspace | zone | record | target |");
    for (const e of inventory.entries) {
      for (const r of e.resolvedBy) {
        expect(md).toContain(`\`${r.vpcId}\` (${r.spoke}, ${r.mode})`);
        if (r.mode === "endpoint") {
          expect(md).toContain(`| \`${e.hostname}\` | \`${r.vpcId}\` (${r.spoke}) | \`${r.workspace}\` | \`${r.zoneAddress}\` | \`${r.recordAddress}\` | \`${r.target}\` |`);
        }
      }
    }
  });
});

test("without endpoint-mode VPCs, no resolver of mode endpoint and no second table", () => {
  const e = estateOf(topology());
  expect(dnsInventory(e).entries.flatMap((x) => x.resolvedBy).filter((r) => r.mode === "endpoint")).toEqual([]);
  expect(markdownDnsInventory(e)).not.toContain("Endpoint-mode VPCs");
  expect(markdownDnsInventory(e).startsWith("Spoke VPCs resolve the zones")).toBe(true);
});

test("a spoke with only endpoint-mode VPCs, in profile mode: resolves through its own zones, not through the profile", () => {
  const e = estateOf(topology((t) => {
    t.dns.mode = "profile";
    t.spokes.push({ name: "lab", accountId: "555555555555", vpcs: [{ vpcId: "vpc-0f000000000000001", access: "endpoint", subnetIds: ["subnet-0f000000000000001"], clientCidrs: ["10.9.0.0/16"] }] });
  }));
  for (const entry of dnsInventory(e).entries) {
    const lab = entry.resolvedBy.filter((r) => r.spoke === "lab");
    expect(lab.map((r) => [r.vpcId, r.mode, r.mode === "endpoint" && r.workspace])).toEqual([["vpc-0f000000000000001", "endpoint", "spoke-lab"]]);
    expect(entry.resolvedBy.filter((r) => r.spoke === "web").map((r) => r.mode)).toEqual(["profile", "profile"]);
  }
  expect(markdownDnsInventory(e)).toContain("Spoke VPCs that join the service network resolve the zones through the Route 53 Profile");
});
