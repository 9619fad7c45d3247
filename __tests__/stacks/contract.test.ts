/**
 * The contract other tools and existing deployments rely on (CHANGELOG.md): each workspace's resource
 * addresses, its output names and where its state lives. Written out here on purpose: a change to any
 * of them must change this file and the CHANGELOG together.
 */
import { join } from "node:path";
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { synthesizeJson } from "../../stacks/synthesize";
import { PROJECT_ROOT } from "../support/synth";
import { activeTopology, nonEmpty, retiredEndpoints, retiredSpokes, sorted, spokeName, stateNameOf, TOPOLOGIES } from "../support/topology-expectations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const HUB = [
  "aws_cloudwatch_log_group.lattice_access_log_group", "aws_ram_principal_association.lattice_resource_share_principals",
  "aws_ram_resource_association.lattice_resource_share_service_network", "aws_ram_resource_share.lattice_resource_share",
  "aws_security_group.lattice_gateway_security_group", "aws_security_group.shared_security_groups", "aws_vpc_endpoint.shared_vpc_endpoints",
  "aws_vpc_security_group_egress_rule.shared_gateway_egress", "aws_vpc_security_group_ingress_rule.shared_ingress",
  "aws_vpclattice_access_log_subscription.lattice_resource_access_logs", "aws_vpclattice_resource_configuration.shared_resource_configurations",
  "aws_vpclattice_resource_gateway.lattice_resource_gateway", "aws_vpclattice_service_network.lattice_service_network",
  "aws_vpclattice_service_network_resource_association.shared_associations",
];
const DNS = {
  associations: ["aws_route53_record.dns_records", "aws_route53_vpc_association_authorization.dns_authorizations", "aws_route53_zone.dns_zones"],
  profile: ["aws_ram_principal_association.route53_profile_share_principals", "aws_ram_resource_association.route53_profile_share_profile",
    "aws_ram_resource_share.route53_profile_share", "aws_route53_record.dns_records", "aws_route53_zone.dns_zones",
    "aws_route53profiles_profile.route53_profile", "aws_route53profiles_resource_association.route53_profile_zones"],
};
const SPOKE = ["aws_security_group.spoke_client_security_groups", "aws_vpc_security_group_ingress_rule.spoke_client_ingress",
  "aws_vpclattice_service_network_vpc_association.spoke_vpc_associations"];
/** Retired endpoints (and zones only they use) move to blocks without prevent_destroy. */
const RETIRED_HUB = ["aws_vpc_endpoint.shared_retired_vpc_endpoints", "aws_vpclattice_resource_configuration.shared_retired_resource_configurations"];
const RETIRED_DNS = ["aws_route53_zone.dns_retired_zones"];
/** The topology's `monitoring` (docs/monitoring.md); the topic and its key only when no topicArn (or kmsKeyArn) is given. */
const MONITORING_HUB = ["aws_cloudwatch_dashboard.monitoring_dashboard", "aws_cloudwatch_metric_alarm.monitoring_configuration_connection_errors",
  "aws_cloudwatch_metric_alarm.monitoring_endpoint_packets_dropped", "aws_cloudwatch_metric_alarm.monitoring_endpoint_resets",
  "aws_cloudwatch_metric_alarm.monitoring_gateway_connection_errors"];
const monitoringOf = (t: Topology) => !t.monitoring ? [] : [...MONITORING_HUB,
  ...(t.monitoring.topicArn ? [] : ["aws_sns_topic.monitoring_topic"]),
  ...(t.monitoring.topicArn || t.monitoring.kmsKeyArn ? [] : ["aws_kms_key.monitoring_topic_key"])];
const HUB_OUTPUTS = ["endpoints", "resource_share_arn", "service_network_arn", "service_network_id"];
const DNS_OUTPUTS = { associations: ["zone_ids"], profile: ["route53_profile_id", "route53_profile_share_arn", "zone_ids"] };

const endpointMode = (t: Topology) => t.spokes.some((s) => s.vpcs.some((v) => v.access === "endpoint"));
const HUB_SHARED_CONFIGURATIONS = "aws_ram_resource_association.lattice_resource_share_configurations";
const ACCESS_SPOKE = ["aws_security_group.access_client_security_groups", "aws_vpc_security_group_ingress_rule.access_client_ingress",
  "aws_vpc_endpoint.access_endpoints", "aws_route53_zone.access_zones", "aws_route53_record.access_records"];
const ACCESS_RESOLVER = ["aws_security_group.access_resolver_security_groups", "aws_vpc_security_group_ingress_rule.access_resolver_ingress",
  "aws_route53_resolver_endpoint.access_resolvers"];

