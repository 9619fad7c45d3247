import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpclatticeAccessLogSubscription } from "@cdktf/provider-aws/lib/vpclattice-access-log-subscription";
import { VpclatticeResourceConfiguration } from "@cdktf/provider-aws/lib/vpclattice-resource-configuration";
import { VpclatticeResourceGateway } from "@cdktf/provider-aws/lib/vpclattice-resource-gateway";
import { VpclatticeServiceNetwork } from "@cdktf/provider-aws/lib/vpclattice-service-network";
import { VpclatticeServiceNetworkVpcAssociation } from "@cdktf/provider-aws/lib/vpclattice-service-network-vpc-association";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { parse } from "yaml";
import { PROJECT_ROOT, resources, stackJson, synthStacks, withForEachInlined, type TerraformJson } from "../support/synth";

const basic = () => parse(readFileSync(join(PROJECT_ROOT, "examples/basic.yaml"), "utf8"));
const large = () => parse(readFileSync(join(PROJECT_ROOT, "examples/large.yaml"), "utf8"));

/** The one resource block of `type` whose name ends with `suffix`. */
function block(json: TerraformJson, type: string, suffix = ""): Record<string, unknown> {
  const found = resources(withForEachInlined(json)).filter(([t, n]) => t === type && n.endsWith(suffix));
  expect(found.map(([t, n]) => `${t}.${n}`)).toHaveLength(1);
  return found[0][2];
}
const forEach = (b: Record<string, unknown>) => b.for_each as Record<string, Record<string, unknown>>;

