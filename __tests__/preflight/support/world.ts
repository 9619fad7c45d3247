/**
 * A small AWS world for the checks' unit tests: SDK clients mocked with aws-sdk-client-mock (and
 * the Route 53 Profiles reads stubbed on their class), answering from plain data that each test
 * bends to make one check pass, fail or be denied.
 */
import {
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcAttributeCommand, DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand, DescribeVpcsCommand, EC2Client, type Filter, type SecurityGroup, type ServiceDetail,
  type Subnet, type VpcEndpoint,
} from "@aws-sdk/client-ec2";
import { GetHostedZoneCommand, GetHostedZoneLimitCommand, ListHostedZonesByVPCCommand, Route53Client, type HostedZoneSummary } from "@aws-sdk/client-route-53";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ListServiceNetworkVpcAssociationsCommand, VPCLatticeClient, type ServiceNetworkVpcAssociationSummary } from "@aws-sdk/client-vpc-lattice";
import { mockClient } from "aws-sdk-client-mock";
import { estateOf, type Estate } from "../../../config/estate";
import { validateTopology } from "../../../config/loader";
import { AwsReaders } from "../../../preflight/aws";
import { planChecks } from "../../../preflight/checks";
import { runChecks } from "../../../preflight/engine";
import type { CheckDefinition, Principal, Result } from "../../../preflight/model";
import { Route53ProfilesClient, Route53ProfilesError, type Profile, type ProfileAssociation } from "../../../preflight/route53-profiles";

// The SDK's notice that its 2027 releases need Node 22 (preflight/cli.ts silences it the same way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const HUB = "111111111111";
export const SPOKE = "222222222222";
export const DNS = "333333333333";
export const OTHER = "999999999999";
export const HUB_VPC = "vpc-0a000000000000001";
export const SUBNET_A = "subnet-0a000000000000001";
export const SUBNET_B = "subnet-0a000000000000002";
export const SPOKE_VPC = "vpc-0b000000000000001";
export const SPOKE_VPC_SG = "vpc-0b000000000000002";
export const SPOKE_SG = "sg-0b000000000000001";
/** An endpoint-mode VPC of the spoke (topology edit `endpointAccess`), with a subnet in each of the hub's zones. */
export const ENDPOINT_VPC = "vpc-0b000000000000003";
export const ENDPOINT_SUBNET_A = "subnet-0b000000000000003";
export const ENDPOINT_SUBNET_B = "subnet-0b000000000000004";
export const DNS_VPC = "vpc-0c000000000000001";
export const CREATED_ZONE = "privatelink.vendor.example";
export const ADOPTED_ZONE = "privatelink.other.example";
export const ADOPTED_ZONE_ID = "Z0123456789ABCDEFGHIJ";
export const SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";
export const OTHER_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210";

const role = (account: string) => `arn:aws:iam::${account}:role/preflight`;

/** A topology with every kind of subject: two hub subnets, a created and an adopted zone, both kinds of spoke VPC. */
export function topology(): Record<string, unknown> {
  return {
    name: "unit-endpoints",
    region: "us-east-1",
    hub: { accountId: HUB, roleArn: role(HUB), vpcId: HUB_VPC, subnetIds: [SUBNET_A, SUBNET_B] },
    endpoints: [
      { name: "vendor", serviceName: SERVICE, ports: ["443"], dns: { zone: CREATED_ZONE, records: ["api"] } },
      { name: "other", serviceName: OTHER_SERVICE, ports: ["443"], dns: { zone: ADOPTED_ZONE, records: ["api"] } },
    ],
    spokes: [{
      name: "payments", accountId: SPOKE, roleArn: role(SPOKE),
      vpcs: [{ vpcId: SPOKE_VPC, clientCidrs: ["10.20.0.0/16"] }, { vpcId: SPOKE_VPC_SG, securityGroupIds: [SPOKE_SG] }],
    }],
    dns: { accountId: DNS, roleArn: role(DNS), vpcId: DNS_VPC, zones: { [ADOPTED_ZONE]: ADOPTED_ZONE_ID } },
  };
}

/** Topology edit: the spoke gains ENDPOINT_VPC with `access: endpoint` and a resolver, both in ENDPOINT_SUBNET_A and _B. */
export function endpointAccess(t: Record<string, any>): void {
  t.spokes[0].vpcs.push({
    vpcId: ENDPOINT_VPC, access: "endpoint", subnetIds: [ENDPOINT_SUBNET_A, ENDPOINT_SUBNET_B], clientCidrs: ["10.30.0.0/16"],
    resolver: { inboundSubnetIds: [ENDPOINT_SUBNET_A, ENDPOINT_SUBNET_B], allowedCidrs: ["192.168.0.0/20"] },
  });
}

export function estate(edit: (t: Record<string, any>) => void = () => undefined): Estate {
  const t = topology() as Record<string, any>;
  edit(t);
  return estateOf(validateTopology(t).topology);
}

interface Vpc {
  readonly VpcId: string;
  dnsSupport: boolean;
  dnsHostnames: boolean;
}

