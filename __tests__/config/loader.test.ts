import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { configFile, DEFAULT_CONFIG, parseTopology, TopologyError, validateTopology } from "../../config/loader";
import { PROJECT_ROOT } from "../support/synth";

const basic = () => parse(readFileSync(join(PROJECT_ROOT, "examples/basic.yaml"), "utf8"));

/** The TopologyError `load` throws; undefined when it accepts. */
function topologyError(load: () => unknown): TopologyError | undefined {
  try {
    load();
  } catch (e) {
    if (e instanceof TopologyError) return e;
    throw e;
  }
  return undefined;
}

/** The problems of the basic example after `mutate`, one line each. */
function problems(mutate: (t: any) => void): string[] {
  const t = basic();
  mutate(t);
  return [...(topologyError(() => validateTopology(t))?.lines ?? [])];
}

describe("a valid topology", () => {
  test("gets its defaults", () => {
    const { topology, warnings } = validateTopology(basic());
    expect(warnings).toEqual([]);
    expect(topology.protect).toBe(true);
    expect(topology.backend).toEqual({ type: "local" });
    expect(topology.hub).toMatchObject({ ipAddressType: "IPV4", logRetentionDays: 365 });
    expect(topology.dns).toMatchObject({ ttl: 300, zones: {}, mode: "associations" });
    expect(topology.quotas).toEqual({ vpcAssociationsPerServiceNetwork: 500, vpcsPerHostedZone: 300, vpcsPerRoute53Profile: 1000 });
    expect(topology.spokes[0].inOrganization).toBe(true);
  });

  test("an s3 key prefix loses its outer slashes; 48 tags are allowed", () => {
    const { topology } = validateTopology({ ...basic(), backend: { type: "s3", bucket: "my-state", keyPrefix: "/a/b/" }, tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, "v"])) });
    expect(topology.backend).toEqual({ type: "s3", bucket: "my-state", keyPrefix: "a/b" });
    const slashes = validateTopology({ ...basic(), backend: { type: "s3", bucket: "my-state", keyPrefix: "//a/b//" } }).topology;
    expect(slashes.backend).toEqual({ type: "s3", bucket: "my-state", keyPrefix: "a/b" });
    const port = validateTopology({ ...basic(), backend: { type: "cloud", organization: "acme", workspacePrefix: "x", hostname: "tfe.example.com:8443" } }).topology;
    expect(port.backend).toMatchObject({ hostname: "tfe.example.com:8443" });
  });

  test("normalizes DNS names and ports", () => {
    const { topology } = validateTopology({
      ...basic(),
      endpoints: [{
        name: "snowflake",
        serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        ports: [443, "08000-8100"],
        dns: { zone: "PrivateLink.Snowflakecomputing.com.", records: ["XY1.us-east-1", "xy2.privatelink.snowflakecomputing.com", "*.app"] },
      }],
    });
    expect(topology.endpoints[0].ports).toEqual(["443", "8000-8100"]);
    expect(topology.endpoints[0].dns).toEqual({ zone: "privatelink.snowflakecomputing.com", records: ["xy1.us-east-1", "xy2", "*.app"] });
  });

  // Spokes in the Route 53 account (333333333333) need no authorization: the zone quota is judged alone.
  const withSpokeVpcs = (n: number, extra: Record<string, unknown> = {}, account = "333333333333") => {
    const t = basic();
    t.spokes = Array.from({ length: n }, (_, i) => ({
      name: `s${i}`, accountId: account, roleArn: `arn:aws:iam::${account}:role/x`,
      vpcs: [{ vpcId: `vpc-${i.toString(16).padStart(17, "0")}`, securityGroupIds: ["sg-0a1b2c3d4e5f60718"] }],
    }));
    return { ...t, ...extra };
  };

  test("warns, without failing, at 80 % of a quota", () => {
    // 239 spoke VPCs + the zones' creation VPC = 240 = 80 % of 300 VPCs per hosted zone.
    expect(validateTopology(withSpokeVpcs(239)).warnings).toEqual([
      "quotas.vpcsPerHostedZone: 240 VPCs per private hosted zone are 80 % of the quota of 300",
    ]);
    expect(validateTopology(withSpokeVpcs(238)).warnings).toEqual([]);
  });

  test("past a quota, fails naming the quota, the count and the field to set", () => {
    expect(problems((t) => Object.assign(t, withSpokeVpcs(300)))).toEqual([
      "quotas.vpcsPerHostedZone: 301 VPCs per private hosted zone exceed the default quota of 300; raise it in Service Quotas, then set quotas.vpcsPerHostedZone",
    ]);
    // Raised: no error, no warning.
    expect(validateTopology(withSpokeVpcs(300, { quotas: { vpcsPerHostedZone: 1000 } })).warnings).toEqual([]);
    // Profile mode: the zone quota does not apply, the profile's does.
    const profile = withSpokeVpcs(501, { quotas: { vpcAssociationsPerServiceNetwork: 2000, vpcsPerRoute53Profile: 500 } });
    profile.dns = { ...profile.dns, mode: "profile" };
    expect(problems((t) => Object.assign(t, profile))).toEqual([
      "quotas.vpcsPerRoute53Profile: 501 spoke VPCs (associations of the Route 53 Profile) exceed the declared quota of 500; raise it in Service Quotas, then set quotas.vpcsPerRoute53Profile",
    ]);
    expect(problems((t) => Object.assign(t, withSpokeVpcs(501, { quotas: { vpcsPerHostedZone: 1000 } })))).toEqual([
      "quotas.vpcAssociationsPerServiceNetwork: 501 spoke VPCs (VPC associations of the service network) exceed the default quota of 500; raise it in Service Quotas, then set quotas.vpcAssociationsPerServiceNetwork",
    ]);
  });

  // Every refresh reads each authorization by listing all pages of its zone's authorizations (50 a page):
  // linear up to one page, quadratic past it, so past it associations mode is refused.
  describe("associations mode stays within one page of authorizations per zone", () => {
    const OTHER = "222222222222";
    const calls = (n: number) => n * Math.ceil(n / 50);

    test("up to 39 authorizations: nothing; 40 (80 % of a page): a warning on dns.mode", () => {
      expect(validateTopology(withSpokeVpcs(39, {}, OTHER)).warnings).toEqual([]);
      expect(validateTopology(withSpokeVpcs(40, {}, OTHER)).warnings).toEqual([
        "dns.mode: 40 spoke VPCs of other accounts are authorized in zone privatelink.snowflakecomputing.com; past 50 every refresh is quadratic and associations mode is refused: plan the switch to dns.mode: profile (docs/dns-modes.md)",
      ]);
      expect(validateTopology(withSpokeVpcs(50, {}, OTHER)).warnings).toHaveLength(1);
    });

    test("51: an error naming dns.mode, the zone, the calls per refresh and the way out", () => {
      expect(problems((t) => Object.assign(t, withSpokeVpcs(51, {}, OTHER)))).toEqual([
        `dns.mode: 51 spoke VPCs of other accounts are authorized in zone privatelink.snowflakecomputing.com, more than one page (50) of authorizations: every refresh of the dns workspace would list every page for each of them, ${calls(51)} Route 53 calls per refresh (N × ⌈N/50⌉ a zone), 21 s at 5 a second; set dns.mode: profile (deployed in associations mode: with dns.retiringMode: associations until every spoke has applied, docs/dns-modes.md)`,
      ]);
      // The same VPCs in the Route 53 account need no authorization: accepted.
      expect(validateTopology(withSpokeVpcs(51)).warnings).toEqual([]);
    });

    test("the calls count every zone; a large estate is told in hours", () => {
      const t = withSpokeVpcs(1000, { quotas: { vpcsPerHostedZone: 2000, vpcAssociationsPerServiceNetwork: 2000 } }, OTHER);
      t.endpoints = [t.endpoints[0], { ...t.endpoints[0], name: "other", dns: { zone: "other.example.com", records: ["api"] } }];
      expect(problems((x) => Object.assign(x, t))).toEqual([
        expect.stringContaining(`1000 spoke VPCs of other accounts are authorized in zone privatelink.snowflakecomputing.com, more than one page (50) of authorizations: every refresh of the dns workspace would list every page for each of them, ${(2 * calls(1000)).toLocaleString("en-US")} Route 53 calls per refresh (N × ⌈N/50⌉ a zone), 2.2 h at 5 a second;`),
      ]);
    });

    test("profile mode has no authorizations; leaving associations mode past a page warns on dns.retiringMode", () => {
      const profile = withSpokeVpcs(60, {}, OTHER);
      profile.dns = { ...profile.dns, mode: "profile" };
      expect(validateTopology(profile).warnings).toEqual([]);
      profile.dns = { ...profile.dns, retiringMode: "associations" };
      expect(validateTopology(profile).warnings).toEqual([
        `dns.retiringMode: 60 spoke VPCs of other accounts are authorized in zone privatelink.snowflakecomputing.com until associations mode is retired: ${calls(60)} Route 53 calls per refresh (N × ⌈N/50⌉ a zone), 24 s at 5 a second; remove dns.retiringMode once every spoke has applied`,
      ]);
    });
  });

  test("a quota is a whole number of at least 1", () => {
    expect(problems((t) => { t.quotas = { vpcsPerHostedZone: 0 }; })).toEqual(["quotas.vpcsPerHostedZone: must be at least 1"]);
    expect(problems((t) => { t.quotas = { vpcsPerHostedZone: 2.5 }; })).toEqual(["quotas.vpcsPerHostedZone: 2.5 is not a whole number"]);
    expect(problems((t) => { t.quotas = { vpcsPerZone: 1 }; })).toEqual(["quotas.vpcsPerZone: unknown key"]);
    expect(problems((t) => { t.dns.mode = "profiles"; })).toEqual(['dns.mode: "profiles" must be associations or profile']);
  });
});

