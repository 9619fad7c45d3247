/**
 * Endpoint-mode VPCs (verify/checks/endpoint-access.ts) on examples/endpoint-access.yaml: a healthy
 * applied estate passes every check, in both DNS modes; each way an endpoint-mode VPC breaks FAILs
 * with a precise line in VF-EPA-001 or VF-EPA-002; the other checks leave endpoint-mode VPCs out,
 * and VF-SNA-002 names one that is associated with the service network.
 */
import { DescribeVpcEndpointsCommand } from "@aws-sdk/client-ec2";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { estateOf, type Estate } from "../../config/estate";
import { validateTopology } from "../../config/loader";
import { ENDPOINT_ACCESS_CHECKS } from "../../verify/checks/endpoint-access";
import {
  answer, cname, configurationArnOf, ENDPOINT_CLIENT_SG, HUB, mocks, NETWORK_ARN, resourceEndpointNameOf, resultOf, run, spokeZoneIdOf,
  verifyWorld, type VerifyWorld,
} from "./support/world";

const PAYMENTS = "222222222222";
const PLATFORM = "444444444444";
const DNS_ACCOUNT = "333333333333";
/** payments' association-mode VPC, its endpoint-mode VPC, and platform's endpoint-mode VPC (given sg-0a1b2c3d4e5f60718). */
const ASSOCIATED_VPC = "vpc-0c1b2c3d4e5f60718";
const PAYMENTS_VPC = "vpc-0d1b2c3d4e5f60718";
const PLATFORM_VPC = "vpc-0e1b2c3d4e5f60718";
const PLATFORM_SG = "sg-0a1b2c3d4e5f60718";
const SNOWFLAKE_ZONE = "privatelink.snowflakecomputing.com";
const SNOWFLAKE_HOST = `gx12345.us-east-1.${SNOWFLAKE_ZONE}`;
const SNOWFLAKE_APP_HOST = `gx12345-app.us-east-1.${SNOWFLAKE_ZONE}`;
const MONGODB_HOST = "pl-0-us-east-1.gxab1.mongodb.net";
/** The world's resource endpoints, in the order of the spokes' endpoints, and the spoke zones likewise. */
const VPCE = { paymentsSnowflake: "vpce-0e000000000000001", paymentsMongo: "vpce-0e000000000000002", platformSnowflake: "vpce-0e000000000000003" };
const PAYMENTS_SNOWFLAKE_ZONE_ID = spokeZoneIdOf(0);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function example(edit: (t: Record<string, any>) => void = () => undefined): Estate {
  const t = parse(readFileSync(join(__dirname, "../../examples/endpoint-access.yaml"), "utf8")) as Record<string, any>;
  edit(t);
  return estateOf(validateTopology(t).topology);
}

const profileMode = (t: Record<string, any>) => { t.dns.mode = "profile"; };

async function verifyWith(e: Estate, edit: (w: VerifyWorld, e: Estate) => void = () => undefined) {
  const w = verifyWorld(e);
  edit(w, e);
  answer(w);
  return run(e);
}

const endpointOf = (w: VerifyWorld, id: string) => w.vpcEndpoints.find((v) => v.VpcEndpointId === id)!;

