/**
 * `npm run verify` end to end: the CLI as users run it, against a fake AWS of the test's own on
 * 127.0.0.1 (AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>), with fake credentials and no way to
 * reach a real credential source. The fake answers STS, the hub's VPC Lattice and EC2 reads and the
 * spoke's association, and refuses the rest as the services would.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { estateOf } from "../../config/estate";
import { loadTopologyFile } from "../../config/loader";
import { PROJECT_ROOT } from "../support/synth";
import { ec2Filter, ec2Reply, startFakeAws, stsReply, type FakeAws, type FakeRequest, type Reply } from "../preflight/support/fake-aws";

const work = mkdtempSync(join(tmpdir(), "lattice-verify-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HUB = "111111111111";
const SPOKE = "222222222222";
const DNS = "333333333333";
const ROGUE = "999999999999";
const HUB_VPC = "vpc-0a000000000000001";
const SPOKE_VPC = "vpc-0b000000000000001";
const SPOKE_SG = "sg-0b000000000000001";
const SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";

const TOPOLOGY = join(work, "topology.yaml");
writeFileSync(TOPOLOGY, `
name: e2e-endpoints
region: us-east-1
hub:
  accountId: "${HUB}"
  roleArn: arn:aws:iam::${HUB}:role/verify
  vpcId: ${HUB_VPC}
  subnetIds: [subnet-0a000000000000001]
endpoints:
  - name: vendor
    serviceName: ${SERVICE}
    ports: ["443"]
    dns: { zone: privatelink.vendor.example, records: [api] }
spokes:
  - name: payments
    accountId: "${SPOKE}"
    roleArn: arn:aws:iam::${SPOKE}:role/verify
    vpcs: [{ vpcId: ${SPOKE_VPC}, securityGroupIds: [${SPOKE_SG}] }]
dns:
  accountId: "${DNS}"
  roleArn: arn:aws:iam::${DNS}:role/verify
  vpcId: vpc-0c000000000000001
`);
const estate = estateOf(loadTopologyFile(TOPOLOGY).topology);
const names = estate.hub.names;
const NETWORK_ID = "sn-0e2e0000000000000";
const NETWORK_ARN = `arn:aws:vpc-lattice:us-east-1:${HUB}:servicenetwork/${NETWORK_ID}`;

const json = (body: unknown): Reply => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });

/** The hub's association list: the spoke's VPC and, when `rogue`, a VPC of an account the topology does not have. */
function vpcAssociations(rogue: boolean) {
  const ours = { id: "snva-0e2e", vpcId: SPOKE_VPC, createdBy: SPOKE, status: "ACTIVE", serviceNetworkId: NETWORK_ID, serviceNetworkArn: NETWORK_ARN, serviceNetworkName: names.serviceNetwork };
  return rogue ? [ours, { ...ours, id: "snva-0rogue", vpcId: "vpc-0fe0000000000000f", createdBy: ROGUE }] : [ours];
}

function answers(rogue: boolean) {
  return (r: FakeRequest): Reply => {
    if (r.service === "sts") return stsReply(r, "000000000000");
    if (r.service === "ec2" && r.action === "DescribeVpcEndpoints" && r.account === HUB && ec2Filter(r.params, "service-name").includes(SERVICE)) {
      return ec2Reply("DescribeVpcEndpoints", `<vpcEndpointSet><item><vpcEndpointId>vpce-0e2e</vpcEndpointId><vpcId>${HUB_VPC}</vpcId>` +
        `<serviceName>${SERVICE}</serviceName><state>available</state><tagSet><item><key>ManagedBy</key><value>lattice-endpoints/e2e-endpoints</value></item>` +
        `<item><key>Name</key><value>${estate.endpoints[0].resourceConfigurationName}</value></item></tagSet></item></vpcEndpointSet>`);
    }
    if (r.service !== "vpc-lattice") return undefined;
    if (r.account === SPOKE) {
      if (r.action === "/servicenetworkvpcassociations" && r.params.get("vpcIdentifier") === SPOKE_VPC) return json({ items: vpcAssociations(false) });
      if (r.action === "/servicenetworkvpcassociations/snva-0e2e") return json({ ...vpcAssociations(false)[0], securityGroupIds: [SPOKE_SG] });
      return undefined;
    }
    if (r.account !== HUB) return undefined;
    switch (r.action) {
      case "/servicenetworks": return json({ items: [{ id: NETWORK_ID, arn: NETWORK_ARN, name: names.serviceNetwork }] });
      case "/resourcegateways": return json({ items: [{ id: "rgw-0e2e", name: names.resourceGateway, status: "ACTIVE" }] });
      case "/resourceconfigurations": return json({ items: [{ id: "rcfg-0e2e", name: estate.endpoints[0].resourceConfigurationName, status: "ACTIVE" }] });
      case "/servicenetworkresourceassociations": return json({ items: [{ id: "snra-0e2e", resourceConfigurationName: estate.endpoints[0].resourceConfigurationName, status: "ACTIVE", dnsEntry: { domainName: "snra-0e2e.rcfg-0e2e.4232ccc.vpc-lattice-rsc.us-east-1.on.aws" } }] });
      case "/accesslogsubscriptions": return json({ items: [{ id: "als-0e2e", arn: "x", resourceId: NETWORK_ID, resourceArn: NETWORK_ARN, destinationArn: `arn:aws:logs:us-east-1:${HUB}:log-group:${names.accessLogGroup}`, serviceNetworkLogType: "RESOURCE", createdAt: "2026-01-01T00:00:00Z", lastUpdatedAt: "2026-01-01T00:00:00Z" }] });
      case "/servicenetworkvpcassociations": return json({ items: vpcAssociations(rogue) });
      default: return undefined;
    }
  };
}

