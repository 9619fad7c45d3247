/**
 * `npm run preflight [-- [<topology file>] [--format table|json] [--concurrency N] [--timeout-seconds N]]`:
 * read-only checks of the live accounts of the topology before an apply (preflight/cli.ts, docs/preflight.md).
 */
import { runCommand } from "../cli/command";
import { main } from "../preflight/cli";

runCommand("preflight", () => main(process.argv.slice(2)));
