/**
 * `npm run preflight [-- --format table|json] [--concurrency N] [--timeout-seconds N]`: read-only
 * checks of the live accounts before an apply (preflight/cli.ts, docs/preflight.md).
 */
import { runCommand } from "../cli/command";
import { main } from "../preflight/cli";

runCommand("preflight", () => main(process.argv.slice(2)));
