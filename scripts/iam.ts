/**
 * `npm run iam [-- --output <dir>]`: writes, for the topology named by LATTICE_CONFIG, one
 * least-privilege deploy policy per account role (default directory: iam-policies/).
 * `--preflight`: the read-only policies `npm run preflight` needs instead (default iam-policies/preflight/).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { EXIT_DONE, runCommand } from "../cli/command";
import { configFile, loadTopologyFile } from "../config/loader";
import { estateOf } from "../config/estate";
import { deployRoles } from "../iam/deploy-policies";
import { preflightRoles } from "../preflight/policies";
import { synthesizeJson } from "../stacks/synthesize";

runCommand("iam", () => {
  const { values } = parseArgs({ options: { output: { type: "string", short: "o" }, preflight: { type: "boolean" } }, strict: true });
  const outdir = resolve(values.output ?? (values.preflight ? "iam-policies/preflight" : "iam-policies"));
  const { topology } = loadTopologyFile(configFile());
  const roles = values.preflight ? preflightRoles(estateOf(topology)) : deployRoles(Object.fromEntries(synthesizeJson(topology).json));
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  for (const role of roles) {
    const name = `${role.accountId}-${role.roleArn ? role.roleArn.split("/").pop() : "caller"}.json`;
    writeFileSync(join(outdir, name), `${JSON.stringify(role.policy, null, 2)}\n`);
    console.log(`${name}: ${role.roleArn ?? `the caller's credentials in ${role.accountId}`}, for ${role.usedBy.join(", ")}`);
  }
  return EXIT_DONE;
});
