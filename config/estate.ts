/**
 * The estate: every fact derived from a validated topology, computed once. The stacks, the rule
 * pack's context, the IAM policies, the cost model, the diagram and preflight read it; none of
 * them works a derived fact out again. A new derived fact belongs here.
 */
import { awsName, NAME_RULES } from "./aws-names";
import { DNS_WORKSPACE, HUB_WORKSPACE, identityWorkspaceName, MANAGED_BY_TAG, PRODUCT, spokeWorkspaceName } from "./contract";
import { identityOf, runsAsDeployRole, type IdentityFacts } from "./identity";
import type { Endpoint, Spoke, SpokeVpc, Topology } from "./topology";
import { portRanges, type PortRange } from "./ports";
import type { Workspace, WorkspaceKind } from "./workspace";

export type { Workspace, WorkspaceKind } from "./workspace";

export interface SharedEndpoint {
  readonly name: string;
  /** Its earlier names, oldest first: its instances move from each to the next (moved blocks). */
  readonly renamedFrom: readonly string[];
  readonly serviceName: string;
  /** The port entries as written (normalized): VPC Lattice's port_ranges. */
  readonly ports: readonly string[];
  /** The fewest ranges that allow exactly those ports: one security-group rule each. */
  readonly portRanges: readonly PortRange[];
  readonly zone: string;
  /** Record names relative to the zone. */
  readonly records: readonly string[];
  readonly securityGroupName: string;
  readonly resourceConfigurationName: string;
}

/** An endpoint with `retired: true`: still running (unprotected) so that another may take its records over. */
export interface RetiredEndpoint extends SharedEndpoint {
  readonly retired: true;
}

/** A spoke VPC that a created security group admits clients to. */
export interface ClientNetwork {
  readonly vpcId: string;
  readonly cidr: string;
  readonly ipv6: boolean;
  readonly range: PortRange;
}

/** A spoke VPC resolving a private hosted zone. */
export interface ZoneVpc {
  /** "<zone>/<vpc id>": the address key of its association and authorization. */
  readonly key: string;
  readonly zone: string;
  readonly vpcId: string;
  readonly accountId: string;
  readonly spoke: string;
  /** The VPC is in another account than the zone: the zone's account authorizes it first. */
  readonly needsAuthorization: boolean;
}

/** Endpoint mode: one VPC endpoint (type Resource) per vendor in a VPC; keyed "<endpoint>/<vpc id>". */
export interface AccessEndpoint {
  readonly key: string;
  readonly vpcId: string;
  readonly endpoint: string;
}

/** Endpoint mode: a private hosted zone of the spoke account for one VPC; keyed "<zone>/<vpc id>". */
export interface AccessZone {
  readonly key: string;
  readonly zone: string;
  readonly vpcId: string;
}

/** Endpoint mode: a vendor hostname in a VPC's own zone; keyed "<fqdn>/<vpc id>". */
export interface AccessRecord {
  readonly key: string;
  /** The fully qualified name. */
  readonly name: string;
  /** The AccessZone key it lives in, and the AccessEndpoint key it points at. */
  readonly zoneKey: string;
  readonly endpointKey: string;
}

/** Endpoint mode: a Route 53 Resolver inbound endpoint in a VPC, for on-premises forwarders. */
export interface AccessResolver {
  readonly vpcId: string;
  readonly name: string;
  readonly securityGroupName: string;
  readonly subnetIds: readonly string[];
  readonly allowedCidrs: readonly string[];
}

/**
 * A spoke's VPCs with `access: endpoint` (docs/endpoint-access.md): not associated with the service
 * network, resolving the vendors through zones of the spoke's own account; nothing in the dns
 * workspace or another spoke knows them.
 */
export interface EndpointAccessFacts {
  readonly vpcs: readonly SpokeVpc[];
  /** VPC id → name of the security group created for its clients (VPCs given clientCidrs). */
  readonly clientGroupNames: ReadonlyMap<string, string>;
  /** Each client network on each port range that any endpoint uses. */
  readonly clientNetworks: readonly ClientNetwork[];
  readonly endpoints: readonly AccessEndpoint[];
  readonly zones: readonly AccessZone[];
  readonly records: readonly AccessRecord[];
  readonly resolvers: readonly AccessResolver[];
}

