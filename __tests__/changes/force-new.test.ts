/**
 * The force-new table of `npm run changes` (changes/force-new.ts): it covers every resource type the
 * product emits, each of its paths names a real argument of that type in the provider version the
 * product pins, and `forcesReplacement` reads it as documented.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { FORCE_NEW, forcesReplacement, knowsType } from "../../changes/force-new";
import { loadTopologyFile } from "../../config/loader";
import { bootstrapJson } from "../../stacks/bootstrap";
import { synthesizeJson } from "../../stacks/synthesize";
import { describeRequiring, TERRAFORM } from "../support/requires";
import { PROJECT_ROOT } from "../support/synth";
import { terraformEnv } from "../support/terraform";

const AWS_VERSION = (JSON.parse(readFileSync(require.resolve("@cdktf/provider-aws/package.json"), "utf8")) as { cdktf: { provider: { version: string } } }).cdktf.provider.version;

/** Every topology the project ships or tests with: the examples and the fixtures. */
const TOPOLOGY_FILES = [
  ...["examples", "__tests__/fixtures", "__tests__/fixtures/identity"].flatMap((dir) =>
    readdirSync(join(PROJECT_ROOT, dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join(dir, f))),
].sort();

/** The resource types in a set of Terraform JSON documents. */
function resourceTypes(docs: Iterable<unknown>): Set<string> {
  const types = new Set<string>();
  for (const doc of docs) {
    for (const type of Object.keys((doc as { resource?: Record<string, unknown> }).resource ?? {})) types.add(type);
  }
  return types;
}

describe("the table covers every resource type the product emits", () => {
  // Product workspaces for every topology; bootstrap workspaces (identity-*, hcp) where there is an identity block.
  const emitted = new Map<string, string[]>();
  beforeAll(() => {
    for (const file of TOPOLOGY_FILES) {
      const { topology } = loadTopologyFile(join(PROJECT_ROOT, file));
      const docs = [...synthesizeJson(topology).json.values()];
      if (topology.identity) docs.push(...bootstrapJson(topology).json.values());
      for (const type of resourceTypes(docs)) emitted.set(type, [...(emitted.get(type) ?? []), file]);
    }
  });

  test("the topologies emit the aws and tfe types (the synthesis did run)", () => {
    expect(TOPOLOGY_FILES).toEqual(expect.arrayContaining(["examples/basic.yaml", "examples/hcp-terraform.yaml"]));
    expect([...emitted.keys()]).toEqual(expect.arrayContaining(["aws_vpc_endpoint", "aws_iam_role", "tfe_workspace"]));
  });

  test("every emitted type has an entry", () => {
    const missing = [...emitted.keys()].filter((t) => !knowsType(t)).map((t) => `${t} (emitted by ${emitted.get(t)!.join(", ")})`);
    expect(missing).toEqual([]);
  });
});

interface SchemaAttribute {
  readonly optional?: boolean;
  readonly required?: boolean;
  readonly computed?: boolean;
  readonly nested_type?: SchemaBlock;
}
interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
}

/** What `path` names in a resource schema: "argument", "block", "computed only" or undefined (nothing). */
function resolvePath(root: SchemaBlock, path: string): "argument" | "block" | "computed only" | undefined {
  let block: SchemaBlock | undefined = root;
  const segments = path.split(".");
  for (const [i, segment] of segments.entries()) {
    if (!block) return undefined;
    const last = i === segments.length - 1;
    const attribute: SchemaAttribute | undefined = block.attributes?.[segment];
    if (attribute) {
      if (last) return attribute.optional || attribute.required ? "argument" : "computed only";
      block = attribute.nested_type;
      continue;
    }
    const nested = block.block_types?.[segment];
    if (!nested) return undefined;
    if (last) return "block";
    block = nested.block;
  }
  return undefined;
}

describeRequiring(TERRAFORM, `every aws_* path is an argument or block of its type in hashicorp/aws ${AWS_VERSION}`, () => {
  let schemas: Readonly<Record<string, { readonly block: SchemaBlock }>>;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "force-new-schema-"));
    try {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_VERSION } } } }));
      const run = (args: string[]) => execFileSync("terraform", args, { cwd: dir, env: terraformEnv(), encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
      run(["init", "-backend=false", "-input=false", "-no-color"]);
      const all = JSON.parse(run(["providers", "schema", "-json"])) as { provider_schemas: Record<string, { resource_schemas: typeof schemas }> };
      schemas = all.provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  const entries = Object.entries(FORCE_NEW).filter(([type]) => type.startsWith("aws_"));

  test.each(entries)("%s", (type, paths) => {
    expect(schemas[type]).toBeDefined();
    const wrong = paths.map((p) => [p, resolvePath(schemas[type].block, p)] as const).filter(([, kind]) => kind !== "argument" && kind !== "block");
    expect(wrong).toEqual([]);
  });
});

