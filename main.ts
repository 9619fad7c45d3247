/**
 * Synthesizes the topology named by LATTICE_CONFIG (default examples/basic.yaml) into one
 * Terraform workspace per account: `npm run synth [-- --output <dir>]`, or `cdktf synth|diff|deploy`.
 */
import { App } from "cdktf";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CONFIG, loadTopologyFile, TopologyError } from "./config/loader";
import { addWorkspaces } from "./stacks/app";
import { useLeanSynth } from "./stacks/runtime";

useLeanSynth();
// `npm run synth | head` closes the pipe early: not an error of ours.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
});

function main(): void {
  const { values } = parseArgs({ options: { output: { type: "string", short: "o" } }, strict: true });
  const configFile = process.env.LATTICE_CONFIG ?? DEFAULT_CONFIG;
  const { topology, warnings } = loadTopologyFile(configFile);
  for (const w of warnings) console.error(`warning: ${w}`);

  // The cdktf CLI names its own output directory; on our own we write it whole or not at all.
  const cliOutdir = process.env.CDKTF_OUTDIR;
  const outdir = resolve(values.output ?? cliOutdir ?? "cdktf.out");
  mkdirSync(dirname(outdir), { recursive: true });
  const workdir = cliOutdir ? outdir : mkdtempSync(join(dirname(outdir), `.${basename(outdir)}-`));
  try {
    // Nobody reads stack traces in construct metadata; they only cost time.
    const app = new App({ outdir: workdir, stackTraces: false });
    const stacks = addWorkspaces(app, {
      topology,
      // Each workspace runs in <outdir>/stacks/<stack>: local state goes to <outdir>/../state, which is
      // <project>/state for the default output. Fixed, so the output never depends on where it is written.
      localStateDir: "../../../state",
    });
    app.synth();
    if (!cliOutdir) {
      rmSync(outdir, { recursive: true, force: true });
      renameSync(workdir, outdir);
    }
    const fromHere = relative(process.cwd(), outdir);
    const shown = fromHere.startsWith("..") ? outdir : fromHere || ".";
    console.log(`${topology.name}: wrote ${stacks.length} workspaces to ${shown}/stacks/ (apply hub first)`);
    for (const s of stacks) console.log(`  ${s.node.id}`);
  } finally {
    if (!cliOutdir && existsSync(workdir)) rmSync(workdir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  if (e instanceof TopologyError) {
    for (const line of e.lines) console.error(line);
    console.error(`${process.env.LATTICE_CONFIG ?? DEFAULT_CONFIG}: ${e.lines.length} problem(s); nothing was written`);
  } else {
    console.error(`error: ${(e as Error).message ?? e}`);
  }
  process.exitCode = 1;
}