describe.each([
  ["associations mode", () => example()],
  ["profile mode", () => example(profileMode)],
])("examples/endpoint-access.yaml, healthy, %s", (_name, makeEstate) => {
  test("every check passes, and the endpoint-mode VPCs are judged by VF-EPA-001 and VF-EPA-002 only", async () => {
    const { results } = await verifyWith(makeEstate());
    expect(results.filter((r) => r.status !== "PASS")).toEqual([]);
    const ofVpc = (vpc: string) => results.filter((r) => r.subject.includes(vpc)).map((r) => `${r.check} ${r.account} ${r.subject}`);
    expect(ofVpc(PAYMENTS_VPC)).toEqual([
      `VF-EPA-001 ${PAYMENTS} mongodb-atlas/${PAYMENTS_VPC}`,
      `VF-EPA-001 ${PAYMENTS} snowflake/${PAYMENTS_VPC}`,
      `VF-EPA-002 ${PAYMENTS} ${PAYMENTS_VPC}`,
    ]);
    expect(ofVpc(PLATFORM_VPC)).toEqual([
      `VF-EPA-001 ${PLATFORM} mongodb-atlas/${PLATFORM_VPC}`,
      `VF-EPA-001 ${PLATFORM} snowflake/${PLATFORM_VPC}`,
      `VF-EPA-002 ${PLATFORM} ${PLATFORM_VPC}`,
    ]);
    expect(resultOf(results, "VF-EPA-001", `snowflake/${PAYMENTS_VPC}`).message)
      .toBe(`${VPCE.paymentsSnowflake} is available, on globex-endpoints-snowflake, with ${ENDPOINT_CLIENT_SG}`);
    expect(resultOf(results, "VF-EPA-001", `snowflake/${PLATFORM_VPC}`).message)
      .toBe(`${VPCE.platformSnowflake} is available, on globex-endpoints-snowflake, with ${PLATFORM_SG}`);
    expect(resultOf(results, "VF-EPA-002", PAYMENTS_VPC).message).toBe("every vendor hostname (3) resolves to this VPC's own resource endpoints");
  });
});

test("one DescribeVpcEndpoints per endpoint-mode VPC, as its spoke; a spoke of given groups reads no security group", async () => {
  const { calls } = await verifyWith(example());
  const count = (account: string, action: string) => calls.filter((c) => c === `${account} ${action}`).length;
  expect(count(PAYMENTS, "ec2:DescribeVpcEndpoints")).toBe(1);
  expect(count(PLATFORM, "ec2:DescribeVpcEndpoints")).toBe(1);
  expect(count(PLATFORM, "ec2:DescribeSecurityGroups")).toBe(0);
  // The spoke zones' records are read as the spoke, the configurations as the hub.
  expect(count(PLATFORM, "route53:ListResourceRecordSets")).toBe(2);
  expect(count(HUB, "vpc-lattice:ListResourceConfigurations")).toBe(1);
  // Filtered on the VPC and the type, as docs/verify.md says (the fake world honours every filter).
  const filters = mocks.ec2.commandCalls(DescribeVpcEndpointsCommand).map((c) => c.args[0].input.Filters)
    .filter((f) => f?.some((x) => x.Name === "vpc-endpoint-type"));
  expect(filters).toEqual(expect.arrayContaining([[{ Name: "vpc-id", Values: [PLATFORM_VPC] }, { Name: "vpc-endpoint-type", Values: ["Resource"] }]]));
  expect(filters).toHaveLength(2);
});

interface Broken {
  readonly name: string;
  readonly world: (w: VerifyWorld, e: Estate) => void;
  readonly check: string;
  readonly subject: string;
  readonly account: string;
  readonly message: RegExp;
}