describe("a bad topology is rejected with one line per problem naming the field and the rule", () => {
  const cases: [string, (t: any) => void, string][] = [
    ["required field", (t) => delete t.hub.vpcId, "hub.vpcId: is required"],
    ["type", (t) => (t.protect = "yes"), 'protect: must be a boolean, not "yes"'],
    ["name characters", (t) => (t.name = "Acme_Endpoints"), 'name: "Acme_Endpoints" must be 3–24 characters of a-z, 0-9 and -'],
    ["name length", (t) => (t.name = "a".repeat(25)), 'name: "aaaaaaaaaaaaaaaaaaaaaaaaa" must be 3–24 characters of a-z, 0-9 and -'],
    ["region", (t) => (t.region = "us-east"), 'region: "us-east" is not an AWS Region (e.g. us-east-1)'],
    ["12-digit account id", (t) => (t.hub.accountId = "11111111111"), 'hub.accountId: "11111111111" is not a 12-digit AWS account id'],
    ["account id as a YAML number", (t) => (t.dns.accountId = 333333333333), "dns.accountId: 333333333333 is a number; write the account id as a quoted 12-digit string (YAML drops leading zeros)"],
    ["vpc id shape", (t) => (t.hub.vpcId = "vpc-123"), 'hub.vpcId: "vpc-123" is not a VPC id (vpc- and 8 or 17 hex digits)'],
    ["subnet id shape", (t) => (t.hub.subnetIds[1] = "subnet-xyz"), 'hub.subnetIds[1]: "subnet-xyz" is not a subnet id (subnet- and 8 or 17 hex digits)'],
    ["security group id shape", (t) => (t.spokes[1].vpcs[0].securityGroupIds[0] = "sg-1"), 'spokes[1].vpcs[0].securityGroupIds[0]: "sg-1" is not a security group id (sg- and 8 or 17 hex digits)'],
    ["role ARN shape", (t) => (t.spokes[0].roleArn = "arn:aws:iam::222222222222:user/bob"), 'spokes[0].roleArn: "arn:aws:iam::222222222222:user/bob" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)'],
    ["role of another account", (t) => (t.hub.roleArn = "arn:aws:iam::999999999999:role/x"), "hub.roleArn: role of account 999999999999 cannot deploy into account 111111111111"],
    ["service name of the Region", (t) => (t.endpoints[0].serviceName = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"), 'endpoints[0].serviceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0" is not an endpoint service of us-east-1 (com.amazonaws.vpce.us-east-1.vpce-svc-…)'],
    ["port 0", (t) => (t.endpoints[0].ports = ["0"]), 'endpoints[0].ports[0]: "0" is not a port "N" or range "A-B" with 1 ≤ A ≤ B ≤ 65535'],
    ["port above 65535", (t) => (t.endpoints[0].ports = ["443", "99999"]), 'endpoints[0].ports[1]: "99999" is not a port "N" or range "A-B" with 1 ≤ A ≤ B ≤ 65535'],
    ["reversed range", (t) => (t.endpoints[0].ports = ["443-80"]), 'endpoints[0].ports[0]: "443-80" is not a port "N" or range "A-B" with 1 ≤ A ≤ B ≤ 65535'],
    ["overlapping ports", (t) => (t.endpoints[0].ports = ["8000-8100", "8050"]), 'endpoints[0].ports[1]: "8050" overlaps "8000-8100"'],
    ["no ports", (t) => (t.endpoints[0].ports = []), "endpoints[0].ports: needs at least 1 port entry"],
    ["unique endpoint names", (t) => t.endpoints.push({ ...t.endpoints[0], dns: { zone: "example.com", records: ["a"] } }), 'endpoints[1].name: duplicate endpoint name "snowflake" (also at endpoints[0])'],
    ["unique spoke names", (t) => (t.spokes[1].name = "payments"), 'spokes[1].name: duplicate spoke name "payments" (also at spokes[0])'],
    ["renamedFrom: not a current name", (t) => (t.spokes[1].renamedFrom = "payments"), 'spokes[1].renamedFrom: "payments" is the name of spokes[0]; a spoke cannot take over a name still in use'],
    ["renamedFrom: not its own name", (t) => (t.endpoints[0].renamedFrom = ["old", "snowflake"]), 'endpoints[0].renamedFrom[1]: "snowflake" is the endpoint\'s own name; renamedFrom names earlier ones'],
    ["renamedFrom: one owner per earlier name", (t) => { t.spokes[0].renamedFrom = "old"; t.spokes[1].renamedFrom = ["old"]; }, 'spokes[1].renamedFrom: "old" is already an earlier name of spokes[0]'],
    ["renamedFrom: a name or a list", (t) => (t.endpoints[0].renamedFrom = []), "endpoints[0].renamedFrom: needs at least 1 name"],
    ["renamedFrom: item names", (t) => (t.spokes[0].renamedFrom = "Old_Name"), 'spokes[0].renamedFrom: "Old_Name" must be 2–20 characters of a-z, 0-9 and -'],
    ["renamedFrom: not a number", (t) => (t.spokes[0].renamedFrom = 7), "spokes[0].renamedFrom: must be an earlier name or a list of them, oldest first"],
    ["an endpoint in service", (t) => (t.endpoints[0].retired = true), "endpoints: needs at least 1 endpoint that is not retired"],
    ["retiring subnets need a new gateway generation", (t) => (t.hub.retiringSubnetIds = ["subnet-0c1b2c3d4e5f60718"]), "hub.retiringSubnetIds: keeps the gateway of the generation before: raise gatewayGeneration (2 or more) for the new subnets' gateway"],
    ["one transition at a time", (t) => { t.hub.retiringSubnetIds = ["subnet-0c1b2c3d4e5f60718"]; t.hub.gatewayGeneration = 2; t.endpoints.push({ ...t.endpoints[0], name: "old", retired: true }); }, 'hub.retiringSubnetIds: one transition at a time: endpoint "old" is retired; delete it (or bring it back) before replacing the gateway'],
    ["gateway generation", (t) => (t.hub.gatewayGeneration = 0), "hub.gatewayGeneration: must be at least 1"],
    ["retiringMode is the mode before", (t) => (t.dns.retiringMode = "associations"), "dns.retiringMode: is the mode itself (associations); name the mode the spokes are leaving, or remove the field"],
    ["unique subnets", (t) => (t.hub.subnetIds[1] = t.hub.subnetIds[0]), 'hub.subnetIds[1]: duplicate subnet "subnet-0a1b2c3d4e5f60718" (also at hub.subnetIds[0])'],
    ["a VPC once across spokes", (t) => (t.spokes[1].vpcs[0].vpcId = t.spokes[0].vpcs[0].vpcId), 'spokes[1].vpcs[0].vpcId: vpc-0c1b2c3d4e5f60718 already appears in spoke "payments"; a VPC has one service-network association'],
    ["the hub VPC is no spoke", (t) => (t.spokes[0].vpcs[0].vpcId = t.hub.vpcId), "spokes[0].vpcs[0].vpcId: vpc-0a1b2c3d4e5f60718 is the hub VPC; it reaches the endpoints directly"],
    ["at most 5 security groups", (t) => (t.spokes[1].vpcs[0].securityGroupIds = Array.from({ length: 6 }, (_, i) => `sg-0a1b2c3d4e5f6071${i}`)), "spokes[1].vpcs[0].securityGroupIds: allows at most 5 security groups"],
    ["at least 1 security group", (t) => (t.spokes[1].vpcs[0].securityGroupIds = []), "spokes[1].vpcs[0].securityGroupIds: needs 1–5 security groups"],
    ["groups or CIDRs, not both", (t) => (t.spokes[0].vpcs[0].securityGroupIds = ["sg-0a1b2c3d4e5f60718"]), "spokes[0].vpcs[0]: give exactly one of clientCidrs (a security group is created) or securityGroupIds"],
    ["CIDR block", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["10.20.0.0/16", "10.0.0.0/8", "10.0.0.0/33"]), 'spokes[0].vpcs[0].clientCidrs[2]: "10.0.0.0/33" is not a CIDR block'],
    ["CIDR host bits", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["10.20.1.0/16"]), 'spokes[0].vpcs[0].clientCidrs[0]: "10.20.1.0/16" has host bits set; the network is 10.20.0.0/16'],
    ["no 0.0.0.0/0 clients", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["0.0.0.0/0"]), 'spokes[0].vpcs[0].clientCidrs[0]: "0.0.0.0/0" is the whole address space; name the client networks'],
    ["zone label length", (t) => (t.endpoints[0].dns.zone = `${"a".repeat(64)}.com`), `endpoints[0].dns.zone: "${"a".repeat(64)}.com" has the label "${"a".repeat(64)}" of 64 characters; a label has at most 63`],
    ["zone name length", (t) => (t.endpoints[0].dns.zone = Array(64).fill("abc").join(".")), 'endpoints[0].dns.zone: "abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc…" is 255 characters; a DNS name has at most 253'],
    ["zone characters", (t) => (t.endpoints[0].dns.zone = "bad zone.com"), 'endpoints[0].dns.zone: "bad zone.com" has the label "bad zone"; labels are letters, digits, "-" and "_"'],
    ["record at the apex", (t) => (t.endpoints[0].dns.records = ["@"]), 'endpoints[0].dns.records[0]: "@" is the zone apex; a CNAME cannot stand at the apex'],
    ["record name length", (t) => (t.endpoints[0].dns.records = [Array(60).fill("abc").join(".")]), 'endpoints[0].dns.records[0]: "abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc.abc…" makes a name of 274 characters; a DNS name has at most 253'],
    ["record label", (t) => (t.endpoints[0].dns.records = ["a..b"]), 'endpoints[0].dns.records[0]: "a..b" has an empty label'],
    ["records unique per zone", (t) => (t.endpoints[0].dns.records = ["xy", "XY.privatelink.snowflakecomputing.com"]), 'endpoints[0].dns.records[1]: "xy.privatelink.snowflakecomputing.com" is already a record of endpoint "snowflake"; names are unique per zone'],
    ["dns.vpcId to create a zone", (t) => delete t.dns.vpcId, "dns.vpcId: is required to create the private hosted zone(s) privatelink.snowflakecomputing.com (or adopt them in dns.zones)"],
    ["adopted zone id", (t) => (t.dns.zones = { "privatelink.snowflakecomputing.com": "zone-1" }), 'dns.zones["privatelink.snowflakecomputing.com"]: "zone-1" is not a Route 53 hosted zone id'],
    ["adopted zone unused", (t) => (t.dns.zones = { "example.com": "Z0123456789ABCDEFGHIJ" }), 'dns.zones["example.com"]: no endpoint uses this zone (dns.zone of an endpoint)'],
    ["share needs no accepter in the hub account", (t) => Object.assign(t.spokes[0], { accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/x", inOrganization: false }), "spokes[0].inOrganization: a spoke in the hub's account uses the service network without a share; remove inOrganization: false"],
    ["unknown key", (t) => (t.hub.subnetIDs = []), "hub.subnetIDs: unknown key"],
    ["unknown top-level key", (t) => (t.spoke = []), "spoke: unknown key"],
    ["backend type", (t) => (t.backend = { type: "gcs" }), "backend.type: must be local, s3 or cloud"],
    ["s3 bucket", (t) => (t.backend = { type: "s3" }), "backend.bucket: is required"],
    ["cloud organization", (t) => (t.backend = { type: "cloud", workspacePrefix: "x" }), "backend.organization: is required"],
    ["log retention", (t) => (t.hub.logRetentionDays = 100), "hub.logRetentionDays: 100 is not a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"],
    ["log retention under a year", (t) => (t.hub.logRetentionDays = 180), "hub.logRetentionDays: 180 days is under a year; access logs are kept at least 365 days (rule LAT007)"],
    ["one spoke per account outside the organization", (t) => {
      t.spokes[0].inOrganization = false;
      t.spokes[1] = { ...t.spokes[1], accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/x", inOrganization: false };
    }, 'spokes[1].accountId: account 222222222222 is outside the organization and already spoke "payments"; list all its VPCs in that one spoke'],
    ["ip address type", (t) => (t.hub.ipAddressType = "IPv4"), 'hub.ipAddressType: "IPv4" must be IPV4, IPV6 or DUALSTACK'],
    ["tag key", (t) => (t.tags = { "aws:owner": "x" }), 'tags["aws:owner"]: tag key "aws:owner" starts with "aws:" (in any case), which AWS reserves for its own tags'],
    ["at least one endpoint", (t) => (t.endpoints = []), "endpoints: needs at least 1 endpoint"],
    ["a fractional port", (t) => (t.endpoints[0].ports = [443.5]), 'endpoints[0].ports[0]: 443.5 is not a port "N" or range "A-B" with 1 ≤ A ≤ B ≤ 65535'],
    ["a port that is no number or string", (t) => (t.endpoints[0].ports = [true]), `endpoints[0].ports[0]: true is not a port entry ("N" or "A-B")`],
    ["too many tags", (t) => (t.tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]))), "tags: has 49 tags; AWS allows 50 per resource and lattice-endpoints sets ManagedBy and Name itself, so at most 48"],
    ["a tag value too long", (t) => (t.tags = { owner: "x".repeat(257) }), `tags.owner: tag value "${"x".repeat(79)}…" is 257 characters; AWS allows at most 256`],
    ["a tag key JavaScript reserves", (t) => (t.tags = JSON.parse('{"__proto__": "x"}')), 'tags.__proto__: "__proto__" cannot be a tag key: JavaScript reserves that name'],
    ["a zone name JavaScript reserves", (t) => (t.dns.zones = JSON.parse('{"__proto__": "Z0123456789ABCDEFGHIJ"}')), 'dns.zones.__proto__: "__proto__" cannot be a zone name: JavaScript reserves that name'],
    ["one zone adopted under two spellings", (t) => (t.dns.zones = { "PrivateLink.SnowflakeComputing.com": "Z0123456789ABCDEFGHIJ", "privatelink.snowflakecomputing.com.": "Z0123456789ABCDEFGHIJ" }),
      'dns.zones["privatelink.snowflakecomputing.com."]: "privatelink.snowflakecomputing.com." and "PrivateLink.SnowflakeComputing.com" are the same zone "privatelink.snowflakecomputing.com"; adopt it once'],
    ["s3 key prefix", (t) => (t.backend = { type: "s3", bucket: "my-state", keyPrefix: "a b" }), 'backend.keyPrefix: "a b" is not an S3 key prefix'],
    // Each message of the schema, whole (they survived mutation as untested wording).
    ["endpoint name", (t) => (t.endpoints[0].name = "Snow_Flake"), 'endpoints[0].name: "Snow_Flake" must be 2–20 characters of a-z, 0-9 and -'],
    ["IPv6 host bits", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["2001:db8:3::1/48"]), 'spokes[0].vpcs[0].clientCidrs[0]: "2001:db8:3::1/48" has host bits set; the network is 2001:db8:3::/48'],
    ["account id of another type", (t) => (t.hub.accountId = true), "hub.accountId: must be a string, not true"],
    ["s3 bucket name", (t) => (t.backend = { type: "s3", bucket: "My_Bucket" }), 'backend.bucket: "My_Bucket" is not an S3 bucket name'],
    ["s3 Region", (t) => (t.backend = { type: "s3", bucket: "my-state", region: "moon-1" }), 'backend.region: "moon-1" is not an AWS Region'],
    ["cloud organization name", (t) => (t.backend = { type: "cloud", organization: "acme corp", workspacePrefix: "x" }), 'backend.organization: "acme corp" is not an HCP Terraform organization name'],
    ["cloud workspace prefix", (t) => (t.backend = { type: "cloud", organization: "acme", workspacePrefix: "a b" }), 'backend.workspacePrefix: "a b" must be 1–60 characters of letters, digits, - and _'],
    ["cloud hostname, leading text", (t) => (t.backend = { type: "cloud", organization: "acme", workspacePrefix: "x", hostname: "x tfe.example.com" }), 'backend.hostname: "x tfe.example.com" is not a hostname'],
    ["cloud hostname, port", (t) => (t.backend = { type: "cloud", organization: "acme", workspacePrefix: "x", hostname: "tfe.example.com:80x" }), 'backend.hostname: "tfe.example.com:80x" is not a hostname'],
    ["log KMS key", (t) => (t.hub.logKmsKeyArn = "arn:aws:kms:us-east-1:111111111111:thing/x"), 'hub.logKmsKeyArn: "arn:aws:kms:us-east-1:111111111111:thing/x" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)'],
    // monitoring (docs/monitoring.md)
    ["monitoring topic shape", (t) => (t.monitoring = { topicArn: "arn:aws:sqs:us-east-1:111111111111:q" }), 'monitoring.topicArn: "arn:aws:sqs:us-east-1:111111111111:q" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic name>)'],
    ["monitoring topic of another Region", (t) => (t.monitoring = { topicArn: "arn:aws:sns:eu-west-1:111111111111:ops" }), 'monitoring.topicArn: "arn:aws:sns:eu-west-1:111111111111:ops" is a topic of eu-west-1 (aws); alarms of us-east-1 notify only a topic of us-east-1 (arn:aws:sns:us-east-1:…)'],
    ["monitoring topic of another partition", (t) => (t.monitoring = { topicArn: "arn:aws-cn:sns:us-east-1:111111111111:ops" }), 'monitoring.topicArn: "arn:aws-cn:sns:us-east-1:111111111111:ops" is a topic of us-east-1 (aws-cn); alarms of us-east-1 notify only a topic of us-east-1 (arn:aws:sns:us-east-1:…)'],
    ["monitoring key with a given topic", (t) => (t.monitoring = { topicArn: "arn:aws:sns:us-east-1:111111111111:ops", kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/k" }), "monitoring.kmsKeyArn: is only for the topic lattice-endpoints creates; the topic of topicArn keeps its own encryption"],
    ["monitoring key of another Region", (t) => (t.monitoring = { kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k" }), 'monitoring.kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k" is a key of eu-west-1; the topic of us-east-1 needs a key of us-east-1'],
    ["monitoring thresholds", (t) => (t.monitoring = { thresholds: { resetsPerMinute: -1 } }), "monitoring.thresholds.resetsPerMinute: must be at least 0"],
    ["monitoring breaching minutes", (t) => (t.monitoring = { thresholds: { evaluationMinutes: 2, breachingMinutes: 3 } }), "monitoring.thresholds.breachingMinutes: 3 minutes cannot breach within 2 evaluated (evaluationMinutes)"],
    ["monitoring unknown key", (t) => (t.monitoring = { topic: "x" }), "monitoring.topic: unknown key"],
    ["empty service name", (t) => (t.endpoints[0].serviceName = ""), "endpoints[0].serviceName: is required"],
    ["no records", (t) => (t.endpoints[0].dns.records = []), "endpoints[0].dns.records: needs at least 1 record"],
    ["no client CIDRs", (t) => (t.spokes[0].vpcs[0].clientCidrs = []), "spokes[0].vpcs[0].clientCidrs: needs at least 1 CIDR block"],
    ["no VPCs", (t) => (t.spokes[0].vpcs = []), "spokes[0].vpcs: needs at least 1 VPC"],
    ["a backend that is no object", (t) => (t.backend = "s3"), 'backend: must be an object, not "s3"'],
    ["cloud hostname", (t) => (t.backend = { type: "cloud", organization: "acme", workspacePrefix: "x", hostname: "TFE_bad" }), 'backend.hostname: "TFE_bad" is not a hostname'],
    ["negative TTL", (t) => (t.dns.ttl = -1), "dns.ttl: must be at least 0, not -1"],
    ["TTL beyond Route 53's", (t) => (t.dns.ttl = 2147483648), "dns.ttl: must be at most 2147483647, not 2147483648"],
    ["negative traffic", (t) => (t.traffic = { gbPerVpcEndpoint: -1 }), "traffic.gbPerVpcEndpoint: must be ≥ 0 GB a month"],
    ["IPv6 host bits", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["fd00::1/64"]), 'spokes[0].vpcs[0].clientCidrs[0]: "fd00::1/64" has host bits set; the network is fd00::/64'],
    ["no ::/0 clients", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["::/0"]), 'spokes[0].vpcs[0].clientCidrs[0]: "::/0" is the whole address space; name the client networks'],
    ["neither groups nor CIDRs", (t) => delete t.spokes[0].vpcs[0].clientCidrs, "spokes[0].vpcs[0]: give exactly one of clientCidrs (a security group is created) or securityGroupIds"],
    ["the Route 53 role of another account", (t) => (t.dns.roleArn = "arn:aws:iam::999999999999:role/x"), "dns.roleArn: role of account 999999999999 cannot deploy into account 333333333333"],
    // Ranges that share one port overlap, whichever comes first.
    ["ranges sharing their last port", (t) => (t.endpoints[0].ports = ["80-443", "443"]), 'endpoints[0].ports[1]: "443" overlaps "80-443"'],
    ["ranges sharing their first port", (t) => (t.endpoints[0].ports = ["443", "80-443"]), 'endpoints[0].ports[1]: "80-443" overlaps "443"'],
    ["the zone VPC is another account's spoke VPC", (t) => {
      t.spokes[0].vpcs.push({ vpcId: "vpc-0f1b2c3d4e5f60718", clientCidrs: ["10.21.0.0/16"] });
      t.dns.vpcId = "vpc-0f1b2c3d4e5f60718";
    }, 'dns.vpcId: vpc-0f1b2c3d4e5f60718 is a VPC of spoke "payments", in account 222222222222; zones are created with a VPC of the Route 53 account 333333333333'],
    ["dns.vpcId to create two zones", (t) => {
      delete t.dns.vpcId;
      t.endpoints.push({ ...t.endpoints[0], name: "atlas", dns: { zone: "mongodb.net", records: ["pl-0"] } });
    }, "dns.vpcId: is required to create the private hosted zone(s) privatelink.snowflakecomputing.com, mongodb.net (or adopt them in dns.zones)"],
    ["the zone VPC is the hub VPC", (t) => (t.dns.vpcId = t.hub.vpcId), "dns.vpcId: vpc-0a1b2c3d4e5f60718 is the hub VPC, in account 111111111111; zones are created with a VPC of the Route 53 account 333333333333"],
    ["a client CIDR twice", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["10.20.0.0/16", "10.20.0.0/16"]), 'spokes[0].vpcs[0].clientCidrs[1]: duplicate CIDR block "10.20.0.0/16" (also at spokes[0].vpcs[0].clientCidrs[0])'],
    ["a security group twice", (t) => (t.spokes[1].vpcs[0].securityGroupIds = ["sg-0a1b2c3d4e5f60718", "sg-0a1b2c3d4e5f60718"]), 'spokes[1].vpcs[0].securityGroupIds[1]: duplicate security group "sg-0a1b2c3d4e5f60718" (also at spokes[1].vpcs[0].securityGroupIds[0])'],
    ["a public client range wider than /16", (t) => (t.spokes[0].vpcs[0].clientCidrs = ["52.0.0.0/8"]), 'spokes[0].vpcs[0].clientCidrs[0]: "52.0.0.0/8" is a public range wider than /16; clients are networks of the VPC (rule LAT020)'],
    ["an account in and out of the organization", (t) => {
      t.spokes[1] = { ...t.spokes[1], accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/x", inOrganization: false };
    }, "spokes[1].inOrganization: account 222222222222 is in and out of the organization in different spokes"],
    ["at least one spoke", (t) => (t.spokes = []), "spokes: needs at least 1 spoke"],
  ];

  test.each(cases)("%s", (_rule, mutate, expected) => {
    // Exactly one line: the field, the rule, nothing else reported and no stack trace.
    expect(problems(mutate)).toEqual([expected]);
  });

  test("private client halves that cover IPv4 are one problem on the list", () => {
    expect(problems((t) => (t.spokes[0].vpcs[0].clientCidrs = ["0.0.0.0/1", "128.0.0.0/1"]))).toEqual([
      "spokes[0].vpcs[0].clientCidrs: together cover the whole IPv4 address space, as /0 would; name the client networks (rule LAT019)",
      'spokes[0].vpcs[0].clientCidrs[0]: "0.0.0.0/1" is a public range wider than /16; clients are networks of the VPC (rule LAT020)',
      'spokes[0].vpcs[0].clientCidrs[1]: "128.0.0.0/1" is a public range wider than /16; clients are networks of the VPC (rule LAT020)',
    ]);
  });

  test("adjacent port ranges do not overlap", () => {
    expect(problems((t) => (t.endpoints[0].ports = ["80-442", "443", "444-500"]))).toEqual([]);
  });

  test("two spokes in the hub's account outside the organization: each told to drop the flag, no share to accept", () => {
    expect(problems((t) => {
      for (const s of t.spokes) Object.assign(s, { accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/x", inOrganization: false });
    })).toEqual([0, 1].map((i) => `spokes[${i}].inOrganization: a spoke in the hub's account uses the service network without a share; remove inOrganization: false`));
  });

  test("more endpoints than the per-VPC quota is a warning, not an error", () => {
    const withEndpoints = (n: number) => {
      const t = basic();
      t.endpoints = Array.from({ length: n }, (_, i) => ({
        ...t.endpoints[0], name: `vendor-${i}`, dns: { zone: `v${i}.example.com`, records: ["api"] },
      }));
      return validateTopology(t).warnings;
    };
    expect(withEndpoints(50)).toEqual([]);
    expect(withEndpoints(51)).toEqual(["endpoints: 51 endpoints exceed the default quota of 50 interface endpoints per VPC"]);
  });

  test("every problem is reported at once", () => {
    const lines = problems((t) => {
      t.hub.accountId = "1";
      t.spokes[0].vpcs[0].clientCidrs = ["300.0.0.0/8"];
      t.endpoints[0].ports = ["0"];
    });
    expect(lines).toEqual([
      'hub.accountId: "1" is not a 12-digit AWS account id',
      'endpoints[0].ports[0]: "0" is not a port "N" or range "A-B" with 1 ≤ A ≤ B ≤ 65535',
      'spokes[0].vpcs[0].clientCidrs[0]: "300.0.0.0/8" is not a CIDR block',
    ]);
  });

  test("YAML syntax errors and duplicate keys name the line", () => {
    expect(() => parseTopology("name: a\nname: b\n", "t.yaml")).toThrow(/^t\.yaml:2:1: duplicate key "name" \(first at line 1\); keys must be unique$/);
    expect(() => parseTopology("{ not json", "t.json")).toThrow(/^t\.json:1:3: not valid JSON: not a JSON value$/);
  });
});

describe("what the file is", () => {
  const linesOf = (text: string, source: string) => [...(topologyError(() => parseTopology(text, source))?.lines ?? [])];

  test.each([
    ["", "t.yaml", "null"],
    ["# only a comment\n", "t.yaml", "null"],
    ["null", "t.json", "null"],
    ["- a\n", "t.yml", "an array"],
    ["[]", "t.json", "an array"],
    ["42", "t.json", "a number"],
    ["true", "t.json", "a boolean"],
    ["just text\n", "t.yaml", "a string"],
  ])("%j (%s) is %s, not a topology", (text, source, kind) => {
    expect(linesOf(text, source)).toEqual([`(topology): must be a mapping of the topology's fields (name, region, hub, …), not ${kind}`]);
  });

  test("JSON by the extension in any case; anything else is YAML", () => {
    // A trailing comma: YAML's flow mappings take it, JSON does not.
    expect(linesOf('{"name": "x",}', "t.JSON")).toEqual(["t.JSON:1:14: not valid JSON: a property name in double quotes is expected"]);
    expect(linesOf('{"name": "x",}', "t.yaml")).toContain("region: is required");
    expect(linesOf('{"name": "x",}', "topology")).toContain("region: is required");
  });

  test("a mapping of the user's keys that is not one is named as an object", () => {
    expect(problems((t) => (t.tags = ["owner"]))).toEqual(['tags: must be an object, not ["owner"]']);
    expect(problems((t) => (t.dns.zones = "Z0123456789ABCDEFGHIJ"))).toEqual(['dns.zones: must be an object, not "Z0123456789ABCDEFGHIJ"']);
  });

  test("the error carries its lines, as its message, and where they are", () => {
    const validated = topologyError(() => validateTopology({ ...basic(), name: "" }))!;
    expect(validated).toBeInstanceOf(TopologyError);
    expect(validated).toMatchObject({ name: "TopologyError", source: "the topology", lines: [validated.lines[0]] });
    const parsed = topologyError(() => parseTopology("name: a\nregion: us-east-1\n", "estate.yaml"))!;
    expect(parsed.source).toBe("estate.yaml");
    expect(parsed.lines.length).toBeGreaterThan(1);
    expect(parsed.message).toBe(parsed.lines.join("\n"));
  });

  test("LATTICE_CONFIG names the file; unset or empty, the bundled example", () => {
    expect(configFile({ LATTICE_CONFIG: "estate.yaml" })).toBe("estate.yaml");
    expect(configFile({ LATTICE_CONFIG: "" })).toBe(DEFAULT_CONFIG);
    expect(configFile({})).toBe("examples/basic.yaml");
  });
});