interface CliRun { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly seconds: number }

function verifyCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const home = mkdtempSync(join(work, "home-"));
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/verify.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? "", HOME: home,
      AWS_CONFIG_FILE: join(home, "no-config"), AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"), AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "AKIDFAKEDEFAULT", AWS_SECRET_ACCESS_KEY: "fake", AWS_REGION: "us-east-1",
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => { stdout += d; });
  child.stderr.on("data", (d: Buffer) => { stderr += d; });
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr, seconds: (Date.now() - started) / 1000 })));
}

interface Row { status: string; check: string; account: string; subject: string; message: string }
const rows = (stdout: string) => JSON.parse(stdout) as Row[];
const find = (all: Row[], check: string, subject: string) => all.find((r) => r.check === check && r.subject === subject);

describe("against a fake AWS that answers the hub's VPC Lattice and EC2 reads and refuses RAM and Route 53", () => {
  let healthy: FakeAws;
  let widened: FakeAws;
  beforeAll(async () => { [healthy, widened] = await Promise.all([startFakeAws(answers(false)), startFakeAws(answers(true))]); });
  afterAll(() => Promise.all([healthy.close(), widened.close()]));

  test("the answered checks pass; every refused one is SKIP naming the action; exit 0 (SKIP is no FAIL)", async () => {
    const run = await verifyCli(["--format", "json"], { AWS_ENDPOINT_URL: healthy.url, LATTICE_CONFIG: TOPOLOGY });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    const all = rows(run.stdout);
    for (const r of all) expect(Object.keys(r)).toEqual(["status", "check", "account", "subject", "message"]);
    expect(all.filter((r) => r.status === "PASS").map((r) => `${r.check} ${r.account} ${r.subject}`)).toEqual([
      `VF-ACC-001 ${HUB} arn:aws:iam::${HUB}:role/verify`,
      `VF-HUB-001 ${HUB} vendor`,
      `VF-HUB-002 ${HUB} ${names.resourceGateway}`,
      `VF-HUB-003 ${HUB} vendor`,
      `VF-HUB-004 ${HUB} ${names.serviceNetwork}`,
      `VF-HUB-005 ${HUB} vendor`,
      `VF-HUB-006 ${HUB} ${names.serviceNetwork}`,
      `VF-SNA-002 ${HUB} ${names.serviceNetwork}`,
      `VF-ACC-001 ${SPOKE} arn:aws:iam::${SPOKE}:role/verify`,
      `VF-SNA-001 ${SPOKE} ${SPOKE_VPC}`,
      `VF-ACC-001 ${DNS} arn:aws:iam::${DNS}:role/verify`,
    ]);
    expect(find(all, "VF-SHR-001", names.resourceShare)).toEqual(expect.objectContaining({ status: "SKIP", message: expect.stringMatching(/^access denied \(ram:GetResourceShares\)/) }));
    expect(find(all, "VF-DNS-001", "privatelink.vendor.example")).toEqual(expect.objectContaining({ status: "SKIP", message: expect.stringMatching(/^access denied \(route53:ListHostedZonesByVPC\)/) }));
    expect(find(all, "VF-SNA-001", SPOKE_VPC)?.message).toBe(`snva-0e2e is ACTIVE with ${SPOKE_SG}`);
    // Every call was signed with the credentials of the account it reads, in the session verify names.
    expect(healthy.requests.filter((r) => r.service !== "sts" && r.account === "default")).toEqual([]);
    expect(healthy.requests.filter((r) => r.service === "sts" && r.action === "AssumeRole").map((r) => r.params.get("RoleSessionName")).sort())
      .toEqual(expect.arrayContaining(["lattice-endpoints-verify-dns", "lattice-endpoints-verify-hub", "lattice-endpoints-verify-spoke-payments"]));
  });

  test("a VPC of an account the topology does not have is a FAIL naming both, in the table and the JSON; exit 1", async () => {
    const env = { AWS_ENDPOINT_URL: widened.url, LATTICE_CONFIG: TOPOLOGY };
    const [table, asJson] = await Promise.all([verifyCli([], env), verifyCli(["--format", "json"], env)]);
    expect([table.status, asJson.status]).toEqual([1, 1]);
    expect(find(rows(asJson.stdout), "VF-SNA-002", names.serviceNetwork)).toEqual({
      status: "FAIL", check: "VF-SNA-002", account: HUB, subject: names.serviceNetwork,
      message: expect.stringMatching(/^associated with vpc-0fe0000000000000f of account 999999999999, which the topology does not have/),
    });
    expect(table.stdout.trimEnd().split("\n")).toEqual(rows(asJson.stdout).map((r) => `${r.status} ${r.check} ${r.account} ${r.subject}: ${r.message}`));
    expect(table.stderr).toMatch(/^verify: \d+ checks: 10 PASS, 0 WARN, 1 FAIL, \d+ SKIP\n$/);
  });

  test("honours AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL (RAM included)", async () => {
    const ram = await startFakeAws((r) => (r.action === "/getresourceshares"
      ? json({ resourceShares: [] })
      : undefined));
    try {
      const run = await verifyCli(["--format", "json"], {
        AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ENDPOINT_URL_STS: healthy.url, AWS_ENDPOINT_URL_VPC_LATTICE: healthy.url,
        AWS_ENDPOINT_URL_RAM: ram.url, LATTICE_CONFIG: TOPOLOGY, AWS_MAX_ATTEMPTS: "1",
      });
      const all = rows(run.stdout);
      expect(find(all, "VF-HUB-002", names.resourceGateway)?.status).toBe("PASS");
      expect(find(all, "VF-SHR-001", names.resourceShare)).toEqual(expect.objectContaining({
        status: "FAIL", message: expect.stringMatching(/^no active resource share named e2e-endpoints-service-network tagged as this topology's/),
      }));
      const asked = ram.requests.find((r) => r.action === "/getresourceshares")!;
      expect(asked.account).toBe(HUB);
      expect(find(all, "VF-HUB-001", "vendor")?.message).toMatch(/^the endpoint did not answer \(ec2:DescribeVpcEndpoints\)/);
    } finally {
      await ram.close();
    }
  });
});

test("against an endpoint that never answers, the run ends at its time bound with every check SKIP timed out; exit 0", async () => {
  const silent = await startFakeAws(() => "hang");
  try {
    const run = await verifyCli(["--format", "json", "--timeout-seconds", "2"], { AWS_ENDPOINT_URL: silent.url, LATTICE_CONFIG: TOPOLOGY });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.seconds).toBeLessThan(2 + 13);
    const all = rows(run.stdout);
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) expect([r.check, r.status, r.message]).toEqual([r.check, "SKIP", "timed out (the run's bound of 2 s)"]);
  } finally {
    await silent.close();
  }
});