const BROKEN: Broken[] = [
  {
    name: "a resource endpoint is missing",
    world: (w) => { w.vpcEndpoints = w.vpcEndpoints.filter((v) => v.VpcEndpointId !== VPCE.paymentsSnowflake); },
    check: "VF-EPA-001", subject: `snowflake/${PAYMENTS_VPC}`, account: PAYMENTS,
    message: new RegExp(`^no VPC endpoint of type Resource tagged Name=snowflake/${PAYMENTS_VPC} in ${PAYMENTS_VPC}: apply the spoke-payments workspace$`),
  },
  {
    name: "an endpoint of the same name that is not this topology's (ManagedBy) does not count",
    world: (w) => { endpointOf(w, VPCE.paymentsSnowflake).Tags = [{ Key: "Name", Value: `snowflake/${PAYMENTS_VPC}` }]; },
    check: "VF-EPA-001", subject: `snowflake/${PAYMENTS_VPC}`, account: PAYMENTS,
    message: /^no VPC endpoint of type Resource tagged Name=snowflake\//,
  },
  {
    name: "a resource endpoint points at another resource configuration",
    world: (w, e) => { endpointOf(w, VPCE.paymentsSnowflake).ResourceConfigurationArn = configurationArnOf(e, "mongodb-atlas"); },
    check: "VF-EPA-001", subject: `snowflake/${PAYMENTS_VPC}`, account: PAYMENTS,
    message: new RegExp(`^${VPCE.paymentsSnowflake} targets ${escape(configurationArnOf(example(), "mongodb-atlas"))} \\(globex-endpoints-mongodb-atlas\\), ` +
      `not ${escape(configurationArnOf(example(), "snowflake"))}, the hub's resource configuration globex-endpoints-snowflake; apply the spoke-payments workspace$`),
  },
  {
    name: "a resource endpoint points at a configuration the hub does not have (replaced)",
    world: (w) => { endpointOf(w, VPCE.platformSnowflake).ResourceConfigurationArn = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0old"; },
    check: "VF-EPA-001", subject: `snowflake/${PLATFORM_VPC}`, account: PLATFORM,
    message: /^vpce-0e000000000000003 targets arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration\/rcfg-0old, not .*rcfg-0snowflake, the hub's resource configuration globex-endpoints-snowflake; apply the spoke-platform workspace$/,
  },
  {
    name: "a resource endpoint failed",
    world: (w) => { Object.assign(endpointOf(w, VPCE.paymentsMongo), { State: "Failed", FailureReason: "resource configuration not shared" }); },
    check: "VF-EPA-001", subject: `mongodb-atlas/${PAYMENTS_VPC}`, account: PAYMENTS,
    message: /^vpce-0e000000000000002 is Failed \(resource configuration not shared\): its creation failed; apply the spoke-payments workspace$/,
  },
  {
    name: "a resource endpoint has other security groups than the created client group",
    world: (w) => { endpointOf(w, VPCE.paymentsSnowflake).Groups = [{ GroupId: "sg-0ffffffffffffffff" }]; },
    check: "VF-EPA-001", subject: `snowflake/${PAYMENTS_VPC}`, account: PAYMENTS,
    message: new RegExp(`^${VPCE.paymentsSnowflake} has security groups sg-0ffffffffffffffff, not ${ENDPOINT_CLIENT_SG}: the clients it admits are not the topology's; apply the spoke-payments workspace$`),
  },
  {
    name: "a resource endpoint has other security groups than the given ones",
    world: (w) => { endpointOf(w, VPCE.platformSnowflake).Groups = [{ GroupId: PLATFORM_SG }, { GroupId: "sg-0ffffffffffffffff" }]; },
    check: "VF-EPA-001", subject: `snowflake/${PLATFORM_VPC}`, account: PLATFORM,
    message: new RegExp(`^${VPCE.platformSnowflake} has security groups ${PLATFORM_SG} and sg-0ffffffffffffffff, not ${PLATFORM_SG}: `),
  },
  {
    name: "a spoke record points at another VPC's endpoint",
    world: (w) => { w.records[PAYMENTS_SNOWFLAKE_ZONE_ID][0] = cname(SNOWFLAKE_HOST, resourceEndpointNameOf(VPCE.platformSnowflake)); },
    check: "VF-EPA-002", subject: PAYMENTS_VPC, account: PAYMENTS,
    message: new RegExp(`^${escape(SNOWFLAKE_HOST)}: CNAME to ${escape(resourceEndpointNameOf(VPCE.platformSnowflake))}, ` +
      `not to ${escape(resourceEndpointNameOf(VPCE.paymentsSnowflake))}, the DNS name of ${VPCE.paymentsSnowflake} \\(snowflake/${PAYMENTS_VPC}\\): ` +
      "apply the spoke-payments workspace$"),
  },
  {
    name: "a zone of another account (the dns account's) decides instead of the spoke's own",
    world: (w) => {
      w.zonesByVpc[PAYMENTS_VPC] = w.zonesByVpc[PAYMENTS_VPC].map((z) => z.HostedZoneId === PAYMENTS_SNOWFLAKE_ZONE_ID
        ? { HostedZoneId: "Z0CREATED0000000000001", Name: `${SNOWFLAKE_ZONE}.`, Owner: { OwningAccount: DNS_ACCOUNT } } : z);
    },
    check: "VF-EPA-002", subject: PAYMENTS_VPC, account: PAYMENTS,
    message: new RegExp(`^${escape(SNOWFLAKE_HOST)}: answered by ${escape(SNOWFLAKE_ZONE)} \\(Z0CREATED0000000000001\\), owned by ${DNS_ACCOUNT}, ` +
      `not by account ${PAYMENTS}'s own zone ${escape(SNOWFLAKE_ZONE)}: disassociate it from the VPC, then apply the spoke-payments workspace; ` +
      `${escape(SNOWFLAKE_APP_HOST)}: answered by `),
  },
  {
    name: "a more specific zone of the spoke's account shadows the vendor zone",
    world: (w) => { w.zonesByVpc[PLATFORM_VPC].push({ HostedZoneId: "Z0SHADOW", Name: `gxab1.mongodb.net.`, Owner: { OwningAccount: PLATFORM } }); },
    check: "VF-EPA-002", subject: PLATFORM_VPC, account: PLATFORM,
    message: new RegExp(`^${escape(MONGODB_HOST)}: answered by gxab1\\.mongodb\\.net \\(Z0SHADOW\\), owned by ${PLATFORM}, not by account ${PLATFORM}'s own zone mongodb\\.net`),
  },
  {
    name: "a landing zone's Route 53 Profile carries a more specific zone",
    world: (w) => {
      w.profileAssociations[PLATFORM_VPC] = [{ ProfileId: "rp-0landingzone", ResourceId: PLATFORM_VPC, Status: "COMPLETE" }];
      w.profileZones["rp-0landingzone"] = ["Z0LZ"];
      w.hostedZones.Z0LZ = { name: `${SNOWFLAKE_APP_HOST}.`, private: true };
    },
    check: "VF-EPA-002", subject: PLATFORM_VPC, account: PLATFORM,
    message: new RegExp(`^${escape(SNOWFLAKE_APP_HOST)}: answered by ${escape(SNOWFLAKE_APP_HOST)} \\(Z0LZ, through Route 53 Profile rp-0landingzone\\), owned by another account`),
  },
  {
    name: "the spoke zone has no record for a hostname: NXDOMAIN",
    world: (w) => { w.records[PAYMENTS_SNOWFLAKE_ZONE_ID] = w.records[PAYMENTS_SNOWFLAKE_ZONE_ID].slice(1); },
    check: "VF-EPA-002", subject: PAYMENTS_VPC, account: PAYMENTS,
    message: new RegExp(`^${escape(SNOWFLAKE_HOST)}: NXDOMAIN, ${escape(SNOWFLAKE_ZONE)} \\(${PAYMENTS_SNOWFLAKE_ZONE_ID}\\) has no record for it: apply the spoke-payments workspace$`),
  },
  {
    name: "the VPC has no zone of the vendor domain",
    world: (w) => { w.zonesByVpc[PLATFORM_VPC] = w.zonesByVpc[PLATFORM_VPC].filter((z) => z.Name !== "mongodb.net."); },
    check: "VF-EPA-002", subject: PLATFORM_VPC, account: PLATFORM,
    message: new RegExp(`^${escape(MONGODB_HOST)}: no zone of this VPC answers it, so it resolves outside \\(no zone mongodb\\.net of account ${PLATFORM}: apply the spoke-platform workspace\\)$`),
  },
  {
    name: "an endpoint-mode VPC is associated with the service network",
    world: (w) => { w.vpcAssociations.push({ id: "snva-0epa", vpcId: PAYMENTS_VPC, createdBy: PAYMENTS, status: "ACTIVE", serviceNetworkArn: NETWORK_ARN, securityGroupIds: [] }); },
    check: "VF-SNA-002", subject: "globex-endpoints", account: HUB,
    message: new RegExp(`^associated with ${PAYMENTS_VPC} of account ${PAYMENTS}, which the topology gives access: endpoint: disassociate it ` +
      `\\(after a switch from association mode, apply the spoke-payments workspace\\)$`),
  },
];

test.each(BROKEN.map((b) => [b.name, b]))("%s", async (_name, b) => {
  const e = example();
  const { results } = await verifyWith(e, b.world);
  expect(resultOf(results, b.check, b.subject)).toEqual({ status: "FAIL", check: b.check, account: b.account, subject: b.subject, message: expect.stringMatching(b.message) });
  // The break is reported where it is: every other result of another check still passes, or is a SKIP naming it.
  const others = results.filter((r) => r.status !== "PASS" && !(r.check === b.check && r.subject === b.subject));
  for (const r of others) expect([r.check, r.status, r.message]).toEqual([r.check, "SKIP", expect.stringContaining(`(${b.check})`)]);
});

test("a missing resource endpoint: VF-EPA-002 of its VPC is SKIP naming VF-EPA-001, the other VPC's passes", async () => {
  const { results } = await verifyWith(example(), (w) => { w.vpcEndpoints = w.vpcEndpoints.filter((v) => v.VpcEndpointId !== VPCE.paymentsMongo); });
  expect(resultOf(results, "VF-EPA-002", PAYMENTS_VPC)).toEqual(expect.objectContaining({
    status: "SKIP", message: `the resource endpoint mongodb-atlas/${PAYMENTS_VPC} does not exist or has no DNS name (VF-EPA-001)`,
  }));
  expect(resultOf(results, "VF-EPA-002", PLATFORM_VPC).status).toBe("PASS");
});

test("a configuration the hub does not have: VF-EPA-001 is SKIP naming VF-HUB-003, which fails", async () => {
  const { results } = await verifyWith(example(), (w) => { w.configurations = w.configurations.filter((c) => c.name !== "globex-endpoints-mongodb-atlas"); });
  expect(resultOf(results, "VF-HUB-003", "mongodb-atlas").status).toBe("FAIL");
  for (const vpc of [PAYMENTS_VPC, PLATFORM_VPC]) {
    expect(resultOf(results, "VF-EPA-001", `mongodb-atlas/${vpc}`)).toEqual(expect.objectContaining({
      status: "SKIP", message: "the resource configuration globex-endpoints-mongodb-atlas does not exist (VF-HUB-003)",
    }));
  }
  expect(resultOf(results, "VF-EPA-001", `snowflake/${PAYMENTS_VPC}`).status).toBe("PASS");
});

test("the association checks leave endpoint-mode VPCs out, and VF-SNA-002 still passes with only the association-mode VPC associated", async () => {
  const { results } = await verifyWith(example());
  const subjects = (check: string) => results.filter((r) => r.check === check).map((r) => r.subject);
  for (const check of ["VF-SNA-001", "VF-DNS-003", "VF-DNS-005"]) expect([check, subjects(check)]).toEqual([check, [ASSOCIATED_VPC]]);
  expect(resultOf(results, "VF-SNA-002", "globex-endpoints")).toEqual(expect.objectContaining({ status: "PASS", message: "1 VPC association(s), every one the topology's" }));
});

test("no endpoint-mode VPC, no VF-EPA subject; a retired spoke's endpoint-mode VPCs are not read", async () => {
  const none = example((t) => { t.spokes = [t.spokes[0]]; t.spokes[0].vpcs = [t.spokes[0].vpcs[0]]; });
  expect(ENDPOINT_ACCESS_CHECKS.flatMap((c) => c.subjects(none))).toEqual([]);
  const retired = example((t) => { t.spokes[1].retired = true; });
  expect(ENDPOINT_ACCESS_CHECKS.flatMap((c) => c.subjects(retired)).map((s) => s.principal.accountId)).not.toContain(PLATFORM);
});
