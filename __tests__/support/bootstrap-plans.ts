/**
 * The bootstrap workspaces of a topology (`npm run bootstrap`), validated and planned offline by
 * Terraform once per test run, with the cache and planner of the product's workspaces
 * (workspace-plans.ts). The identity workspaces need the AWS provider only; the `hcp` workspace needs
 * the tfe provider, which is not available offline: it is synthesized here and validated by its
 * own suite where the registry is reachable (`validateHcpWorkspace`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Estate } from "../../config/estate";
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { synthesizeBootstrap } from "../../stacks/bootstrap";
import { registryTerraformEnv, terraform, type Plan, type ValidateResult } from "./terraform";
import { cached, hash, planAll, validateAll, type SynthesizedJson } from "./workspace-plans";

export interface PlannedBootstrap {
  readonly estate: Estate;
  readonly topology: Topology;
  /** Every bootstrap workspace (the identity workspaces and hcp) → its synthesized Terraform JSON. */
  readonly json: Readonly<Record<string, SynthesizedJson>>;
  /** The identity workspaces only. */
  readonly identityWorkspaces: readonly string[];
  readonly validations: Readonly<Record<string, ValidateResult>>;
  readonly plans: Readonly<Record<string, Plan>>;
}

export async function planBootstrapFile(file: string): Promise<PlannedBootstrap> {
  const { topology } = loadTopologyFile(file);
  const work = mkdtempSync(join(tmpdir(), "lattice-bootstrap-plan-"));
  try {
    const { estate, workspaces } = synthesizeBootstrap(topology, work, { direct: true });
    const texts = Object.fromEntries(workspaces.map((w) => [w, readFileSync(join(work, "stacks", w, "cdk.tf.json"), "utf8")]));
    const identityWorkspaces = estate.identity!.accounts.map((a) => a.workspace.name);
    const identityTexts = Object.fromEntries(identityWorkspaces.map((w) => [w, texts[w]]));
    const [validations, plans] = await Promise.all([
      cached(hash("validate", ...Object.entries(identityTexts).flat()), () => validateAll(identityTexts)),
      // Identity workspaces read no other workspace's state.
      cached(hash("plan", ...Object.entries(identityTexts).flat()), () => planAll(identityTexts, {})),
    ]);
    const json = Object.fromEntries(Object.entries(texts).map(([w, text]) => [w, JSON.parse(text) as SynthesizedJson]));
    return { estate, topology, json, identityWorkspaces, validations, plans };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `terraform init -backend=false` + `validate` of the hcp workspace as written, installing the tfe provider from the registry. */
export async function validateHcpWorkspace(configText: string): Promise<ValidateResult> {
  const dir = mkdtempSync(join(tmpdir(), "lattice-hcp-validate-"));
  try {
    writeFileSync(join(dir, "cdk.tf.json"), configText);
    const env = registryTerraformEnv();
    await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"], env);
    const out = await terraform(dir, ["validate", "-json", "-no-color"], env).catch((e: Error) => e.message.slice(e.message.indexOf("{")));
    return JSON.parse(out) as ValidateResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