/** What the accounts hold. Every field is what makes every check pass. */
export interface World {
  subnets: Subnet[];
  vpcs: Vpc[];
  securityGroups: SecurityGroup[];
  endpointServices: ServiceDetail[];
  vpcEndpoints: VpcEndpoint[];
  latticeAssociations: Record<string, ServiceNetworkVpcAssociationSummary[]>;
  hostedZones: Record<string, { name: string; private: boolean; vpcs: string[]; limit: number }>;
  zonesByVpc: Record<string, HostedZoneSummary[]>;
  /** undefined: the account has no applied value (GetServiceQuota: NoSuchResourceException). */
  appliedVpcAssociationsQuota?: number;
  defaultVpcAssociationsQuota: number;
  profileAssociations: Record<string, ProfileAssociation[]>;
  profiles: Record<string, Profile>;
  /** STS answers these accounts for these role ARNs (default: the role's own account). */
  identities: Record<string, string>;
}

const subnet = (id: string, vpc: string, owner: string, zone: string, free = 250): Subnet => ({
  SubnetId: id, VpcId: vpc, OwnerId: owner, AvailabilityZone: `us-east-1${zone}`, AvailabilityZoneId: `use1-az${zone === "a" ? 1 : zone === "b" ? 2 : 3}`,
  AvailableIpAddressCount: free, CidrBlock: "10.0.0.0/24", Ipv6Native: false,
});

export function world(): World {
  return {
    subnets: [
      subnet(SUBNET_A, HUB_VPC, HUB, "a"),
      subnet(SUBNET_B, HUB_VPC, HUB, "b"),
      subnet("subnet-0b000000000000001", SPOKE_VPC, SPOKE, "a"),
      subnet("subnet-0b000000000000002", SPOKE_VPC_SG, SPOKE, "b"),
      subnet(ENDPOINT_SUBNET_A, ENDPOINT_VPC, SPOKE, "a"),
      subnet(ENDPOINT_SUBNET_B, ENDPOINT_VPC, SPOKE, "b"),
    ],
    vpcs: [HUB_VPC, SPOKE_VPC, SPOKE_VPC_SG, ENDPOINT_VPC, DNS_VPC].map((VpcId) => ({ VpcId, dnsSupport: true, dnsHostnames: true })),
    securityGroups: [{ GroupId: SPOKE_SG, VpcId: SPOKE_VPC_SG }],
    endpointServices: [SERVICE, OTHER_SERVICE].map((ServiceName) => ({
      ServiceName, Owner: OTHER, AvailabilityZoneIds: ["use1-az1", "use1-az2", "use1-az3"], AcceptanceRequired: false, SupportedIpAddressTypes: ["ipv4"],
    })),
    vpcEndpoints: [],
    latticeAssociations: {},
    hostedZones: { [ADOPTED_ZONE_ID]: { name: `${ADOPTED_ZONE}.`, private: true, vpcs: [DNS_VPC], limit: 300 } },
    zonesByVpc: {},
    appliedVpcAssociationsQuota: 500,
    defaultVpcAssociationsQuota: 500,
    profileAssociations: {},
    profiles: {},
    identities: {},
  };
}

