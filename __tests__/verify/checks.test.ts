/**
 * Every verify check, with mocked SDK clients: a healthy applied estate passes every check in both
 * DNS modes, and an estate broken in each way the checks look for FAILs with a precise message.
 */
import { ListResourceGatewaysCommand } from "@aws-sdk/client-vpc-lattice";
import { GetResourceShareAssociationsCommand } from "@aws-sdk/client-ram";
import type { Estate } from "../../config/estate";
import { CHECKS } from "../../verify/checks";
import {
  ACCESS_DENIED, ADOPTED_ZONE, ADOPTED_ZONE_ID, answer, cname, CREATED_ZONE, CREATED_ZONE_ID, DNS, endpointAccess, estate, HUB, latticeNameOf, mocks,
  NETWORK_ARN, OTHER, PROFILE_ID, resultOf, run, SPOKE, SPOKE_SG, SPOKE_VPC, SPOKE_VPC_SG, verifyWorld, type VerifyWorld,
} from "./support/world";

const profileMode = (t: Record<string, any>) => { t.dns.mode = "profile"; };
const outside = (t: Record<string, any>) => { t.spokes[0].inOrganization = false; };

async function verifyWith(e: Estate, edit: (w: VerifyWorld, e: Estate) => void = () => undefined) {
  const w = verifyWorld(e);
  edit(w, e);
  answer(w);
  return (await run(e)).results;
}

describe.each([
  ["associations mode", () => estate()],
  ["profile mode", () => estate(profileMode)],
  ["outside the organization, profile mode", () => estate((t) => { profileMode(t); outside(t); })],
  ["with an endpoint-mode VPC", () => estate(endpointAccess)],
  ["with an endpoint-mode VPC, outside the organization, profile mode", () => estate((t) => { endpointAccess(t); profileMode(t); outside(t); })],
])("a healthy applied estate, %s", (_name, makeEstate) => {
  test("passes every check, and skips none", async () => {
    const results = await verifyWith(makeEstate());
    expect(results.filter((r) => r.status !== "PASS")).toEqual([]);
    expect(results.length).toBeGreaterThan(15);
  });
});

test("every check is planned for some estate of these tests", async () => {
  const e = estate((t) => { profileMode(t); outside(t); });
  const planned = new Set([
    ...(await verifyWith(e)).map((r) => r.check), ...(await verifyWith(estate())).map((r) => r.check),
    ...(await verifyWith(estate(endpointAccess))).map((r) => r.check),
  ]);
  expect([...planned].sort()).toEqual(CHECKS.map((c) => c.id).sort());
});

interface Broken {
  readonly name: string;
  readonly topology?: (t: Record<string, any>) => void;
  readonly world: (w: VerifyWorld, e: Estate) => void;
  readonly check: string;
  readonly subject: (e: Estate) => string;
  readonly account: string;
  readonly message: RegExp;
  readonly status?: "FAIL" | "WARN";
}

