/**
 * `npm run preflight` end to end: the CLI as users run it, against a fake AWS of the test's own on
 * 127.0.0.1 (AWS_ENDPOINT_URL), with fake credentials and no way to reach a real credential source.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/synth";
import { ec2Filter, ec2Reply, startFakeAws, stsReply, type FakeAws, type FakeRequest, type Reply } from "./support/fake-aws";

const work = mkdtempSync(join(tmpdir(), "lattice-preflight-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HUB = "111111111111";
const SPOKE = "222222222222";
const DNS = "333333333333";
const [SUBNET_A, SUBNET_B, SUBNET_GONE] = ["subnet-0a000000000000001", "subnet-0a000000000000002", "subnet-0a000000000000003"];
const HUB_VPC = "vpc-0a000000000000001";
const SPOKE_VPC = "vpc-0b000000000000001";
const DNS_VPC = "vpc-0c000000000000001";

function topologyFile(mode: "associations" | "profile" = "associations"): string {
  const file = join(work, `topology-${mode}.yaml`);
  writeFileSync(file, `
name: e2e-endpoints
region: us-east-1
hub:
  accountId: "${HUB}"
  roleArn: arn:aws:iam::${HUB}:role/preflight
  vpcId: ${HUB_VPC}
  subnetIds: [${SUBNET_A}, ${SUBNET_B}, ${SUBNET_GONE}]
endpoints:
  - name: vendor
    serviceName: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    ports: ["443"]
    dns: { zone: privatelink.vendor.example, records: [api] }
  - name: other
    serviceName: com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210
    ports: ["443"]
    dns: { zone: privatelink.other.example, records: [api] }
spokes:
  - name: payments
    accountId: "${SPOKE}"
    roleArn: arn:aws:iam::${SPOKE}:role/preflight
    vpcs:
      - vpcId: ${SPOKE_VPC}
        securityGroupIds: [sg-0b000000000000001]
dns:
  accountId: "${DNS}"
  roleArn: arn:aws:iam::${DNS}:role/preflight
  vpcId: ${DNS_VPC}
  mode: ${mode}
  zones:
    privatelink.other.example: Z0123456789ABCDEFGHIJ
`);
  return file;
}

/** What each account holds: subnets as [id, vpc, owner, zone id], and VPCs. */
const ACCOUNTS: Record<string, { subnets: [string, string, string, string][]; vpcs: string[] }> = {
  [HUB]: { subnets: [[SUBNET_A, HUB_VPC, HUB, "use1-az1"], [SUBNET_B, HUB_VPC, "999999999999", "use1-az2"]], vpcs: [HUB_VPC] },
  [SPOKE]: { subnets: [["subnet-0b000000000000001", SPOKE_VPC, SPOKE, "use1-az1"], ["subnet-0b000000000000002", SPOKE_VPC, SPOKE, "use1-az3"]], vpcs: [SPOKE_VPC] },
  [DNS]: { subnets: [], vpcs: [DNS_VPC] },
};