/** An error as the SDK raises a service's: `name` is the error code. */
export const awsError = (name: string, status = 400, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
export const ACCESS_DENIED = () => awsError("AccessDenied", 403, "User is not authorized to perform this action");
export const UNAUTHORIZED = () => awsError("UnauthorizedOperation", 403, "You are not authorized to perform this operation.");

const valuesOf = (filters: Filter[] | undefined, name: string) => filters?.find((f) => f.Name === name)?.Values ?? [];

export const mocks = {
  ec2: mockClient(EC2Client),
  sts: mockClient(STSClient),
  lattice: mockClient(VPCLatticeClient),
  route53: mockClient(Route53Client),
  quotas: mockClient(ServiceQuotasClient),
};

/** Makes the mocked clients answer from `w`; a test then overrides single commands (e.g. to deny them). */
export function answer(w: World): void {
  for (const m of Object.values(mocks)) m.reset();
  jest.restoreAllMocks();
  mocks.sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => {
    const account = w.identities[input.RoleArn] ?? input.RoleArn.split(":")[4];
    return { Credentials: { AccessKeyId: `ASIA${account}`, SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date(Date.now() + 3600e3) } };
  });
  mocks.sts.on(GetCallerIdentityCommand).callsFake(async (_input: unknown, getClient: () => STSClient) => {
    const { accessKeyId } = await getClient().config.credentials();
    const account = accessKeyId.replace(/^ASIA/, "");
    return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/preflight/test` };
  });
  mocks.ec2.on(DescribeSubnetsCommand).callsFake(async (i: { Filters?: Filter[] }) => {
    const ids = valuesOf(i.Filters, "subnet-id");
    const vpcs = valuesOf(i.Filters, "vpc-id");
    return { Subnets: w.subnets.filter((s) => ids.includes(s.SubnetId!) || vpcs.includes(s.VpcId!)) };
  });
  mocks.ec2.on(DescribeVpcsCommand).callsFake(async (i: { Filters?: Filter[] }) =>
    ({ Vpcs: w.vpcs.filter((v) => valuesOf(i.Filters, "vpc-id").includes(v.VpcId)).map((v) => ({ VpcId: v.VpcId })) }));
  mocks.ec2.on(DescribeVpcAttributeCommand).callsFake(async (i: { VpcId: string; Attribute: string }) => {
    const vpc = w.vpcs.find((v) => v.VpcId === i.VpcId);
    if (!vpc) throw awsError("InvalidVpcID.NotFound");
    return i.Attribute === "enableDnsSupport" ? { EnableDnsSupport: { Value: vpc.dnsSupport } } : { EnableDnsHostnames: { Value: vpc.dnsHostnames } };
  });
  mocks.ec2.on(DescribeSecurityGroupsCommand).callsFake(async (i: { Filters?: Filter[] }) =>
    ({ SecurityGroups: w.securityGroups.filter((g) => valuesOf(i.Filters, "group-id").includes(g.GroupId!)) }));
  mocks.ec2.on(DescribeVpcEndpointServicesCommand).callsFake(async (i: { ServiceNames: string[] }) => {
    const found = w.endpointServices.filter((s) => i.ServiceNames.includes(s.ServiceName!));
    if (found.length < i.ServiceNames.length) throw awsError("InvalidServiceName", 400, "The Vpc Endpoint Service does not exist");
    return { ServiceDetails: found };
  });
  mocks.ec2.on(DescribeVpcEndpointsCommand).callsFake(async (i: { Filters?: Filter[] }) => ({
    VpcEndpoints: w.vpcEndpoints.filter((e) => valuesOf(i.Filters, "vpc-id").includes(e.VpcId!) && valuesOf(i.Filters, "service-name").includes(e.ServiceName!)),
  }));
  mocks.lattice.on(ListServiceNetworkVpcAssociationsCommand).callsFake(async (i: { vpcIdentifier: string }) =>
    ({ items: w.latticeAssociations[i.vpcIdentifier] ?? [] }));
  mocks.route53.on(GetHostedZoneCommand).callsFake(async (i: { Id: string }) => {
    const zone = w.hostedZones[i.Id];
    if (!zone) throw awsError("NoSuchHostedZone", 404);
    return { HostedZone: { Id: `/hostedzone/${i.Id}`, Name: zone.name, Config: { PrivateZone: zone.private } }, VPCs: zone.vpcs.map((VPCId) => ({ VPCId, VPCRegion: "us-east-1" })) };
  });
  mocks.route53.on(GetHostedZoneLimitCommand).callsFake(async (i: { HostedZoneId: string }) => {
    const zone = w.hostedZones[i.HostedZoneId];
    if (!zone) throw awsError("NoSuchHostedZone", 404);
    return { Limit: { Type: "MAX_VPCS_ASSOCIATED_BY_ZONE", Value: zone.limit }, Count: zone.vpcs.length };
  });
  mocks.route53.on(ListHostedZonesByVPCCommand).callsFake(async (i: { VPCId: string }) => ({ HostedZoneSummaries: w.zonesByVpc[i.VPCId] ?? [] }));
  mocks.quotas.on(GetServiceQuotaCommand).callsFake(async () => {
    if (w.appliedVpcAssociationsQuota === undefined) throw awsError("NoSuchResourceException");
    return { Quota: { Value: w.appliedVpcAssociationsQuota } };
  });
  mocks.quotas.on(GetAWSDefaultServiceQuotaCommand).callsFake(async () => ({ Quota: { Value: w.defaultVpcAssociationsQuota } }));
  jest.spyOn(Route53ProfilesClient.prototype, "listProfileAssociations").mockImplementation(async (i) =>
    ({ ProfileAssociations: w.profileAssociations[i.ResourceId ?? ""] ?? [] }));
  jest.spyOn(Route53ProfilesClient.prototype, "getProfile").mockImplementation(async (i) => {
    const profile = w.profiles[i.ProfileId];
    if (!profile) throw new Route53ProfilesError("ResourceNotFoundException", "no such profile", { httpStatusCode: 404 });
    return { Profile: profile };
  });
}

export interface Run {
  readonly results: Result[];
  /** "<account> <IAM action>" of every call sent. */
  readonly calls: string[];
}

/** Runs these checks (default all) of the estate against the mocked world. */
export async function run(e: Estate, checks?: readonly CheckDefinition[], timeoutMs = 20_000): Promise<Run> {
  const calls: string[] = [];
  const controller = new AbortController();
  const aws = new AwsReaders({
    region: e.topology.region,
    concurrency: 4,
    signal: controller.signal,
    sessionName: () => "unit-test",
    onCall: (p: Principal, action) => calls.push(`${p.accountId} ${action}`),
  });
  try {
    const results = await runChecks(planChecks(e, checks), (p) => aws.reader(p), { timeoutMs, controller });
    return { results, calls };
  } finally {
    aws.destroy();
  }
}

/** The one result of `check` for `subject`. */
export function resultOf(results: readonly Result[], check: string, subject: string): Result {
  const found = results.filter((r) => r.check === check && r.subject === subject);
  if (found.length !== 1) throw new Error(`${found.length} results for ${check} ${subject}: ${JSON.stringify(results)}`);
  return found[0];
}
