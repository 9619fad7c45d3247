/**
 * Checks every workspace against the rule pack (docs/rules.md):
 *
 *   npm run check [-- <topology>]      synthesize the topology (the argument, else LATTICE_CONFIG,
 *                                      else examples/basic.yaml), check it
 *   npm run check -- --dir <path>      check synthesized output from any source (strict context,
 *                                      or the topology's when one is named: the argument, --config
 *                                      (an alias of it) or LATTICE_CONFIG)
 *
 * Prints `<rule id> <stack> <resource address>: <message>` per finding. Exit 0 when no finding is
 * an error, 1 when one is, 2 when the input cannot be checked (bad topology, missing output, usage).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EXIT_DONE, EXIT_PROBLEMS, runCommand } from "../cli/command";
import { namedTopologyFile } from "../cli/topology-file";
import { estateOf } from "../config/estate";
import { DEFAULT_CONFIG, loadTopologyFile } from "../config/loader";
import { checkFiles, workspaceFiles } from "../guard/check-output";
import { guardContext, strictContext, type RuleContext } from "../guard/context";
import { formatFinding, hasErrors } from "../guard/engine";
import { synthesize } from "../stacks/synthesize";

const USAGE = `usage: npm run check [-- [<topology file>] [--dir <synth output dir | cdk.tf.json>]]
The topology file: the argument (or --config <file>, an alias), else LATTICE_CONFIG, else examples/basic.yaml.
With --dir, the synthesized output is checked against that topology when one is named, strictly otherwise.`;

runCommand("check", () => {
  const { values, positionals } = parseArgs({
    strict: true,
    allowPositionals: true,
    options: { dir: { type: "string" }, config: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT_DONE;
  }
  // An explicit topology gives the rules its intent; --dir alone is checked strictly.
  const given = namedTopologyFile(positionals, process.env, { flag: "--config", value: values.config });
  let contextFor: (stack: string) => RuleContext = strictContext;
  let target = values.dir;
  let tmp: string | undefined;
  try {
    if (!target || given) {
      const { topology, warnings } = loadTopologyFile(given ?? DEFAULT_CONFIG);
      for (const w of warnings) console.error(`warning: ${w}`);
      const estate = estateOf(topology);
      contextFor = (stack) => guardContext(estate, stack);
      if (!target) {
        // Every finding is listed, not only the first stack's: synthesis keeps going past error findings.
        tmp = mkdtempSync(join(tmpdir(), "lattice-check-"));
        synthesize(topology, tmp, { direct: true, keepGoingOnFindings: true });
        target = tmp;
      }
    }
    const files = workspaceFiles(target);
    const findings = checkFiles(files, contextFor);
    for (const f of findings) console.log(formatFinding(f));
    const errors = findings.filter((f) => f.severity === "error").length;
    console.error(`check: ${files.length} workspace(s), ${errors} error(s), ${findings.length - errors} warning(s)`);
    return hasErrors(findings) ? EXIT_PROBLEMS : EXIT_DONE;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
});