/** The VPC reaches the hub through VPC endpoints, not a service-network association. */
export const isEndpointAccess = (v: SpokeVpc): boolean => v.access === "endpoint";

export interface SpokeFacts {
  readonly spoke: Spoke;
  readonly workspace: Workspace;
  /**
   * Retiring (`retired: true`): its workspace is synthesized empty, reading nothing, so that its
   * apply destroys what it holds; every fact below is empty, and hub and dns apply after it.
   */
  readonly retired: boolean;
  /** It accepts the hub's RAM share for its account (an account outside the organization). */
  readonly acceptsShare: boolean;
  /** Its VPCs that join the service network (`access: association`, the default). */
  readonly vpcs: readonly SpokeVpc[];
  /** Its VPCs with `access: endpoint`. */
  readonly endpointAccess: EndpointAccessFacts;
  /** VPC id → name of the security group created for its clients (VPCs given clientCidrs). */
  readonly clientGroupNames: ReadonlyMap<string, string>;
  /** Each client network on each port range that any endpoint uses. */
  readonly clientNetworks: readonly ClientNetwork[];
  /** Associations mode: its VPCs' associations with the zones, made in this workspace. */
  readonly zoneVpcs: readonly ZoneVpc[];
  /** Profile mode: VPC id → name of its association with the Route 53 Profile. */
  readonly profileAssociationNames: ReadonlyMap<string, string>;
  /** Profile mode: it accepts the dns workspace's RAM share of the profile for its account. */
  readonly acceptsProfileShare: boolean;
}

export interface HubFacts {
  readonly workspace: Workspace;
  /** RAM principals: every spoke account except the hub's own. */
  readonly sharePrincipals: readonly string[];
  /** Some share principal is outside the organization. */
  readonly allowExternalPrincipals: boolean;
  /** IP address type of the interface endpoints: ipv6 for an IPV6 gateway, else ipv4 (DUALSTACK too). */
  readonly endpointIpAddressType: "ipv4" | "ipv6";
  /**
   * Some spoke VPC uses endpoint access: the share also carries the in-service resource
   * configurations, which a resource endpoint needs shared (docs/endpoint-access.md).
   */
  readonly sharesResourceConfigurations: boolean;
  /** The resource gateway's generation (`hub.gatewayGeneration`): 1 unless the gateway was replaced. */
  readonly gatewayGeneration: number;
  /**
   * The gateway of the generation before, kept serving while dns follows the new one
   * (`hub.retiringSubnetIds`): its configurations and associations stay, without prevent_destroy.
   */
  readonly retiringGateway?: {
    readonly generation: number;
    readonly subnetIds: readonly string[];
    readonly name: string;
    /** Endpoint name → its configuration's name on that gateway. */
    readonly resourceConfigurationNames: ReadonlyMap<string, string>;
  };
  readonly names: {
    readonly gatewaySecurityGroup: string;
    readonly resourceGateway: string;
    readonly serviceNetwork: string;
    readonly resourceShare: string;
    readonly accessLogGroup: string;
  };
}

/** Profile mode: the Route 53 Profile that carries every zone, shared with the spoke accounts. */
export interface ProfileFacts {
  readonly name: string;
  readonly resourceShareName: string;
  /** Zone name → name of the zone's association with the profile. */
  readonly zoneAssociationNames: ReadonlyMap<string, string>;
  /** RAM principals: every spoke account except the Route 53 account. */
  readonly sharePrincipals: readonly string[];
  readonly allowExternalPrincipals: boolean;
}

