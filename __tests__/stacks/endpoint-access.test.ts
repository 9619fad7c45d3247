/**
 * The synthesized wiring of endpoint access (docs/endpoint-access.md), without Terraform: the hub's
 * share carries the resource configurations, the spoke's endpoints, zones, records and resolver
 * reference each other by topology keys, and topologies without endpoint-mode VPCs are unchanged.
 */
import { join } from "node:path";
import { loadTopologyFile } from "../../config/loader";
import { synthesizeJson } from "../../stacks/synthesize";
import { attribute, instancesOf } from "../support/references";
import { PROJECT_ROOT } from "../support/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const synth = (file: string) => synthesizeJson(loadTopologyFile(join(PROJECT_ROOT, file)).topology).json as ReadonlyMap<string, Json>;

describe("examples/endpoint-access.yaml", () => {
  const json = synth("examples/endpoint-access.yaml");
  const payments = json.get("spoke-payments")!;
  const platform = json.get("spoke-platform")!;
  const VPC = "vpc-0d1b2c3d4e5f60718";

  test("the hub's share carries each in-service resource configuration", () => {
    const shared = instancesOf(json.get("hub")!, "aws_ram_resource_association").filter((i) => i.key !== undefined);
    expect(shared.map((i) => [i.key, attribute(i, "resource_arn"), attribute(i, "resource_share_arn")]).sort()).toEqual([
      ["snowflake", '${aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"].arn}', "${aws_ram_resource_share.lattice_resource_share.arn}"],
      ["mongodb-atlas", '${aws_vpclattice_resource_configuration.shared_resource_configurations["mongodb-atlas"].arn}', "${aws_ram_resource_share.lattice_resource_share.arn}"],
    ].sort());
  });

  test("each endpoint is of type Resource, on its vendor's configuration from the hub's output, behind the created group", () => {
    const endpoints = instancesOf(payments, "aws_vpc_endpoint");
    expect(endpoints.map((i) => i.key)).toEqual([`mongodb-atlas/${VPC}`, `snowflake/${VPC}`]);
    const snowflake = endpoints.find((i) => i.key === `snowflake/${VPC}`)!;
    expect(attribute(snowflake, "vpc_endpoint_type")).toBe("Resource");
    expect(attribute(snowflake, "resource_configuration_arn")).toBe('${data.terraform_remote_state.hub.outputs.endpoints["snowflake"].resource_configuration_arn}');
    expect(attribute(snowflake, "security_group_ids")).toBe(
      `\${coalescelist(each.value.security_group_ids, [for vpc, group in aws_security_group.access_client_security_groups : group.id if vpc == each.value.vpc_id])}`);
    expect(attribute(snowflake, "lifecycle")).toEqual({ prevent_destroy: true });
    // Outside the organization: the endpoints wait for the share's acceptance.
    const platformEndpoint = instancesOf(platform, "aws_vpc_endpoint")[0];
    expect(attribute(platformEndpoint, "depends_on")).toEqual(["aws_ram_resource_share_accepter.spoke_resource_share_accepter"]);
    expect(attribute(platformEndpoint, "security_group_ids")).toContain("coalescelist");
    expect(platformEndpoint.value.security_group_ids).toEqual(["sg-0a1b2c3d4e5f60718"]);
  });

  test("records point at their own VPC's endpoint, in their own VPC's zone", () => {
    const record = instancesOf(payments, "aws_route53_record").find((i) => i.key === `pl-0-us-east-1.gxab1.mongodb.net/${VPC}`)!;
    expect(attribute(record, "records")).toEqual([`\${aws_vpc_endpoint.access_endpoints["mongodb-atlas/${VPC}"].dns_entry[0].dns_name}`]);
    expect(attribute(record, "zone_id")).toBe(`\${aws_route53_zone.access_zones["mongodb.net/${VPC}"].zone_id}`);
    const zone = instancesOf(payments, "aws_route53_zone").find((i) => i.key === `mongodb.net/${VPC}`)!;
    expect(attribute(zone, "vpc")).toEqual([{ vpc_id: VPC, vpc_region: "us-east-1" }]);
  });

  test("the resolver: INBOUND in its subnets, its own group admitting 53 TCP and UDP from the allowed networks, its addresses output", () => {
    const [resolver] = instancesOf(payments, "aws_route53_resolver_endpoint");
    expect(attribute(resolver, "direction")).toBe("INBOUND");
    expect(attribute(resolver, "security_group_ids")).toEqual([`\${aws_security_group.access_resolver_security_groups["${VPC}"].id}`]);
    const rules = instancesOf(payments, "aws_vpc_security_group_ingress_rule").filter((i) => i.address.includes("access_resolver_ingress"))
      .map((i) => `${attribute(i, "ip_protocol")} ${attribute(i, "from_port")} ${attribute(i, "cidr_ipv4")}`);
    expect(rules.sort()).toEqual(["tcp 53 172.16.8.0/24", "tcp 53 192.168.0.0/20", "udp 53 172.16.8.0/24", "udp 53 192.168.0.0/20"]);
    expect(Object.keys(payments.output)).toEqual(["resolver_addresses"]);
    expect(platform.output).toBeUndefined();
  });

  test("endpoint-mode VPCs are in no association; a spoke of only such VPCs reads no dns", () => {
    expect(instancesOf(payments, "aws_vpclattice_service_network_vpc_association").map((i) => i.key)).toEqual(["vpc-0c1b2c3d4e5f60718"]);
    expect(instancesOf(payments, "aws_route53_zone_association").map((i) => i.key).every((k) => k!.endsWith("/vpc-0c1b2c3d4e5f60718"))).toBe(true);
    expect(instancesOf(platform, "aws_vpclattice_service_network_vpc_association")).toEqual([]);
    expect(Object.keys(platform.data.terraform_remote_state)).toEqual(["hub"]);
    const dns = JSON.stringify(json.get("dns"));
    expect(dns).not.toContain(VPC);
    expect(dns).not.toContain("vpc-0e1b2c3d4e5f60718");
  });
});

test("a topology without endpoint-mode VPCs has none of it", () => {
  const json = synth("examples/basic.yaml");
  for (const [name, ws] of json) {
    const names = Object.values(ws.resource ?? {}).flatMap((byName) => Object.keys(byName as object));
    expect({ name, access: names.filter((n) => n.startsWith("access_") || n === "lattice_resource_share_configurations"), outputs: Object.keys(ws.output ?? {}).filter((o) => o === "resolver_addresses") })
      .toEqual({ name, access: [], outputs: [] });
  }
});