describe("workspaces of the basic example", () => {
  const stacks = synthStacks(basic());
  const synth = (name: string) => Testing.synth(stacks[name]);

  test("one per account, in deploy order: hub, dns, each spoke", () => {
    expect(Object.keys(stacks)).toEqual(["hub", "dns", "spoke-payments", "spoke-analytics"]);
  });

  test("the hub holds the endpoint, the gateway, the service network, logs and the share", () => {
    const hub = synth("hub");
    expect(hub).toHaveResourceWithProperties(VpcEndpoint, { vpc_endpoint_type: "Interface", private_dns_enabled: false, ip_address_type: "ipv4" });
    expect(hub).toHaveResourceWithProperties(VpclatticeResourceConfiguration, {
      type: "SINGLE", protocol: "TCP", allow_association_to_shareable_service_network: true,
    });
    expect(hub).toHaveResourceWithProperties(VpclatticeResourceGateway, { ip_address_type: "IPV4" });
    expect(hub).toHaveResourceWithProperties(VpclatticeServiceNetwork, { auth_type: "NONE", name: "acme-endpoints" });
    expect(hub).toHaveResourceWithProperties(VpclatticeAccessLogSubscription, { service_network_log_type: "RESOURCE" });
    expect(hub).toHaveResourceWithProperties(RamResourceShare, { allow_external_principals: false });
    expect(hub).not.toHaveResource(RamResourceShareAccepter);
  });

  test("one entry per endpoint, named from the topology", () => {
    const hub = stackJson(stacks.hub);
    expect(forEach(block(hub, "aws_vpc_endpoint"))).toEqual({
      snowflake: {
        service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        port_ranges: ["443"],
        security_group_name: "acme-endpoints-snowflake-endpoint",
        resource_configuration_name: "acme-endpoints-snowflake",
      },
    });
    expect(forEach(block(hub, "aws_vpc_security_group_ingress_rule"))).toEqual({
      "snowflake/443": { endpoint: "snowflake", ports: "443", from_port: 443, to_port: 443 },
    });
    expect(block(hub, "aws_ram_principal_association").for_each).toBe('${toset(["222222222222", "444444444444"])}');
  });

  test("the endpoint's DNS name is the resource configuration's domain, and acceptance is checked", () => {
    const hub = stackJson(stacks.hub);
    expect(block(hub, "aws_vpc_endpoint").lifecycle).toMatchObject({
      prevent_destroy: true,
      postcondition: [expect.objectContaining({ condition: '${self.state == "available"}' })],
    });
    expect(block(hub, "aws_vpclattice_resource_configuration").resource_configuration_definition).toEqual([{
      dns_resource: [{ domain_name: "${aws_vpc_endpoint.shared_vpc_endpoints[each.key].dns_entry[0].dns_name}", ip_address_type: "IPV4" }],
    }]);
  });

  test("the hub's outputs have their contract names and are not sensitive", () => {
    const hub = stackJson(stacks.hub);
    expect(Object.keys(hub.output ?? {}).sort()).toEqual(["endpoints", "resource_share_arn", "service_network_arn", "service_network_id"]);
    for (const o of Object.values(hub.output ?? {})) expect(o.sensitive).toBeUndefined();
    const endpoints = String(hub.output!.endpoints.value);
    for (const key of ["vpc_endpoint_id", "vpc_endpoint_dns_name", "resource_configuration_arn", "lattice_dns_name", "lattice_hosted_zone_id"]) {
      expect(endpoints).toMatch(new RegExp(`\\b${key}\\s+=`));
    }
  });

  test("dns reads the hub; spokes read the hub and dns; each after what it reads", () => {
    const reads = { dns: ["hub"], "spoke-payments": ["dns", "hub"], "spoke-analytics": ["dns", "hub"] };
    for (const [name, expected] of Object.entries(reads)) {
      const json = stackJson(stacks[name]);
      expect(Object.keys(json.data?.terraform_remote_state ?? {}).sort()).toEqual(expected);
      for (const ws of expected) {
        expect(json.data?.terraform_remote_state?.[ws]).toEqual({ backend: "local", config: { path: `../../../state/${ws}.tfstate` } });
      }
      expect(stacks[name].dependencies.map((d) => d.node.id).sort()).toEqual(expected);
      expect(JSON.stringify(json)).not.toMatch(/cross-stack-output/);
    }
    expect(stacks.hub.dependencies).toEqual([]);
  });

  test("a spoke given CIDRs gets a security group admitting them on the shared ports", () => {
    const payments = stackJson(stacks["spoke-payments"]);
    expect(forEach(block(payments, "aws_vpc_security_group_ingress_rule"))).toEqual({
      "vpc-0c1b2c3d4e5f60718/10.20.0.0/16/443": {
        vpc_id: "vpc-0c1b2c3d4e5f60718", cidr_ipv4: "10.20.0.0/16", cidr_ipv6: null, from_port: 443, to_port: 443, ports: "443",
      },
    });
    expect(synth("spoke-payments")).toHaveResourceWithProperties(VpclatticeServiceNetworkVpcAssociation, {
      service_network_identifier: "${data.terraform_remote_state.hub.outputs.service_network_arn}",
    });
    const analytics = stackJson(stacks["spoke-analytics"]);
    expect(forEach(block(analytics, "aws_security_group"))).toEqual({});
    expect(forEach(block(analytics, "aws_vpclattice_service_network_vpc_association"))).toEqual({
      "vpc-0d1b2c3d4e5f60718": { security_group_ids: ["sg-0a1b2c3d4e5f60718"] },
    });
    expect(synth("spoke-analytics")).toHaveResource(SecurityGroup);
  });

  test("dns: a zone ignoring its inline VPCs, authorizations for the spokes' VPCs, which associate in their own workspaces", () => {
    const dns = stackJson(stacks.dns);
    const zones = block(dns, "aws_route53_zone");
    expect(zones).toMatchObject({ for_each: '${toset(["privatelink.snowflakecomputing.com"])}', lifecycle: { ignore_changes: ["vpc"], prevent_destroy: true } });
    expect(block(dns, "aws_route53_vpc_association_authorization").provider).toBe("aws.dns");
    expect(resources(dns).filter(([t]) => t === "aws_route53_zone_association")).toEqual([]);
    expect(dns.output).toEqual({ zone_ids: expect.objectContaining({ value: "${local.dns_zone_ids}" }) });
    for (const [name, vpc] of [["spoke-payments", "vpc-0c1b2c3d4e5f60718"], ["spoke-analytics", "vpc-0d1b2c3d4e5f60718"]]) {
      const association = block(stackJson(stacks[name]), "aws_route53_zone_association");
      expect(association).toMatchObject({
        provider: "aws.spoke",
        zone_id: "${data.terraform_remote_state.dns.outputs.zone_ids[each.value.zone]}",
        for_each: { [`privatelink.snowflakecomputing.com/${vpc}`]: { zone: "privatelink.snowflakecomputing.com", vpc_id: vpc } },
      });
    }
    expect(forEach(block(dns, "aws_route53_record"))).toEqual(Object.fromEntries(["xy12345", "xy12345-app"].map((r) => [
      `${r}.us-east-1.privatelink.snowflakecomputing.com`,
      { zone: "privatelink.snowflakecomputing.com", target: '${data.terraform_remote_state.hub.outputs.endpoints["snowflake"].lattice_dns_name}' },
    ])));
  });

  test("every workspace: aliased providers pinned to their account, default tags, every resource names its provider", () => {
    for (const stack of Object.values(stacks)) {
      const json = stackJson(stack);
      const aliases = (json.provider?.aws ?? []).map((p) => p.alias as string);
      for (const p of json.provider?.aws ?? []) {
        expect(p).toMatchObject({ region: "us-east-1", allowed_account_ids: [expect.stringMatching(/^\d{12}$/)] });
        expect(p.default_tags).toEqual([{ tags: { owner: "platform", "cost-center": "1234", ManagedBy: "lattice-endpoints/acme-endpoints" } }]);
        expect(p).not.toHaveProperty("access_key");
      }
      for (const [type, name, body] of resources(json)) {
        expect([type, name, aliases.includes(String(body.provider).replace(/^aws\./, ""))]).toEqual([type, name, true]);
      }
      expect(json.terraform).toHaveProperty("backend.local");
    }
  });
});