export interface DnsFacts {
  readonly workspace: Workspace;
  readonly mode: "associations" | "profile";
  /** The mode before (`dns.retiringMode`): kept beside `mode` until the topology drops it. */
  readonly retiringMode?: "associations" | "profile";
  /** Zone associations and authorizations are built: associations mode, or leaving it or going to it. */
  readonly usesAssociations: boolean;
  /** Every zone an endpoint uses, in order of first use. */
  readonly zones: readonly string[];
  /** Zones to create (not adopted). */
  readonly createdZones: readonly string[];
  /** Created zones that only retired endpoints use: kept without prevent_destroy, with no record and no VPC but the creation VPC. */
  readonly retiredZones: readonly string[];
  /** Adopted zone name → hosted zone id. */
  readonly adoptedZones: ReadonlyMap<string, string>;
  /** A VPC of the Route 53 account that created zones are made with; absent when nothing is created. */
  readonly creationVpcId?: string;
  /** Associations mode: every (zone, spoke VPC) pair, except a created zone's own creation VPC. */
  readonly zoneVpcs: readonly ZoneVpc[];
  /** Associations mode: the pairs whose VPC is in another account, which the zone's account authorizes. */
  readonly authorizations: readonly ZoneVpc[];
  /** Associations mode: zone name → the VPCs associated with it after an apply (its spoke VPCs, and a created zone's creation VPC). */
  readonly vpcsPerZone: ReadonlyMap<string, number>;
  /** Profile mode only. */
  readonly profile?: ProfileFacts;
}

/** The topology's `monitoring`: alarms and a dashboard in the hub's workspace (docs/monitoring.md). */
export interface MonitoringFacts {
  /** The topic every alarm notifies: the given one; absent, one is created (topicName). */
  readonly topicArn?: string;
  readonly topicName: string;
  /** The created topic's key: the given one; absent (and no topicArn), a key is created. */
  readonly kmsKeyArn?: string;
  readonly dashboardName: string;
  /** Alarm names start with it: "<prefix>-<endpoint>-packets-dropped". */
  readonly alarmPrefix: string;
  readonly thresholds: NonNullable<Topology["monitoring"]>["thresholds"];
}

export interface Estate {
  readonly topology: Topology;
  /** The AWS partition of the topology's Region (aws, aws-cn, aws-us-gov, …), for ARNs. */
  readonly partition: string;
  readonly hub: HubFacts;
  readonly dns: DnsFacts;
  readonly spokes: readonly SpokeFacts[];
  /** The endpoints in service: every spoke reaches them. */
  readonly endpoints: readonly SharedEndpoint[];
  /** Endpoints with `retired: true`: the hub keeps them running, unprotected, and nothing else uses them. */
  readonly retiredEndpoints: readonly RetiredEndpoint[];
  /** Every workspace in deploy order: dependencies first. */
  readonly workspaces: readonly Workspace[];
  /** The ports of every endpoint, merged: what a created client security group admits. */
  readonly clientPortRanges: readonly PortRange[];
  /** Tags every provider puts on every resource. */
  readonly defaultTags: Readonly<Record<string, string>>;
  /** Spoke VPCs in all. */
  readonly spokeVpcCount: number;
  /** Who deploys (the topology's `identity`): the deploy roles and workspaces of `npm run bootstrap`. */
  readonly identity?: IdentityFacts;
  /** The topology's `monitoring` block; absent: no alarms, no dashboard. */
  readonly monitoring?: MonitoringFacts;
}

