/**
 * Regenerates guard/taggable-types.json: the AWS resource types that default_tags reach (those
 * with a `tags_all` attribute), read from `terraform providers schema -json` of the pinned provider.
 *
 *   node --import tsx guard/generate-taggable-types.ts
 *
 * Uses the filesystem mirror /opt/tf-plugins when present, the public registry otherwise.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PROVIDER = "registry.terraform.io/hashicorp/aws";
const VERSION = "5.100.0";
const MIRROR = "/opt/tf-plugins";
const OUT = join(__dirname, "taggable-types.json");

interface ProviderSchemas {
  readonly provider_schemas: Record<string, { resource_schemas: Record<string, { block: { attributes?: Record<string, unknown> } }> }>;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "taggable-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: "1" };
    if (existsSync(MIRROR)) {
      const cli = join(dir, "cli.tfrc");
      writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n`);
      env.TF_CLI_CONFIG_FILE = cli;
    }
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({
      terraform: { required_providers: { aws: { source: "hashicorp/aws", version: VERSION } } },
    }));
    execFileSync("terraform", ["init", "-input=false", "-backend=false"], { cwd: dir, env, stdio: "ignore" });
    const raw = execFileSync("terraform", ["providers", "schema", "-json"], { cwd: dir, env, maxBuffer: 256 * 1024 * 1024 });
    const schemas = (JSON.parse(raw.toString()) as ProviderSchemas).provider_schemas[PROVIDER].resource_schemas;
    // default_tags are merged into tags_all; a type with only `tags` (e.g. aws_inspector_resource_group) does not get them.
    const types = Object.keys(schemas).filter((t) => schemas[t].block.attributes?.tags_all !== undefined).sort();
    writeFileSync(OUT, `${JSON.stringify({ provider: PROVIDER, version: VERSION, criterion: "has tags_all", types }, null, 1)}\n`);
    console.log(`${types.length} taggable resource types of ${Object.keys(schemas).length} written to ${OUT}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
