/**
 * The estate: the facts every workspace is built from, derived once from a validated topology. Each
 * expectation below is worked out by hand from `__tests__/fixtures/every-branch.yaml` (whose header
 * lists its branches), so a wrong derivation fails here by name, before any stack is synthesized.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { shortHash } from "../../config/aws-names";
import { estateOf, partitionOf, runRoles, type Estate } from "../../config/estate";
import { validateTopology } from "../../config/loader";
import { PROJECT_ROOT } from "../support/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;
const everyBranch = (): Data => parse(readFileSync(join(PROJECT_ROOT, "__tests__/fixtures/every-branch.yaml"), "utf8"));
const estate = (change: (t: Data) => void = () => {}): Estate => {
  const t = everyBranch();
  change(t);
  return estateOf(validateTopology(t).topology);
};

const [HUB, APPS, DNS, PARTNER] = ["111111111111", "222222222222", "333333333333", "555555555555"];
const CREATED = "vendor-a.example.net";
const ADOPTED = "privatelink.vendor-b.example.org";
const CREATION_VPC = "vpc-0c0000000000000c1";

describe("workspaces", () => {
  const e = estate();

  test("hub, dns, then one per spoke, each reading the outputs it needs", () => {
    expect(e.workspaces.map((w) => [w.kind, w.name, w.accountId, w.dependsOn, w.reads])).toEqual([
      ["hub", "hub", HUB, [], []],
      ["dns", "dns", DNS, ["hub"], ["hub"]],
      ["spoke", "spoke-hub-local", HUB, ["hub", "dns"], ["hub", "dns"]],
      ["spoke", "spoke-dns-local", DNS, ["hub", "dns"], ["hub", "dns"]],
      ["spoke", "spoke-apps-blue", APPS, ["hub", "dns"], ["hub", "dns"]],
      ["spoke", "spoke-apps-green", APPS, ["hub", "dns"], ["hub", "dns"]],
      ["spoke", "spoke-partner", PARTNER, ["hub", "dns"], ["hub", "dns"]],
    ]);
  });

  test("a workspace with a role assumes it, one without uses the caller's credentials; CloudTrail sees the workspace", () => {
    expect(e.workspaces.map((w) => [w.name, w.roleArn, w.assumesRole, w.externalId, w.providerAlias, w.sessionName])).toEqual([
      ["hub", `arn:aws:iam::${HUB}:role/deploy`, true, undefined, "hub", "lattice-endpoints-hub"],
      ["dns", `arn:aws:iam::${DNS}:role/deploy`, true, undefined, "dns", "lattice-endpoints-dns"],
      ["spoke-hub-local", `arn:aws:iam::${HUB}:role/deploy`, true, undefined, "spoke", "lattice-endpoints-spoke-hub-local"],
      ["spoke-dns-local", undefined, false, undefined, "spoke", "lattice-endpoints-spoke-dns-local"],
      ["spoke-apps-blue", `arn:aws:iam::${APPS}:role/deploy`, true, undefined, "spoke", "lattice-endpoints-spoke-apps-blue"],
      ["spoke-apps-green", `arn:aws:iam::${APPS}:role/deploy`, true, undefined, "spoke", "lattice-endpoints-spoke-apps-green"],
      ["spoke-partner", `arn:aws:iam::${PARTNER}:role/deploy`, true, undefined, "spoke", "lattice-endpoints-spoke-partner"],
    ]);
    expect(runRoles(e)).toEqual({});
  });

  test("the partition follows the Region; default tags are the topology's plus ManagedBy", () => {
    expect(e.partition).toBe("aws");
    expect(e.defaultTags).toEqual({ owner: "platform-team", ManagedBy: "lattice-endpoints/every-branch" });
    expect(e.spokeVpcCount).toBe(6);
  });
});

describe("hub", () => {
  test("shares with every spoke account but its own, once each, and allows external principals for the partner", () => {
    const { hub } = estate();
    expect(hub.sharePrincipals).toEqual([DNS, APPS, PARTNER]);
    expect(hub.allowExternalPrincipals).toBe(true);
    expect(hub.endpointIpAddressType).toBe("ipv4");
  });

  test("without a spoke outside the organization, no external principals and nobody accepts", () => {
    const e = estate((t) => { t.spokes = t.spokes.filter((s: Data) => s.name !== "partner"); });
    expect(e.hub.allowExternalPrincipals).toBe(false);
    expect(e.hub.sharePrincipals).toEqual([DNS, APPS]);
    expect(e.spokes.map((s) => s.acceptsShare)).toEqual([false, false, false, false]);
  });

  test("an IPV6 resource gateway gets IPv6 endpoints; DUALSTACK gets IPv4 ones", () => {
    expect(estate((t) => { t.hub.ipAddressType = "IPV6"; }).hub.endpointIpAddressType).toBe("ipv6");
    expect(estate((t) => { t.hub.ipAddressType = "DUALSTACK"; }).hub.endpointIpAddressType).toBe("ipv4");
  });

  test("names", () => {
    expect(estate().hub.names).toEqual({
      gatewaySecurityGroup: "every-branch-resource-gateway",
      resourceGateway: "every-branch-gateway",
      serviceNetwork: "every-branch",
      resourceShare: "every-branch-service-network",
      accessLogGroup: "/aws/vendedlogs/vpclattice/every-branch/resource-access",
    });
  });
});

test("endpoints: ports merged for the security group, names per endpoint", () => {
  expect(estate().endpoints).toEqual([
    {
      name: "vendor-a", renamedFrom: [], serviceName: "com.amazonaws.vpce.eu-central-1.vpce-svc-0a0000000000000a1",
      ports: ["443", "8443-8444", "8445"], portRanges: [{ from: 443, to: 443 }, { from: 8443, to: 8445 }],
      zone: CREATED, records: ["api", "*.app"],
      securityGroupName: "every-branch-vendor-a-endpoint", resourceConfigurationName: "every-branch-vendor-a",
    },
    {
      name: "vendor-b", renamedFrom: [], serviceName: "com.amazonaws.vpce.eu-central-1.vpce-svc-0b0000000000000b1",
      ports: ["5432"], portRanges: [{ from: 5432, to: 5432 }],
      zone: ADOPTED, records: ["db-1.eu-central-1"],
      securityGroupName: "every-branch-vendor-b-endpoint", resourceConfigurationName: "every-branch-vendor-b",
    },
  ]);
});

describe("spokes", () => {
  const e = estate();
  const spoke = (name: string) => e.spokes.find((s) => s.spoke.name === name)!;

  test("only the spoke outside the organization accepts the hub's share", () => {
    expect(e.spokes.map((s) => [s.spoke.name, s.acceptsShare])).toEqual([
      ["hub-local", false], ["dns-local", false], ["apps-blue", false], ["apps-green", false], ["partner", true],
    ]);
  });

  test("a client group per VPC given clientCidrs, admitting each CIDR on each merged port range of every endpoint", () => {
    expect(e.clientPortRanges).toEqual([{ from: 443, to: 443 }, { from: 5432, to: 5432 }, { from: 8443, to: 8445 }]);
    expect([...spoke("dns-local").clientGroupNames]).toEqual([
      ["vpc-0c0000000000000c2", "every-branch-dns-local-lattice-clients-vpc-0c0000000000000c2"],
    ]);
    expect(spoke("dns-local").clientNetworks).toEqual(["10.3.0.0/16", "2001:db8:3::/48"].flatMap((cidr) =>
      e.clientPortRanges.map((range) => ({ vpcId: "vpc-0c0000000000000c2", cidr, ipv6: cidr.includes(":"), range }))));
    expect(spoke("dns-local").clientNetworks.filter((n) => n.ipv6)).toHaveLength(3);
    expect(spoke("partner").clientGroupNames.size).toBe(0);
    expect(spoke("partner").clientNetworks).toEqual([]);
  });

  test("associations mode: no profile associations, no profile share to accept", () => {
    for (const s of e.spokes) {
      expect(s.profileAssociationNames.size).toBe(0);
      expect(s.acceptsProfileShare).toBe(false);
    }
  });
});

describe("dns, associations mode", () => {
  const { dns } = estate();
  const pair = (zone: string, vpcId: string, accountId: string, spoke: string) =>
    ({ key: `${zone}/${vpcId}`, zone, vpcId, accountId, spoke, needsAuthorization: accountId !== DNS });

  test("zones in order of first use; the adopted one keeps its id; created zones are made with the creation VPC", () => {
    expect(dns.mode).toBe("associations");
    expect(dns.zones).toEqual([CREATED, ADOPTED]);
    expect(dns.createdZones).toEqual([CREATED]);
    expect([...dns.adoptedZones]).toEqual([[ADOPTED, "Z0FAKEADOPTEDZONE01"]]);
    expect(dns.creationVpcId).toBe(CREATION_VPC);
    expect(dns.profile).toBeUndefined();
  });

  test("every spoke VPC with every zone, except the created zone with its own creation VPC", () => {
    expect(dns.zoneVpcs).toEqual([
      pair(CREATED, "vpc-0a0000000000000b1", HUB, "hub-local"),
      pair(ADOPTED, "vpc-0a0000000000000b1", HUB, "hub-local"),
      pair(CREATED, "vpc-0c0000000000000c2", DNS, "dns-local"),
      pair(ADOPTED, CREATION_VPC, DNS, "dns-local"),
      pair(ADOPTED, "vpc-0c0000000000000c2", DNS, "dns-local"),
      pair(CREATED, "vpc-0b0000000000000b1", APPS, "apps-blue"),
      pair(ADOPTED, "vpc-0b0000000000000b1", APPS, "apps-blue"),
      pair(CREATED, "vpc-0b0000000000000b2", APPS, "apps-green"),
      pair(ADOPTED, "vpc-0b0000000000000b2", APPS, "apps-green"),
      pair(CREATED, "vpc-0d0000000000000d1", PARTNER, "partner"),
      pair(ADOPTED, "vpc-0d0000000000000d1", PARTNER, "partner"),
    ]);
  });

  test("the Route 53 account authorizes the pairs of other accounts only", () => {
    expect(dns.authorizations.map((p) => p.key)).toEqual(dns.zoneVpcs.filter((p) => p.accountId !== DNS).map((p) => p.key));
    expect(dns.authorizations).toHaveLength(8);
  });

  test("VPCs per zone count the creation VPC of a created zone", () => {
    // Created: 5 spoke VPCs associated + the creation VPC; adopted: all 6 spoke VPCs.
    expect([...dns.vpcsPerZone]).toEqual([[CREATED, 6], [ADOPTED, 6]]);
    const adoptedOnly = estate((t) => { t.dns.zones[CREATED] = "Z0FAKEADOPTEDZONE02"; }).dns;
    expect(adoptedOnly.createdZones).toEqual([]);
    expect(adoptedOnly.creationVpcId).toBeUndefined();
    expect([...adoptedOnly.vpcsPerZone]).toEqual([[CREATED, 6], [ADOPTED, 6]]);
    expect(adoptedOnly.zoneVpcs).toHaveLength(12);
  });
});

describe("dns, profile mode", () => {
  const e = estate((t) => { t.dns.mode = "profile"; });

  test("one profile carries every zone, shared with every spoke account but the Route 53 account's", () => {
    expect(e.dns.zoneVpcs).toEqual([]);
    expect(e.dns.authorizations).toEqual([]);
    expect(e.dns.vpcsPerZone.size).toBe(0);
    expect(e.dns.profile).toEqual({
      name: "every-branch-endpoints",
      resourceShareName: "every-branch-route53-profile",
      zoneAssociationNames: new Map([
        [CREATED, `every-branch-vendor-a-example-net-${shortHash(`every-branch-${CREATED}`, 6)}`],
        [ADOPTED, `every-branch-privatelink-vendor-b-example-org-${shortHash(`every-branch-${ADOPTED}`, 6)}`],
      ]),
      sharePrincipals: [HUB, APPS, PARTNER],
      allowExternalPrincipals: true,
    });
  });

  test("each spoke VPC gets a profile association; the partner accepts the profile's share", () => {
    expect(e.spokes.map((s) => [s.spoke.name, [...s.profileAssociationNames], s.acceptsProfileShare, s.zoneVpcs])).toEqual([
      ["hub-local", [["vpc-0a0000000000000b1", "every-branch-vpc-0a0000000000000b1"]], false, []],
      ["dns-local", [[CREATION_VPC, `every-branch-${CREATION_VPC}`], ["vpc-0c0000000000000c2", "every-branch-vpc-0c0000000000000c2"]], false, []],
      ["apps-blue", [["vpc-0b0000000000000b1", "every-branch-vpc-0b0000000000000b1"]], false, []],
      ["apps-green", [["vpc-0b0000000000000b2", "every-branch-vpc-0b0000000000000b2"]], false, []],
      ["partner", [["vpc-0d0000000000000d1", "every-branch-vpc-0d0000000000000d1"]], true, []],
    ]);
  });
  test("a spoke outside the organization in the Route 53 account needs no share of the profile: it is the sharer's own account", () => {
    const inDnsAccount = estate((t) => {
      t.dns.mode = "profile";
      t.spokes = t.spokes.filter((s: Data) => s.name !== "partner");
      t.spokes.find((s: Data) => s.name === "dns-local").inOrganization = false;
    });
    // The hub (another account) shares with it as an external principal; the profile does not.
    expect([inDnsAccount.hub.allowExternalPrincipals, inDnsAccount.dns.profile!.allowExternalPrincipals]).toEqual([true, false]);
    expect(inDnsAccount.spokes.map((s) => [s.spoke.name, s.acceptsShare, s.acceptsProfileShare])).toEqual([
      ["hub-local", false, false], ["dns-local", true, false], ["apps-blue", false, false], ["apps-green", false, false],
    ]);
  });
});

test.each([
  ["us-east-1", "aws"], ["eu-central-1", "aws"], ["cn-north-1", "aws-cn"], ["cn-northwest-1", "aws-cn"],
  ["us-gov-west-1", "aws-us-gov"], ["us-iso-east-1", "aws-iso"], ["us-isob-east-1", "aws-iso-b"],
  ["eu-isoe-west-1", "aws-iso-e"], ["us-isof-south-1", "aws-iso-f"], ["ca-central-1", "aws"],
])("the partition of %s is %s", (region, partition) => {
  expect(partitionOf(region)).toBe(partition);
});

describe("a retiring spoke (retired: true)", () => {
  const retire = (...names: string[]) => estate((t) => {
    for (const s of t.spokes) if (names.includes(s.name)) s.retired = true;
  });

  test("keeps its workspace, reading nothing, and comes first: hub and dns apply after it", () => {
    const e = retire("partner", "apps-green");
    expect(e.workspaces.map((w) => [w.name, w.dependsOn, w.reads])).toEqual([
      ["spoke-apps-green", [], []],
      ["spoke-partner", [], []],
      ["hub", ["spoke-apps-green", "spoke-partner"], []],
      ["dns", ["hub", "spoke-apps-green", "spoke-partner"], ["hub"]],
      ["spoke-hub-local", ["hub", "dns"], ["hub", "dns"]],
      ["spoke-dns-local", ["hub", "dns"], ["hub", "dns"]],
      ["spoke-apps-blue", ["hub", "dns"], ["hub", "dns"]],
    ]);
  });

  test("has no facts: no VPCs, groups, rules, zone pairs or accepters; its account and VPCs leave the shares and zones", () => {
    const e = retire("partner");
    const partner = e.spokes.find((s) => s.spoke.name === "partner")!;
    expect([partner.retired, partner.vpcs, partner.clientNetworks, partner.zoneVpcs, partner.acceptsShare, partner.acceptsProfileShare])
      .toEqual([true, [], [], [], false, false]);
    expect(partner.workspace.roleArn).toBe(`arn:aws:iam::${PARTNER}:role/deploy`); // its apply still needs the role
    expect(e.hub.sharePrincipals).toEqual([DNS, APPS]);
    expect(e.hub.allowExternalPrincipals).toBe(false);
    expect(e.dns.zoneVpcs.some((p) => p.spoke === "partner")).toBe(false);
    expect(e.spokeVpcCount).toBe(5);
  });

  test("an account stays a principal while another of its spokes is active; its VPC may move to another spoke", () => {
    const e = estate((t) => {
      const green = t.spokes.find((s: Data) => s.name === "apps-green");
      green.retired = true;
      t.spokes.find((s: Data) => s.name === "apps-blue").vpcs.push({ ...green.vpcs[0] });
    });
    expect(e.hub.sharePrincipals).toContain(APPS);
    expect(e.spokes.find((s) => s.spoke.name === "apps-blue")!.vpcs.map((v) => v.vpcId)).toEqual(["vpc-0b0000000000000b1", "vpc-0b0000000000000b2"]);
  });

  test("in profile mode the profile's share drops its account too", () => {
    const e = estate((t) => {
      t.dns.mode = "profile";
      t.spokes.find((s: Data) => s.name === "partner").retired = true;
    });
    expect(e.dns.profile!.sharePrincipals).toEqual([HUB, APPS]);
    expect(e.dns.profile!.allowExternalPrincipals).toBe(false);
    expect(e.spokes.find((s) => s.spoke.name === "partner")!.profileAssociationNames.size).toBe(0);
  });
});