/** Answers STS, and EC2's subnets, VPCs and VPC attributes, per account; drops VPC Lattice connections; refuses the rest. */
function answers(r: FakeRequest): Reply {
  if (r.service === "sts") return stsReply(r, "000000000000");
  if (r.service === "vpc-lattice") return "close";
  if (r.service !== "ec2") return undefined;
  const account = ACCOUNTS[r.account] ?? { subnets: [], vpcs: [] };
  switch (r.action) {
    case "DescribeSubnets": {
      const ids = ec2Filter(r.params, "subnet-id");
      const vpcs = ec2Filter(r.params, "vpc-id");
      const items = account.subnets.filter(([id, vpc]) => ids.includes(id) || vpcs.includes(vpc)).map(([id, vpc, owner, zone]) =>
        `<item><subnetId>${id}</subnetId><vpcId>${vpc}</vpcId><ownerId>${owner}</ownerId><availabilityZone>us-east-1${"abc"[Number(zone.slice(-1)) - 1]}</availabilityZone>` +
        `<availabilityZoneId>${zone}</availabilityZoneId><availableIpAddressCount>250</availableIpAddressCount><cidrBlock>10.0.0.0/24</cidrBlock><ipv6Native>false</ipv6Native></item>`);
      return ec2Reply("DescribeSubnets", `<subnetSet>${items.join("")}</subnetSet>`);
    }
    case "DescribeVpcs": {
      const items = account.vpcs.filter((v) => ec2Filter(r.params, "vpc-id").includes(v)).map((v) => `<item><vpcId>${v}</vpcId></item>`);
      return ec2Reply("DescribeVpcs", `<vpcSet>${items.join("")}</vpcSet>`);
    }
    case "DescribeVpcAttribute": {
      const vpc = r.params.get("VpcId") ?? "";
      if (!account.vpcs.includes(vpc)) return { status: 400, body: `<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>no</Message></Error></Errors></Response>` };
      const attribute = r.params.get("Attribute")!;
      return ec2Reply("DescribeVpcAttribute", `<vpcId>${vpc}</vpcId><${attribute}><value>true</value></${attribute}>`);
    }
    default:
      return undefined;
  }
}

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** The CLI in a child process (the fake AWS answers from this one), with an environment of fake credentials only. */
function preflightCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const home = mkdtempSync(join(work, "home-"));
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/preflight.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      // No profile, no config file, no instance metadata: nothing can hang on a real credential source.
      AWS_CONFIG_FILE: join(home, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "AKIDFAKEDEFAULT",
      AWS_SECRET_ACCESS_KEY: "fake",
      AWS_REGION: "us-east-1",
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

describe("against a fake AWS that answers STS and some EC2 calls and refuses the rest", () => {
  let aws: FakeAws;
  beforeAll(async () => { aws = await startFakeAws(answers); });
  afterAll(() => aws.close());

  test("reports the answered checks by what they read, every other one as SKIP with the reason, in order, within the bound", async () => {
    const run = await preflightCli(["--format", "json", "--timeout-seconds", "60"], { AWS_ENDPOINT_URL: aws.url, LATTICE_CONFIG: topologyFile() });
    expect([run.status, run.stderr]).toEqual([1, ""]);
    expect(run.seconds).toBeLessThan(60);
    const denied = (action: string) => expect.stringMatching(new RegExp(`^access denied \\(${action}\\)`));
    const gone = "the subnet does not exist (PF-HUB-001)";
    const eps = (id: string, action: string) => ["other", "vendor"].map((e) => ["SKIP", id, HUB, e, denied(action)]);
    expect(rows(run.stdout).map((r) => [r.status, r.check, r.account, r.subject, r.message])).toEqual([
      ["PASS", "PF-ACC-001", HUB, `arn:aws:iam::${HUB}:role/preflight`, expect.stringMatching(/^acting as arn:aws:sts::111111111111:assumed-role\/preflight\//)],
      ...eps("PF-EPS-001", "ec2:DescribeVpcEndpointServices"),
      ...eps("PF-EPS-002", "ec2:DescribeVpcEndpointServices"),
      ...eps("PF-EPS-003", "ec2:DescribeVpcEndpointServices"),
      ...eps("PF-EPS-004", "ec2:DescribeVpcEndpointServices"),
      ...eps("PF-EPS-005", "ec2:DescribeVpcEndpoints"),
      ["PASS", "PF-HUB-001", HUB, SUBNET_A, "exists in us-east-1a (use1-az1)"],
      ["PASS", "PF-HUB-001", HUB, SUBNET_B, "exists in us-east-1b (use1-az2)"],
      ["FAIL", "PF-HUB-001", HUB, SUBNET_GONE, "not found in account 111111111111 in us-east-1"],
      ["PASS", "PF-HUB-002", HUB, SUBNET_A, `in ${HUB_VPC}`],
      ["PASS", "PF-HUB-002", HUB, SUBNET_B, `in ${HUB_VPC}`],
      ["SKIP", "PF-HUB-002", HUB, SUBNET_GONE, gone],
      ["PASS", "PF-HUB-003", HUB, SUBNET_A, "owned by 111111111111"],
      ["FAIL", "PF-HUB-003", HUB, SUBNET_B, expect.stringMatching(/^is owned by 999999999999 and shared with 111111111111/)],
      ["SKIP", "PF-HUB-003", HUB, SUBNET_GONE, gone],
      ["PASS", "PF-HUB-004", HUB, SUBNET_A, expect.any(String)],
      ["PASS", "PF-HUB-004", HUB, SUBNET_B, expect.any(String)],
      ["SKIP", "PF-HUB-004", HUB, SUBNET_GONE, gone],
      ["PASS", "PF-HUB-005", HUB, SUBNET_A, "250 free IPv4 addresses (18 needed)"],
      ["PASS", "PF-HUB-005", HUB, SUBNET_B, "250 free IPv4 addresses (18 needed)"],
      ["SKIP", "PF-HUB-005", HUB, SUBNET_GONE, gone],
      ["PASS", "PF-HUB-006", HUB, SUBNET_A, "IPv4-only, as IPV4 needs"],
      ["PASS", "PF-HUB-006", HUB, SUBNET_B, "IPv4-only, as IPV4 needs"],
      ["SKIP", "PF-HUB-006", HUB, SUBNET_GONE, gone],
      ["PASS", "PF-HUB-007", HUB, HUB_VPC, "DNS support is on"],
      ["SKIP", "PF-QTA-001", HUB, "e2e-endpoints", denied("servicequotas:GetServiceQuota")],
      ["PASS", "PF-ACC-001", SPOKE, `arn:aws:iam::${SPOKE}:role/preflight`, expect.stringMatching(/^acting as /)],
      ["PASS", "PF-SPK-001", SPOKE, SPOKE_VPC, "exists (spoke payments)"],
      ["PASS", "PF-SPK-002", SPOKE, SPOKE_VPC, "DNS support and DNS hostnames are on"],
      ["SKIP", "PF-SPK-003", SPOKE, SPOKE_VPC, expect.stringMatching(/^the endpoint did not answer \(vpc-lattice:ListServiceNetworkVpcAssociations\)/)],
      ["SKIP", "PF-SPK-004", SPOKE, SPOKE_VPC, denied("ec2:DescribeSecurityGroups")],
      ["WARN", "PF-SPK-005", SPOKE, SPOKE_VPC, expect.stringMatching(/^clients in use1-az3 are in zones the resource gateway does not serve \(use1-az1 and use1-az2\)/)],
      ["SKIP", "PF-SPK-006", SPOKE, SPOKE_VPC, denied("route53:ListHostedZonesByVPC")],
      ["PASS", "PF-ACC-001", DNS, `arn:aws:iam::${DNS}:role/preflight`, expect.stringMatching(/^acting as /)],
      ["SKIP", "PF-DNS-001", DNS, "privatelink.other.example", denied("route53:GetHostedZone")],
      ["SKIP", "PF-DNS-002", DNS, "privatelink.other.example", denied("route53:GetHostedZone")],
      ["SKIP", "PF-DNS-003", DNS, "privatelink.other.example", denied("route53:GetHostedZone")],
      ["PASS", "PF-DNS-004", DNS, DNS_VPC, expect.stringMatching(/^exists/)],
      ["SKIP", "PF-QTA-002", DNS, "privatelink.other.example", denied("route53:GetHostedZone")],
      ["PASS", "PF-QTA-002", DNS, "privatelink.vendor.example", expect.stringMatching(/^2 VPCs, within the default quota of 300/)],
    ]);
    // Every call went to the fake, signed with the credentials of the account it reads.
    expect(aws.requests.filter((r) => r.service === "ec2" && r.account === "default")).toEqual([]);
    expect(aws.requests.filter((r) => r.service === "sts" && r.action === "AssumeRole").map((r) => r.params.get("RoleSessionName")).sort())
      .toEqual(["lattice-endpoints-preflight-dns", "lattice-endpoints-preflight-hub", "lattice-endpoints-preflight-spoke-payments"]);
  });

  test("the table prints `<STATUS> <check id> <account id> <subject>: <message>` lines, the same results", async () => {
    const env = { AWS_ENDPOINT_URL: aws.url, LATTICE_CONFIG: topologyFile() };
    const [table, json] = await Promise.all([preflightCli([], env), preflightCli(["--format", "json"], env)]);
    expect(table.status).toBe(1);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines).toEqual(rows(json.stdout).map((r) => `${r.status} ${r.check} ${r.account} ${r.subject}: ${r.message}`));
    expect(lines).toContain(`FAIL PF-HUB-001 ${HUB} ${SUBNET_GONE}: not found in account ${HUB} in us-east-1`);
    expect(table.stderr).toMatch(/^preflight: 45 checks: \d+ PASS, 1 WARN, 2 FAIL, \d+ SKIP\n$/);
  });

  test("honours AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL, Route 53 Profiles included", async () => {
    const refuseAll = await startFakeAws(() => undefined);
    const profiles = await startFakeAws((r) => r.service === "route53profiles" && r.action === "/profileassociations"
      ? { body: JSON.stringify({ ProfileAssociations: [] }), headers: { "content-type": "application/json" } }
      : undefined);
    try {
      const run = await preflightCli(["--format", "json"], {
        AWS_ENDPOINT_URL: refuseAll.url,
        AWS_ENDPOINT_URL_STS: aws.url,
        AWS_ENDPOINT_URL_EC2: aws.url,
        AWS_ENDPOINT_URL_ROUTE53PROFILES: profiles.url,
        LATTICE_CONFIG: topologyFile("profile"),
      });
      const result = (check: string, subject: string) => rows(run.stdout).find((r) => r.check === check && r.subject === subject);
      expect(result("PF-HUB-007", HUB_VPC)?.status).toBe("PASS");
      expect(result("PF-SPK-007", SPOKE_VPC)).toEqual(expect.objectContaining({ status: "PASS", message: "no Route 53 Profile is associated" }));
      expect(result("PF-SPK-006", SPOKE_VPC)?.message).toMatch(/^access denied \(route53:ListHostedZonesByVPC\)/);
      expect(refuseAll.requests.map((r) => r.service).sort()).toEqual(expect.arrayContaining(["route53", "servicequotas"]));
      expect(refuseAll.requests.filter((r) => ["sts", "ec2", "route53profiles"].includes(r.service))).toEqual([]);
      const signed = profiles.requests.find((r) => r.action === "/profileassociations")!;
      expect(signed.params.get("resourceId")).toBe(SPOKE_VPC);
      expect(signed.account).toBe(SPOKE);
      expect(String(signed.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAFAKE222222222222\/\d{8}\/us-east-1\/route53profiles\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/);
    } finally {
      await Promise.all([refuseAll.close(), profiles.close()]);
    }
  });

  test("the topology as a positional argument: that file is read, over LATTICE_CONFIG", async () => {
    const other = join(work, "not-this.yaml");
    writeFileSync(other, "name: x\n");
    const [byEnv, byArg] = await Promise.all([
      preflightCli(["--format", "json"], { AWS_ENDPOINT_URL: aws.url, LATTICE_CONFIG: topologyFile() }),
      preflightCli([topologyFile(), "--format", "json"], { AWS_ENDPOINT_URL: aws.url, LATTICE_CONFIG: other }),
    ]);
    expect([byArg.status, byArg.stderr]).toEqual([1, ""]);
    const summary = (stdout: string) => rows(stdout).map((r) => [r.status, r.check, r.account, r.subject]);
    expect(summary(byArg.stdout)).toEqual(summary(byEnv.stdout));
  });
});

test("against an endpoint that never answers, the run ends at its time bound with every check SKIP timed out", async () => {
  const silent = await startFakeAws(() => "hang");
  try {
    const run = await preflightCli(["--format", "json", "--timeout-seconds", "2"], { AWS_ENDPOINT_URL: silent.url, LATTICE_CONFIG: topologyFile() });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    // The bound, plus starting Node and loading the SDK (seconds on a loaded machine), far from the
    // default bound of 120 s and from never.
    expect(run.seconds).toBeLessThan(2 + 13);
    const results = rows(run.stdout);
    expect(results.length).toBe(45);
    // A zone the apply creates is judged without a call; every check that reads AWS timed out.
    const callFree = (r: Row) => r.check === "PF-QTA-002" && r.subject === "privatelink.vendor.example";
    expect(results.filter(callFree).map((r) => r.status)).toEqual(["PASS"]);
    for (const r of results.filter((x) => !callFree(x))) {
      expect([r.check, r.subject, r.status, r.message]).toEqual([r.check, r.subject, "SKIP", "timed out (the run's bound of 2 s)"]);
    }
    expect(silent.requests.length).toBeGreaterThan(0);
  } finally {
    await silent.close();
  }
});

describe("usage and input", () => {
  test("a bad flag is a usage error: one line naming the flag and the rule, exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--format", "yaml"], /^preflight: --format must be table or json, not "yaml"$/],
      [["--concurrency", "0"], /^preflight: --concurrency must be a positive whole number, not "0"$/],
      [["--timeout-seconds", "soon"], /^preflight: --timeout-seconds must be a positive number, not "soon"$/],
      [["--color"], /^preflight: Unknown option '--color'/],
      [["a.yaml", "b.yaml"], /^preflight: one topology file, not 2: "a\.yaml" "b\.yaml"$/],
      [[""], /^preflight: the topology file argument is empty$/],
    ];
    const runs = await Promise.all(cases.map(([args]) => preflightCli(args, { LATTICE_CONFIG: topologyFile(), AWS_ENDPOINT_URL: "http://127.0.0.1:9" })));
    expect(runs.map((run) => [run.status, run.stdout, run.stderr.split("\n")]))
      .toEqual(cases.map(([, line]) => [2, "", [expect.stringMatching(line), "preflight: see --help", ""]]));
  });

  test("a bad topology is one line per problem, exit 2, and no AWS call", async () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(bad, "name: x\n");
    const run = await preflightCli([], { LATTICE_CONFIG: bad, AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^name: "x" must be 3–24 characters/m);
    expect(run.stderr).toMatch(/preflight: \d+ problem\(s\) in .*bad\.yaml; nothing was written\n$/);
    expect(run.stdout).toBe("");
  });

  test("--help prints the usage", async () => {
    const run = await preflightCli(["--help"], { LATTICE_CONFIG: topologyFile() });
    expect([run.status, run.stdout]).toEqual([0, expect.stringMatching(/^usage: npm run preflight \[-- \[<topology file>\] \[--format table\|json\] \[--concurrency N\] \[--timeout-seconds N\]\]/)]);
  });
});