/** The estate of a validated topology. */
export function estateOf(t: Topology): Estate {
  const workspace = (kind: WorkspaceKind, name: string, accountId: string, roleArn: string | undefined,
    providerAlias: string, reads: readonly string[], after: readonly string[] = [], formerNames: readonly string[] = []): Workspace => ({
    kind, name, accountId, roleArn, providerAlias,
    formerNames,
    stateName: formerNames[0] ?? name,
    assumesRole: roleArn !== undefined && !runsAsDeployRole(t.identity),
    externalId: roleArn && t.identity?.type === "principal" ? t.identity.externalId : undefined,
    sessionName: `${PRODUCT}-${name}`.slice(0, 64),
    dependsOn: [...reads, ...after],
    reads,
  });
  // A retiring spoke applies first: hub and dns drop it only once it has stopped using them.
  const active = t.spokes.filter((s) => !s.retired);
  const retiring = t.spokes.filter((s) => s.retired).map((s) => spokeWorkspaceName(s.name));

  // A generation after the first carries its number in the names it cannot share with the one before.
  const generationPart = (g: number) => (g > 1 ? [`g${g}`] : []);
  const gatewayGeneration = t.hub.gatewayGeneration;
  const configurationName = (e: Endpoint, g: number) => awsName([t.name, e.renamedFrom?.[0] ?? e.name, ...generationPart(g)], NAME_RULES.resourceConfiguration);
  // AWS names come from the first name: most cannot change without replacing what they name.
  const sharedEndpoint = (e: Endpoint): SharedEndpoint => {
    const renamedFrom = e.renamedFrom ?? [];
    const first = renamedFrom[0] ?? e.name;
    return {
      name: e.name,
      renamedFrom,
      serviceName: e.serviceName,
      ports: e.ports,
      portRanges: portRanges(e.ports),
      zone: e.dns.zone,
      records: e.dns.records,
      securityGroupName: awsName([t.name, first, "endpoint"], NAME_RULES.securityGroup),
      resourceConfigurationName: configurationName(e, gatewayGeneration),
    };
  };
  const endpoints = t.endpoints.filter((e) => !e.retired).map(sharedEndpoint);
  const retiredEndpoints: RetiredEndpoint[] = t.endpoints.filter((e) => e.retired).map((e) => ({ ...sharedEndpoint(e), retired: true }));

  const hubAccount = t.hub.accountId;
  const outsideOrganization = (s: Spoke) => !s.inOrganization && s.accountId !== hubAccount;
  const hub: HubFacts = {
    workspace: workspace("hub", HUB_WORKSPACE, hubAccount, t.hub.roleArn, "hub", [], retiring),
    sharePrincipals: unique(active.map((s) => s.accountId)).filter((a) => a !== hubAccount),
    endpointIpAddressType: t.hub.ipAddressType === "IPV6" ? "ipv6" : "ipv4",
    allowExternalPrincipals: active.some(outsideOrganization),
    sharesResourceConfigurations: active.some((s) => s.vpcs.some(isEndpointAccess)),
    gatewayGeneration,
    retiringGateway: t.hub.retiringSubnetIds
      ? {
        generation: gatewayGeneration - 1,
        subnetIds: t.hub.retiringSubnetIds,
        name: awsName([t.name, "gateway", ...generationPart(gatewayGeneration - 1)], NAME_RULES.resourceGateway),
        resourceConfigurationNames: new Map(t.endpoints.filter((e) => !e.retired).map((e) => [e.name, configurationName(e, gatewayGeneration - 1)])),
      }
      : undefined,
    names: {
      gatewaySecurityGroup: awsName([t.name, "resource-gateway"], NAME_RULES.securityGroup),
      resourceGateway: awsName([t.name, "gateway", ...generationPart(gatewayGeneration)], NAME_RULES.resourceGateway),
      serviceNetwork: awsName([t.name], NAME_RULES.serviceNetwork),
      resourceShare: awsName([t.name, "service-network"], NAME_RULES.resourceShare),
      // /aws/vendedlogs/ keeps CloudWatch's resource policy for log delivery within its size limit.
      accessLogGroup: `/aws/vendedlogs/vpclattice/${t.name}/resource-access`,
    },
  };

  const zones = unique(endpoints.map((e) => e.zone));
  const adoptedZones = new Map(Object.entries(t.dns.zones));
  const createdZones = zones.filter((z) => !adoptedZones.has(z));
  const retiredZones = unique(retiredEndpoints.map((e) => e.zone)).filter((z) => !zones.includes(z) && !adoptedZones.has(z));
  const creationVpcId = createdZones.length + retiredZones.length > 0 ? t.dns.vpcId : undefined;
  // During a switch (dns.retiringMode) both mechanisms are built.
  const profileMode = t.dns.mode === "profile" || t.dns.retiringMode === "profile";
  const associationsMode = t.dns.mode === "associations" || t.dns.retiringMode === "associations";
  const zoneVpcsOf = (s: Spoke): ZoneVpc[] => !associationsMode ? [] : zones.flatMap((zone) => s.vpcs
    .filter((v) => !isEndpointAccess(v) && (adoptedZones.has(zone) || v.vpcId !== t.dns.vpcId))
    .map((v) => ({
      key: `${zone}/${v.vpcId}`,
      zone,
      vpcId: v.vpcId,
      accountId: s.accountId,
      spoke: s.name,
      needsAuthorization: s.accountId !== t.dns.accountId,
    })));

  const dnsWorkspace = workspace("dns", DNS_WORKSPACE, t.dns.accountId, t.dns.roleArn, "dns", [HUB_WORKSPACE], retiring);
  const dnsOutside = (s: Spoke) => !s.inOrganization && s.accountId !== t.dns.accountId;
  const clientPortRanges = portRanges(endpoints.flatMap((e) => e.ports));
  const spokes: SpokeFacts[] = t.spokes.map((s) => {
    const vpcs = s.retired ? [] : s.vpcs.filter((v) => !isEndpointAccess(v));
    const withClients = vpcs.filter((v) => v.clientCidrs);
    const endpointAccess = endpointAccessOf(t, s, endpoints, clientPortRanges);
    return {
      spoke: s,
      // The hub's outputs for the service network (or the configurations), the dns workspace's for
      // the zones or the profile: only for VPCs that use them.
      workspace: workspace("spoke", spokeWorkspaceName(s.name), s.accountId, s.roleArn, "spoke",
        s.retired ? [] : vpcs.length > 0 ? [HUB_WORKSPACE, DNS_WORKSPACE] : [HUB_WORKSPACE], [], (s.renamedFrom ?? []).map(spokeWorkspaceName)),
      retired: s.retired,
      // One spoke per account outside the organization (config/validate.ts): it accepts for the account.
      acceptsShare: !s.retired && outsideOrganization(s),
      vpcs,
      endpointAccess,
      clientGroupNames: new Map(withClients.map((v) =>
        [v.vpcId, awsName([t.name, s.renamedFrom?.[0] ?? s.name, "lattice-clients", v.vpcId], NAME_RULES.securityGroup)])),
      clientNetworks: withClients.flatMap((v) => (v.clientCidrs ?? []).flatMap((cidr) =>
        clientPortRanges.map((range) => ({ vpcId: v.vpcId, cidr, ipv6: cidr.includes(":"), range })))),
      zoneVpcs: s.retired ? [] : zoneVpcsOf(s),
      profileAssociationNames: new Map(profileMode
        ? vpcs.map((v) => [v.vpcId, awsName([t.name, v.vpcId], NAME_RULES.route53Profile)])
        : []),
      acceptsProfileShare: !s.retired && profileMode && dnsOutside(s) && vpcs.length > 0,
    };
  });

  const zoneVpcs = spokes.flatMap((s) => s.zoneVpcs);
  const associating = active.filter((s) => s.vpcs.some((v) => !isEndpointAccess(v)));
  const dns: DnsFacts = {
    workspace: dnsWorkspace,
    mode: t.dns.mode,
    retiringMode: t.dns.retiringMode,
    usesAssociations: associationsMode,
    zones,
    createdZones,
    retiredZones,
    adoptedZones,
    creationVpcId,
    zoneVpcs,
    authorizations: zoneVpcs.filter((p) => p.needsAuthorization),
    // A created zone's creation VPC is left out of zoneVpcs (it is associated at creation) but counts.
    vpcsPerZone: new Map(!associationsMode ? [] : zones.map((z) =>
      [z, zoneVpcs.filter((p) => p.zone === z).length + (createdZones.includes(z) ? 1 : 0)])),
    profile: profileMode
      ? {
        name: awsName([t.name, "endpoints"], NAME_RULES.route53Profile),
        resourceShareName: awsName([t.name, "route53-profile"], NAME_RULES.resourceShare),
        zoneAssociationNames: new Map(zones.map((z) => [z, awsName([t.name, z], NAME_RULES.route53Profile)])),
        // Only accounts with a VPC that resolves through the profile (endpoint-mode VPCs have zones of their own).
        sharePrincipals: unique(associating.map((s) => s.accountId)).filter((a) => a !== t.dns.accountId),
        allowExternalPrincipals: associating.some(dnsOutside),
      }
      : undefined,
  };

  const partition = partitionOf(t.region);
  // Deploy order: retiring spokes, hub, dns, the other spokes.
  const workspaces = [
    ...spokes.filter((s) => s.retired).map((s) => s.workspace),
    hub.workspace,
    dns.workspace,
    ...spokes.filter((s) => !s.retired).map((s) => s.workspace),
  ];
  return {
    topology: t,
    partition,
    hub,
    dns,
    spokes,
    endpoints,
    retiredEndpoints,
    workspaces,
    clientPortRanges,
    defaultTags: { ...t.tags, [MANAGED_BY_TAG]: `${PRODUCT}/${t.name}` },
    // The VPCs associated with the service network (and the profile): endpoint-mode VPCs are neither.
    spokeVpcCount: active.reduce((n, s) => n + s.vpcs.filter((v) => !isEndpointAccess(v)).length, 0),
    identity: identityOf(t, partition, workspaces,
      (accountId) => workspace("identity", identityWorkspaceName(accountId), accountId, undefined, "identity", [])),
    ...(t.monitoring ? { monitoring: monitoringOf(t, t.monitoring) } : {}),
  };
}

