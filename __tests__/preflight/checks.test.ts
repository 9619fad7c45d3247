/**
 * Every check, with mocked SDK clients: a passing case, a failing case (WARN where the check only
 * warns), and an access-denied case that must be SKIP naming the denied action, never PASS.
 */
import {
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcAttributeCommand, DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand, DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import { GetHostedZoneCommand, GetHostedZoneLimitCommand, ListHostedZonesByVPCCommand } from "@aws-sdk/client-route-53";
import { GetServiceQuotaCommand } from "@aws-sdk/client-service-quotas";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { ListServiceNetworkVpcAssociationsCommand } from "@aws-sdk/client-vpc-lattice";
import type { Estate } from "../../config/estate";
import { CHECKS } from "../../preflight/checks";
import type { Status } from "../../preflight/model";
import { Route53ProfilesClient, Route53ProfilesError } from "../../preflight/route53-profiles";
import {
  ACCESS_DENIED, ADOPTED_ZONE, ADOPTED_ZONE_ID, answer, CREATED_ZONE, DNS, DNS_VPC, ENDPOINT_SUBNET_A, ENDPOINT_SUBNET_B, ENDPOINT_VPC,
  endpointAccess, estate, HUB, HUB_VPC, mocks, OTHER, resultOf, run, SPOKE, SPOKE_VPC, SPOKE_VPC_SG, SUBNET_A, SUBNET_B, UNAUTHORIZED,
  world, type World,
} from "./support/world";

interface Case {
  /** Topology edit (default: none). */
  readonly topology?: (t: Record<string, any>) => void;
  /** World edit (default: none: every check passes). */
  readonly world?: (w: World, e: Estate) => void;
  readonly status: Status;
  readonly message: RegExp;
}

interface CheckCases {
  readonly check: string;
  readonly subject: (e: Estate) => string;
  readonly topology?: (t: Record<string, any>) => void;
  readonly pass: Case;
  readonly fail: Case;
  /** Denies the check's call; the result must be SKIP naming the action. */
  readonly deny: { readonly apply: () => void; readonly action: string };
}

const SPOKE_SG_OTHER = "sg-0b000000000000009";
const ok = (message: RegExp): Case => ({ status: "PASS", message });
const profileMode = (t: Record<string, any>) => { t.dns.mode = "profile"; };
const subnetB = (w: World) => w.subnets.find((s) => s.SubnetId === SUBNET_B)!;
const spokeSubnet = (w: World) => w.subnets.find((s) => s.VpcId === SPOKE_VPC)!;
const subnetOf = (w: World, id: string) => w.subnets.find((s) => s.SubnetId === id)!;
const denyEc2 = (command: new (...args: never[]) => unknown, action: string) =>
  ({ apply: () => { mocks.ec2.on(command as never).rejects(UNAUTHORIZED()); }, action });

const CASES: CheckCases[] = [
  {
    check: "PF-ACC-001",
    subject: (e) => e.hub.workspace.roleArn!,
    pass: ok(/acting as arn:aws:sts::111111111111:/),
    fail: { world: (w, e) => { w.identities[e.hub.workspace.roleArn!] = OTHER; }, status: "FAIL", message: /credentials are for account 999999999999 .*not 111111111111/ },
    deny: { apply: () => { mocks.sts.on(AssumeRoleCommand).rejects(ACCESS_DENIED()); }, action: "sts:AssumeRole" },
  },
  {
    check: "PF-HUB-001",
    subject: () => SUBNET_B,
    pass: ok(/exists in us-east-1b \(use1-az2\)/),
    fail: { world: (w) => { w.subnets = w.subnets.filter((s) => s.SubnetId !== SUBNET_B); }, status: "FAIL", message: /not found in account 111111111111/ },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-HUB-002",
    subject: () => SUBNET_B,
    pass: ok(/in vpc-0a000000000000001/),
    fail: { world: (w) => { subnetB(w).VpcId = "vpc-0f000000000000001"; }, status: "FAIL", message: /is in vpc-0f000000000000001, not in the hub VPC/ },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-HUB-003",
    subject: () => SUBNET_B,
    pass: ok(/owned by 111111111111/),
    fail: { world: (w) => { subnetB(w).OwnerId = OTHER; }, status: "FAIL", message: /owned by 999999999999 and shared .*cannot use a shared subnet/ },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-HUB-004",
    subject: () => SUBNET_B,
    pass: ok(/the only hub subnet in us-east-1b/),
    fail: { world: (w) => { subnetB(w).AvailabilityZoneId = "use1-az1"; }, status: "FAIL", message: /shares .*use1-az1.* with subnet-0a000000000000001: .*one subnet per zone/ },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-HUB-005",
    subject: () => SUBNET_B,
    pass: ok(/250 free IPv4 addresses \(18 needed\)/),
    fail: { world: (w) => { subnetB(w).AvailableIpAddressCount = 10; }, status: "FAIL", message: /10 free IPv4 addresses; .*need 18/ },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-HUB-006",
    subject: () => SUBNET_B,
    topology: (t) => { t.hub.ipAddressType = "DUALSTACK"; },
    pass: {
      world: (w) => { for (const s of w.subnets) s.Ipv6CidrBlockAssociationSet = [{ Ipv6CidrBlock: "2600:1f18::/64", Ipv6CidrBlockState: { State: "associated" } }]; },
      status: "PASS", message: /dual-stack, as DUALSTACK needs/,
    },
    fail: { status: "FAIL", message: /is IPv4-only; hub.ipAddressType DUALSTACK needs it to have IPv4 and IPv6 ranges/ },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-HUB-007",
    subject: () => HUB_VPC,
    pass: ok(/DNS support is on/),
    fail: { world: (w) => { w.vpcs.find((v) => v.VpcId === HUB_VPC)!.dnsSupport = false; }, status: "FAIL", message: /DNS support is off/ },
    deny: denyEc2(DescribeVpcAttributeCommand, "ec2:DescribeVpcAttribute"),
  },
  {
    check: "PF-EPS-001",
    subject: () => "vendor",
    pass: ok(/is visible \(owner 999999999999\)/),
    fail: {
      world: (w) => { w.endpointServices = w.endpointServices.filter((s) => s.ServiceName?.endsWith("0fedcba9876543210")); },
      status: "FAIL", message: /not visible to account 111111111111 .*allow-listed .*arn:aws:iam::111111111111:root/,
    },
    deny: denyEc2(DescribeVpcEndpointServicesCommand, "ec2:DescribeVpcEndpointServices"),
  },
  {
    check: "PF-EPS-002",
    subject: () => "vendor",
    pass: ok(/offered in every hub zone \(use1-az1 and use1-az2\)/),
    fail: { world: (w) => { w.endpointServices[0].AvailabilityZoneIds = ["use1-az3"]; }, status: "FAIL", message: /offered in use1-az3, none of the hub's \(use1-az1 and use1-az2\)/ },
    deny: denyEc2(DescribeVpcEndpointServicesCommand, "ec2:DescribeVpcEndpointServices"),
  },
  {
    check: "PF-EPS-003",
    subject: () => "vendor",
    pass: ok(/accepted automatically/),
    fail: { world: (w) => { w.endpointServices[0].AcceptanceRequired = true; }, status: "WARN", message: /provider must accept .*postcondition/ },
    deny: denyEc2(DescribeVpcEndpointServicesCommand, "ec2:DescribeVpcEndpointServices"),
  },
  {
    check: "PF-EPS-004",
    subject: () => "vendor",
    pass: ok(/supports ipv4/),
    fail: { world: (w) => { w.endpointServices[0].SupportedIpAddressTypes = ["ipv6"]; }, status: "FAIL", message: /supports ipv6, not ipv4, which hub.ipAddressType IPV4 needs/ },
    deny: denyEc2(DescribeVpcEndpointServicesCommand, "ec2:DescribeVpcEndpointServices"),
  },
  {
    check: "PF-EPS-005",
    subject: () => "vendor",
    pass: {
      world: (w, e) => { w.vpcEndpoints = [{ VpcEndpointId: "vpce-0ours", VpcId: HUB_VPC, ServiceName: e.endpoints[0].serviceName, State: "Available", Tags: [{ Key: "ManagedBy", Value: e.defaultTags.ManagedBy }] }]; },
      status: "PASS", message: /only this topology's own endpoint/,
    },
    fail: {
      world: (w, e) => { w.vpcEndpoints = [{ VpcEndpointId: "vpce-0theirs", VpcId: HUB_VPC, ServiceName: e.endpoints[0].serviceName, State: "Available", Tags: [] }]; },
      status: "WARN", message: /vpce-0theirs already connects the hub VPC/,
    },
    deny: denyEc2(DescribeVpcEndpointsCommand, "ec2:DescribeVpcEndpoints"),
  },
  {
    check: "PF-SPK-001",
    subject: () => SPOKE_VPC,
    pass: ok(/exists \(spoke payments\)/),
    fail: { world: (w) => { w.vpcs = w.vpcs.filter((v) => v.VpcId !== SPOKE_VPC); }, status: "FAIL", message: /not found in account 222222222222/ },
    deny: denyEc2(DescribeVpcsCommand, "ec2:DescribeVpcs"),
  },
  {
    check: "PF-SPK-002",
    subject: () => SPOKE_VPC,
    pass: ok(/DNS support and DNS hostnames are on/),
    fail: { world: (w) => { w.vpcs.find((v) => v.VpcId === SPOKE_VPC)!.dnsHostnames = false; }, status: "FAIL", message: /^enableDnsHostnames is off: private hosted zones resolve only with both on/ },
    deny: denyEc2(DescribeVpcAttributeCommand, "ec2:DescribeVpcAttribute"),
  },
  {
    check: "PF-SPK-003",
    subject: () => SPOKE_VPC,
    pass: {
      world: (w, e) => { w.latticeAssociations[SPOKE_VPC] = [{ serviceNetworkName: e.hub.names.serviceNetwork, status: "ACTIVE" }]; },
      status: "PASS", message: /associated with this topology's service network unit-endpoints/,
    },
    fail: {
      world: (w) => { w.latticeAssociations[SPOKE_VPC] = [{ serviceNetworkName: "legacy", serviceNetworkId: "sn-0123456789abcdef0", status: "ACTIVE" }]; },
      status: "FAIL", message: /already associated with service network legacy \(sn-0123456789abcdef0\): a VPC joins one service network; .*set access: endpoint on this VPC .*docs\/endpoint-access.md/,
    },
    deny: { apply: () => { mocks.lattice.on(ListServiceNetworkVpcAssociationsCommand).rejects(Object.assign(ACCESS_DENIED(), { name: "AccessDeniedException" })); }, action: "vpc-lattice:ListServiceNetworkVpcAssociations" },
  },
  {
    check: "PF-SPK-004",
    subject: () => SPOKE_VPC_SG,
    pass: ok(/sg-0b000000000000001 is in the VPC/),
    fail: { world: (w) => { w.securityGroups[0].VpcId = SPOKE_VPC; }, status: "FAIL", message: /sg-0b000000000000001 is in vpc-0b000000000000001: .*must be in its VPC/ },
    deny: denyEc2(DescribeSecurityGroupsCommand, "ec2:DescribeSecurityGroups"),
  },
  {
    check: "PF-SPK-005",
    subject: () => SPOKE_VPC,
    pass: ok(/every zone \(use1-az1\) is one of the gateway's/),
    fail: { world: (w) => { spokeSubnet(w).AvailabilityZoneId = "use1-az3"; }, status: "FAIL", message: /share none with the resource gateway's \(use1-az1 and use1-az2\)/ },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-SPK-006",
    subject: () => SPOKE_VPC,
    pass: {
      world: (w) => { w.zonesByVpc[SPOKE_VPC] = [{ HostedZoneId: ADOPTED_ZONE_ID, Name: `${ADOPTED_ZONE}.`, Owner: { OwningAccount: DNS } }]; },
      status: "PASS", message: /only the Route 53 account's zones/,
    },
    fail: {
      world: (w) => { w.zonesByVpc[SPOKE_VPC] = [{ HostedZoneId: "Z9", Name: `${CREATED_ZONE}.`, Owner: { OwningAccount: SPOKE } }]; },
      status: "FAIL", message: /already resolves privatelink.vendor.example \(Z9, owned by 222222222222\)/,
    },
    deny: { apply: () => { mocks.route53.on(ListHostedZonesByVPCCommand).rejects(ACCESS_DENIED()); }, action: "route53:ListHostedZonesByVPC" },
  },
  {
    check: "PF-SPK-007",
    subject: () => SPOKE_VPC,
    topology: profileMode,
    pass: {
      world: (w, e) => {
        w.profileAssociations[SPOKE_VPC] = [{ ProfileId: "rp-ours", ResourceId: SPOKE_VPC }];
        w.profiles["rp-ours"] = { Id: "rp-ours", Name: e.dns.profile!.name, OwnerId: DNS };
      },
      status: "PASS", message: /associated with this topology's profile/,
    },
    fail: {
      world: (w) => {
        w.profileAssociations[SPOKE_VPC] = [{ ProfileId: "rp-landing", ResourceId: SPOKE_VPC }];
        w.profiles["rp-landing"] = { Id: "rp-landing", Name: "landing-zone", OwnerId: OTHER };
      },
      status: "FAIL", message: /already associated with Route 53 Profile landing-zone \(rp-landing, owned by 999999999999\): a VPC takes one profile/,
    },
    deny: {
      apply: () => {
        jest.spyOn(Route53ProfilesClient.prototype, "listProfileAssociations")
          .mockRejectedValue(new Route53ProfilesError("AccessDeniedException", "not authorized", { httpStatusCode: 403 }));
      },
      action: "route53profiles:ListProfileAssociations",
    },
  },
  {
    check: "PF-SPK-008",
    subject: () => ENDPOINT_VPC,
    topology: endpointAccess,
    pass: ok(/its 2 endpoint and 2 resolver subnet\(s\) are in the VPC/),
    fail: {
      world: (w) => { subnetOf(w, ENDPOINT_SUBNET_B).VpcId = SPOKE_VPC; },
      status: "FAIL", message: /^subnet-0b000000000000004 is in vpc-0b000000000000001 \(account 222222222222, us-east-1\): .*fix subnetIds or resolver.inboundSubnetIds/,
    },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-SPK-009",
    subject: () => ENDPOINT_VPC,
    topology: endpointAccess,
    pass: ok(/every endpoint subnet's zone \(use1-az1 and use1-az2\) is one of the gateway's/),
    fail: {
      world: (w) => { for (const id of [ENDPOINT_SUBNET_A, ENDPOINT_SUBNET_B]) subnetOf(w, id).AvailabilityZoneId = "use1-az3"; },
      status: "FAIL", message: /zones \(use1-az3\) share none with the resource gateway's \(use1-az1 and use1-az2\)/,
    },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-SPK-010",
    subject: () => ENDPOINT_VPC,
    topology: endpointAccess,
    pass: ok(/the resolver's subnets span 2 zones \(use1-az1 and use1-az2\)/),
    fail: {
      world: (w) => { subnetOf(w, ENDPOINT_SUBNET_B).AvailabilityZoneId = "use1-az1"; },
      status: "WARN", message: /all in use1-az1: Route 53 recommends IP addresses in at least two Availability Zones/,
    },
    deny: denyEc2(DescribeSubnetsCommand, "ec2:DescribeSubnets"),
  },
  {
    check: "PF-DNS-001",
    subject: () => ADOPTED_ZONE,
    pass: ok(/Z0123456789ABCDEFGHIJ exists/),
    fail: { world: (w) => { delete w.hostedZones[ADOPTED_ZONE_ID]; }, status: "FAIL", message: /does not exist in account 333333333333/ },
    deny: { apply: () => { mocks.route53.on(GetHostedZoneCommand).rejects(ACCESS_DENIED()); }, action: "route53:GetHostedZone" },
  },
  {
    check: "PF-DNS-002",
    subject: () => ADOPTED_ZONE,
    pass: ok(/is private/),
    fail: { world: (w) => { w.hostedZones[ADOPTED_ZONE_ID].private = false; }, status: "FAIL", message: /is a public zone/ },
    deny: { apply: () => { mocks.route53.on(GetHostedZoneCommand).rejects(ACCESS_DENIED()); }, action: "route53:GetHostedZone" },
  },
  {
    check: "PF-DNS-003",
    subject: () => ADOPTED_ZONE,
    pass: ok(/is privatelink.other.example/),
    fail: { world: (w) => { w.hostedZones[ADOPTED_ZONE_ID].name = "example.com."; }, status: "FAIL", message: /is example.com, not privatelink.other.example/ },
    deny: { apply: () => { mocks.route53.on(GetHostedZoneCommand).rejects(ACCESS_DENIED()); }, action: "route53:GetHostedZone" },
  },
  {
    check: "PF-DNS-004",
    subject: () => DNS_VPC,
    pass: ok(/exists: the 1 created zone\(s\)/),
    fail: { world: (w) => { w.vpcs = w.vpcs.filter((v) => v.VpcId !== DNS_VPC); }, status: "FAIL", message: /not found in account 333333333333/ },
    deny: denyEc2(DescribeVpcsCommand, "ec2:DescribeVpcs"),
  },
  {
    check: "PF-QTA-001",
    subject: (e) => e.hub.names.serviceNetwork,
    pass: ok(/2 spoke VPCs, within the applied quota of 500 \(Service Quotas vpc-lattice L-EF6E2D62\)/),
    fail: { world: (w) => { w.appliedVpcAssociationsQuota = 1; }, status: "FAIL", message: /2 spoke VPCs exceed the applied quota of 1 .*quotas.vpcAssociationsPerServiceNetwork/ },
    deny: { apply: () => { mocks.quotas.on(GetServiceQuotaCommand).rejects(Object.assign(ACCESS_DENIED(), { name: "AccessDeniedException" })); }, action: "servicequotas:GetServiceQuota" },
  },
  {
    check: "PF-QTA-002",
    subject: () => ADOPTED_ZONE,
    pass: ok(/3 VPCs, within the applied quota of 300 \(Route 53 MAX_VPCS_ASSOCIATED_BY_ZONE of Z0123456789ABCDEFGHIJ\)/),
    fail: { world: (w) => { w.hostedZones[ADOPTED_ZONE_ID].limit = 2; }, status: "FAIL", message: /3 VPCs exceed the applied quota of 2/ },
    deny: { apply: () => { mocks.route53.on(GetHostedZoneLimitCommand).rejects(ACCESS_DENIED()); }, action: "route53:GetHostedZoneLimit" },
  },
];

test("every check has its cases here, and every case a check", () => {
  expect(CASES.map((c) => c.check).sort()).toEqual(CHECKS.map((c) => c.id).filter((id) => id !== "PF-QTA-003").sort());
});

describe.each(CASES)("$check", (c) => {
  const definition = CHECKS.find((d) => d.id === c.check)!;

  const outcome = async (kase: Case | undefined, deny?: () => void) => {
    const e = estate((t) => { c.topology?.(t); kase?.topology?.(t); });
    const w = world();
    kase?.world?.(w, e);
    answer(w);
    deny?.();
    const { results } = await run(e, [definition]);
    expect(results.length).toBeGreaterThan(0);
    return resultOf(results, c.check, c.subject(e));
  };

  test("passes when the account is right", async () => {
    const r = await outcome(c.pass);
    expect([r.status, r.message]).toEqual([c.pass.status, expect.stringMatching(c.pass.message)]);
  });

  test(`is ${c.fail.status} when it is not`, async () => {
    const r = await outcome(c.fail);
    expect([r.status, r.message]).toEqual([c.fail.status, expect.stringMatching(c.fail.message)]);
  });

  test("is SKIP naming the denied call when access is denied", async () => {
    const r = await outcome(c.pass, c.deny.apply);
    expect(r.status).toBe("SKIP");
    expect(r.message).toMatch(new RegExp(`^access denied \\(${c.deny.action}\\)`));
  });
});

describe("beyond pass and fail", () => {
  const only = (id: string) => [CHECKS.find((d) => d.id === id)!];

  test("PF-QTA-003 (profile mode) says it cannot read the quota, never PASS", async () => {
    const e = estate(profileMode);
    answer(world());
    const { results } = await run(e, only("PF-QTA-003"));
    expect(results).toEqual([expect.objectContaining({ status: "SKIP", account: DNS, message: expect.stringMatching(/Service Quotas code .* not recorded.*2 spoke VPCs/) })]);
  });

  test("PF-QTA-001 falls back to AWS's default when the account has no applied value", async () => {
    const w = world();
    w.appliedVpcAssociationsQuota = undefined;
    w.defaultVpcAssociationsQuota = 2;
    answer(w);
    const { results } = await run(estate(), only("PF-QTA-001"));
    expect(results).toEqual([expect.objectContaining({ status: "WARN", message: expect.stringMatching(/2 spoke VPCs are 100 % of the default quota of 2/) })]);
  });

  test("PF-QTA-001 warns when the topology declares more than the account has", async () => {
    answer(world());
    const { results } = await run(estate((t) => { t.quotas = { vpcAssociationsPerServiceNetwork: 1000 }; }), only("PF-QTA-001"));
    expect(results).toEqual([expect.objectContaining({ status: "WARN", message: expect.stringMatching(/declares 1000, but the applied quota is 500/) })]);
  });

  test("PF-QTA-002 judges a zone the apply creates against AWS's default, without a call", async () => {
    answer(world());
    const { results, calls } = await run(estate(), only("PF-QTA-002"));
    expect(resultOf(results, "PF-QTA-002", CREATED_ZONE)).toEqual(expect.objectContaining({ status: "PASS", message: expect.stringMatching(/3 VPCs, within the default quota of 300/) }));
    expect(calls.filter((c) => c.includes("route53:"))).toEqual([`${DNS} route53:GetHostedZone`, `${DNS} route53:GetHostedZoneLimit`]);
  });

  test("PF-EPS-002 warns for hub zones the service does not serve", async () => {
    const w = world();
    w.endpointServices[0].AvailabilityZoneIds = ["use1-az1"];
    answer(w);
    const { results } = await run(estate(), only("PF-EPS-002"));
    expect(resultOf(results, "PF-EPS-002", "vendor")).toEqual(expect.objectContaining({ status: "WARN", message: expect.stringMatching(/not offered in use1-az2/) }));
  });

  test("PF-SPK-005 warns for spoke zones the gateway does not serve", async () => {
    const w = world();
    w.subnets.push({ ...w.subnets.find((s) => s.VpcId === SPOKE_VPC)!, SubnetId: "subnet-0b000000000000009", AvailabilityZoneId: "use1-az3" });
    answer(w);
    const { results } = await run(estate(), only("PF-SPK-005"));
    expect(resultOf(results, "PF-SPK-005", SPOKE_VPC)).toEqual(expect.objectContaining({ status: "WARN", message: expect.stringMatching(/clients in use1-az3 are in zones the resource gateway does not serve/) }));
  });

  test("a check on a missing subnet or VPC is SKIP pointing at the check that reports it", async () => {
    const w = world();
    w.subnets = w.subnets.filter((s) => s.SubnetId !== SUBNET_A);
    w.vpcs = w.vpcs.filter((v) => v.VpcId !== SPOKE_VPC);
    answer(w);
    const { results } = await run(estate(), only("PF-HUB-003").concat(only("PF-SPK-002")));
    expect(resultOf(results, "PF-HUB-003", SUBNET_A)).toEqual(expect.objectContaining({ status: "SKIP", message: "the subnet does not exist (PF-HUB-001)" }));
    expect(resultOf(results, "PF-SPK-002", SPOKE_VPC)).toEqual(expect.objectContaining({ status: "SKIP", message: "the VPC does not exist (PF-SPK-001)" }));
  });

  test("checks of an account whose credentials are another account's are SKIP, not run there", async () => {
    const e = estate();
    const w = world();
    w.identities[e.hub.workspace.roleArn!] = OTHER;
    answer(w);
    const { results, calls } = await run(e, only("PF-HUB-001"));
    expect(results.length).toBe(2);
    for (const r of results) expect(r).toEqual(expect.objectContaining({ status: "SKIP", message: expect.stringMatching(/credentials are for account 999999999999, not 111111111111/) }));
    expect(calls.filter((c) => c.includes("ec2:"))).toEqual([]);
  });

  test("a workspace without a roleArn reads with the caller's own credentials, which must be its account's", async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: `ASIA${OTHER}`, AWS_SECRET_ACCESS_KEY: "secret" });
      delete process.env.AWS_PROFILE;
      answer(world());
      const { results, calls } = await run(estate((t) => { delete t.hub.roleArn; }), only("PF-ACC-001").concat(only("PF-HUB-001")));
      expect(resultOf(results, "PF-ACC-001", "default credentials")).toEqual(expect.objectContaining({
        status: "FAIL", message: expect.stringMatching(/credentials are for account 999999999999 .*not 111111111111: give the workspace a roleArn/),
      }));
      expect(calls.filter((c) => c.startsWith("111111111111 "))).toEqual(["111111111111 sts:GetCallerIdentity"]);
    } finally {
      process.env = saved;
    }
  });

  test("PF-SPK-004 only examines VPCs given security groups", async () => {
    answer(world());
    const { results } = await run(estate(), only("PF-SPK-004"));
    expect(results.map((r) => r.subject)).toEqual([SPOKE_VPC_SG]);
  });

  describe("endpoint-mode VPCs (access: endpoint)", () => {
    const e = () => estate(endpointAccess);

    test("PF-SPK-003 does not examine them (they join no service network); PF-SPK-001, -002 and -004 do", async () => {
      answer(world());
      const { results } = await run(e(), ["PF-SPK-001", "PF-SPK-002", "PF-SPK-003"].flatMap(only));
      expect(results.filter((r) => r.subject === ENDPOINT_VPC).map((r) => [r.check, r.status])).toEqual([["PF-SPK-001", "PASS"], ["PF-SPK-002", "PASS"]]);
      expect(results.filter((r) => r.check === "PF-SPK-003").map((r) => r.subject).sort()).toEqual([SPOKE_VPC, SPOKE_VPC_SG]);
      const sg = await run(estate((t) => { endpointAccess(t); delete t.spokes[0].vpcs[2].clientCidrs; t.spokes[0].vpcs[2].securityGroupIds = [SPOKE_SG_OTHER]; }), only("PF-SPK-004"));
      expect(resultOf(sg.results, "PF-SPK-004", ENDPOINT_VPC)).toEqual(expect.objectContaining({ status: "FAIL", message: expect.stringMatching(/sg-0b000000000000009 does not exist/) }));
    });

    test("the new checks examine no association-mode VPC, and none without endpoint-mode VPCs", async () => {
      answer(world());
      const { results } = await run(e(), ["PF-SPK-008", "PF-SPK-009", "PF-SPK-010"].flatMap(only));
      expect([...new Set(results.map((r) => r.subject))]).toEqual([ENDPOINT_VPC]);
      expect((await run(estate(), ["PF-SPK-008", "PF-SPK-009", "PF-SPK-010"].flatMap(only))).results).toEqual([]);
    });

    test("one ec2:DescribeSubnets call in the spoke account for every endpoint and resolver subnet", async () => {
      answer(world());
      const { calls } = await run(e(), ["PF-SPK-008", "PF-SPK-009", "PF-SPK-010"].flatMap(only));
      expect(calls.filter((c) => c === `${SPOKE} ec2:DescribeSubnets`)).toHaveLength(1);
      expect(mocks.ec2.commandCalls(DescribeSubnetsCommand).map((c) => c.args[0].input.Filters)).toContainEqual(
        [{ Name: "subnet-id", Values: [ENDPOINT_SUBNET_A, ENDPOINT_SUBNET_B] }]);
    });

    test("a missing subnet FAILs PF-SPK-008; PF-SPK-009 and -010 are SKIP naming it, never PASS", async () => {
      const w = world();
      w.subnets = w.subnets.filter((s) => s.SubnetId !== ENDPOINT_SUBNET_A);
      subnetOf(w, ENDPOINT_SUBNET_B).AvailabilityZoneId = "use1-az3";
      answer(w);
      const { results } = await run(e(), ["PF-SPK-008", "PF-SPK-009", "PF-SPK-010"].flatMap(only));
      expect(resultOf(results, "PF-SPK-008", ENDPOINT_VPC)).toEqual(expect.objectContaining({ status: "FAIL", message: expect.stringMatching(/^subnet-0b000000000000003 does not exist/) }));
      expect(resultOf(results, "PF-SPK-009", ENDPOINT_VPC)).toEqual(expect.objectContaining({ status: "SKIP", message: expect.stringMatching(/subnet-0b000000000000003 not in the VPC \(PF-SPK-008\)/) }));
      expect(resultOf(results, "PF-SPK-010", ENDPOINT_VPC)).toEqual(expect.objectContaining({ status: "SKIP", message: "subnet-0b000000000000003 not in the VPC (PF-SPK-008)" }));
    });

    test("a missing endpoint-mode VPC: PF-SPK-001 FAIL, the new checks SKIP naming it", async () => {
      const w = world();
      w.vpcs = w.vpcs.filter((v) => v.VpcId !== ENDPOINT_VPC);
      answer(w);
      const { results } = await run(e(), ["PF-SPK-001", "PF-SPK-008", "PF-SPK-009", "PF-SPK-010"].flatMap(only));
      expect(resultOf(results, "PF-SPK-001", ENDPOINT_VPC).status).toBe("FAIL");
      for (const id of ["PF-SPK-008", "PF-SPK-009", "PF-SPK-010"]) {
        expect(resultOf(results, id, ENDPOINT_VPC)).toEqual(expect.objectContaining({ status: "SKIP", message: "the VPC does not exist (PF-SPK-001)" }));
      }
    });

    test("PF-SPK-009 warns for endpoint subnets in zones the gateway does not serve", async () => {
      const w = world();
      subnetOf(w, ENDPOINT_SUBNET_B).AvailabilityZoneId = "use1-az3";
      answer(w);
      const { results } = await run(e(), only("PF-SPK-009"));
      expect(resultOf(results, "PF-SPK-009", ENDPOINT_VPC)).toEqual(expect.objectContaining({ status: "WARN", message: expect.stringMatching(/endpoint subnets in use1-az3 are in zones the resource gateway does not serve/) }));
    });

    test("PF-SPK-009 compares zone ids, not names: the same name in another account is another zone", async () => {
      const w = world();
      // The spoke account's us-east-1a is the hub's use1-az3, which the gateway does not serve.
      for (const id of [ENDPOINT_SUBNET_A, ENDPOINT_SUBNET_B]) Object.assign(subnetOf(w, id), { AvailabilityZone: "us-east-1a", AvailabilityZoneId: "use1-az3" });
      answer(w);
      const { results } = await run(e(), only("PF-SPK-009"));
      expect(resultOf(results, "PF-SPK-009", ENDPOINT_VPC).status).toBe("FAIL");
    });

    test("PF-SPK-009 is SKIP when the hub's subnets cannot be read", async () => {
      answer(world());
      mocks.ec2.on(DescribeSubnetsCommand, { Filters: [{ Name: "subnet-id", Values: [SUBNET_A, SUBNET_B] }] }).rejects(UNAUTHORIZED());
      const { results, calls } = await run(e(), only("PF-SPK-009"));
      expect(calls).toContain(`${HUB} ec2:DescribeSubnets`);
      expect(resultOf(results, "PF-SPK-009", ENDPOINT_VPC)).toEqual(expect.objectContaining({ status: "SKIP", message: expect.stringMatching(/^the hub's zones are unknown: access denied \(ec2:DescribeSubnets\)/) }));
    });
  });

  test("a hub with SUBNET_A only spans one zone: spokes in another zone FAIL PF-SPK-005", async () => {
    answer(world());
    const { results } = await run(estate((t) => { t.hub.subnetIds = [SUBNET_A]; }), only("PF-SPK-005"));
    expect(resultOf(results, "PF-SPK-005", SPOKE_VPC_SG)).toEqual(expect.objectContaining({ status: "FAIL" }));
    expect(resultOf(results, "PF-SPK-005", SPOKE_VPC)).toEqual(expect.objectContaining({ status: "PASS" }));
  });
});
