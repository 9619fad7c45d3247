/**
 * Endpoint access (docs/endpoint-access.md): the loader's one-line errors for `access`, `subnetIds`
 * and `resolver` on a spoke VPC, and the estate facts of an endpoint-mode VPC.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { estateOf } from "../../config/estate";
import { TopologyError, validateTopology } from "../../config/loader";
import { PROJECT_ROOT } from "../support/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = any;
const example = (): Data => parse(readFileSync(join(PROJECT_ROOT, "examples/endpoint-access.yaml"), "utf8"));
const basic = (): Data => parse(readFileSync(join(PROJECT_ROOT, "examples/basic.yaml"), "utf8"));

function problems(data: Data, mutate: (t: Data) => void = () => {}): string[] {
  mutate(data);
  try {
    validateTopology(data);
  } catch (e) {
    if (e instanceof TopologyError) return [...e.lines];
    throw e;
  }
  return [];
}

const ENDPOINT_VPC = "spokes[0].vpcs[1]";

describe("the loader", () => {
  test("accepts the example, and access defaults to association", () => {
    expect(problems(example())).toEqual([]);
    expect(validateTopology(basic()).topology.spokes[0].vpcs[0].access).toBeUndefined();
  });

  test.each<[string, (t: Data) => void, string]>([
    ["an unknown mode", (t) => { t.spokes[0].vpcs[1].access = "peering"; }, `${ENDPOINT_VPC}.access: "peering" must be association or endpoint`],
    ["endpoint mode without subnets", (t) => { delete t.spokes[0].vpcs[1].subnetIds; delete t.spokes[0].vpcs[1].resolver; },
      `${ENDPOINT_VPC}.subnetIds: is required with access: endpoint: the subnets of the VPC's endpoints (at least one in an Availability Zone of the hub's resource gateway)`],
    ["subnets on an association VPC", (t) => { t.spokes[0].vpcs[0].subnetIds = ["subnet-0a0a0a0a0a0a0a0a0"]; },
      "spokes[0].vpcs[0].subnetIds: is only for access: endpoint; an association-mode VPC joins the service network without subnets"],
    ["a resolver on an association VPC", (t) => { t.spokes[0].vpcs[0].resolver = { inboundSubnetIds: ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0a0a0a0a0a0a0a0"], allowedCidrs: ["192.168.0.0/24"] }; },
      "spokes[0].vpcs[0].resolver: is only for access: endpoint; an association-mode VPC resolves the shared zones, not zones of its own"],
    ["a resolver with one subnet", (t) => { t.spokes[0].vpcs[1].resolver.inboundSubnetIds = ["subnet-0c1b2c3d4e5f60718"]; },
      `${ENDPOINT_VPC}.resolver.inboundSubnetIds: needs at least 2 subnets: a Route 53 Resolver endpoint has at least two IP addresses`],
    ["a bad resolver CIDR", (t) => { t.spokes[0].vpcs[1].resolver.allowedCidrs = ["192.168.0.0/33"]; },
      `${ENDPOINT_VPC}.resolver.allowedCidrs[0]: "192.168.0.0/33" is not a CIDR block`],
    ["a bad subnet id", (t) => { t.spokes[0].vpcs[1].subnetIds = ["subnet-xyz"]; },
      `${ENDPOINT_VPC}.subnetIds[0]: "subnet-xyz" is not a subnet id (subnet- and 8 or 17 hex digits)`],
    ["an unknown resolver key", (t) => { t.spokes[0].vpcs[1].resolver.outbound = true; }, `${ENDPOINT_VPC}.resolver.outbound: unknown key`],
  ])("refuses %s in one line", (_what, mutate, line) => {
    expect(problems(example(), mutate)).toEqual([line]);
  });

  test.each<[string, (t: Data) => void, string]>([
    ["duplicate subnets", (t) => { t.spokes[0].vpcs[1].subnetIds = ["subnet-0c1b2c3d4e5f60718", "subnet-0c1b2c3d4e5f60718"]; },
      `${ENDPOINT_VPC}.subnetIds[1]: duplicate subnet "subnet-0c1b2c3d4e5f60718" (also at ${ENDPOINT_VPC}.subnetIds[0])`],
    ["duplicate resolver subnets", (t) => { t.spokes[0].vpcs[1].resolver.inboundSubnetIds = ["subnet-0c1b2c3d4e5f60718", "subnet-0c1b2c3d4e5f60718"]; },
      `${ENDPOINT_VPC}.resolver.inboundSubnetIds[1]: duplicate subnet "subnet-0c1b2c3d4e5f60718" (also at ${ENDPOINT_VPC}.resolver.inboundSubnetIds[0])`],
    ["a hub subnet", (t) => { t.spokes[0].vpcs[1].subnetIds = ["subnet-0a1b2c3d4e5f60718"]; },
      `${ENDPOINT_VPC}.subnetIds[0]: subnet-0a1b2c3d4e5f60718 is already a subnet of the hub VPC vpc-0a1b2c3d4e5f60718; a subnet belongs to one VPC`],
    ["another VPC's subnet", (t) => { t.spokes[1].vpcs[0].subnetIds = ["subnet-0c1b2c3d4e5f60718"]; },
      "spokes[1].vpcs[0].subnetIds[0]: subnet-0c1b2c3d4e5f60718 is already a subnet of VPC vpc-0d1b2c3d4e5f60718; a subnet belongs to one VPC"],
    ["resolver networks that cover everything", (t) => { t.spokes[0].vpcs[1].resolver.allowedCidrs = ["0.0.0.0/1", "128.0.0.0/1"]; },
      `${ENDPOINT_VPC}.resolver.allowedCidrs: together cover the whole IPv4 address space, as /0 would; name the on-premises networks of the DNS forwarders (rule LAT019)`],
    ["a wide public resolver network", (t) => { t.spokes[0].vpcs[1].resolver.allowedCidrs = ["8.0.0.0/8"]; },
      `${ENDPOINT_VPC}.resolver.allowedCidrs[0]: "8.0.0.0/8" is a public range wider than /16; DNS clients are networks of yours (rule LAT020)`],
    ["a duplicate resolver network", (t) => { t.spokes[0].vpcs[1].resolver.allowedCidrs = ["192.168.0.0/20", "192.168.0.0/20"]; },
      `${ENDPOINT_VPC}.resolver.allowedCidrs[1]: duplicate CIDR block "192.168.0.0/20" (also at ${ENDPOINT_VPC}.resolver.allowedCidrs[0])`],
  ])("refuses %s, naming the field and the rule", (_what, mutate, line) => {
    // Public halves of the address space are also each too wide (LAT020): the line is among them.
    expect(problems(example(), mutate)).toContain(line);
  });
});

describe("the estate of an endpoint-mode VPC", () => {
  const estate = () => estateOf(validateTopology(example()).topology);

  test("is neither associated with the service network nor counted against its quota", () => {
    const e = estate();
    const [payments, platform] = e.spokes;
    expect(payments.vpcs.map((v) => v.vpcId)).toEqual(["vpc-0c1b2c3d4e5f60718"]);
    expect(payments.endpointAccess.vpcs.map((v) => v.vpcId)).toEqual(["vpc-0d1b2c3d4e5f60718"]);
    expect(platform.vpcs).toEqual([]);
    expect(e.spokeVpcCount).toBe(1);
  });

  test("gets no zone association, authorization or profile association", () => {
    const e = estate();
    expect(e.dns.zoneVpcs.map((z) => z.vpcId)).toEqual(["vpc-0c1b2c3d4e5f60718", "vpc-0c1b2c3d4e5f60718"]);
    expect(e.dns.authorizations.every((a) => a.vpcId === "vpc-0c1b2c3d4e5f60718")).toBe(true);
    const profile = estateOf(validateTopology({ ...example(), dns: { ...example().dns, mode: "profile" } }).topology);
    expect([...profile.spokes[0].profileAssociationNames.keys()]).toEqual(["vpc-0c1b2c3d4e5f60718"]);
    expect([...profile.spokes[1].profileAssociationNames.keys()]).toEqual([]);
    // A spoke of only endpoint-mode VPCs is no principal of the profile's share and accepts nothing of it.
    expect(profile.dns.profile!.sharePrincipals).toEqual(["222222222222"]);
    expect(profile.spokes[1].acceptsProfileShare).toBe(false);
  });

  test("a spoke of only endpoint-mode VPCs reads the hub and not dns; the hub shares the configurations", () => {
    const e = estate();
    expect(e.spokes[1].workspace.reads).toEqual(["hub"]);
    expect(e.spokes[0].workspace.reads).toEqual(["hub", "dns"]);
    expect(e.hub.sharesResourceConfigurations).toBe(true);
    expect(e.hub.sharePrincipals).toEqual(["222222222222", "444444444444"]);
    expect(estateOf(validateTopology(basic()).topology).hub.sharesResourceConfigurations).toBe(false);
  });

  test("per VPC: an endpoint per vendor, a zone per domain, the records, the resolver, keyed by topology names", () => {
    const a = estate().spokes[0].endpointAccess;
    const vpc = "vpc-0d1b2c3d4e5f60718";
    expect(a.endpoints.map((x) => x.key)).toEqual([`snowflake/${vpc}`, `mongodb-atlas/${vpc}`]);
    expect(a.zones.map((x) => x.key)).toEqual([`privatelink.snowflakecomputing.com/${vpc}`, `mongodb.net/${vpc}`]);
    expect(a.records).toContainEqual({
      key: `gx12345.us-east-1.privatelink.snowflakecomputing.com/${vpc}`,
      name: "gx12345.us-east-1.privatelink.snowflakecomputing.com",
      zoneKey: `privatelink.snowflakecomputing.com/${vpc}`,
      endpointKey: `snowflake/${vpc}`,
    });
    expect(a.records).toHaveLength(3);
    expect(a.resolvers).toEqual([{
      vpcId: vpc,
      name: `globex-endpoints-payments-inbound-${vpc}`,
      securityGroupName: `globex-endpoints-payments-resolver-${vpc}`,
      subnetIds: ["subnet-0c1b2c3d4e5f60718", "subnet-0d1b2c3d4e5f60718"],
      allowedCidrs: ["192.168.0.0/20", "172.16.8.0/24"],
    }]);
    expect([...a.clientGroupNames.values()]).toEqual([`globex-endpoints-payments-endpoint-clients-${vpc}`]);
    expect(a.clientNetworks.map((n) => `${n.cidr} ${n.range.from}-${n.range.to}`)).toEqual(["10.30.0.0/16 443-443", "10.30.0.0/16 1024-1074"]);
  });
});
