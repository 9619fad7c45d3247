/**
 * Runs Terraform on synthesized workspaces: init + validate of the output as written, and an offline
 * plan through a test-only override (fake credentials, skip flags, local backend, the hub's outputs
 * from a fixture state file). Uses the machine's provider mirror when there is one, otherwise the
 * normal registry.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

let registryEnv: NodeJS.ProcessEnv | undefined;

/**
 * Terraform's environment for a provider the mirror does not hold (tfe): the mirror for
 * hashicorp/aws when there is one, the registry for every other provider.
 */
export function registryTerraformEnv(): NodeJS.ProcessEnv {
  if (registryEnv) return registryEnv;
  registryEnv = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  if (existsSync(MIRROR)) {
    const aws = "registry.terraform.io/hashicorp/aws";
    const config = join(mkdtempSync(join(tmpdir(), "tf-cli-")), "terraform.rc");
    writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path    = "${MIRROR}"\n    include = ["${aws}"]\n  }\n  direct {\n    exclude = ["${aws}"]\n  }\n}\n`);
    registryEnv.TF_CLI_CONFIG_FILE = config;
  }
  return registryEnv;
}

export async function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv = terraformEnv()): Promise<string> {
  try {
    const { stdout } = await run("terraform", [...args], {
      cwd, env, maxBuffer: 256 * 1024 * 1024, timeout: 300_000,
    });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform ${args.join(" ")} in ${cwd} failed:\n${err.stderr || err.stdout || err.message}`);
  }
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly diagnostics: { severity: string; summary: string; detail?: string; range?: { filename?: string } }[];
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

/** Remote-state name (hub, dns) → a fixture state file holding that workspace's outputs. */
export type RemoteStates = Readonly<Record<string, string>>;

export interface OverridableConfig {
  readonly provider?: { aws?: { alias?: string }[] };
  readonly data?: { terraform_remote_state?: Record<string, unknown> };
}

/**
 * Test-only override: never part of the synthesized output. Role assumption is switched off by an
 * empty role ARN and the account pin by null, since no AWS account is reachable; every remote state
 * reads its fixture file.
 */
export function offlineOverride(config: OverridableConfig, remoteStates: RemoteStates) {
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
  const reads = Object.keys(config.data?.terraform_remote_state ?? {});
  if (reads.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(reads.map((name) => {
        if (!remoteStates[name]) throw new Error(`no fixture state for remote state "${name}"`);
        return [name, { backend: "local", config: { path: remoteStates[name] } }];
      })),
    };
  }
  return override;
}
