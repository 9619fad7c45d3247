/**
 * Read-only, and the IAM policy is exactly what the code calls: the policy of each account role
 * (`npm run iam -- --preflight`) against the calls recorded in a run that takes every path, and a
 * scan of the preflight sources for any AWS command that is not a Describe, List or Get.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Estate } from "../../config/estate";
import { READ_ACTIONS } from "../../preflight/calls";
import { CHECKS } from "../../preflight/checks";
import { preflightRoles } from "../../preflight/policies";
import { PROJECT_ROOT } from "../support/synth";
import { answer, DNS, endpointAccess, estate, HUB, run, SPOKE, SPOKE_VPC, world, type World } from "./support/world";

const READ_ONLY = /^[a-z0-9-]+:(Describe|List|Get)[A-Z]\w*$/;

/** A world in which every read is made: no applied quota (the default is read too), a profile on a VPC (GetProfile). */
function everyPath(e: Estate): World {
  const w = world();
  w.appliedVpcAssociationsQuota = undefined;
  w.profileAssociations[SPOKE_VPC] = [{ ProfileId: "rp-ours", ResourceId: SPOKE_VPC }];
  w.profiles["rp-ours"] = { Id: "rp-ours", Name: e.dns.profile?.name, OwnerId: DNS };
  return w;
}

describe.each([
  ["associations mode", () => estate()],
  ["profile mode", () => estate((t) => { t.dns.mode = "profile"; })],
  ["endpoint-mode VPCs", () => estate(endpointAccess)],
])("%s: each role's policy holds exactly the calls preflight makes as that role", (_mode, makeEstate) => {
  test("recorded calls = policy actions, account by account", async () => {
    const e = makeEstate();
    answer(everyPath(e));
    const { results, calls } = await run(e);
    expect(results.filter((r) => r.status === "SKIP" && !/Service Quotas code/.test(r.message))).toEqual([]);
    const roles = preflightRoles(e);
    expect(roles.map((r) => r.accountId).sort()).toEqual([HUB, SPOKE, DNS].sort());
    for (const role of roles) {
      // STS is not the role's: AssumeRole is the caller's permission, GetCallerIdentity needs none.
      const made = [...new Set(calls.filter((c) => c.startsWith(`${role.accountId} `)).map((c) => c.split(" ")[1]))]
        .filter((a) => !a.startsWith("sts:")).sort();
      expect(made.length).toBeGreaterThan(0);
      expect([role.accountId, role.actions]).toEqual([role.accountId, made]);
      expect(role.policy).toEqual({
        Version: "2012-10-17",
        Statement: [{ Sid: "PreflightReadOnly", Effect: "Allow", Action: made, Resource: "*" }],
      });
    }
  });
});

test("a subject declares no call it does not make: a zone the apply creates needs no Route 53 read", () => {
  const e = estate((t) => { t.dns.zones = {}; t.endpoints.pop(); });
  const dns = preflightRoles(e).find((r) => r.accountId === DNS)!;
  expect(dns.actions).toEqual(["ec2:DescribeVpcs"]);
  expect(e.dns.adoptedZones.size).toBe(0);
});

test("every read is a Describe, List or Get, and every check declares only such reads", () => {
  expect(READ_ACTIONS.length).toBeGreaterThan(10);
  for (const action of READ_ACTIONS) expect(action).toMatch(READ_ONLY);
  expect(CHECKS.length).toBeGreaterThan(20);
  for (const check of CHECKS) for (const action of check.reads) expect([check.id, action]).toEqual([check.id, expect.stringMatching(READ_ONLY)]);
});

describe("the preflight sources", () => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []);
  const sources = [...files(join(PROJECT_ROOT, "preflight")), join(PROJECT_ROOT, "scripts/preflight.ts")];

  test("name no AWS command that writes (only Describe*, List*, Get*, and STS AssumeRole to read as a role)", () => {
    expect(sources.length).toBeGreaterThan(5);
    const commands = new Set(sources.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/\b([A-Z][A-Za-z0-9]*)Command\b/g)].map((m) => m[1])));
    expect(commands.size).toBeGreaterThan(10);
    const writes = [...commands].filter((c) => !/^(Describe|List|Get)[A-Z]/.test(c) && c !== "AssumeRole");
    expect(writes).toEqual([]);
  });

  test("send only GET requests of their own (the Route 53 Profiles reads)", () => {
    const methods = sources.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/method:\s*"([A-Z]+)"/g)].map((m) => `${relative(PROJECT_ROOT, f)} ${m[1]}`));
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.filter((m) => !m.endsWith(" GET"))).toEqual([]);
  });

  test("are not loaded by npm run synth: main.ts and what it imports never reach preflight/ or the SDK", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gms)) {
        const base = join(file, "..", m[1]);
        const next = [`${base}.ts`, join(base, "index.ts")].find((p) => { try { readFileSync(p); return true; } catch { return false; } });
        if (next) visit(next);
      }
    };
    visit(join(PROJECT_ROOT, "main.ts"));
    expect(seen.size).toBeGreaterThan(10);
    const offenders = [...seen].filter((f) => {
      const text = readFileSync(f, "utf8");
      return f.includes(`${join(PROJECT_ROOT, "preflight")}`) || /^import\s+(?!type\b)[^;]*from\s+"@aws-sdk\//m.test(text);
    }).map((f) => relative(PROJECT_ROOT, f));
    expect(offenders).toEqual([]);
  });
});

test("npm run iam -- --preflight writes one read-only policy per account role, named like the deploy policies", () => {
  const out = mkdtempSync(join(tmpdir(), "lattice-iam-preflight-"));
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/iam.ts", "--preflight", "--output", out], {
      cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, LATTICE_CONFIG: join(PROJECT_ROOT, "examples/basic.yaml") },
    });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    // The output's own marker (output/publish.ts) is not a policy.
    const written = readdirSync(out).filter((f) => !f.startsWith(".lattice-endpoints-")).sort();
    expect(written).toEqual(["111111111111-lattice-deploy.json", "222222222222-lattice-deploy.json", "333333333333-lattice-deploy.json", "444444444444-lattice-deploy.json"]);
    for (const file of written) {
      const policy = JSON.parse(readFileSync(join(out, file), "utf8")) as { Statement: { Action: string[] }[] };
      const actions = policy.Statement.flatMap((s) => s.Action);
      expect(actions.length).toBeGreaterThan(0);
      for (const a of actions) expect(a).toMatch(READ_ONLY);
    }
    expect(r.stdout).toMatch(/^111111111111-lattice-deploy.json: arn:aws:iam::111111111111:role\/lattice-deploy, for hub$/m);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
