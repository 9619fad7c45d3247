/**
 * Synthesizes the topology named by LATTICE_CONFIG (default examples/basic.yaml) into one
 * Terraform workspace per account: `npm run synth [-- --output <dir>] [--forget <workspace>]...`, or
 * `cdktf synth|diff|deploy`. A workspace that leaves an earlier output must be known to be empty, or
 * be named with --forget (output/vanished-workspaces.ts).
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runCommand } from "./cli/command";
import { topologyFile } from "./cli/topology-file";
import { loadTopologyFile } from "./config/loader";
import { formatFinding } from "./guard/engine";
import { synthesize } from "./stacks/synthesize";

runCommand("synth", () => {
  const { values, positionals } = parseArgs({ options: { output: { type: "string", short: "o" }, forget: { type: "string", multiple: true } }, strict: true, allowPositionals: true });
  const { topology, warnings } = loadTopologyFile(topologyFile(positionals));
  for (const w of warnings) console.error(`warning: ${w}`);

  // The cdktf CLI names its own output directory and owns it.
  const cliOutdir = process.env.CDKTF_OUTDIR;
  const outdir = resolve(values.output ?? cliOutdir ?? "cdktf.out");
  const { estate, findings } = synthesize(topology, outdir, { direct: cliOutdir !== undefined && values.output === undefined, forget: values.forget });
  for (const f of findings) console.error(`warning: ${formatFinding(f)}`);

  const fromHere = relative(process.cwd(), outdir);
  const shown = fromHere.startsWith("..") ? outdir : fromHere || ".";
  const retiring = estate.spokes.filter((s) => s.retired).map((s) => s.workspace.name);
  const first = retiring.length > 0 ? `the retiring ${retiring.join(", ")} first, then ` : "";
  console.log(`${topology.name}: wrote ${estate.workspaces.length} workspaces to ${shown}/stacks/ (apply ${first}hub, then dns, then the spokes)`);
  for (const w of estate.workspaces) console.log(`  ${w.name}`);
  return 0;
});
