import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describeChange, destructiveAction, evaluatePlan, PlanError } from "../../guard/plan-gate";
import { planScenarios, SCENARIOS } from "./fixtures/plans/scenarios";

const ROOT = resolve(__dirname, "../..");
const PLANS = join(__dirname, "fixtures/plans");
const plan = (name: string): unknown => JSON.parse(readFileSync(join(PLANS, `${name}.plan.json`), "utf8"));

/** `npm run guard -- …` as CI runs it. */
function guard(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/guard.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("destructiveAction", () => {
  test.each([
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["create"], undefined],
    [["update"], undefined],
    [["no-op"], undefined],
    [["read"], undefined],
    [["forget"], undefined],
  ])("%j → %s", (actions, expected) => {
    expect(destructiveAction(actions)).toBe(expected);
  });
});

describe("evaluatePlan on real offline plans", () => {
  test("a clean plan (update in place, create) passes", () => {
    expect(evaluatePlan(plan("clean"))).toEqual({ blocked: [], allowed: [], unusedAllowances: [] });
  });

  test("deletes and replacements of critical resources are blocked; a non-critical replacement is not", () => {
    const { blocked } = evaluatePlan(plan("destructive"));
    expect(blocked.map(describeChange).sort()).toEqual([
      "aws_route53_record.app: would be replaced (delete, then create) [replace_because_cannot_update]",
      "aws_vpclattice_resource_gateway.main: would be replaced (delete, then create) [replace_because_cannot_update]",
      "aws_vpclattice_service_network.legacy: would be deleted [delete_because_no_resource_config]",
      "aws_vpclattice_service_network.main: would be replaced (delete, then create) [replace_because_cannot_update]",
    ]);
    expect(blocked.map((c) => c.address)).not.toContain("aws_cloudwatch_log_group.logs");
  });

  test("create-before-destroy replacements are replacements too", () => {
    expect(evaluatePlan(plan("create-before-destroy")).blocked.map(describeChange)).toEqual([
      "aws_route53_record.app: would be replaced (create, then delete) [replace_because_cannot_update]",
    ]);
  });

  test("--allow-replace lets exactly the named addresses through and reports unused ones", () => {
    const r = evaluatePlan(plan("destructive"), ["aws_route53_record.app", "aws_vpclattice_service_network.legacy", "aws_route53_record.typo"]);
    expect(r.allowed.map((c) => c.address).sort()).toEqual(["aws_route53_record.app", "aws_vpclattice_service_network.legacy"]);
    expect(r.blocked.map((c) => c.address).sort()).toEqual(["aws_vpclattice_resource_gateway.main", "aws_vpclattice_service_network.main"]);
    expect(r.unusedAllowances).toEqual(["aws_route53_record.typo"]);
  });
});

describe("evaluatePlan on hand-made plans", () => {
  const rc = (address: string, actions: string[], extra: Record<string, unknown> = {}) => ({
    address, type: address.replace(/^module\.[^.]+\./, "").split(".")[0], mode: "managed", change: { actions }, ...extra,
  });

  test("every critical type is guarded, including records with an index and module addresses", () => {
    const p = {
      format_version: "1.2",
      resource_changes: [
        rc("aws_ram_resource_share.main", ["delete"]),
        rc("aws_vpclattice_resource_configuration.snowflake", ["delete", "create"]),
        rc("aws_vpc_endpoint.snowflake", ["delete"]),
        rc("aws_route53_zone.snowflake", ["delete"]),
        rc('aws_route53_record.r["xy12345"]', ["delete"]),
        rc("module.hub.aws_vpclattice_service_network.main", ["delete"]),
        rc("aws_security_group.gateway", ["delete"]),
        rc("aws_ram_principal_association.payments", ["delete"]),
      ],
    };
    expect(evaluatePlan(p).blocked.map((c) => c.address)).toEqual([
      "aws_ram_resource_share.main",
      "aws_vpclattice_resource_configuration.snowflake",
      "aws_vpc_endpoint.snowflake",
      "aws_route53_zone.snowflake",
      'aws_route53_record.r["xy12345"]',
      "module.hub.aws_vpclattice_service_network.main",
    ]);
  });

  test("data sources and a plan without changes pass", () => {
    expect(evaluatePlan({ format_version: "1.2" }).blocked).toEqual([]);
    expect(evaluatePlan({ format_version: "1.2", resource_changes: [{ ...rc("aws_route53_zone.z", ["delete"]), mode: "data" }] }).blocked).toEqual([]);
  });

  test.each([
    ["not an object", [1, 2]],
    ["no format_version", { resource_changes: [] }],
    ["an errored plan", { format_version: "1.2", errored: true }],
    ["resource_changes not a list", { format_version: "1.2", resource_changes: {} }],
    ["a change without actions", { format_version: "1.2", resource_changes: [{ address: "a.b", type: "a" }] }],
    ["a change without address", { format_version: "1.2", resource_changes: [{ type: "a", change: { actions: ["delete"] } }] }],
  ])("%s is a PlanError", (_, p) => {
    expect(() => evaluatePlan(p)).toThrow(PlanError);
  });
});

