/**
 * The Terraform modules for HCL teams: committed output is fresh, every module and the HCL example
 * validate, `terraform test` passes, and the HCL example plans the same resources as the stacks.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderModules } from "../../terraform-modules/render";
import { PROJECT_ROOT } from "../support/synth";
import { offlineOverride, terraform, type Plan } from "../support/terraform";
import { planTopologyFile } from "../support/workspace-plans";

const MODULES = ["hub", "spoke", "dns"];
const work = mkdtempSync(join(tmpdir(), "lattice-modules-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("dist/modules is what `npm run modules` writes (run it after changing a construct)", () => {
  const fresh = renderModules();
  expect(Object.keys(fresh).sort()).toEqual([...MODULES].sort());
  for (const [name, files] of Object.entries(fresh)) {
    expect(readdirSync(join(PROJECT_ROOT, "dist/modules", name)).sort()).toEqual(Object.keys(files).sort());
    for (const [file, content] of Object.entries(files)) {
      expect([name, file, readFileSync(join(PROJECT_ROOT, "dist/modules", name, file), "utf8")]).toEqual([name, file, content]);
    }
  }
});

test.each(MODULES)("module %s: no backend, no provider configuration, a provider range that includes 5.100", (name) => {
  const json = JSON.parse(readFileSync(join(PROJECT_ROOT, "dist/modules", name, "main.tf.json"), "utf8"));
  expect(json.provider).toBeUndefined();
  expect(json.terraform.backend).toBeUndefined();
  expect(json.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
  expect(json.terraform.required_version).toMatch(/^>= 1\./);
  for (const variable of Object.values(json.variable) as { description?: string; type?: string }[]) {
    expect(variable.description).toBeTruthy();
    expect(variable.type).toBeTruthy();
  }
  expect(JSON.stringify(json)).not.toMatch(/"\/\/"|"provider":/);
});

test.each(MODULES)("module %s: terraform validate and terraform test", async (name) => {
  const dir = join(work, "test", name);
  cpSync(join(PROJECT_ROOT, "dist/modules", name), dir, { recursive: true });
  await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
  const result = JSON.parse(await terraform(dir, ["validate", "-json", "-no-color"]));
  expect(result).toMatchObject({ valid: true, error_count: 0 });
  mkdirSync(join(dir, "tests"));
  cpSync(join(PROJECT_ROOT, "terraform-modules/tests", `${name}.tftest.hcl`), join(dir, "tests", `${name}.tftest.hcl`));
  const out = await terraform(dir, ["test", "-no-color"]);
  expect(out).toMatch(/Success! \d+ passed, 0 failed\./);
}, 300_000);

describe("examples/hcl", () => {
  let hclPlan: Plan;
  const stackPlans: Plan[] = [];

  beforeAll(async () => {
    // The example refers to the modules as ../../dist/modules: keep that layout.
    const root = join(work, "hcl");
    cpSync(join(PROJECT_ROOT, "dist"), join(root, "dist"), { recursive: true });
    cpSync(join(PROJECT_ROOT, "examples/hcl/main.tf"), join(root, "examples/hcl/main.tf"));
    const dir = join(root, "examples/hcl");
    await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    await terraform(dir, ["validate", "-no-color"]);
    const aliases = [...readFileSync(join(dir, "main.tf"), "utf8").matchAll(/alias\s*=\s*"([^"]+)"/g)].map((m) => ({ alias: m[1] }));
    writeFileSync(join(dir, "override.tf.json"), JSON.stringify(offlineOverride({ provider: { aws: aliases } }, {})));
    await terraform(dir, ["init", "-input=false", "-no-color"]);
    await terraform(dir, ["plan", "-input=false", "-no-color", "-out=plan.bin"]);
    hclPlan = JSON.parse(await terraform(dir, ["show", "-json", "plan.bin"]));

    const basic = await planTopologyFile(join(PROJECT_ROOT, "examples/basic.yaml"));
    stackPlans.push(...Object.values(basic.plans));
  }, 600_000);

  const countByType = (plans: Plan[]) => {
    const counts: Record<string, number> = {};
    for (const r of plans.flatMap((p) => p.resource_changes)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
  };
  /** Addresses without the module path: the constructs name resources the same way in both. */
  const addresses = (plans: Plan[], skip: string) =>
    plans.flatMap((p) => p.resource_changes).filter((r) => r.type !== skip).map((r) => r.address.replace(/^(module\.[^.]+\.)+/, "")).sort();

  test("plans the same resources as the stacks of examples/basic.yaml, kind for kind and count for count", () => {
    expect(countByType([hclPlan])).toEqual(countByType(stackPlans));
  });

  test("under the same addresses (zone associations live in the spoke modules)", () => {
    expect(addresses([hclPlan], "aws_route53_zone_association")).toEqual(addresses(stackPlans, "aws_route53_zone_association"));
  });

  test("only creates", () => {
    expect([...new Set(hclPlan.resource_changes.flatMap((r) => r.change.actions))]).toEqual(["create"]);
  });
});
