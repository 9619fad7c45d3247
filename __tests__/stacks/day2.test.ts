/**
 * Day 2 in the synthesized JSON: what a retired endpoint and a rename (renamedFrom) write, on the
 * fixture that has both (__tests__/fixtures/renaming.yaml). The Terraform suites validate and plan
 * it (workspaces.test.ts) and carry such changes out on a state (change-matrix.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { hcpWorkspaceName } from "../../config/contract";
import { validateTopology } from "../../config/loader";
import { bootstrapJson } from "../../stacks/bootstrap";
import { synthesizeJson } from "../../stacks/synthesize";
import { isTrue, lifecycleOf, resources, type TerraformJson } from "../../guard/terraform-json";
import { PROJECT_ROOT } from "../support/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const fixture = () => parse(readFileSync(join(PROJECT_ROOT, "__tests__/fixtures/renaming.yaml"), "utf8"));
const synth = (raw: Json) => synthesizeJson(validateTopology(raw).topology).json as ReadonlyMap<string, Json>;
const json = synth(fixture());
const moved = (doc: Json) => (doc.moved ?? []).map((m: Json) => `${m.from} → ${m.to}`);
const instance = (doc: TerraformJson, address: string) => resources(doc).find((r) => r.address === address);
const keys = (doc: TerraformJson, type: string) => resources(doc).filter((r) => r.type === type).map((r) => r.address).sort();

describe("a retired endpoint", () => {
  const hub = json.get("hub");
  const dns = json.get("dns");

  test("its endpoint and configuration leave the protected blocks for blocks without prevent_destroy; the others keep it", () => {
    expect(moved(hub)).toEqual(expect.arrayContaining([
      'aws_vpc_endpoint.shared_vpc_endpoints["mongodb"] → aws_vpc_endpoint.shared_retired_vpc_endpoints["mongodb"]',
      'aws_vpclattice_resource_configuration.shared_resource_configurations["mongodb"] → aws_vpclattice_resource_configuration.shared_retired_resource_configurations["mongodb"]',
    ]));
    for (const type of ["aws_vpc_endpoint", "aws_vpclattice_resource_configuration"]) {
      for (const r of resources(hub).filter((x) => x.type === type)) {
        expect({ address: r.address, protected: isTrue(lifecycleOf(r)?.prevent_destroy) }).toEqual({ address: r.address, protected: !r.address.includes("mongodb") });
      }
    }
  });

  test("it keeps running as it was: the same service, name, group, rules and association", () => {
    const endpoint = instance(hub, 'aws_vpc_endpoint.shared_retired_vpc_endpoints["mongodb"]')!;
    expect(endpoint.body).toMatchObject({ service_name: "com.amazonaws.vpce.eu-west-1.vpce-svc-0b0000000000000b1",
      security_group_ids: ['${aws_security_group.shared_security_groups["mongodb"].id}'] });
    const configuration = instance(hub, 'aws_vpclattice_resource_configuration.shared_retired_resource_configurations["mongodb"]')!;
    expect(configuration.body).toMatchObject({ name: "renaming-mongodb", port_ranges: ["27017"] });
    expect((configuration.body as Json).resource_configuration_definition[0].dns_resource[0].domain_name)
      .toBe('${aws_vpc_endpoint.shared_retired_vpc_endpoints["mongodb"].dns_entry[0].dns_name}');
    expect(instance(hub, 'aws_vpc_security_group_ingress_rule.shared_ingress["mongodb/27017"]')).toBeDefined();
    // The association finds its configuration in whichever block holds it.
    expect(instance(hub, 'aws_vpclattice_service_network_resource_association.shared_associations["mongodb"]')!.body.resource_configuration_identifier)
      .toBe("${merge(aws_vpclattice_resource_configuration.shared_resource_configurations, aws_vpclattice_resource_configuration.shared_retired_resource_configurations)[\"mongodb\"].id}");
  });

  test("nothing resolves it: no record, no output entry, no spoke port; its zone, used by no other endpoint, is kept unprotected", () => {
    expect(hub.output.endpoints.value).toContain("for name, endpoint in aws_vpc_endpoint.shared_vpc_endpoints :");
    expect(keys(dns, "aws_route53_record").some((a) => a.includes("mongodb"))).toBe(false);
    expect(moved(dns)).toEqual(['aws_route53_zone.dns_zones["mongodb.example.net"] → aws_route53_zone.dns_retired_zones["mongodb.example.net"]']);
    expect(lifecycleOf(instance(dns, 'aws_route53_zone.dns_retired_zones["mongodb.example.net"]')!)).toEqual({ ignore_changes: ["vpc"], prevent_destroy: false });
    expect(dns.locals.dns_zone_ids).toContain("aws_route53_zone.dns_zones :");
    expect(keys(dns, "aws_route53_vpc_association_authorization").some((a) => a.includes("mongodb"))).toBe(false);
    for (const spoke of ["spoke-cards", "spoke-apps"]) {
      expect(keys(json.get(spoke), "aws_route53_zone_association").some((a) => a.includes("mongodb"))).toBe(false);
      expect(resources(json.get(spoke)).filter((r) => r.type === "aws_vpc_security_group_ingress_rule").map((r) => r.body.from_port)).not.toContain(27017);
    }
  });

  test("the hub and dns workspaces pass the rule pack with protect on (LAT014 exempts exactly the retired instances)", () => {
    expect(validateTopology(fixture()).topology.protect).toBe(true);
    // synthesizeJson runs the rule pack and throws on an error finding: reaching here is the proof.
    expect(json.get("hub")).toBeDefined();
  });
});

describe("renamedFrom", () => {
  const hub = json.get("hub");

  test("a renamed endpoint's instances move along the chain of its names, its rules too; AWS names stay the first name's", () => {
    expect(moved(hub)).toEqual(expect.arrayContaining([
      'aws_security_group.shared_security_groups["sf"] → aws_security_group.shared_security_groups["snowflake"]',
      'aws_vpc_endpoint.shared_vpc_endpoints["sf"] → aws_vpc_endpoint.shared_vpc_endpoints["snowflake"]',
      'aws_vpclattice_resource_configuration.shared_resource_configurations["sf"] → aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"]',
      'aws_vpclattice_service_network_resource_association.shared_associations["sf"] → aws_vpclattice_service_network_resource_association.shared_associations["snowflake"]',
      'aws_vpc_security_group_ingress_rule.shared_ingress["sf/443"] → aws_vpc_security_group_ingress_rule.shared_ingress["snowflake/443"]',
      // The rule key of the first release ("<endpoint>/<range>") starts the chain.
      'aws_vpc_security_group_ingress_rule.shared_ingress["sf/8000-8100"] → aws_vpc_security_group_ingress_rule.shared_ingress["sf/8000"]',
      'aws_vpc_security_group_ingress_rule.shared_ingress["sf/8000"] → aws_vpc_security_group_ingress_rule.shared_ingress["snowflake/8000"]',
      'aws_vpc_security_group_egress_rule.shared_gateway_egress["kafka/9092-9094"] → aws_vpc_security_group_egress_rule.shared_gateway_egress["kafka/9092"]',
    ]));
    expect(instance(hub, 'aws_security_group.shared_security_groups["snowflake"]')!.body.name).toBe("renaming-sf-endpoint");
    expect(instance(hub, 'aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"]')!.body.name).toBe("renaming-sf");
  });

  test("every moved block is unique at both ends and never moves from an address still declared (Terraform refuses either)", () => {
    for (const doc of json.values()) {
      const moves: { from: string; to: string }[] = doc.moved ?? [];
      expect(new Set(moves.map((m) => m.from)).size).toBe(moves.length);
      expect(new Set(moves.map((m) => m.to)).size).toBe(moves.length);
      const declared = new Set(resources(doc).map((r) => r.address));
      for (const m of moves) expect({ from: m.from, declared: declared.has(m.from) }).toEqual({ from: m.from, declared: false });
    }
  });

  test("a renamed spoke: a new stack name, the state and AWS names of its first name; only its range rules move (to their first port)", () => {
    const cards = json.get("spoke-cards");
    expect(json.has("spoke-payments")).toBe(false);
    expect(cards.terraform.backend.local.path).toBe("../../../state/spoke-payments-legacy.tfstate");
    expect(resources(cards).find((r) => r.type === "aws_security_group")!.body.name).toBe("renaming-payments-legacy-lattice-clients-vpc-0b0000000000000b1");
    expect(moved(cards)).toEqual([
      'aws_vpc_security_group_ingress_rule.spoke_client_ingress["vpc-0b0000000000000b1/10.2.0.0/16/8000-8100"] → aws_vpc_security_group_ingress_rule.spoke_client_ingress["vpc-0b0000000000000b1/10.2.0.0/16/8000"]',
      'aws_vpc_security_group_ingress_rule.spoke_client_ingress["vpc-0b0000000000000b1/10.2.0.0/16/9092-9094"] → aws_vpc_security_group_ingress_rule.spoke_client_ingress["vpc-0b0000000000000b1/10.2.0.0/16/9092"]',
    ]);
  });

  test("HCP Terraform: the renamed spoke keeps its HCP workspace (and state); the hcp workspace's entries move to the new stack", () => {
    const raw = parse(readFileSync(join(PROJECT_ROOT, "examples/hcp-terraform.yaml"), "utf8"));
    Object.assign(raw.spokes[0], { name: "web", renamedFrom: "apps" });
    const { topology } = validateTopology(raw);
    const spoke = synth(raw).get("spoke-web");
    const hcp = bootstrapJson(topology).json.get("hcp") as Json;
    const hcpName = hcpWorkspaceName(raw.backend.workspacePrefix, "spoke-apps");
    expect(spoke.terraform.cloud.workspaces.name).toBe(hcpName);
    const workspace = instance(hcp, 'tfe_workspace.hcp_workspaces["spoke-web"]')!;
    expect(workspace.body).toMatchObject({ name: hcpName, working_directory: "cdktf.out/stacks/spoke-web" });
    expect(moved(hcp)).toEqual(expect.arrayContaining([
      'tfe_workspace.hcp_workspaces["spoke-apps"] → tfe_workspace.hcp_workspaces["spoke-web"]',
      'tfe_workspace_settings.hcp_settings["spoke-apps"] → tfe_workspace_settings.hcp_settings["spoke-web"]',
      'tfe_variable.hcp_credentials["spoke-apps/TFC_AWS_RUN_ROLE_ARN"] → tfe_variable.hcp_credentials["spoke-web/TFC_AWS_RUN_ROLE_ARN"]',
      'tfe_run_trigger.hcp_run_triggers["hub/spoke-apps"] → tfe_run_trigger.hcp_run_triggers["hub/spoke-web"]',
    ]));
  });
});

describe("a new gateway generation (hub.gatewayGeneration, hub.retiringSubnetIds)", () => {
  const basic = () => parse(readFileSync(join(PROJECT_ROOT, "examples/basic.yaml"), "utf8"));
  const NEW_SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0c1b2c3d4e5f60718"];
  const overlap = () => {
    const raw = basic();
    Object.assign(raw.hub, { retiringSubnetIds: raw.hub.subnetIds, subnetIds: NEW_SUBNETS, gatewayGeneration: 2 });
    return synth(raw).get("hub");
  };

  test("the new gateway, configurations and associations stand beside the old ones, named and addressed by generation", () => {
    const hub = overlap();
    expect(instance(hub, "aws_vpclattice_resource_gateway.lattice_resource_gateway_g2")!.body).toMatchObject({ name: "acme-endpoints-gateway-g2", subnet_ids: NEW_SUBNETS });
    expect(instance(hub, "aws_vpclattice_resource_gateway.lattice_resource_gateway")!.body).toMatchObject({ name: "acme-endpoints-gateway", subnet_ids: basic().hub.subnetIds });
    const current = instance(hub, 'aws_vpclattice_resource_configuration.shared_resource_configurations_g2["snowflake"]')!;
    expect(current.body).toMatchObject({ name: "acme-endpoints-snowflake-g2", resource_gateway_identifier: "${aws_vpclattice_resource_gateway.lattice_resource_gateway_g2.id}" });
    expect(isTrue(lifecycleOf(current)?.prevent_destroy)).toBe(true);
    const retiring = instance(hub, 'aws_vpclattice_resource_configuration.shared_retiring_resource_configurations["snowflake"]')!;
    expect(retiring.body).toMatchObject({ name: "acme-endpoints-snowflake", resource_gateway_identifier: "${aws_vpclattice_resource_gateway.lattice_resource_gateway.id}" });
    expect(isTrue(lifecycleOf(retiring)?.prevent_destroy)).toBe(false);
    expect(instance(hub, 'aws_vpclattice_service_network_resource_association.shared_associations["snowflake"]')!.body.resource_configuration_identifier)
      .toBe('${aws_vpclattice_resource_configuration.shared_retiring_resource_configurations["snowflake"].id}');
    expect(moved(hub)).toEqual(['aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"] → aws_vpclattice_resource_configuration.shared_retiring_resource_configurations["snowflake"]']);
    // Clients follow the new generation: the output reads its associations.
    expect(hub.output.endpoints.value).toContain("aws_vpclattice_service_network_resource_association.shared_associations_g2[name]");
  });

  test("once the old generation is dropped, only the new one is declared, under the same names", () => {
    const raw = basic();
    Object.assign(raw.hub, { subnetIds: NEW_SUBNETS, gatewayGeneration: 2 });
    const hub = synth(raw).get("hub");
    expect(keys(hub, "aws_vpclattice_resource_gateway")).toEqual(["aws_vpclattice_resource_gateway.lattice_resource_gateway_g2"]);
    expect(keys(hub, "aws_vpclattice_resource_configuration")).toEqual(['aws_vpclattice_resource_configuration.shared_resource_configurations_g2["snowflake"]']);
    expect(instance(hub, 'aws_vpclattice_resource_configuration.shared_resource_configurations_g2["snowflake"]')!.body.name).toBe("acme-endpoints-snowflake-g2");
  });
});

describe("a DNS mode switch without a cut (dns.retiringMode)", () => {
  const basic = () => parse(readFileSync(join(PROJECT_ROOT, "examples/basic.yaml"), "utf8"));

  test("profile → associations: dns keeps the profile (unprotected, so that dropping it later is a plain apply) beside the authorizations; each spoke resolves through both", () => {
    const raw = basic();
    Object.assign(raw.dns, { mode: "associations", retiringMode: "profile" });
    const out = synth(raw);
    const dns = out.get("dns");
    expect(keys(dns, "aws_route53_vpc_association_authorization").length).toBeGreaterThan(0);
    const profile = instance(dns, "aws_route53profiles_profile.route53_profile")!;
    expect(isTrue(lifecycleOf(profile)?.prevent_destroy)).toBe(false);
    expect(isTrue(lifecycleOf(instance(dns, "aws_ram_resource_share.route53_profile_share")!)?.prevent_destroy)).toBe(false);
    expect(Object.keys(dns.output).sort()).toEqual(["route53_profile_id", "route53_profile_share_arn", "zone_ids"]);
    const spoke = out.get("spoke-payments");
    expect(keys(spoke, "aws_route53profiles_association")).toHaveLength(1);
    expect(keys(spoke, "aws_route53_zone_association")).toHaveLength(1);
  });

  test("associations → profile: the profile keeps prevent_destroy (it stays); spokes keep their zone associations beside it", () => {
    const raw = basic();
    Object.assign(raw.dns, { mode: "profile", retiringMode: "associations" });
    const out = synth(raw);
    expect(isTrue(lifecycleOf(instance(out.get("dns"), "aws_route53profiles_profile.route53_profile")!)?.prevent_destroy)).toBe(true);
    expect(keys(out.get("dns"), "aws_route53_vpc_association_authorization").length).toBeGreaterThan(0);
    expect(keys(out.get("spoke-analytics"), "aws_route53_zone_association")).toHaveLength(1);
    expect(keys(out.get("spoke-analytics"), "aws_route53profiles_association")).toHaveLength(1);
  });
});

test("a topology without retirement or rename writes no moved block unless a rule covers a range", () => {
  const raw = fixture();
  raw.endpoints = raw.endpoints.filter((e: Json) => !e.retired).map((e: Json) => ({ ...e, renamedFrom: undefined, ports: ["443"] }));
  raw.spokes = raw.spokes.map((s: Json) => ({ ...s, renamedFrom: undefined }));
  for (const [name, doc] of synth(raw)) expect({ name, moved: doc.moved }).toEqual({ name, moved: undefined });
});
