/**
 * Runs Terraform on synthesized workspaces: init + validate of the output as written, and an offline
 * plan through a test-only override (fake credentials, skip flags, local backend, the hub's outputs
 * from a fixture state file). Uses the machine's provider mirror when there is one, otherwise the
 * normal registry.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const MIRROR = "/opt/tf-plugins";

let env: NodeJS.ProcessEnv | undefined;

/** Terraform's environment: the offline mirror when present, else the user's own settings. */
export function terraformEnv(): NodeJS.ProcessEnv {
  if (env) return env;
  env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  if (existsSync(MIRROR)) {
    const config = join(mkdtempSync(join(tmpdir(), "tf-cli-")), "terraform.rc");
    writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n  }\n}\n`);
    env.TF_CLI_CONFIG_FILE = config;
  } else {
    env.TF_PLUGIN_CACHE_DIR ??= join(tmpdir(), "tf-plugin-cache");
    mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }
  return env;
}

export async function terraform(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("terraform", [...args], {
      cwd, env: terraformEnv(), maxBuffer: 256 * 1024 * 1024, timeout: 300_000,
    });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform ${args.join(" ")} in ${cwd} failed:\n${err.stderr || err.stdout || err.message}`);
  }
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly diagnostics: { severity: string; summary: string; detail?: string }[];
}

/** `terraform init -backend=false` + `validate` of a workspace exactly as synthesized. */
export async function validateWorkspace(stackDir: string, workDir: string): Promise<ValidateResult> {
  mkdirSync(workDir, { recursive: true });
  copyFileSync(join(stackDir, "cdk.tf.json"), join(workDir, "cdk.tf.json"));
  await terraform(workDir, ["init", "-backend=false", "-input=false", "-no-color"]);
  const out = await terraform(workDir, ["validate", "-json", "-no-color"]).catch((e: Error) => {
    // validate exits 1 on an invalid configuration but still prints its JSON.
    const json = e.message.slice(e.message.indexOf("{"));
    return json;
  });
  return JSON.parse(out) as ValidateResult;
}

/** The parts of `terraform show -json` that the tests read. */
export interface Plan {
  readonly resource_changes: {
    address: string;
    type: string;
    provider_name: string;
    change: { actions: string[]; after: Record<string, unknown>; after_unknown: Record<string, unknown> };
  }[];
  readonly planned_values: { outputs?: Record<string, { value?: unknown; sensitive: boolean }> };
  readonly output_changes?: Record<string, { actions: string[]; after_unknown: unknown }>;
  readonly configuration: Record<string, unknown>;
}

/** An offline `terraform plan` of a synthesized workspace; returns `terraform show -json` of it. */
export async function planWorkspace(stackDir: string, workDir: string, hubStateFile: string): Promise<Plan> {
  mkdirSync(workDir, { recursive: true });
  const config = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  copyFileSync(join(stackDir, "cdk.tf.json"), join(workDir, "cdk.tf.json"));
  writeFileSync(join(workDir, "override.tf.json"), JSON.stringify(offlineOverride(config, hubStateFile), null, 2));
  await terraform(workDir, ["init", "-input=false", "-no-color"]);
  await terraform(workDir, ["plan", "-input=false", "-no-color", "-lock=false", "-out=plan.bin"]);
  return JSON.parse(await terraform(workDir, ["show", "-json", "plan.bin"])) as Plan;
}

/**
 * Test-only override: never part of the synthesized output. Role assumption is switched off by an
 * empty role ARN and the account pin by null, since no AWS account is reachable.
 */
export function offlineOverride(config: { provider?: { aws?: { alias?: string }[] }; data?: Record<string, unknown> }, hubStateFile: string) {
  const providers = (config.provider?.aws ?? []).map((p) => ({
    alias: p.alias,
    access_key: "mock-access-key",
    secret_key: "mock-secret-key",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    assume_role: [{ role_arn: "" }],
    allowed_account_ids: null,
  }));
  const override: Record<string, unknown> = {
    terraform: { backend: { local: { path: "terraform.tfstate" } } },
    provider: { aws: providers },
  };
  if (config.data?.terraform_remote_state) {
    override.data = { terraform_remote_state: { hub: { backend: "local", config: { path: hubStateFile } } } };
  }
  return override;
}
