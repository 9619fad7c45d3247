import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CRITICAL_TYPES, isCriticalType, PREVENT_DESTROY_TYPES } from "../../guard/critical-types";
import { describeChange, destructiveAction, evaluatePlan, PlanError } from "../../guard/plan-gate";
import { describeCommands, describeRequiring, TERRAFORM } from "../support/requires";
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
    // Terraform's replacement whose old object is forgotten (a removed block with destroy = false).
    [["create", "forget"], "replace"],
    // Fail closed: lists the gate does not know count as destructive.
    [["frobnicate"], "unknown"],
    [["forget", "create"], "unknown"],
    [["delete", "delete"], "unknown"],
    [[], "unknown"],
    [["delete", 1], "unknown"],
    [[["delete"]], "unknown"],
    ["delete", "unknown"],
    [undefined, "unknown"],
  ])("%j → %s", (actions, expected) => {
    expect(destructiveAction(actions)).toBe(expected);
  });
});

/** A `terraform show -json` of a state (no plan file): what a wrong CI step hands the gate. */
const STATE_JSON = {
  format_version: "1.0",
  terraform_version: "1.11.4",
  values: { outputs: {}, root_module: { resources: [{ address: "aws_vpclattice_service_network.main", mode: "managed", type: "aws_vpclattice_service_network", name: "main", values: {} }] } },
};

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

  const planOf = (...changes: unknown[]) => ({ format_version: "1.2", planned_values: {}, resource_changes: changes });

  test("every critical type is guarded, including records with an index and module addresses", () => {
    const p = {
      format_version: "1.2",
      planned_values: {},
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
      "aws_ram_principal_association.payments",
    ]);
  });

  test("a delete and a replacement of each critical type are blocked", () => {
    expect(CRITICAL_TYPES.length).toBeGreaterThan(0);
    for (const { type } of CRITICAL_TYPES) {
      const p = planOf(rc(`${type}.a`, ["delete"]), rc(`${type}.b`, ["create", "delete"]), rc(`${type}.c`, ["update"]));
      expect({ type, blocked: evaluatePlan(p).blocked.map((c) => c.address) }).toEqual({ type, blocked: [`${type}.a`, `${type}.b`] });
    }
  });

  test("the critical set holds every resource whose loss cuts clients off", () => {
    for (const type of [
      "aws_vpclattice_service_network", "aws_vpclattice_service_network_resource_association", "aws_ram_resource_share",
      "aws_ram_resource_association", "aws_ram_principal_association", "aws_vpclattice_resource_configuration",
      "aws_vpclattice_resource_gateway", "aws_vpc_endpoint", "aws_vpclattice_service_network_vpc_association",
      "aws_route53_zone", "aws_route53_zone_association", "aws_route53profiles_profile", "aws_route53profiles_association",
      "aws_route53profiles_resource_association", "aws_route53_record",
    ]) expect({ type, critical: isCriticalType(type) }).toEqual({ type, critical: true });
    for (const type of ["aws_security_group", "aws_cloudwatch_log_group", "aws_route53_vpc_association_authorization"]) {
      expect({ type, critical: isCriticalType(type) }).toEqual({ type, critical: false });
    }
  });

  test("prevent_destroy (LAT014) stays on the six resources no routine change removes", () => {
    // Associations and records go when a spoke or an endpoint is removed: the gate, not prevent_destroy, guards them.
    expect([...PREVENT_DESTROY_TYPES].sort()).toEqual([
      "aws_ram_resource_share", "aws_route53_zone", "aws_route53profiles_profile", "aws_vpc_endpoint",
      "aws_vpclattice_resource_configuration", "aws_vpclattice_service_network",
    ]);
    expect(PREVENT_DESTROY_TYPES.every(isCriticalType)).toBe(true);
  });

  test("deletes of the share's resource and principal associations are blocked", () => {
    const r = evaluatePlan(planOf(rc("aws_ram_resource_association.main", ["delete"]), rc('aws_ram_principal_association.p["222222222222"]', ["delete"])));
    expect(r.blocked.map(describeChange)).toEqual([
      "aws_ram_resource_association.main: would be deleted",
      'aws_ram_principal_association.p["222222222222"]: would be deleted',
    ]);
  });

  test("replacing a service-network resource association (whose DNS name every record uses) is blocked", () => {
    const r = evaluatePlan(planOf(rc('aws_vpclattice_service_network_resource_association.shared_resource_associations["snowflake"]', ["delete", "create"], { action_reason: "replace_because_cannot_update" })));
    expect(r.blocked.map(describeChange)).toEqual([
      'aws_vpclattice_service_network_resource_association.shared_resource_associations["snowflake"]: would be replaced (delete, then create) [replace_because_cannot_update]',
    ]);
  });

  test("[\"create\",\"forget\"] is a replacement", () => {
    const r = evaluatePlan(planOf(rc("aws_vpc_endpoint.snowflake", ["create", "forget"]), rc("aws_security_group.g", ["create", "forget"])));
    expect(r.blocked.map(describeChange)).toEqual(["aws_vpc_endpoint.snowflake: would be replaced (create, then forget the old object)"]);
  });

  test("an action list the gate does not know blocks a critical type, and only a critical type", () => {
    const r = evaluatePlan(planOf(rc("aws_route53_zone.z", ["frobnicate"]), rc("aws_security_group.g", ["frobnicate"])));
    expect(r.blocked.map(describeChange)).toEqual(['aws_route53_zone.z: has actions ["frobnicate"] that the gate does not know; treated as a delete']);
  });

  test("a change the gate cannot classify blocks", () => {
    const r = evaluatePlan(planOf(
      { address: "x.y", mode: "managed", change: { actions: ["delete"] } }, // no type
      { address: "x.z", type: 42, change: { actions: ["delete"] } }, // a type it cannot read
      // Not identifiers: never mistaken for a non-critical type.
      { address: "x.lead", type: " aws_vpc_endpoint", change: { actions: ["delete"] } },
      { address: "x.trail", type: "aws_vpc_endpoint ", change: { actions: ["delete"] }, action_reason: 5 },
      { type: "aws_vpc_endpoint", change: { actions: ["delete"] } }, // no address
      { address: "aws_route53_record.r", type: "aws_route53_record" }, // no actions
      "not an object",
      { address: "aws_security_group.g", change: { actions: ["no-op"] } }, // no type, but nothing happens to it
    ));
    expect(r.blocked.map(describeChange)).toEqual([
      "x.y: would be deleted (its type cannot be read, so it counts as critical)",
      "x.z: would be deleted (its type cannot be read, so it counts as critical)",
      "x.lead: would be deleted (its type cannot be read, so it counts as critical)",
      "x.trail: would be deleted (its type cannot be read, so it counts as critical)",
      "resource_changes[4]: would be deleted",
      "aws_route53_record.r: has no readable change.actions; treated as a delete",
      "resource_changes[6]: has no readable change.actions; treated as a delete (its type cannot be read, so it counts as critical)",
    ]);
  });

  test("data sources and a plan without changes pass", () => {
    expect(evaluatePlan({ format_version: "1.2", planned_values: {} }).blocked).toEqual([]);
    expect(evaluatePlan(planOf({ ...rc("aws_route53_zone.z", ["delete"]), mode: "data" })).blocked).toEqual([]);
  });

  test.each([
    ["not an object", [1, 2], "no format_version"],
    ["no format_version", { resource_changes: [] }, "no format_version"],
    ["an empty object", {}, "no format_version"],
    ["the JSON of a state", STATE_JSON, "not a plan but a state"],
    ["a format_version and nothing else", { format_version: "1.2" }, "neither planned_values nor resource_changes"],
    ["an errored plan", { format_version: "1.2", planned_values: {}, errored: true }, "the plan errored"],
    ["resource_changes not a list", { format_version: "1.2", resource_changes: {} }, "resource_changes is not a list"],
  ])("%s is a PlanError", (_, p, says) => {
    expect(() => evaluatePlan(p)).toThrow(expect.objectContaining({ name: "PlanError" }));
    expect(() => evaluatePlan(p)).toThrow(PlanError);
    expect(() => evaluatePlan(p)).toThrow(says);
  });
});