/**
 * A spoke's endpoint-mode VPCs: per VPC an endpoint per vendor, a zone per vendor domain and the
 * vendor's records in it, a client security group (for clientCidrs) and the optional resolver.
 * AWS names come from the spoke's first name, like its other names.
 */
function endpointAccessOf(t: Topology, s: Spoke, endpoints: readonly SharedEndpoint[], clientPortRanges: readonly PortRange[]): EndpointAccessFacts {
  const vpcs = s.retired ? [] : s.vpcs.filter(isEndpointAccess);
  const spokeName = s.renamedFrom?.[0] ?? s.name;
  const withClients = vpcs.filter((v) => v.clientCidrs);
  const zones = unique(endpoints.map((e) => e.zone));
  return {
    vpcs,
    clientGroupNames: new Map(withClients.map((v) =>
      [v.vpcId, awsName([t.name, spokeName, "endpoint-clients", v.vpcId], NAME_RULES.securityGroup)])),
    clientNetworks: withClients.flatMap((v) => (v.clientCidrs ?? []).flatMap((cidr) =>
      clientPortRanges.map((range) => ({ vpcId: v.vpcId, cidr, ipv6: cidr.includes(":"), range })))),
    endpoints: vpcs.flatMap((v) => endpoints.map((e) => ({ key: `${e.name}/${v.vpcId}`, vpcId: v.vpcId, endpoint: e.name }))),
    zones: vpcs.flatMap((v) => zones.map((zone) => ({ key: `${zone}/${v.vpcId}`, zone, vpcId: v.vpcId }))),
    records: vpcs.flatMap((v) => endpoints.flatMap((e) => e.records.map((r) => {
      const name = `${r}.${e.zone}`;
      return { key: `${name}/${v.vpcId}`, name, zoneKey: `${e.zone}/${v.vpcId}`, endpointKey: `${e.name}/${v.vpcId}` };
    }))),
    resolvers: vpcs.filter((v) => v.resolver).map((v) => ({
      vpcId: v.vpcId,
      // Resolver endpoint names: at most 64 characters.
      name: awsName([t.name, spokeName, "inbound", v.vpcId], { maxLength: 64 }),
      securityGroupName: awsName([t.name, spokeName, "resolver", v.vpcId], NAME_RULES.securityGroup),
      subnetIds: v.resolver!.inboundSubnetIds,
      allowedCidrs: v.resolver!.allowedCidrs,
    })),
  };
}

/** Names follow the topology's name, which fits every limit here (topics 256, dashboards 255, alarms 255). */
function monitoringOf(t: Topology, m: NonNullable<Topology["monitoring"]>): MonitoringFacts {
  return {
    topicArn: m.topicArn,
    topicName: `${t.name}-alarms`,
    kmsKeyArn: m.kmsKeyArn,
    dashboardName: `${t.name}-endpoints`,
    alarmPrefix: t.name,
    thresholds: m.thresholds,
  };
}

/** Workspace → the deploy role its runs already hold, where its provider assumes none (deployRoles' runRoles). */
export function runRoles(estate: Estate): Record<string, string> {
  return Object.fromEntries(estate.workspaces.filter((w) => w.roleArn && !w.assumesRole).map((w) => [w.name, w.roleArn!]));
}

/** The partition of a Region: cn-* aws-cn, us-gov-* aws-us-gov, us-iso-* aws-iso, us-isob-* aws-iso-b, else aws. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (/^[a-z]{2}-gov-/.test(region)) return "aws-us-gov";
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : "aws-iso";
  return "aws";
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
