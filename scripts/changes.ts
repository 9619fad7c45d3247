/**
 * `npm run changes -- --base <before> [<after>] [--format text|markdown|json]`, or `--teardown`: one
 * review of a topology change across the whole estate, offline (changes/cli.ts, docs/changes.md).
 */
import { runCommand } from "../cli/command";
import { main } from "../changes/cli";

runCommand("changes", () => main(process.argv.slice(2)));
