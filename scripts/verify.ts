/**
 * `npm run verify [-- [<topology file>] [--format table|json] [--concurrency N] [--timeout-seconds N]]`:
 * read-only checks of the applied estate against the topology (verify/cli.ts, docs/verify.md).
 */
import { runCommand } from "../cli/command";
import { main } from "../verify/cli";

runCommand("verify", () => main(process.argv.slice(2)));
