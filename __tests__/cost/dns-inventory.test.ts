/** The DNS inventory of the report: one entry per fully qualified hostname, deterministic, retired spokes resolving nothing. */
import { estateOf } from "../../config/estate";
import { validateTopology } from "../../config/loader";
import { dnsInventory, dnsInventoryJson, markdownDnsInventory } from "../../cost/dns-inventory";
import { buildReport } from "../../cost/report";
import { analyze } from "../../cost/analysis";
import { builtInSheet } from "../../cost/price-sheet";

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