describeCommands("npm run guard", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "guard-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("exit 0 on a clean plan, nothing on stdout", () => {
    const r = guard(join(PLANS, "clean.plan.json"));
    expect(r).toMatchObject({ status: 0, stdout: "" });
  });

  test("exit 1 listing each blocked change with address and action", () => {
    const r = guard(join(PLANS, "destructive.plan.json"));
    expect(r.status).toBe(1);
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
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe(`${join(PLANS, "create-before-destroy.plan.json")}: aws_route53_record.app: would be replaced (create, then delete) [replace_because_cannot_update]`);
  });

  test("exit 2 with a one-line error when the input is not a plan it can judge, or the usage is wrong", () => {
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cases: [string[], string][] = [
      [[write("garbage.json", "{ not json")], "not JSON"],
      [[write("state-file.json", JSON.stringify({ version: 4, resources: [] }))], "no format_version"],
      [[write("shown-state.json", JSON.stringify(STATE_JSON))], "not a plan but a state"],
      [[write("empty.json", "{}")], "no format_version"],
      [[join(PLANS, "clean.plan.json"), write("errored.json", JSON.stringify({ format_version: "1.2", planned_values: {}, errored: true }))], "the plan errored"],
      [[join(dir, "missing.json")], "cannot read (ENOENT)"],
      [[], "no plan given"],
      [["--bogus", join(PLANS, "clean.plan.json")], "--bogus"],
    ];
    for (const [args, says] of cases) {
      const r = guard(...args);
      expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: "" });
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stderr.trim().split("\n")[0]).toMatch(/^guard: /);
      expect(r.stderr).toContain(says);
    }
  });

  test("a plan with an unknown action on a critical type exits 1", () => {
    const file = join(dir, "unknown-action.json");
    writeFileSync(file, JSON.stringify({ format_version: "1.2", planned_values: {}, resource_changes: [
      { address: "aws_vpclattice_service_network.main", mode: "managed", type: "aws_vpclattice_service_network", change: { actions: ["frobnicate"] } },
    ] }));
    const r = guard(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("aws_vpclattice_service_network.main: has actions");
  });
});

// Re-plans the fixture scenarios with the real Terraform and provider (mirror if present, else the
// registry), so the committed plans cannot drift from what Terraform produces.
describeRequiring(TERRAFORM, "committed plans match a fresh offline plan", () => {
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
