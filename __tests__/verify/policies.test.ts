/**
 * Read-only, and the IAM policy is exactly what the code calls: each role's policy (`npm run iam --
 * --verify`) against the calls recorded in a run that takes every path, and a scan of the verify
 * sources for any AWS command that is not a Describe, List or Get.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { estateOf, type Estate } from "../../config/estate";
import { validateTopology } from "../../config/loader";
import { CHECKS } from "../../verify/checks";
import { verifyRoles } from "../../verify/policies";
import { PROJECT_ROOT } from "../support/synth";
import { answer, DNS, endpointAccess, estate, HUB, run, SPOKE, verifyWorld, type VerifyWorld } from "./support/world";

const READ_ONLY = /^[a-z0-9-]+:(Describe|List|Get)[A-Z]\w*$/;

/**
 * Every read is made: a spoke outside the organization (invitations), a landing zone's profile (its
 * zones' names) on a VPC in associations mode and on every endpoint-mode VPC (which is never the
 * topology's profile's, in either mode).
 */
function everyPath(e: Estate): VerifyWorld {
  const w = verifyWorld(e);
  const vpcs = [
    ...(e.dns.mode === "associations" ? e.spokes[0].vpcs.slice(0, 1).map((v) => v.vpcId) : []),
    ...e.spokes.flatMap((s) => s.endpointAccess.vpcs.map((v) => v.vpcId)),
  ];
  for (const vpc of vpcs) w.profileAssociations[vpc] = [{ ProfileId: "rp-0landingzone", ResourceId: vpc, Status: "COMPLETE" }];
  w.profileZones["rp-0landingzone"] = ["Z0LZ"];
  w.hostedZones.Z0LZ = { name: "corp.internal.", private: true };
  return w;
}

const example = (edit: (t: Record<string, any>) => void = () => undefined): Estate => {
  const t = parse(readFileSync(join(PROJECT_ROOT, "examples/endpoint-access.yaml"), "utf8")) as Record<string, any>;
  edit(t);
  return estateOf(validateTopology(t).topology);
};

describe.each([
  ["associations mode", () => estate((t) => { t.spokes[0].inOrganization = false; }), [HUB, SPOKE, DNS]],
  ["profile mode", () => estate((t) => { t.dns.mode = "profile"; t.spokes[0].inOrganization = false; }), [HUB, SPOKE, DNS]],
  ["an endpoint-mode VPC, profile mode", () => estate((t) => { endpointAccess(t); t.dns.mode = "profile"; t.spokes[0].inOrganization = false; }), [HUB, SPOKE, DNS]],
  // A spoke of endpoint-mode VPCs only (444444444444, outside the organization) reads nothing of the dns account.
  ["examples/endpoint-access.yaml", () => example(), [HUB, SPOKE, DNS, "444444444444"]],
  ["examples/endpoint-access.yaml, profile mode", () => example((t) => { t.dns.mode = "profile"; }), [HUB, SPOKE, DNS, "444444444444"]],
])("%s: each role's policy holds exactly the calls verify makes as that role", (_mode, makeEstate, accounts) => {
  test("recorded calls = policy actions, account by account", async () => {
    const e = makeEstate();
    answer(everyPath(e));
    const { results, calls } = await run(e);
    expect(results.filter((r) => r.status !== "PASS")).toEqual([]);
    const roles = verifyRoles(e);
    expect(roles.map((r) => r.accountId).sort()).toEqual([...accounts].sort());
    for (const role of roles) {
      // STS is not the role's: AssumeRole is the caller's permission, GetCallerIdentity needs none.
      const made = [...new Set(calls.filter((c) => c.startsWith(`${role.accountId} `)).map((c) => c.split(" ")[1]))]
        .filter((a) => !a.startsWith("sts:")).sort();
      expect(made.length).toBeGreaterThan(0);
      expect([role.accountId, role.actions]).toEqual([role.accountId, made]);
      expect(role.policy).toEqual({ Version: "2012-10-17", Statement: [{ Sid: "VerifyReadOnly", Effect: "Allow", Action: made, Resource: "*" }] });
    }
  });
});

test("endpoint access: the spoke roles read the resource endpoints and their own zones' records; the hub the configurations", () => {
  const roles = new Map(verifyRoles(example()).map((r) => [r.accountId, r.actions]));
  for (const account of [SPOKE, "444444444444"]) {
    expect([account, roles.get(account)]).toEqual([account, expect.arrayContaining([
      "ec2:DescribeVpcEndpoints", "route53:ListHostedZonesByVPC", "route53:ListResourceRecordSets", "route53profiles:ListProfileAssociations",
    ])]);
  }
  // Given security groups are compared by id: the spoke of only given groups reads none.
  expect(roles.get("444444444444")).not.toContain("ec2:DescribeSecurityGroups");
  expect(roles.get(HUB)).toContain("vpc-lattice:ListResourceConfigurations");
});

test("every check declares only Describe, List and Get reads", () => {
  for (const check of CHECKS) for (const action of check.reads) expect([check.id, action]).toEqual([check.id, expect.stringMatching(READ_ONLY)]);
});

describe("the verify sources", () => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []);
  const sources = [...files(join(PROJECT_ROOT, "verify")), join(PROJECT_ROOT, "scripts/verify.ts")];

  test("name no AWS command that writes, and load no SDK client themselves (they read through preflight's readers)", () => {
    expect(sources.length).toBeGreaterThan(5);
    const commands = [...new Set(sources.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/\b([A-Z][A-Za-z0-9]*)Command\b/g)].map((m) => m[1])))];
    expect(commands.filter((c) => !/^(Describe|List|Get)[A-Z]/.test(c))).toEqual([]);
    const sdkValueImports = sources.filter((f) => /^import\s+(?!type\b)[^;]*from\s+"@aws-sdk\//m.test(readFileSync(f, "utf8")));
    expect(sdkValueImports.map((f) => relative(PROJECT_ROOT, f))).toEqual([]);
  });
});

test("npm run iam -- --verify writes one read-only policy per account role", () => {
  const out = mkdtempSync(join(tmpdir(), "lattice-iam-verify-"));
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/iam.ts", "--verify", "--output", out], {
      cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, LATTICE_CONFIG: join(PROJECT_ROOT, "examples/basic.yaml") },
    });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const written = readdirSync(out).filter((f) => !f.startsWith(".lattice-endpoints-")).sort();
    expect(written).toEqual(["111111111111-lattice-deploy.json", "222222222222-lattice-deploy.json", "333333333333-lattice-deploy.json", "444444444444-lattice-deploy.json"]);
    const hub = JSON.parse(readFileSync(join(out, "111111111111-lattice-deploy.json"), "utf8")) as { Statement: { Sid: string; Action: string[] }[] };
    expect(hub.Statement.map((s) => s.Sid)).toEqual(["VerifyReadOnly"]);
    expect(hub.Statement[0].Action).toContain("ram:GetResourceShareAssociations");
    for (const file of written) {
      const policy = JSON.parse(readFileSync(join(out, file), "utf8")) as { Statement: { Action: string[] }[] };
      for (const a of policy.Statement.flatMap((s) => s.Action)) expect(a).toMatch(READ_ONLY);
    }
    expect(r.stdout).toMatch(/^111111111111-lattice-deploy.json: arn:aws:iam::111111111111:role\/lattice-deploy, for hub$/m);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("npm run iam refuses --preflight with --verify: one line, exit 2", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/iam.ts", "--verify", "--preflight"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  expect([r.status, r.stdout, r.stderr]).toEqual([2, "", "iam: --preflight and --verify: give one of them\niam: see --help\n"]);
});