const BROKEN: Broken[] = [
  {
    name: "an endpoint is missing",
    world: (w) => { w.vpcEndpoints.pop(); },
    check: "VF-HUB-001", subject: () => "other", account: HUB,
    message: /^no interface endpoint to com\.amazonaws\.vpce\.us-east-1\.vpce-svc-0fedcba9876543210 tagged Name=unit-endpoints-other in vpc-0a000000000000001/,
  },
  {
    name: "the vendor has not accepted an endpoint",
    world: (w) => { w.vpcEndpoints[0].State = "PendingAcceptance"; },
    check: "VF-HUB-001", subject: () => "vendor", account: HUB,
    message: /^vpce-0000000000000000 is PendingAcceptance: the provider has not accepted the connection yet; ask the provider to accept it$/,
  },
  {
    name: "an endpoint of another product to the same service does not count",
    world: (w) => { w.vpcEndpoints[0].Tags = [{ Key: "ManagedBy", Value: "someone-else" }]; },
    check: "VF-HUB-001", subject: () => "vendor", account: HUB, message: /^no interface endpoint to /,
  },
  {
    name: "the resource gateway failed",
    world: (w) => { w.gateways[0].status = "CREATE_FAILED"; },
    check: "VF-HUB-002", subject: (e) => e.hub.names.resourceGateway, account: HUB,
    message: /^rgw-0123456789abcdef0 is CREATE_FAILED, not ACTIVE/,
  },
  {
    name: "a resource configuration is not active",
    world: (w) => { w.configurations[1].status = "UPDATE_FAILED"; },
    check: "VF-HUB-003", subject: () => "other", account: HUB,
    message: /^unit-endpoints-other \(rcfg-0other\) is UPDATE_FAILED, not ACTIVE$/,
  },
  {
    name: "the service network is gone",
    world: (w) => { w.networks = []; },
    check: "VF-HUB-004", subject: (e) => e.hub.names.serviceNetwork, account: HUB,
    message: /^no service network named unit-endpoints in account 111111111111/,
  },
  {
    name: "a resource association failed",
    world: (w) => { w.resourceAssociations[0].status = "CREATE_FAILED"; w.resourceAssociations[0].failureCode = "QuotaExceeded"; },
    check: "VF-HUB-005", subject: () => "vendor", account: HUB,
    message: /^the association snra-0vendor is CREATE_FAILED \(QuotaExceeded\), not ACTIVE$/,
  },
  {
    name: "a resource association has no DNS name",
    world: (w) => { delete w.resourceAssociations[1].dnsEntry; },
    check: "VF-HUB-005", subject: () => "other", account: HUB,
    message: /^the association snra-0other is ACTIVE but has no DNS name/,
  },
  {
    name: "no access-log subscription",
    world: (w) => { w.accessLogs = []; },
    check: "VF-HUB-006", subject: (e) => e.hub.names.serviceNetwork, account: HUB,
    message: /^no access-log subscription sends to \/aws\/vendedlogs\/vpclattice\/unit-endpoints\/resource-access/,
  },
  {
    name: "someone widened the share",
    world: (w) => { w.shares[0].principals.push(OTHER); },
    check: "VF-SHR-001", subject: (e) => e.hub.names.resourceShare, account: HUB,
    message: /^shared with 999999999999, which the topology does not name: remove it from the share/,
  },
  {
    name: "a spoke account is missing from the share",
    world: (w) => { w.shares[0].principals = []; },
    check: "VF-SHR-001", subject: (e) => e.hub.names.resourceShare, account: HUB,
    message: /^not shared with 222222222222: apply the hub workspace$/,
  },
  {
    name: "an untagged share of the same name is not the topology's",
    world: (w) => { w.shares[0].tags = {}; },
    check: "VF-SHR-001", subject: (e) => e.hub.names.resourceShare, account: HUB,
    message: /^no active resource share named unit-endpoints-service-network tagged as this topology's/,
  },
  {
    name: "a spoke outside the organization has not accepted",
    topology: outside,
    world: (w) => { w.shares[0].invitations[0].status = "PENDING"; },
    check: "VF-SHR-002", subject: (e) => e.hub.names.resourceShare, account: SPOKE,
    message: /^the invitation to the share of the service network is PENDING, not ACCEPTED: apply the spoke-payments workspace/,
  },
  {
    name: "someone widened the profile's share",
    topology: profileMode,
    world: (w) => { w.shares[1].principals.push(OTHER); },
    check: "VF-SHR-003", subject: (e) => e.dns.profile!.resourceShareName, account: DNS,
    message: /^shared with 999999999999, which the topology does not name/,
  },
  {
    name: "a spoke outside the organization has not accepted the profile's share",
    topology: (t) => { profileMode(t); outside(t); },
    world: (w) => { w.shares[1].invitations = []; },
    check: "VF-SHR-004", subject: (e) => e.dns.profile!.resourceShareName, account: SPOKE,
    message: /^account 222222222222 has no invitation to the share of the Route 53 Profile/,
  },
  {
    name: "a VPC association is stuck in CREATE_FAILED",
    world: (w) => { w.vpcAssociations[0].status = "CREATE_FAILED"; },
    check: "VF-SNA-001", subject: () => SPOKE_VPC, account: SPOKE,
    message: /^the association snva-00001 is CREATE_FAILED, not ACTIVE$/,
  },
  {
    name: "a VPC association has other security groups",
    world: (w) => { w.vpcAssociations[1].securityGroupIds = ["sg-0ffffffffffffffff"]; },
    check: "VF-SNA-001", subject: () => SPOKE_VPC_SG, account: SPOKE,
    message: new RegExp(`^snva-00002 has security groups sg-0ffffffffffffffff, not ${SPOKE_SG}: the clients it admits are not the topology's`),
  },
  {
    name: "a VPC is not associated",
    world: (w) => { w.vpcAssociations.shift(); },
    check: "VF-SNA-001", subject: () => SPOKE_VPC, account: SPOKE,
    message: /^not associated with unit-endpoints: apply the spoke-payments workspace$/,
  },
  {
    name: "a VPC of an account the topology does not have is associated",
    world: (w) => { w.vpcAssociations.push({ id: "snva-0rogue", vpcId: "vpc-0fe0000000000000f", createdBy: OTHER, status: "ACTIVE", serviceNetworkArn: NETWORK_ARN, securityGroupIds: [] }); },
    check: "VF-SNA-002", subject: (e) => e.hub.names.serviceNetwork, account: HUB,
    message: /^associated with vpc-0fe0000000000000f of account 999999999999, which the topology does not have: those VPCs reach every vendor/,
  },
  {
    name: "a retired spoke's VPC is still associated",
    topology: (t) => { t.spokes.push({ name: "gone", accountId: "555555555555", retired: true, vpcs: [{ vpcId: "vpc-0ee0000000000000e", clientCidrs: ["10.9.0.0/16"] }] }); },
    world: (w) => { w.vpcAssociations.push({ id: "snva-0old", vpcId: "vpc-0ee0000000000000e", createdBy: "555555555555", status: "ACTIVE", serviceNetworkArn: NETWORK_ARN, securityGroupIds: [] }); },
    check: "VF-SNA-002", subject: (e) => e.hub.names.serviceNetwork, account: HUB,
    message: /^associated with vpc-0ee0000000000000e of account 555555555555, which the topology does not have/,
  },
  {
    name: "an adopted zone id is wrong",
    world: (w) => { delete w.hostedZones[ADOPTED_ZONE_ID]; },
    check: "VF-DNS-001", subject: () => ADOPTED_ZONE, account: DNS,
    message: /^Z0123456789ABCDEFGHIJ is not a private zone named privatelink\.other\.example in account 333333333333: fix dns\.zones$/,
  },
  {
    name: "a record is stale (the resource configuration was replaced)",
    world: (w) => { w.records[CREATED_ZONE_ID] = [cname(`api.${CREATED_ZONE}`, "snra-0old.rcfg-0old.4232ccc.vpc-lattice-rsc.us-east-1.on.aws")]; },
    check: "VF-DNS-002", subject: () => `api.${CREATED_ZONE}`, account: DNS,
    message: new RegExp(`^api\\.privatelink\\.vendor\\.example is a CNAME to snra-0old\\.rcfg-0old\\.4232ccc\\.vpc-lattice-rsc\\.us-east-1\\.on\\.aws, not to ${latticeNameOf("vendor").replace(/\./g, "\\.")}, the live DNS name of vendor's resource association: the record is stale`),
  },
  {
    name: "a record's TTL drifted",
    status: "WARN",
    world: (w) => { w.records[ADOPTED_ZONE_ID] = [cname(`api.${ADOPTED_ZONE}`, latticeNameOf("other"), 60)]; },
    check: "VF-DNS-002", subject: () => `api.${ADOPTED_ZONE}`, account: DNS,
    message: /TTL 60, not the topology's 300/,
  },
  {
    name: "a spoke VPC is not associated with a zone",
    world: (w) => { w.zonesByVpc[SPOKE_VPC] = w.zonesByVpc[SPOKE_VPC].filter((z) => z.HostedZoneId !== ADOPTED_ZONE_ID); },
    check: "VF-DNS-003", subject: () => SPOKE_VPC, account: SPOKE,
    message: /^not associated with privatelink\.other\.example \(Z0123456789ABCDEFGHIJ\): the vendor names do not resolve/,
  },
  {
    name: "profile mode: a spoke VPC is not associated with the profile",
    topology: profileMode,
    world: (w) => { w.profileAssociations[SPOKE_VPC_SG] = [{ ProfileId: "rp-0landingzone", ResourceId: SPOKE_VPC_SG, Status: "COMPLETE" }]; },
    check: "VF-DNS-003", subject: () => SPOKE_VPC_SG, account: SPOKE,
    message: new RegExp(`^not associated with Route 53 Profile ${PROFILE_ID}, but with rp-0landingzone`),
  },
  {
    name: "profile mode: the profile does not carry a zone",
    topology: profileMode,
    world: (w) => { w.profileZones[PROFILE_ID] = [CREATED_ZONE_ID]; },
    check: "VF-DNS-004", subject: (e) => e.dns.profile!.name, account: DNS,
    message: new RegExp(`^${PROFILE_ID} does not carry privatelink\\.other\\.example \\(Z0123456789ABCDEFGHIJ\\): no spoke VPC resolves it`),
  },
  {
    name: "a stale record: the spoke VPC's answer is not the Lattice name",
    world: (w) => { w.records[ADOPTED_ZONE_ID] = [cname(`api.${ADOPTED_ZONE}`, "old.example")]; },
    check: "VF-DNS-005", subject: () => SPOKE_VPC, account: SPOKE,
    message: new RegExp(`^api\\.privatelink\\.other\\.example: CNAME to old\\.example, not to ${latticeNameOf("other").replace(/\./g, "\\.")}$`),
  },
  {
    name: "a more specific zone associated with the spoke VPC shadows the vendor zone",
    world: (w) => { w.zonesByVpc[SPOKE_VPC].push({ HostedZoneId: "Z0SHADOW", Name: `api.${CREATED_ZONE}.`, Owner: { OwningAccount: SPOKE } }); },
    check: "VF-DNS-005", subject: () => SPOKE_VPC, account: SPOKE,
    message: /^api\.privatelink\.vendor\.example: answered by api\.privatelink\.vendor\.example \(Z0SHADOW\), not by the topology's privatelink\.vendor\.example$/,
  },
  {
    name: "a landing zone's profile carries a zone of the vendor's domain (associations mode)",
    world: (w) => {
      w.profileAssociations[SPOKE_VPC_SG] = [{ ProfileId: "rp-0landingzone", ResourceId: SPOKE_VPC_SG, Status: "COMPLETE" }];
      w.profileZones["rp-0landingzone"] = ["Z0LZ"];
      w.hostedZones.Z0LZ = { name: `api.${ADOPTED_ZONE}.`, private: true };
    },
    check: "VF-DNS-005", subject: () => SPOKE_VPC_SG, account: SPOKE,
    message: /^api\.privatelink\.other\.example: answered by api\.privatelink\.other\.example \(Z0LZ, through Route 53 Profile rp-0landingzone\), not by the topology's privatelink\.other\.example$/,
  },
  {
    name: "a zone without the record: NXDOMAIN",
    world: (w) => { w.records[CREATED_ZONE_ID] = []; },
    check: "VF-DNS-005", subject: () => SPOKE_VPC_SG, account: SPOKE,
    message: new RegExp(`^api\\.privatelink\\.vendor\\.example: NXDOMAIN, privatelink\\.vendor\\.example \\(${CREATED_ZONE_ID}\\) has no record for it$`),
  },
  {
    name: "a spoke VPC associated with no zone resolves the names outside",
    world: (w) => { w.zonesByVpc[SPOKE_VPC_SG] = []; },
    check: "VF-DNS-005", subject: () => SPOKE_VPC_SG, account: SPOKE,
    message: /^api\.privatelink\.vendor\.example: no zone of this VPC answers it.*; api\.privatelink\.other\.example: no zone of this VPC answers it/,
  },
];

