/**
 * The applied estate for verify's unit tests: preflight's mocked SDK clients (and a RAM client mocked
 * the same way) answering from plain data that each test bends to break one thing. The topology is
 * preflight's test topology: two endpoints (a created and an adopted zone), one spoke with a VPC of
 * client CIDRs and a VPC of given security groups; `verifyWorld` builds any estate's (e.g.
 * examples/endpoint-access.yaml), endpoint-mode VPCs with their resource endpoints and spoke zones.
 */
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand, type Filter, type SecurityGroup, type VpcEndpoint } from "@aws-sdk/client-ec2";
import {
  GetResourceShareAssociationsCommand, GetResourceShareInvitationsCommand, GetResourceSharesCommand, RAMClient,
  type ResourceShareInvitation, type TagFilter,
} from "@aws-sdk/client-ram";
import {
  GetHostedZoneCommand, ListHostedZonesByVPCCommand, ListResourceRecordSetsCommand, type HostedZoneSummary, type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import {
  GetServiceNetworkVpcAssociationCommand, ListAccessLogSubscriptionsCommand, ListResourceConfigurationsCommand, ListResourceGatewaysCommand,
  ListServiceNetworkResourceAssociationsCommand, ListServiceNetworksCommand, ListServiceNetworkVpcAssociationsCommand,
  type AccessLogSubscriptionSummary, type ResourceConfigurationSummary, type ResourceGatewaySummary,
  type ServiceNetworkResourceAssociationSummary, type ServiceNetworkSummary,
} from "@aws-sdk/client-vpc-lattice";
import { mockClient } from "aws-sdk-client-mock";
import type { Estate } from "../../../config/estate";
import { AwsReaders } from "../../../preflight/aws";
import { runChecks } from "../../../preflight/engine";
import type { CheckDefinition, Principal, Result } from "../../../preflight/model";
import { Route53ProfilesClient, Route53ProfilesError, type ProfileAssociation } from "../../../preflight/route53-profiles";
import { ACCOUNT_CHECK, planVerify } from "../../../verify/checks";
import {
  ADOPTED_ZONE, ADOPTED_ZONE_ID, answer as answerPreflight, awsError, CREATED_ZONE, DNS, DNS_VPC, HUB, HUB_VPC, mocks as preflightMocks,
  SPOKE, SPOKE_VPC, SPOKE_VPC_SG, SPOKE_SG, world as preflightWorld,
} from "../../preflight/support/world";

export { ADOPTED_ZONE, ADOPTED_ZONE_ID, awsError, CREATED_ZONE, DNS, DNS_VPC, HUB, HUB_VPC, SPOKE, SPOKE_SG, SPOKE_VPC, SPOKE_VPC_SG };
export { estate, endpointAccess, ENDPOINT_VPC, OTHER, ACCESS_DENIED } from "../../preflight/support/world";

export const CREATED_ZONE_ID = "Z0CREATED0000000000001";
export const CLIENT_SG = "sg-0c1e000000000000001";
export const NETWORK_ID = "sn-0123456789abcdef0";
export const NETWORK_ARN = `arn:aws:vpc-lattice:us-east-1:${HUB}:servicenetwork/${NETWORK_ID}`;
export const PROFILE_ID = "rp-0123456789abcdef";
export const latticeNameOf = (endpoint: string) => `snra-0${endpoint}.rcfg-0${endpoint}.4232ccc.vpc-lattice-rsc.us-east-1.on.aws`;
/** The hub's resource configuration of an endpoint. */
export const configurationArnOf = (e: Estate, endpoint: string) =>
  `arn:aws:vpc-lattice:${e.topology.region}:${e.hub.workspace.accountId}:resourceconfiguration/rcfg-0${endpoint}`;
/** The client group created for every endpoint-mode VPC given clientCidrs. */
export const ENDPOINT_CLIENT_SG = "sg-0e1e000000000000001";
/** The DNS name of a resource endpoint (its dns_entry[0]), by its VPC endpoint id. */
export const resourceEndpointNameOf = (vpceId: string) => `${vpceId}-0a1b2c3d.rcfg-0.4232ccc.vpc-lattice-rsc.us-east-1.on.aws`;
const idOf = (prefix: string, i: number, length: number) => `${prefix}${String(i + 1).padStart(length - prefix.length, "0")}`;
/** Ids of the spoke zones of endpoint-mode VPCs, in the order of their spokes' `endpointAccess.zones`. */
export const spokeZoneIdOf = (i: number) => idOf("Z0SPOKE", i, 22);

interface Share {
  name: string;
  arn: string;
  tags: Record<string, string>;
  principals: string[];
  invitations: ResourceShareInvitation[];
}

interface VpcAssociation {
  id: string;
  vpcId: string;
  createdBy: string;
  status: string;
  serviceNetworkArn: string;
  securityGroupIds: string[];
}

/** What the applied accounts hold. Every field as built by a healthy apply. */
export interface VerifyWorld {
  vpcEndpoints: VpcEndpoint[];
  gateways: ResourceGatewaySummary[];
  configurations: ResourceConfigurationSummary[];
  networks: ServiceNetworkSummary[];
  resourceAssociations: ServiceNetworkResourceAssociationSummary[];
  accessLogs: AccessLogSubscriptionSummary[];
  vpcAssociations: VpcAssociation[];
  securityGroups: SecurityGroup[];
  shares: Share[];
  hostedZones: Record<string, { name: string; private: boolean }>;
  zonesByVpc: Record<string, HostedZoneSummary[]>;
  records: Record<string, ResourceRecordSet[]>;
  profiles: { Id: string; Name: string }[];
  profileZones: Record<string, string[]>;
  profileAssociations: Record<string, ProfileAssociation[]>;
}

const summary = (id: string, name: string, owner: string): HostedZoneSummary => ({ HostedZoneId: id, Name: `${name}.`, Owner: { OwningAccount: owner } });
export const cname = (name: string, value: string, ttl = 300): ResourceRecordSet => ({ Name: `${name}.`, Type: "CNAME", TTL: ttl, ResourceRecords: [{ Value: value }] });

/** A healthy applied estate of `e` (either DNS mode): created zones are Z0CREATED0000000000001 and on, in dns.zones order. */
export function verifyWorld(e: Estate): VerifyWorld {
  const managedBy = e.defaultTags.ManagedBy;
  const profile = e.dns.mode === "profile";
  const hub = e.hub.workspace.accountId;
  const dns = e.dns.workspace.accountId;
  const zoneIds = new Map(e.dns.zones.map((z) => [z, e.dns.adoptedZones.get(z) ?? idOf("Z0CREATED", e.dns.createdZones.indexOf(z), 22)]));
  const zoneSummaries = e.dns.zones.map((z) => summary(zoneIds.get(z)!, z, dns));
  // Endpoint mode: per VPC a resource endpoint per vendor and a zone of the spoke's account per vendor domain.
  const access = e.spokes.flatMap((s) => s.endpointAccess.endpoints.map((a) => ({ ...a, spoke: s })));
  const vpceIds = new Map(access.map((a, i) => [a.key, idOf("vpce-0e", i, 22)]));
  const accessZones = e.spokes.flatMap((s) => s.endpointAccess.zones.map((z) => ({ ...z, owner: s.workspace.accountId })));
  const accessZoneIds = new Map(accessZones.map((z, i) => [z.key, spokeZoneIdOf(i)]));
  const accessRecords = e.spokes.flatMap((s) => s.endpointAccess.records);
  const share = (name: string, owner: string, principals: readonly string[], outside: readonly string[]): Share => ({
    name, arn: `arn:aws:ram:us-east-1:${owner}:resource-share/${name}`, tags: { ManagedBy: managedBy }, principals: [...principals],
    invitations: outside.map((a) => ({ receiverAccountId: a, senderAccountId: owner, status: "ACCEPTED" })),
  });
  return {
    vpcEndpoints: [
      ...e.endpoints.map((x, i): VpcEndpoint => ({
        VpcEndpointId: `vpce-0${i}00000000000000`, VpcId: e.topology.hub.vpcId, ServiceName: x.serviceName, State: "Available",
        VpcEndpointType: "Interface",
        Tags: [{ Key: "ManagedBy", Value: managedBy }, { Key: "Name", Value: x.resourceConfigurationName }],
      })),
      ...access.map((a): VpcEndpoint => {
        const vpc = a.spoke.endpointAccess.vpcs.find((v) => v.vpcId === a.vpcId)!;
        return {
          VpcEndpointId: vpceIds.get(a.key), VpcId: a.vpcId, VpcEndpointType: "Resource", State: "Available",
          ResourceConfigurationArn: configurationArnOf(e, a.endpoint),
          Groups: (vpc.securityGroupIds ?? [ENDPOINT_CLIENT_SG]).map((GroupId) => ({ GroupId })),
          DnsEntries: [{ DnsName: resourceEndpointNameOf(vpceIds.get(a.key)!), HostedZoneId: "Z0RESOURCEENDPOINT" }],
          Tags: [{ Key: "ManagedBy", Value: managedBy }, { Key: "Name", Value: a.key }],
        };
      }),
    ],
    gateways: [{ name: e.hub.names.resourceGateway, id: "rgw-0123456789abcdef0", status: "ACTIVE" }],
    configurations: e.endpoints.map((x) => ({ name: x.resourceConfigurationName, id: `rcfg-0${x.name}`, arn: configurationArnOf(e, x.name), status: "ACTIVE" })),
    networks: [{ name: e.hub.names.serviceNetwork, id: NETWORK_ID, arn: NETWORK_ARN }],
    resourceAssociations: e.endpoints.map((x) => ({
      id: `snra-0${x.name}`, resourceConfigurationName: x.resourceConfigurationName, status: "ACTIVE", serviceNetworkId: NETWORK_ID,
      dnsEntry: { domainName: latticeNameOf(x.name), hostedZoneId: "Z05LATTICE" },
    })),
    accessLogs: [{
      id: "als-0123456789abcdef0", arn: undefined, resourceId: NETWORK_ID, resourceArn: NETWORK_ARN, createdAt: undefined, lastUpdatedAt: undefined,
      destinationArn: `arn:aws:logs:us-east-1:${hub}:log-group:${e.hub.names.accessLogGroup}`, serviceNetworkLogType: "RESOURCE",
    }],
    vpcAssociations: e.spokes.flatMap((s) => s.vpcs.map((v) => ({
      id: `snva-0${v.vpcId.slice(-4)}`, vpcId: v.vpcId, createdBy: s.workspace.accountId, status: "ACTIVE", serviceNetworkArn: NETWORK_ARN,
      securityGroupIds: v.securityGroupIds ? [...v.securityGroupIds] : [CLIENT_SG],
    }))),
    securityGroups: e.spokes.flatMap((s) => [
      ...[...s.clientGroupNames].map(([vpcId, name]) => ({ GroupId: CLIENT_SG, GroupName: name, VpcId: vpcId })),
      ...[...s.endpointAccess.clientGroupNames].map(([vpcId, name]) => ({ GroupId: ENDPOINT_CLIENT_SG, GroupName: name, VpcId: vpcId })),
    ]),
    shares: [
      share(e.hub.names.resourceShare, hub, e.hub.sharePrincipals, e.spokes.filter((s) => s.acceptsShare).map((s) => s.workspace.accountId)),
      ...(e.dns.profile ? [share(e.dns.profile.resourceShareName, dns, e.dns.profile.sharePrincipals,
        e.spokes.filter((s) => s.acceptsProfileShare).map((s) => s.workspace.accountId))] : []),
    ],
    hostedZones: {
      ...Object.fromEntries([...zoneIds].map(([zone, id]) => [id, { name: `${zone}.`, private: true }])),
      ...Object.fromEntries(accessZones.map((z) => [accessZoneIds.get(z.key)!, { name: `${z.zone}.`, private: true }])),
    },
    zonesByVpc: {
      [e.topology.dns.vpcId!]: zoneSummaries,
      ...Object.fromEntries(e.spokes.flatMap((s) => s.vpcs.map((v) => [v.vpcId, profile ? [] : [...zoneSummaries]]))),
      ...Object.fromEntries(e.spokes.flatMap((s) => s.endpointAccess.vpcs.map((v) => [v.vpcId,
        accessZones.filter((z) => z.vpcId === v.vpcId).map((z) => summary(accessZoneIds.get(z.key)!, z.zone, z.owner))]))),
    },
    records: {
      ...Object.fromEntries([...zoneIds].map(([zone, id]) => [id, e.endpoints.filter((x) => x.zone === zone)
        .flatMap((x) => x.records.map((r) => cname(`${r}.${zone}`, latticeNameOf(x.name))))])),
      ...Object.fromEntries(accessZones.map((z) => [accessZoneIds.get(z.key)!, accessRecords.filter((r) => r.zoneKey === z.key)
        .map((r) => cname(r.name, resourceEndpointNameOf(vpceIds.get(r.endpointKey)!)))])),
    },
    profiles: profile ? [{ Id: PROFILE_ID, Name: e.dns.profile!.name }] : [],
    profileZones: profile ? { [PROFILE_ID]: [...zoneIds.values()] } : {},
    profileAssociations: profile
      ? Object.fromEntries(e.spokes.flatMap((s) => s.vpcs.map((v) => [v.vpcId, [{ ProfileId: PROFILE_ID, ResourceId: v.vpcId, Status: "COMPLETE" }]])))
      : {},
  };
}

const valuesOf = (filters: Filter[] | undefined, name: string) => filters?.find((f) => f.Name === name)?.Values ?? [];

export const mocks = { ...preflightMocks, ram: mockClient(RAMClient) };

/** Makes the mocked clients answer from `w` (STS as preflight's world does); a test then overrides single commands. */
export function answer(w: VerifyWorld): void {
  answerPreflight(preflightWorld());
  mocks.ram.reset();
  // Every filter given must match, as EC2 does (the hub's reads filter on service-name, the spokes' on vpc-endpoint-type).
  const endpointField = { "vpc-id": "VpcId", "service-name": "ServiceName", "vpc-endpoint-type": "VpcEndpointType" } as const;
  mocks.ec2.on(DescribeVpcEndpointsCommand).callsFake(async (i: { Filters?: Filter[] }) => ({
    VpcEndpoints: w.vpcEndpoints.filter((v) => (i.Filters ?? []).every((f) => {
      const field = endpointField[f.Name as keyof typeof endpointField];
      if (!field) throw new Error(`the fake world does not filter on ${f.Name}`);
      return (f.Values ?? []).includes(v[field] ?? "");
    })),
  }));
  mocks.ec2.on(DescribeSecurityGroupsCommand).callsFake(async (i: { Filters?: Filter[] }) => ({
    SecurityGroups: w.securityGroups.filter((g) => valuesOf(i.Filters, "vpc-id").includes(g.VpcId!) && valuesOf(i.Filters, "group-name").includes(g.GroupName!)),
  }));
  mocks.lattice.on(ListServiceNetworksCommand).callsFake(async () => ({ items: w.networks }));
  mocks.lattice.on(ListResourceGatewaysCommand).callsFake(async () => ({ items: w.gateways }));
  mocks.lattice.on(ListResourceConfigurationsCommand).callsFake(async () => ({ items: w.configurations }));
  mocks.lattice.on(ListServiceNetworkResourceAssociationsCommand).callsFake(async (i: { serviceNetworkIdentifier: string }) =>
    ({ items: w.resourceAssociations.filter((a) => a.serviceNetworkId === i.serviceNetworkIdentifier) }));
  mocks.lattice.on(ListAccessLogSubscriptionsCommand).callsFake(async (i: { resourceIdentifier: string }) =>
    ({ items: w.accessLogs.filter((a) => a.resourceId === i.resourceIdentifier) }));
  const vpcSummary = (a: VpcAssociation) => ({
    id: a.id, vpcId: a.vpcId, createdBy: a.createdBy, status: a.status as never, serviceNetworkArn: a.serviceNetworkArn,
    serviceNetworkId: a.serviceNetworkArn.split("/").pop(), serviceNetworkName: a.serviceNetworkArn === NETWORK_ARN ? w.networks[0]?.name : "other-network",
  });
  mocks.lattice.on(ListServiceNetworkVpcAssociationsCommand).callsFake(async (i: { vpcIdentifier?: string; serviceNetworkIdentifier?: string }) => ({
    items: w.vpcAssociations
      .filter((a) => (i.vpcIdentifier === undefined || a.vpcId === i.vpcIdentifier)
        && (i.serviceNetworkIdentifier === undefined || a.serviceNetworkArn.endsWith(`/${i.serviceNetworkIdentifier}`)))
      .map(vpcSummary),
  }));
  mocks.lattice.on(GetServiceNetworkVpcAssociationCommand).callsFake(async (i: { serviceNetworkVpcAssociationIdentifier: string }) => {
    const a = w.vpcAssociations.find((x) => x.id === i.serviceNetworkVpcAssociationIdentifier);
    if (!a) throw awsError("ResourceNotFoundException", 404);
    return { ...vpcSummary(a), securityGroupIds: a.securityGroupIds };
  });
  const tagged = (s: Share, filters: TagFilter[] | undefined) =>
    (filters ?? []).every((f) => (f.tagValues ?? []).includes(s.tags[f.tagKey ?? ""] ?? ""));
  mocks.ram.on(GetResourceSharesCommand).callsFake(async (i: { name?: string; tagFilters?: TagFilter[] }) => ({
    resourceShares: w.shares.filter((s) => (i.name === undefined || s.name === i.name) && tagged(s, i.tagFilters))
      .map((s) => ({ name: s.name, resourceShareArn: s.arn, status: "ACTIVE" })),
  }));
  mocks.ram.on(GetResourceShareAssociationsCommand).callsFake(async (i: { resourceShareArns: string[] }) => ({
    resourceShareAssociations: w.shares.filter((s) => i.resourceShareArns.includes(s.arn))
      .flatMap((s) => s.principals.map((p) => ({ resourceShareArn: s.arn, associatedEntity: p, associationType: "PRINCIPAL", status: "ASSOCIATED" }))),
  }));
  mocks.ram.on(GetResourceShareInvitationsCommand).callsFake(async (i: { resourceShareArns: string[] }) => ({
    resourceShareInvitations: w.shares.filter((s) => i.resourceShareArns.includes(s.arn)).flatMap((s) => s.invitations.map((x) => ({ ...x, resourceShareArn: s.arn }))),
  }));
  mocks.route53.on(GetHostedZoneCommand).callsFake(async (i: { Id: string }) => {
    const zone = w.hostedZones[i.Id];
    if (!zone) throw awsError("NoSuchHostedZone", 404);
    return { HostedZone: { Id: `/hostedzone/${i.Id}`, Name: zone.name, CallerReference: "x", Config: { PrivateZone: zone.private } } };
  });
  mocks.route53.on(ListHostedZonesByVPCCommand).callsFake(async (i: { VPCId: string }) => ({ HostedZoneSummaries: w.zonesByVpc[i.VPCId] ?? [] }));
  mocks.route53.on(ListResourceRecordSetsCommand).callsFake(async (i: { HostedZoneId: string }) => {
    if (!w.records[i.HostedZoneId]) throw awsError("NoSuchHostedZone", 404);
    return { ResourceRecordSets: w.records[i.HostedZoneId], IsTruncated: false, MaxItems: 300 };
  });
  jest.spyOn(Route53ProfilesClient.prototype, "listProfiles").mockImplementation(async () => ({ ProfileSummaries: w.profiles }));
  jest.spyOn(Route53ProfilesClient.prototype, "listProfileResourceAssociations").mockImplementation(async (i) => {
    const zones = w.profileZones[i.ProfileId];
    if (!zones) throw new Route53ProfilesError("ResourceNotFoundException", "no such profile", { httpStatusCode: 404 });
    return { ProfileResourceAssociations: zones.map((z) => ({ ProfileId: i.ProfileId, ResourceArn: `arn:aws:route53:::hostedzone/${z}`, Status: "COMPLETE" })) };
  });
  jest.spyOn(Route53ProfilesClient.prototype, "listProfileAssociations").mockImplementation(async (i) =>
    ({ ProfileAssociations: w.profileAssociations[i.ResourceId ?? ""] ?? [] }));
}

export interface Run {
  readonly results: Result[];
  /** "<account> <IAM action>" of every call sent. */
  readonly calls: string[];
}

/** Runs these verify checks (default all) of the estate against the mocked world. */
export async function run(e: Estate, checks?: readonly CheckDefinition[], timeoutMs = 20_000): Promise<Run> {
  const calls: string[] = [];
  const controller = new AbortController();
  const aws = new AwsReaders({
    region: e.topology.region, concurrency: 4, signal: controller.signal, sessionName: () => "unit-test", accountCheck: ACCOUNT_CHECK,
    onCall: (p: Principal, action) => calls.push(`${p.accountId} ${action}`),
  });
  try {
    return { results: await runChecks(planVerify(e, checks), (p) => aws.reader(p), { timeoutMs, controller }), calls };
  } finally {
    aws.destroy();
  }
}

export function resultOf(results: readonly Result[], check: string, subject: string): Result {
  const found = results.filter((r) => r.check === check && r.subject === subject);
  if (found.length !== 1) throw new Error(`${found.length} results for ${check} ${subject}: ${JSON.stringify(results)}`);
  return found[0];
}
