/**
 * `npm run iam [-- --output <dir>]`: writes, for the topology named by LATTICE_CONFIG, one
 * least-privilege deploy policy per account role (default directory: iam-policies/).
 */
import { App } from "cdktf";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CONFIG, loadTopologyFile, TopologyError } from "../config/loader";
import { deployRoles, type WorkspaceJson } from "../iam/deploy-policies";
import { addWorkspaces } from "../stacks/app";
import { useLeanSynth } from "../stacks/runtime";

useLeanSynth();
try {
  const { values } = parseArgs({ options: { output: { type: "string", short: "o" } } });
  const outdir = resolve(values.output ?? "iam-policies");
  const { topology } = loadTopologyFile(process.env.LATTICE_CONFIG ?? DEFAULT_CONFIG);
  const stacks = addWorkspaces(new App({ stackTraces: false, skipValidation: true }), { topology, localStateDir: "../../../state" });
  const workspaces: Record<string, WorkspaceJson> = {};
  for (const stack of stacks) {
    stack.prepareStack();
    workspaces[stack.node.id] = stack.toTerraform() as WorkspaceJson;
  }
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  for (const role of deployRoles(workspaces)) {
    const name = `${role.accountId}-${role.roleArn ? role.roleArn.split("/").pop() : "caller"}.json`;
    writeFileSync(join(outdir, name), `${JSON.stringify(role.policy, null, 2)}\n`);
    console.log(`${name}: ${role.roleArn ?? `the caller's credentials in ${role.accountId}`}, for ${role.usedBy.join(", ")}`);
  }
} catch (e) {
  for (const line of e instanceof TopologyError ? e.lines : [`iam: ${(e as Error).message}`]) console.error(line);
  process.exitCode = 1;
}