describe("workspaces of the large example", () => {
  const stacks = synthStacks(large());

  test("the out-of-organization spoke accepts the share, and the share allows it", () => {
    expect(Testing.synth(stacks["spoke-partner-analytics"])).toHaveResourceWithProperties(RamResourceShareAccepter, {
      share_arn: "${data.terraform_remote_state.hub.outputs.resource_share_arn}",
    });
    expect(Testing.synth(stacks["spoke-payments"])).not.toHaveResource(RamResourceShareAccepter);
    expect(Testing.synth(stacks.hub)).toHaveResourceWithProperties(RamResourceShare, { allow_external_principals: true });
  });

  test("a spoke in the Route 53 account associates without an authorization; the dns workspace has one provider", () => {
    const dns = stackJson(stacks.dns);
    expect((dns.provider?.aws ?? []).map((p) => p.alias)).toEqual(["dns"]);
    const authorized = Object.keys(forEach(block(dns, "aws_route53_vpc_association_authorization")));
    expect(authorized).toHaveLength(3 * 4);
    expect(authorized.filter((k) => k.endsWith("/vpc-06a1b2c3d4e5f6071"))).toEqual([]);
    const sameAccount = block(stackJson(stacks["spoke-shared-services"]), "aws_route53_zone_association");
    expect(sameAccount.provider).toBe("aws.spoke");
    expect(Object.keys(forEach(sameAccount)).sort()).toEqual(
      ["datadoghq.eu", "mongodb.net", "privatelink.snowflakecomputing.com"].map((z) => `${z}/vpc-06a1b2c3d4e5f6071`));
  });

  test("an adopted zone is not created; its id comes from the topology", () => {
    const dns = stackJson(stacks.dns);
    expect(block(dns, "aws_route53_zone").for_each).toBe('${toset(["privatelink.snowflakecomputing.com", "mongodb.net"])}');
    expect((dns as { locals?: Record<string, unknown> }).locals).toMatchObject({ dns_adopted_zone_ids: { "datadoghq.eu": "Z04123456789ABCDEFGHI" } });
    const datadog = Object.entries(forEach(block(dns, "aws_route53_record"))).filter(([name]) => name.endsWith(".datadoghq.eu"));
    expect(datadog.map(([name, r]) => [name, r.zone]).sort()).toEqual([
      ["*.trace.datadoghq.eu", "datadoghq.eu"], ["agent-http-intake.logs.datadoghq.eu", "datadoghq.eu"],
      ["api.datadoghq.eu", "datadoghq.eu"], ["http-intake.logs.datadoghq.eu", "datadoghq.eu"],
    ]);
  });

  test("port ranges reach the resource configuration, the endpoint group and every created client group", () => {
    const hub = stackJson(stacks.hub);
    expect(forEach(block(hub, "aws_vpclattice_resource_configuration"))["mongodb-atlas"].port_ranges).toEqual(["27015-27017", "1024-1029"]);
    expect(Object.keys(forEach(block(hub, "aws_vpc_security_group_egress_rule"))).sort()).toEqual([
      "datadog/443", "mongodb-atlas/1024", "mongodb-atlas/27015", "snowflake/443",
    ]);
    const spoke = stackJson(stacks["spoke-payments"]);
    const rules = Object.values(forEach(block(spoke, "aws_vpc_security_group_ingress_rule"))).filter((r) => r.cidr_ipv6 === "2001:db8:20::/56");
    expect(rules.map((r) => [r.from_port, r.to_port]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([[443, 443], [1024, 1029], [27015, 27017]]);
  });

  test("the S3 backend: a key per workspace, native locking, encryption, the state role", () => {
    const hub = stackJson(stacks.hub);
    expect(hub.terraform?.backend).toEqual({
      s3: {
        bucket: "globex-terraform-state", key: "lattice-endpoints/hub.tfstate", region: "eu-west-1", encrypt: true,
        use_lockfile: true, assume_role: { role_arn: "arn:aws:iam::999999999999:role/terraform-state" },
      },
    });
    expect(stackJson(stacks.dns).data?.terraform_remote_state?.hub).toMatchObject({ backend: "s3", config: { key: "lattice-endpoints/hub.tfstate" } });
  });
});

describe("protect", () => {
  test("off: no prevent_destroy anywhere", () => {
    const stacks = synthStacks({ ...basic(), protect: false });
    for (const s of Object.values(stacks)) expect(JSON.stringify(stackJson(s))).not.toMatch(/"prevent_destroy":true/);
  });

  test("on: the service network, share, configurations, endpoints and created zones", () => {
    const stacks = synthStacks(basic());
    const protectedTypes = Object.values(stacks).flatMap((s) =>
      resources(stackJson(s)).filter(([, , r]) => (r.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy).map(([t]) => t));
    expect(protectedTypes.sort()).toEqual([
      "aws_ram_resource_share", "aws_route53_zone", "aws_vpc_endpoint", "aws_vpclattice_resource_configuration", "aws_vpclattice_service_network",
    ]);
  });
});