describe("usage and input", () => {
  test("a bad flag is one line naming the flag and the rule, exit 2, no call", async () => {
    const cases: [string[], RegExp][] = [
      [["--format", "yaml"], /^verify: --format must be table or json, not "yaml"$/],
      [["--concurrency", "1.5"], /^verify: --concurrency must be a positive whole number, not "1.5"$/],
      [["--timeout-seconds", "0"], /^verify: --timeout-seconds must be a positive number, not "0"$/],
      [["--colour"], /^verify: Unknown option '--colour'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => verifyCli(args, { LATTICE_CONFIG: TOPOLOGY, AWS_ENDPOINT_URL: "http://127.0.0.1:9" })));
    expect(runs.map((r) => [r.status, r.stdout, r.stderr.split("\n")]))
      .toEqual(cases.map(([, line]) => [2, "", [expect.stringMatching(line), "verify: see --help", ""]]));
  });

  test("a bad topology is one line per problem naming the field and the rule, exit 2", async () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(bad, "name: x\n");
    const run = await verifyCli([bad], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^name: "x" must be 3–24 characters/m);
    expect(run.stdout).toBe("");
  });

  test("--help prints the usage", async () => {
    const run = await verifyCli(["--help"], { LATTICE_CONFIG: TOPOLOGY });
    expect([run.status, run.stdout]).toEqual([0, expect.stringMatching(/^usage: npm run verify /)]);
  });
});
