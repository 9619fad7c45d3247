/**
 * `npm run bootstrap [-- [<topology file>] [--output <dir>] [--forget <workspace>]...]`: for the
 * topology (the argument, else LATTICE_CONFIG, else examples/basic.yaml), which must say who
 * deploys (`identity`), writes the workspaces applied before the product's: one
 * `identity-<account id>` per account (its deploy roles, applied with an administrator's
 * credentials) and, with HCP Terraform, `hcp` (the workspaces that run the product). Default output:
 * cdktf.out.bootstrap/stacks/<workspace>/cdk.tf.json.
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CommandError, EXIT_DONE, runCommand } from "../cli/command";
import { topologyFile } from "../cli/topology-file";
import { loadTopologyFile } from "../config/loader";
import { BOOTSTRAP_OUTPUT, synthesizeBootstrap } from "../stacks/bootstrap";

runCommand("bootstrap", () => {
  const { values, positionals } = parseArgs({ options: { output: { type: "string", short: "o" }, forget: { type: "string", multiple: true } }, strict: true, allowPositionals: true });
  const file = topologyFile(positionals);
  const { topology, warnings } = loadTopologyFile(file);
  for (const w of warnings) console.error(`warning: ${w}`);
  if (!topology.identity) {
    throw new CommandError(`${file} has no identity block; bootstrap needs it to know who deploys (hcp-terraform, github-actions or principal)`);
  }
  const outdir = resolve(values.output ?? BOOTSTRAP_OUTPUT);
  const { estate, workspaces } = synthesizeBootstrap(topology, outdir, { forget: values.forget });
  const fromHere = relative(process.cwd(), outdir);
  const shown = fromHere.startsWith("..") ? outdir : fromHere || ".";
  const hcp = estate.identity?.hcp ? `, then ${estate.identity.hcp.workspace} with an HCP Terraform token` : "";
  console.log(`${topology.name}: wrote ${workspaces.length} bootstrap workspaces to ${shown}/stacks/ (apply identity-* with an administrator's AWS credentials${hcp})`);
  for (const w of workspaces) console.log(`  ${w}`);
  return EXIT_DONE;
});