// The tfe provider cannot be installed offline: its entries are checked against the arguments that
// @cdktf/provider-tfe was generated with from the same provider version's schema.
describe("every tfe_* path is an argument of its type in @cdktf/provider-tfe's schema", () => {
  // Testing.app(): a throwaway outdir (App() would create the project's cdktf.out, which synth then refuses).
  const stack = new TerraformStack(Testing.app(), "tfe");
  const provider = new TfeProvider(stack, "tfe", {});
  const resources: Record<string, TerraformResource> = {
    tfe_project: new Project(stack, "project", { provider, name: "p" }),
    tfe_run_trigger: new RunTrigger(stack, "run_trigger", { provider, workspaceId: "ws-a", sourceableId: "ws-b" }),
    tfe_variable: new Variable(stack, "variable", { provider, key: "k", category: "env" }),
    tfe_workspace: new Workspace(stack, "workspace", { provider, name: "w" }),
    tfe_workspace_settings: new WorkspaceSettings(stack, "settings", { provider, workspaceId: "ws-a" }),
  };
  /** The argument names the generated class synthesizes (all of them, set or not). */
  const argumentsOf = (r: TerraformResource) => Object.keys((r as unknown as { synthesizeAttributes(): Record<string, unknown> }).synthesizeAttributes());

  test("the table's tfe types are exactly the ones checked here", () => {
    expect(Object.keys(FORCE_NEW).filter((t) => t.startsWith("tfe_")).sort()).toEqual(Object.keys(resources).sort());
  });

  test.each(Object.entries(resources))("%s", (type, resource) => {
    expect(resource.terraformResourceType).toBe(type);
    const args = argumentsOf(resource);
    expect(FORCE_NEW[type].filter((p) => !args.includes(p))).toEqual([]);
  });
});

describe("forcesReplacement", () => {
  test.each([
    // The known facts the table must hold.
    ["aws_vpc_endpoint", "service_name", true],
    ["aws_vpclattice_resource_gateway", "subnet_ids", true],
    ["aws_vpclattice_resource_gateway", "vpc_id", true],
    ["aws_vpclattice_resource_gateway", "name", true],
    ["aws_vpclattice_resource_gateway", "ip_address_type", true],
    ["aws_vpclattice_resource_configuration", "resource_gateway_identifier", true],
    ["aws_vpclattice_service_network_resource_association", "resource_configuration_identifier", true],
    // Nested paths: a path under a force-new block counts; its sibling block does not.
    ["aws_vpclattice_resource_configuration", "resource_configuration_definition.dns_resource.domain_name", true],
    ["aws_vpclattice_resource_configuration", "resource_configuration_definition.arn_resource.arn", true],
    ["aws_vpclattice_resource_configuration", "resource_configuration_definition.ip_resource.ip_address", false],
    ["aws_vpclattice_resource_configuration", "port_ranges", false],
    // Blocks that change in place.
    ["aws_route53_zone", "vpc.vpc_id", false],
    ["aws_route53_zone", "name", true],
    ["aws_vpc_endpoint", "dns_options.dns_record_ip_type", false],
    ["aws_security_group", "ingress.from_port", false],
    // Updated in place.
    ["aws_vpc_endpoint", "subnet_ids", false],
    ["aws_vpc_endpoint", "private_dns_enabled", false],
    ["aws_route53_record", "records", false],
    ["aws_route53_record", "type", false],
    ["aws_ram_resource_share", "name", false],
    ["aws_vpclattice_service_network", "tags.Name", false],
    ["tfe_workspace", "name", false],
    ["tfe_workspace", "organization", true],
    // A name that merely starts like a force-new one is another attribute.
    ["aws_vpc_endpoint", "vpc_id_extra", false],
    ["aws_iam_role", "name_prefix", true],
    // Indexes are tolerated, as the caller's paths have none.
    ["aws_vpclattice_resource_configuration", "resource_configuration_definition[0].dns_resource[0].domain_name", true],
  ] as const)("%s %s → %s", (type, path, expected) => {
    expect(forcesReplacement(type, path)).toBe(expected);
  });

  test("an unknown type throws, naming it", () => {
    expect(() => forcesReplacement("aws_instance", "ami")).toThrow(/aws_instance/);
    expect(knowsType("aws_instance")).toBe(false);
    expect(knowsType("aws_vpc_endpoint")).toBe(true);
    // Not fooled by Object.prototype.
    expect(knowsType("constructor")).toBe(false);
    expect(() => forcesReplacement("constructor", "x")).toThrow(/constructor/);
  });

  test("no entry is listed twice, and none is empty or indexed", () => {
    for (const [type, paths] of Object.entries(FORCE_NEW)) {
      expect([type, new Set(paths).size]).toEqual([type, paths.length]);
      for (const p of paths) expect(p).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/);
    }
  });
});
