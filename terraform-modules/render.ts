/**
 * Synthesizes the module stacks and turns them into plain Terraform modules in the layout HCL users
 * know (terraform-aws-modules): main, variables, outputs and versions, as Terraform JSON
 * (`*.tf.json`; cdktf 0.21's HCL rendering breaks these modules, see HCL_NOT_FAITHFUL) without
 * backend, provider configuration or cdktf metadata, plus a terraform-docs style README.md.
 */
import { App } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DnsModule } from "./dns-module";
import { HubModule } from "./hub-module";
import type { ModuleStack } from "./module-stack";
import { Route53ProfileModule } from "./route53-profile-module";
import { SpokeModule } from "./spoke-module";
import { USAGE } from "./usage";

export const TERRAFORM_VERSION = ">= 1.9.0";
export const AWS_PROVIDER_VERSION = ">= 5.100.0, < 7.0.0";

type Json = Record<string, unknown>;

/** The files of a module and the top-level blocks each holds. */
export const MODULE_FILES = {
  "versions.tf.json": ["terraform"],
  "variables.tf.json": ["variable"],
  "main.tf.json": ["locals", "resource", "data"],
  "outputs.tf.json": ["output"],
} as const;

/**
 * Why the modules are Terraform JSON and not HCL: what cdktf 0.21's HCL synthesis
 * (SYNTH_HCL_OUTPUT=true; `new App({ hclOutput: true })` alone still writes JSON into cdk.tf) makes of
 * them. A test checks that these faults are still there.
 */
export const HCL_NOT_FAITHFUL = [
  "a lifecycle postcondition becomes an argument, `postcondition = [{ condition = ..., error_message = ... }]`, which Terraform rejects (An argument named \"postcondition\" is not expected here)",
  "a bool variable's `default = false` is dropped, so `allow_external_principals` and `accept_resource_share` become required",
  "a multi-line expression becomes a heredoc (`value = <<EOF` / `${{ for ... }}` / `EOF`) that adds a newline and so turns the hub's `endpoints` map into a string",
  "`depends_on` and `ignore_changes` entries come out quoted (deprecated), and nothing is `terraform fmt` formatted",
] as const;

/** Module name → file name → content. */
export function renderModules(): Record<string, Record<string, string>> {
  const outdir = mkdtempSync(join(tmpdir(), "lattice-modules-"));
  try {
    const app = new App({ outdir, stackTraces: false, skipValidation: true });
    const modules: ModuleStack[] = [new HubModule(app), new SpokeModule(app), new DnsModule(app), new Route53ProfileModule(app)];
    app.synth();
    return Object.fromEntries(modules.map((m) => {
      const json = plainModule(JSON.parse(readFileSync(join(outdir, "stacks", m.node.id, "cdk.tf.json"), "utf8")));
      const files: Record<string, string> = {};
      for (const [file, blocks] of Object.entries(MODULE_FILES)) {
        const content = Object.fromEntries(blocks.filter((b) => json[b] !== undefined).map((b) => [b, json[b]]));
        if (Object.keys(content).length > 0) files[file] = `${JSON.stringify(content, null, 2)}\n`;
      }
      const unplaced = Object.keys(json).filter((b) => !Object.values(MODULE_FILES).some((bs) => (bs as readonly string[]).includes(b)));
      if (unplaced.length > 0) throw new Error(`module ${m.node.id}: no file for ${unplaced.join(", ")}`);
      files["README.md"] = readme(m, json, files);
      return [m.node.id, files];
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The caller configures providers and state: a module keeps neither, nor cdktf's metadata. */
function plainModule(json: Json): Json {
  const { provider: _provider, terraform: _terraform, ...rest } = stripMetadata(json) as Json;
  for (const kind of ["resource", "data"]) {
    for (const byName of Object.values((rest[kind] ?? {}) as Record<string, Record<string, Json>>)) {
      for (const body of Object.values(byName)) delete body.provider;
    }
  }
  return {
    terraform: {
      required_version: TERRAFORM_VERSION,
      required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } },
    },
    ...rest,
  };
}

function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, stripMetadata(v)]));
  }
  return value;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${cell(s)}\``;

/** The README layout of terraform-docs: usage, requirements, providers, resources, inputs, outputs. */
function readme(m: ModuleStack, json: Json, files: Readonly<Record<string, string>>): string {
  const docs = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs";
  const resources = [
    ...Object.entries((json.resource ?? {}) as Record<string, Json>).flatMap(([type, byName]) => Object.keys(byName)
      .map((name) => `| [${type}.${name}](${docs}/resources/${type.replace(/^aws_/, "")}) | resource |`)),
    ...Object.entries((json.data ?? {}) as Record<string, Json>).flatMap(([type, byName]) => Object.keys(byName)
      .map((name) => `| [${type}.${name}](${docs}/data-sources/${type.replace(/^aws_/, "")}) | data source |`)),
  ];
  const inputs = [...m.doc.variables]
    .sort((a, b) => Number(a.props.default !== undefined) - Number(b.props.default !== undefined) || a.name.localeCompare(b.name))
    .map(({ name, props }) => `| ${name} | ${cell(props.description)} | ${code(props.type)} | ${
      props.default === undefined ? "n/a" : code(JSON.stringify(props.default))} | ${props.default === undefined ? "yes" : "no"} |`);
  const outputs = [...m.doc.outputs].sort((a, b) => a.name.localeCompare(b.name)).map((o) => `| ${o.name} | ${cell(o.description)} |`);
  return [
    `# ${m.node.id} module`,
    "",
    m.description,
    "",
    "Generated by `npm run modules` from the constructs the cdktf workspaces use; do not edit by hand.",
    `Files: ${Object.keys(MODULE_FILES).filter((f) => f in files).map((f) => `\`${f}\``).join(", ")}: Terraform JSON, which Terraform ` +
      "reads as it reads `.tf` files (cdktf's HCL output does not render these modules faithfully).",
    "Providers come from the caller (the module's default `aws` configuration); the module has no backend.",
    "`prevent_destroy` protects the critical resources (service network, resource configurations, endpoints, created zones, " +
      "Route 53 Profile, RAM shares): Terraform cannot make it a variable.",
    "",
    "## Usage",
    "",
    "```hcl",
    USAGE[m.node.id as keyof typeof USAGE].trim(),
    "```",
    "",
    "## Requirements",
    "",
    "| Name | Version |",
    "|------|---------|",
    `| terraform | ${TERRAFORM_VERSION} |`,
    `| aws | ${AWS_PROVIDER_VERSION} |`,
    "",
    "## Providers",
    "",
    "| Name | Version |",
    "|------|---------|",
    `| aws | ${AWS_PROVIDER_VERSION} |`,
    "",
    "## Resources",
    "",
    "| Name | Type |",
    "|------|------|",
    ...resources,
    "",
    "## Inputs",
    "",
    "| Name | Description | Type | Default | Required |",
    "|------|-------------|------|---------|:--------:|",
    ...inputs,
    "",
    "## Outputs",
    "",
    "| Name | Description |",
    "|------|-------------|",
    ...outputs,
    "",
  ].join("\n");
}
