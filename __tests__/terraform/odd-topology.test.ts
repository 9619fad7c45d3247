/**
 * A topology that is legal by the contract but awkward for AWS and Terraform (see the fixture's
 * comment): every workspace still validates and plans, and every derived AWS name obeys its API rule.
 */
import { join } from "node:path";
import { describeRequiring, TERRAFORM } from "../support/requires";
import { PROJECT_ROOT } from "../support/synth";
import type { Plan } from "../support/terraform";
import { planTopologyFile, type PlannedTopology } from "../support/workspace-plans";

const FIXTURE = join(PROJECT_ROOT, "__tests__/fixtures/odd-but-legal.yaml");
const STACKS = ["hub", "dns", "spoke-00", "spoke-outside--partner"];
let plannedTopology: PlannedTopology;
let plans: Readonly<Record<string, Plan>>;

describeRequiring(TERRAFORM, "an odd but legal topology", () => {
  beforeAll(async () => {
    plannedTopology = await planTopologyFile(FIXTURE);
    plans = plannedTopology.plans;
  }, 900_000);

  const planned = (stack: string, type: string) =>
    plans[stack].resource_changes.filter((r) => r.type === type).map((r) => r.change.after);

  /** VPC Lattice: lowercase letters, digits and single hyphens, none at either end, no reserved prefix. */
  const latticeName = (max: number, reserved: string) =>
    new RegExp(`^(?!${reserved})(?!-)(?!.*--)(?!.*-$)[a-z0-9-]{3,${max}}$`);

  test("every workspace validates and plans", () => {
    expect(Object.keys(plans).sort()).toEqual([...STACKS].sort());
    for (const s of STACKS) expect(plannedTopology.validations[s].valid).toBe(true);
  });

  test("derived names obey the AWS API rules", () => {
    for (const [stack, type] of [["hub", "aws_vpclattice_resource_configuration"], ["hub", "aws_vpclattice_resource_gateway"],
      ["hub", "aws_vpclattice_service_network"], ["hub", "aws_security_group"], ["spoke-00", "aws_security_group"]]) {
      expect([stack, type, planned(stack, type).length > 0]).toEqual([stack, type, true]);
    }
    for (const c of planned("hub", "aws_vpclattice_resource_configuration")) expect(c.name).toMatch(latticeName(40, "rcfg-"));
    for (const g of planned("hub", "aws_vpclattice_resource_gateway")) expect(g.name).toMatch(latticeName(40, "rgw-"));
    for (const n of planned("hub", "aws_vpclattice_service_network")) expect(n.name).toMatch(latticeName(63, "sn-"));
    for (const stack of ["hub", "spoke-00"]) {
      for (const g of planned(stack, "aws_security_group")) expect(String(g.name)).not.toMatch(/^sg-/);
    }
    const configNames = planned("hub", "aws_vpclattice_resource_configuration").map((c) => c.name);
    expect(new Set(configNames).size).toBe(2);
  });

  test("an IPv6 hub: IPv6 endpoints, DNS resources and gateway", () => {
    expect(planned("hub", "aws_vpc_endpoint")).toHaveLength(2);
    expect(planned("hub", "aws_vpclattice_resource_configuration")).toHaveLength(2);
    for (const e of planned("hub", "aws_vpc_endpoint")) {
      expect(e).toMatchObject({ ip_address_type: "ipv6", dns_options: [expect.objectContaining({ dns_record_ip_type: "ipv6" })] });
    }
    for (const c of planned("hub", "aws_vpclattice_resource_configuration")) {
      expect(c.resource_configuration_definition).toEqual([expect.objectContaining({
        dns_resource: [expect.objectContaining({ ip_address_type: "IPV6" })],
      })]);
    }
    expect(planned("hub", "aws_vpclattice_resource_gateway")).toEqual([expect.objectContaining({ ip_address_type: "IPV6" })]);
    expect(planned("hub", "aws_cloudwatch_log_group")).toEqual([expect.objectContaining({
      retention_in_days: 3653, kms_key_id: plannedTopology.topology.hub.logKmsKeyArn,
    })]);
  });

  test("IPv6 client networks get IPv6 rules on the full port range", () => {
    expect(planned("spoke-00", "aws_vpc_security_group_ingress_rule").map((r) => [r.cidr_ipv6, r.from_port, r.to_port]).sort())
      .toEqual([["2001:db8::/32", 1, 65535], ["fd00:1234::/48", 1, 65535]]);
  });

  test("odd record names land in their adopted zones, normalized", () => {
    const records = planned("dns", "aws_route53_record").map((r) => [r.zone_id, r.name]).sort();
    expect(records).toEqual([
      ["Z1", "*.example.com"], ["Z1", "_acme-challenge.example.com"], ["Z1", "api.example.com"], ["Z1", "x_y.z.example.com"],
      ["Z2ABCDEFGHIJKLMNOPQRSTUVWXYZ01", "b.a.example.com"],
    ]);
    expect(planned("dns", "aws_route53_zone")).toEqual([]);
  });

  test("the spoke in the Route 53 account associates without authorization; the other through one, in its own workspace", () => {
    const associations = (stack: string) => plans[stack].resource_changes.filter((r) => r.type === "aws_route53_zone_association").map((a) => a.address).sort();
    expect(associations("dns")).toEqual([]);
    expect(associations("spoke-00")).toEqual([
      'aws_route53_zone_association.zone_associations["a.example.com/vpc-0b1b2c3d"]',
      'aws_route53_zone_association.zone_associations["example.com/vpc-0b1b2c3d"]',
    ]);
    expect(associations("spoke-outside--partner")).toEqual([
      'aws_route53_zone_association.zone_associations["a.example.com/vpc-0c1b2c3d"]',
      'aws_route53_zone_association.zone_associations["example.com/vpc-0c1b2c3d"]',
    ]);
    expect(planned("dns", "aws_route53_vpc_association_authorization").map((a) => a.vpc_id)).toEqual(["vpc-0c1b2c3d", "vpc-0c1b2c3d"]);
  });

  test("protect: false leaves nothing protected", () => {
    const config = JSON.stringify(STACKS.map((s) => plans[s].configuration));
    expect(config).not.toMatch(/prevent_destroy/);
  });
});