test.each(BROKEN.map((b) => [b.name, b]))("%s: %s", async (_name, b) => {
  const e = estate(b.topology);
  const results = await verifyWith(e, b.world);
  const result = resultOf(results, b.check, b.subject(e));
  expect(result).toEqual({ status: b.status ?? "FAIL", check: b.check, account: b.account, subject: b.subject(e), message: expect.stringMatching(b.message) });
  // The break is reported where it is: every other result of another check still passes, or names this one.
  const others = results.filter((r) => r.status !== "PASS" && r.check !== b.check);
  for (const r of others) expect([r.check, r.status, r.message]).toEqual([r.check, expect.stringMatching(/FAIL|SKIP/), expect.any(String)]);
});

test("a more specific zone answers even when it is the VPC's only other zone; the same name through a profile loses to the VPC's own", async () => {
  const e = estate();
  const results = await verifyWith(e, (w) => {
    // A landing zone's profile carrying a zone named like the vendor's: the VPC's own association wins.
    w.profileAssociations[SPOKE_VPC] = [{ ProfileId: "rp-0landingzone", ResourceId: SPOKE_VPC, Status: "COMPLETE" }];
    w.profileZones["rp-0landingzone"] = ["Z0LZSAME"];
    w.hostedZones.Z0LZSAME = { name: `${CREATED_ZONE}.`, private: true };
  });
  expect(resultOf(results, "VF-DNS-005", SPOKE_VPC).status).toBe("PASS");
});

