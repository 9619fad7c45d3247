/**
 * Suites that need a tool outside node_modules (Terraform, Chromium). No silent skips: with CI set
 * a missing tool fails the suite with a message naming the tool; elsewhere the suite is skipped
 * and the skip is printed loudly, so a green local run never hides what it did not test.
 *
 *   describeRequiring(TERRAFORM, "committed plans match a fresh plan", () => { ... });
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registryTerraformEnv } from "./terraform";

export interface Tool {
  readonly name: string;
  /** How to get it, for the message. */
  readonly install: string;
  readonly available: () => boolean;
}

const once = (probe: () => boolean) => {
  let known: boolean | undefined;
  return () => (known ??= probe());
};

export const TERRAFORM: Tool = {
  name: "terraform",
  install: "install Terraform 1.11 on the PATH",
  available: once(() => spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0),
};

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM: Tool = {
  name: `Chromium (${CHROMIUM_PATH})`,
  install: "apt-get install chromium",
  available: once(() => existsSync(CHROMIUM_PATH)),
};

/**
 * The tfe provider (hashicorp/tfe, the version @cdktf/provider-tfe is generated for), installable from
 * the registry: never offline, so its suites are skipped loudly everywhere, CI included.
 */
export const TFE_PROVIDER: Tool = {
  name: "the tfe provider (hashicorp/tfe from the Terraform registry)",
  install: "a network that reaches registry.terraform.io",
  available: once(() => {
    const version = (JSON.parse(readFileSync(require.resolve("@cdktf/provider-tfe/package.json"), "utf8")) as { cdktf: { provider: { version: string } } }).cdktf.provider.version;
    const dir = mkdtempSync(join(tmpdir(), "tfe-probe-"));
    try {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { tfe: { source: "hashicorp/tfe", version } } } }));
      return spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env: registryTerraformEnv(), encoding: "utf8", timeout: 120_000 }).status === 0;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }),
};

/** CI=true (or any value but "", "0" and "false"), as CI services set it. */
export function inCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

/**
 * `describe` when `tool` is there; otherwise a failure in CI and a loud skip elsewhere.
 * `neverInCi`: why CI cannot have the tool either; the suite is then skipped loudly in CI too.
 */
export function describeRequiring(tool: Tool, title: string, body: () => void, neverInCi?: string): void {
  if (tool === TERRAFORM && process.env.LATTICE_UNIT_LOOP) {
    // The fast loop leaves Terraform to `npm test`, on purpose and visibly.
    console.warn(`SKIPPED in the unit loop: "${title}" needs Terraform (npm test runs it)`);
    describe.skip(title, body);
    return;
  }
  if (tool.available()) {
    describe(title, body);
    return;
  }
  if (inCi() && !neverInCi) {
    describe(title, () => {
      test(`requires ${tool.name}`, () => {
        throw new Error(`${tool.name} is not available and CI is set, so "${title}" cannot be skipped: ${tool.install}`);
      });
    });
    return;
  }
  console.warn(neverInCi
    ? `SKIPPED: "${title}" needs ${tool.name}, which is not available (${tool.install}); ${neverInCi}`
    : `SKIPPED: "${title}" needs ${tool.name}, which is not available (${tool.install}; with CI set this fails instead)`);
  describe.skip(title, body);
}

/**
 * `describe` for tests that run the commands as child processes (seconds each): the fast loop
 * (`npm run test:unit`) skips them, saying so; `npm test` runs them.
 */
export function describeCommands(title: string, body: () => void): void {
  if (process.env.LATTICE_UNIT_LOOP) {
    console.warn(`SKIPPED in the unit loop: "${title}" runs the commands as processes (npm test runs it)`);
    describe.skip(title, body);
    return;
  }
  describe(title, body);
}