describe("npm run guard", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "guard-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("exit 0 on a clean plan, nothing on stdout", () => {
    const r = guard(join(PLANS, "clean.plan.json"));
    expect(r).toMatchObject({ status: 0, stdout: "" });
  });

  test("exit 2 listing each blocked change with address and action", () => {
    const r = guard(join(PLANS, "destructive.plan.json"));
    expect(r.status).toBe(2);
    expect(r.stdout.trim().split("\n").sort()).toEqual([
      "aws_route53_record.app: would be replaced (delete, then create) [replace_because_cannot_update]",
      "aws_vpclattice_resource_gateway.main: would be replaced (delete, then create) [replace_because_cannot_update]",
      "aws_vpclattice_service_network.legacy: would be deleted [delete_because_no_resource_config]",
      "aws_vpclattice_service_network.main: would be replaced (delete, then create) [replace_because_cannot_update]",
    ]);
    expect(r.stderr).toContain("--allow-replace");
  });

  test("--allow-replace (repeatable) lets the named changes through", () => {
    const r = guard(
      join(PLANS, "destructive.plan.json"),
      "--allow-replace", "aws_route53_record.app",
      "--allow-replace", "aws_vpclattice_resource_gateway.main",
      "--allow-replace", "aws_vpclattice_service_network.main",
      "--allow-replace", "aws_vpclattice_service_network.legacy",
    );
    expect(r).toMatchObject({ status: 0, stdout: "" });
    expect(r.stderr).toContain("allowed by --allow-replace: aws_route53_record.app");
  });

  test("several plans at once: each line names its file", () => {
    const r = guard(join(PLANS, "clean.plan.json"), join(PLANS, "create-before-destroy.plan.json"));
    expect(r.status).toBe(2);
    expect(r.stdout.trim()).toBe(`${join(PLANS, "create-before-destroy.plan.json")}: aws_route53_record.app: would be replaced (create, then delete) [replace_because_cannot_update]`);
  });

  test("exit 1 with a one-line error on unreadable input", () => {
    const garbage = join(dir, "garbage.json");
    writeFileSync(garbage, "{ not json");
    const state = join(dir, "state.json");
    writeFileSync(state, JSON.stringify({ version: 4, resources: [] }));
    for (const args of [[garbage], [state], [join(dir, "missing.json")], [], ["--bogus", garbage]]) {
      const r = guard(...args);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stderr.trim().split("\n")[0]).toMatch(/^guard: /);
    }
  });
});

// Re-plans the fixture scenarios with the real Terraform and provider (mirror if present, else the
// registry), so the committed plans cannot drift from what Terraform produces.
const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
(hasTerraform ? describe : describe.skip)("committed plans match a fresh offline plan", () => {
  let dir: string;
  let fresh: Record<string, unknown>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "guard-plans-"));
    fresh = await planScenarios(dir);
  }, 180_000);
  afterAll(() => dir && existsSync(dir) && rmSync(dir, { recursive: true, force: true }));

  test.each(SCENARIOS.map((s) => s.name))("%s", (name) => {
    const verdict = (p: unknown) => evaluatePlan(p).blocked.map(describeChange).sort();
    expect(verdict(fresh[name])).toEqual(verdict(plan(name)));
  });
});
