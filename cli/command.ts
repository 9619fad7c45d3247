/**
 * How every command ends. Exit codes: 0 done; 1 done and found problems (findings, a blocked plan,
 * failed checks); 2 could not do its job (bad input or usage, an unreadable file, an unexpected
 * error). Expected failures print one line each, never a stack trace.
 */
import { TopologyError } from "../config/loader";
import { FindingsError } from "../guard/check-output";

export const EXIT_DONE = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_FAILED = 2;

/** Bad flags or arguments: the command prints the message and its usage hint. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The command could not do its job for a reason the user can act on (one line). */
export class CommandError extends Error {
  override readonly name = "CommandError";
}

/**
 * Runs a command's main function and sets the exit code: main returns EXIT_DONE or EXIT_PROBLEMS;
 * anything it throws is reported in one line (a bad topology: one line per problem) with EXIT_FAILED.
 */
export function runCommand(command: string, main: () => number | Promise<number>): void {
  // `npm run synth | head` closes the pipe early: not an error of ours.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
  const fail = (e: unknown) => {
    for (const line of failureLines(command, e)) console.error(line);
    process.exitCode = EXIT_FAILED;
  };
  try {
    Promise.resolve(main()).then((code) => { process.exitCode = code; }, fail);
  } catch (e) {
    fail(e);
  }
}

export function failureLines(command: string, e: unknown): string[] {
  if (e instanceof TopologyError) return [...e.lines, `${command}: ${e.lines.length} problem(s) in ${e.source}; nothing was written`];
  if (e instanceof FindingsError) return [...e.lines, `${command}: ${e.lines.length} error finding(s) of the rule pack (docs/rules.md); nothing was written`];
  const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
  const line = message.startsWith(`${command}: `) ? message : `${command}: ${message}`;
  if (e instanceof UsageError || isParseArgsError(e)) return [line, `${command}: see --help`];
  return [line];
}

/** util.parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes. */
function isParseArgsError(e: unknown): boolean {
  return typeof (e as NodeJS.ErrnoException)?.code === "string" && (e as NodeJS.ErrnoException).code!.startsWith("ERR_PARSE_ARGS");
}