describe("a check that cannot read is SKIP naming the action, never PASS", () => {
  test("access denied", async () => {
    const e = estate();
    answer(verifyWorld(e));
    mocks.lattice.on(ListResourceGatewaysCommand).rejects(ACCESS_DENIED());
    mocks.ram.on(GetResourceShareAssociationsCommand).rejects(ACCESS_DENIED());
    const { results } = await run(e);
    expect(resultOf(results, "VF-HUB-002", e.hub.names.resourceGateway)).toEqual(expect.objectContaining({
      status: "SKIP", message: expect.stringMatching(/^access denied \(vpc-lattice:ListResourceGateways\)/),
    }));
    expect(resultOf(results, "VF-SHR-001", e.hub.names.resourceShare)).toEqual(expect.objectContaining({
      status: "SKIP", message: expect.stringMatching(/^access denied \(ram:GetResourceShareAssociations\)/),
    }));
  });

  test("a missing fact is SKIP naming the check that reports it", async () => {
    const e = estate();
    const results = await verifyWith(e, (w) => { w.networks = []; });
    expect(resultOf(results, "VF-HUB-005", "vendor")).toEqual(expect.objectContaining({
      status: "SKIP", message: "the service network unit-endpoints does not exist (VF-HUB-004)",
    }));
    expect(resultOf(results, "VF-DNS-005", SPOKE_VPC)).toEqual(expect.objectContaining({ status: "SKIP", message: expect.stringMatching(/\(VF-HUB-004\)$/) }));
  });

  test("credentials of another account: VF-ACC-001 fails, and the account's other checks SKIP naming it", async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: `ASIA${OTHER}`, AWS_SECRET_ACCESS_KEY: "secret" });
      delete process.env.AWS_PROFILE;
      const e = estate((t) => { delete t.dns.roleArn; });
      const results = await verifyWith(e);
      expect(resultOf(results, "VF-ACC-001", "default credentials").status).toBe("FAIL");
      expect(resultOf(results, "VF-DNS-001", CREATED_ZONE)).toEqual(expect.objectContaining({
        status: "SKIP", message: "the credentials are for account 999999999999, not 333333333333 (VF-ACC-001)",
      }));
    } finally {
      process.env = saved;
    }
  });
});