const addresses = (json: Json) => sorted(Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as Json).map((n) => `${type}.${n}`)));

describe.each(TOPOLOGIES)("%s", (file) => {
  const full: Topology = loadTopologyFile(join(PROJECT_ROOT, file)).topology;
  const t = activeTopology(full);
  const workspaces = synthesizeJson(full).json as ReadonlyMap<string, Json>;

  test("resource addresses and output names of every workspace", () => {
    const retired = retiredEndpoints(full);
    expect({ addresses: addresses(workspaces.get("hub")!), outputs: sorted(Object.keys(workspaces.get("hub")!.output)) })
      .toEqual({ addresses: sorted([...HUB, ...(retired.length > 0 ? RETIRED_HUB : []), ...monitoringOf(full), ...(endpointMode(t) ? [HUB_SHARED_CONFIGURATIONS] : [])]), outputs: HUB_OUTPUTS });
    const dns = workspaces.get("dns")!;
    const inService = new Set(t.endpoints.map((e) => e.dns.zone));
    const retiredZones = retired.some((e) => !inService.has(e.dns.zone) && !Object.hasOwn(t.dns.zones, e.dns.zone));
    expect({ addresses: addresses(dns), outputs: sorted(Object.keys(dns.output)) })
      .toEqual({ addresses: sorted([...DNS[t.dns.mode], ...(retiredZones ? RETIRED_DNS : [])]), outputs: DNS_OUTPUTS[t.dns.mode] });
    for (const s of nonEmpty(t.spokes, "spoke")) {
      const json = workspaces.get(spokeName(s))!;
      const outside = (account: string) => !s.inOrganization && s.accountId !== account;
      // Endpoint access (docs/endpoint-access.md): its own blocks; no dns resources without an associated VPC.
      const associated = s.vpcs.some((v) => v.access !== "endpoint");
      const withEndpoints = s.vpcs.some((v) => v.access === "endpoint");
      const withResolver = s.vpcs.some((v) => v.resolver);
      const expected = [...SPOKE,
        ...(!associated ? [] : [t.dns.mode === "profile" ? "aws_route53profiles_association.profile_associations" : "aws_route53_zone_association.zone_associations"]),
        ...(outside(t.hub.accountId) ? ["aws_ram_resource_share_accepter.spoke_resource_share_accepter"] : []),
        ...(associated && t.dns.mode === "profile" && outside(t.dns.accountId) ? ["aws_ram_resource_share_accepter.profile_share_accepter"] : []),
        ...(withEndpoints ? ACCESS_SPOKE : []),
        ...(withResolver ? ACCESS_RESOLVER : [])];
      expect({ spoke: s.name, addresses: addresses(json), outputs: json.output && Object.keys(json.output) })
        .toEqual({ spoke: s.name, addresses: sorted(expected), outputs: withResolver ? ["resolver_addresses"] : undefined });
      // Resources that need a share wait for its acceptance.
      const profileAssociations = json.resource.aws_route53profiles_association?.profile_associations;
      if (profileAssociations) {
        expect(profileAssociations.depends_on ?? []).toEqual(outside(t.dns.accountId) ? ["aws_ram_resource_share_accepter.profile_share_accepter"] : []);
      }
    }
  });

  test("a retiring spoke's workspace: its backend and provider, nothing declared, nothing read", () => {
    for (const s of retiredSpokes(full)) {
      const json = workspaces.get(spokeName(s))!;
      expect({ spoke: s.name, resource: json.resource, data: json.data, output: json.output, locals: json.locals })
        .toEqual({ spoke: s.name, resource: undefined, data: undefined, output: undefined, locals: undefined });
      expect(json.provider.aws).toEqual([expect.objectContaining({ alias: "spoke", allowed_account_ids: [s.accountId] })]);
    }
  });

  test("each workspace keeps its state under its own stack name (a renamed spoke, under its first name)", () => {
    for (const [stack, json] of workspaces) {
      const name = stateNameOf(full, stack);
      const backend = json.terraform.backend ?? {};
      const cloud = json.terraform.cloud;
      switch (t.backend.type) {
        case "local":
          expect(backend.local.path).toMatch(new RegExp(`/${name}\\.tfstate$`));
          break;
        case "s3":
          expect(backend.s3).toMatchObject({ bucket: t.backend.bucket, key: t.backend.keyPrefix ? `${t.backend.keyPrefix}/${name}.tfstate` : `${name}.tfstate`, encrypt: true });
          break;
        case "cloud":
          expect(cloud.workspaces.name).toMatch(new RegExp(`${name}$`));
          break;
      }
    }
  });
});
