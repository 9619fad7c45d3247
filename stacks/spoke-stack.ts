import { TerraformOutput, type TerraformRemoteState } from "cdktf";
import type { Construct } from "constructs";
import { DNS_WORKSPACE, HUB_WORKSPACE, RESOLVER_ADDRESSES_OUTPUT, SPOKE_OUTPUTS } from "../config/contract";
import type { SpokeFacts } from "../config/estate";
import { formatPortRange } from "../config/ports";
import { EndpointAccess, type AccessEndpointSpec, type ResolverRuleSpec, type ResolverSpec } from "../modules/endpoint-access";
import { dnsOutput, hubOutput } from "../modules/expressions";
import { ProfileAssociations } from "../modules/profile-associations";
import { SpokeAttachment, type ClientGroupSpec, type ClientRuleSpec, type SpokeVpcSpec } from "../modules/spoke-attachment";
import { ZoneAssociations } from "../modules/zone-associations";
import { WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

export interface SpokeStackProps extends WorkspaceStackProps {
  readonly spoke: SpokeFacts;
}

/**
 * A spoke account's workspace: its VPCs join the hub's service network and resolve the vendors'
 * zones (a zone association per zone, or one Route 53 Profile association), with its own credentials.
 * A retiring spoke's workspace is empty.
 */
export class SpokeStack extends WorkspaceStack {
  constructor(scope: Construct, props: SpokeStackProps) {
    super(scope, props.spoke.workspace, props);
    const { spoke } = props;
    // Retiring: the same backend and provider, nothing declared and nothing read, so that its
    // apply destroys whatever its state holds (hub and dns apply after it).
    if (spoke.retired) return;
    const hub = this.remoteState(HUB_WORKSPACE);

    const attachment = new SpokeAttachment(this, "spoke", {
      provider: this.provider,
      serviceNetworkArn: hubOutput(hub, "service_network_arn"),
      acceptShare: spoke.acceptsShare,
      resourceShareArn: hubOutput(hub, "resource_share_arn"),
      vpcs: Object.fromEntries(spoke.vpcs.map((v): [string, SpokeVpcSpec] =>
        [v.vpcId, { security_group_ids: v.securityGroupIds ?? [] }])),
      clientGroups: Object.fromEntries([...spoke.clientGroupNames].map(([vpcId, name]): [string, ClientGroupSpec] => [vpcId, { name }])),
      // Keyed by first port: widening or narrowing a range updates its rule in place.
      clientRules: Object.fromEntries(spoke.clientNetworks.map((n): [string, ClientRuleSpec] => {
        const ports = formatPortRange(n.range);
        return [`${n.vpcId}/${n.cidr}/${n.range.from}`, {
          vpc_id: n.vpcId,
          cidr_ipv4: n.ipv6 ? null : n.cidr,
          cidr_ipv6: n.ipv6 ? n.cidr : null,
          from_port: n.range.from,
          to_port: n.range.to,
          ports,
        }];
      })),
      // Until this change (CHANGELOG) a rule was keyed by its whole range.
      earlierClientRuleKeys: Object.fromEntries(spoke.clientNetworks.filter((n) => n.range.from !== n.range.to).map((n) =>
        [`${n.vpcId}/${n.cidr}/${n.range.from}`, [`${n.vpcId}/${n.cidr}/${formatPortRange(n.range)}`]])),
    });

    if (spoke.endpointAccess.vpcs.length > 0) this.endpointAccess(spoke, hub, attachment);
    // A spoke whose VPCs all use endpoint access reads nothing of the dns workspace.
    if (spoke.vpcs.length === 0) return;

    const dns = this.remoteState(DNS_WORKSPACE);
    // During a switch (dns.retiringMode) a VPC resolves through both, so that neither apply cuts it.
    if (this.estate.dns.profile) {
      new ProfileAssociations(this, "profile", {
        provider: this.provider,
        profileId: dnsOutput(dns, "route53_profile_id"),
        acceptShare: spoke.acceptsProfileShare,
        resourceShareArn: dnsOutput(dns, "route53_profile_share_arn"),
        vpcs: Object.fromEntries([...spoke.profileAssociationNames].map(([vpcId, name]) => [vpcId, { name }])),
      });
    }
    if (this.estate.dns.usesAssociations) {
      new ZoneAssociations(this, "zone", {
        provider: this.provider,
        region: this.estate.topology.region,
        zoneIds: { state: dns, output: "zone_ids" },
        associations: Object.fromEntries(spoke.zoneVpcs.map((p) => [p.key, { zone: p.zone, vpc_id: p.vpcId }])),
      });
    }
  }

  /** Endpoint-mode VPCs (docs/endpoint-access.md): their endpoints, zones and records, and resolvers. */
  private endpointAccess(spoke: SpokeFacts, hub: TerraformRemoteState, attachment: SpokeAttachment): void {
    const a = spoke.endpointAccess;
    const t = this.estate.topology;
    const byVpc = new Map(a.vpcs.map((v) => [v.vpcId, v]));
    const access = new EndpointAccess(this, "access", {
      provider: this.provider,
      region: t.region,
      resourceConfigurations: { state: hub, output: "endpoints" },
      endpoints: Object.fromEntries(a.endpoints.map((e): [string, AccessEndpointSpec] => [e.key, {
        vpc_id: e.vpcId,
        endpoint: e.endpoint,
        subnet_ids: byVpc.get(e.vpcId)!.subnetIds ?? [],
        security_group_ids: byVpc.get(e.vpcId)!.securityGroupIds ?? [],
      }])),
      clientGroups: Object.fromEntries([...a.clientGroupNames].map(([vpcId, name]): [string, ClientGroupSpec] => [vpcId, { name }])),
      clientRules: Object.fromEntries(a.clientNetworks.map((n): [string, ClientRuleSpec] => [`${n.vpcId}/${n.cidr}/${n.range.from}`, {
        vpc_id: n.vpcId,
        cidr_ipv4: n.ipv6 ? null : n.cidr,
        cidr_ipv6: n.ipv6 ? n.cidr : null,
        from_port: n.range.from,
        to_port: n.range.to,
        ports: formatPortRange(n.range),
      }])),
      zones: Object.fromEntries(a.zones.map((z) => [z.key, { zone: z.zone, vpc_id: z.vpcId }])),
      records: Object.fromEntries(a.records.map((r) => [r.key, { name: r.name, zone_key: r.zoneKey, endpoint_key: r.endpointKey }])),
      ttl: t.dns.ttl,
      ...(a.resolvers.length > 0
        ? {
          resolvers: Object.fromEntries(a.resolvers.map((r): [string, ResolverSpec] =>
            [r.vpcId, { name: r.name, security_group_name: r.securityGroupName, subnet_ids: r.subnetIds }])),
          resolverRules: Object.fromEntries(a.resolvers.flatMap((r) => r.allowedCidrs.flatMap((cidr) => (["tcp", "udp"] as const).map((protocol)
            : [string, ResolverRuleSpec] => [`${r.vpcId}/${cidr}/${protocol}`, {
              vpc_id: r.vpcId,
              cidr_ipv4: cidr.includes(":") ? null : cidr,
              cidr_ipv6: cidr.includes(":") ? cidr : null,
              protocol,
            }])))),
        }
        : {}),
      protect: t.protect,
      accepter: attachment.accepter,
    });
    if (access.resolverAddresses) {
      new TerraformOutput(this, RESOLVER_ADDRESSES_OUTPUT, {
        value: access.resolverAddresses,
        description: SPOKE_OUTPUTS[RESOLVER_ADDRESSES_OUTPUT],
        staticId: true,
      });
    }
  }
}
