/**
 * `npm run iam [-- --output <dir>]`: writes, for the topology named by LATTICE_CONFIG, one
 * least-privilege deploy policy per account role (default directory: iam-policies/).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { EXIT_DONE, runCommand } from "../cli/command";
import { configFile, loadTopologyFile } from "../config/loader";
import { deployRoles, type WorkspaceJson } from "../iam/deploy-policies";
import { synthesizeJson } from "../stacks/synthesize";

runCommand("iam", () => {
  const { values } = parseArgs({ options: { output: { type: "string", short: "o" } }, strict: true });
  const outdir = resolve(values.output ?? "iam-policies");
  const { topology } = loadTopologyFile(configFile());
  const { json } = synthesizeJson(topology);
  const roles = deployRoles(Object.fromEntries(json) as Record<string, WorkspaceJson>);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  for (const role of roles) {
    const name = `${role.accountId}-${role.roleArn ? role.roleArn.split("/").pop() : "caller"}.json`;
    writeFileSync(join(outdir, name), `${JSON.stringify(role.policy, null, 2)}\n`);
    console.log(`${name}: ${role.roleArn ?? `the caller's credentials in ${role.accountId}`}, for ${role.usedBy.join(", ")}`);
  }
  return EXIT_DONE;
});
