/**
 * Checks every workspace against the rule pack (docs/rules.md):
 *
 *   npm run check                      synthesize LATTICE_CONFIG (default examples/basic.yaml), check it
 *   npm run check -- --dir <path>      check synthesized output from any source (strict context,
 *                                      or the topology's when LATTICE_CONFIG / --config is given)
 *
 * Prints `<rule id> <stack> <resource address>: <message>` per finding. Exit 0 when no finding is
 * an error, 1 when one is, 2 when the input cannot be checked (bad topology, missing output).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkFiles, workspaceFiles } from "../guard/check-output";
import { guardContext, strictContext, type RuleContext } from "../guard/context";
import { formatFinding, hasErrors } from "../guard/rules";

const USAGE = "usage: npm run check [-- --dir <synth output dir | cdk.tf.json>] [--config <topology file>]";

/** Synthesizes with the app itself, error annotations downgraded, so every finding is listed rather than the first stack's. */
async function synthesize(configFile: string, outdir: string) {
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "1"; // read when each stack is constructed
  const { App } = await import("cdktf");
  const { loadTopologyFile } = await import("../config/loader");
  const { addWorkspaces } = await import("../stacks/app");
  const { useLeanSynth } = await import("../stacks/runtime");
  useLeanSynth();
  const { topology, warnings } = loadTopologyFile(configFile);
  const app = new App({ outdir, stackTraces: false });
  addWorkspaces(app, { topology, localStateDir: "../../../state" });
  app.synth();
  return { topology, warnings };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { dir: { type: "string" }, config: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { DEFAULT_CONFIG, loadTopologyFile } = await import("../config/loader");
  const configFile = values.config || process.env.LATTICE_CONFIG || undefined; // empty means unset

  let target = values.dir;
  let contextFor: (stack: string) => RuleContext = strictContext;
  let tmp: string | undefined;
  try {
    if (target) {
      if (configFile) {
        const { topology } = loadTopologyFile(configFile);
        contextFor = (stack) => guardContext(topology, stack);
      }
    } else {
      tmp = mkdtempSync(join(tmpdir(), "lattice-check-"));
      const { topology, warnings } = await synthesize(configFile ?? DEFAULT_CONFIG, tmp);
      for (const w of warnings) console.error(`warning: ${w}`);
      contextFor = (stack) => guardContext(topology, stack);
      target = tmp;
    }
    const files = workspaceFiles(target);
    const findings = checkFiles(files, contextFor);
    for (const f of findings) console.log(formatFinding(f));
    const errors = findings.filter((f) => f.severity === "error").length;
    console.error(`check: ${files.length} workspace(s), ${errors} error(s), ${findings.length - errors} warning(s)`);
    return hasErrors(findings) ? 1 : 0;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    // A bad topology lists its problems, one per line; anything else is one line, never a stack trace.
    const lines = (e as { lines?: readonly string[] }).lines ?? [`check: ${(e as Error).message ?? String(e)}`];
    for (const line of lines) console.error(line);
    process.exitCode = 2;
  },
);
