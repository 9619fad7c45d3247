/**
 * Checks synthesized output as files: `<outdir>/stacks/<stack>/cdk.tf.json`, from our app or any
 * other source (cdktf synth, a hand-edited copy, another generator).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Estate } from "../config/estate";
import { guardContext, type RuleContext } from "./context";
import { formatFinding, hasErrors, runRules, type Finding, type Rule } from "./engine";
import { RULES } from "./rules";

export interface WorkspaceFile {
  readonly stack: string;
  readonly file: string;
}

/** The workspaces of an output directory (`<dir>/stacks/*`), or of a single cdk.tf.json file. */
export function workspaceFiles(path: string): WorkspaceFile[] {
  if (!existsSync(path)) throw new Error(`${path}: no such file or directory`);
  if (statSync(path).isFile()) return [{ stack: stackNameOf(path), file: path }];
  const stacksDir = existsSync(join(path, "stacks")) ? join(path, "stacks") : path;
  const found = readdirSync(stacksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(stacksDir, d.name, "cdk.tf.json")))
    .map((d) => ({ stack: d.name, file: join(stacksDir, d.name, "cdk.tf.json") }))
    .sort((a, b) => a.stack.localeCompare(b.stack));
  if (found.length === 0) throw new Error(`${path}: no stacks/<stack>/cdk.tf.json found`);
  return found;
}

function stackNameOf(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts.length >= 2 ? parts[parts.length - 2] : file;
}

/**
 * Error findings of the rule pack, one line each (`lines`), for the command's output. Thrown by
 * judgeSynthesized before anything is published.
 */
export class FindingsError extends Error {
  override readonly name = "FindingsError";
  readonly lines: readonly string[];
  constructor(readonly findings: readonly Finding[]) {
    const lines = findings.filter((f) => f.severity === "error").map(formatFinding);
    super(lines.join("\n"));
    this.lines = lines;
  }
}

/**
 * The rule pack over the workspaces of an estate just synthesized: into `outdir`
 * (stacks/bootstrap.ts, cdktf's own synth), or as the files in memory (stacks/synthesize.ts), relative
 * path → text. Judging the written JSON costs far less than resolving every stack again, as a cdktf
 * Aspect would. Throws FindingsError on an error finding unless `keepGoing`.
 */
export function judgeSynthesized(output: string | ReadonlyMap<string, string>, estate: Estate, workspaces: readonly string[],
  options: { readonly rules?: readonly Rule[]; readonly keepGoing?: boolean } = {}): Finding[] {
  const text = typeof output === "string"
    ? (stack: string) => readFileSync(join(output, "stacks", stack, "cdk.tf.json"), "utf8")
    : (stack: string) => output.get(`stacks/${stack}/cdk.tf.json`) ?? "";
  const findings = checkDocuments(workspaces.map((stack) => ({ stack, text: () => text(stack) })), (stack) => guardContext(estate, stack), options.rules);
  if (hasErrors(findings) && !options.keepGoing) throw new FindingsError(findings);
  return findings;
}

export function checkFiles(files: readonly WorkspaceFile[], contextFor: (stack: string) => RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  return checkDocuments(files.map(({ stack, file }) => ({ stack, text: () => readFileSync(file, "utf8") })), contextFor, rules);
}

/** The rule pack over each workspace's JSON text; a text that cannot be read or parsed is one LAT000 error. */
function checkDocuments(docs: readonly { stack: string; text: () => string }[], contextFor: (stack: string) => RuleContext,
  rules: readonly Rule[] = RULES): Finding[] {
  return docs.flatMap(({ stack, text }) => {
    let doc: unknown;
    try {
      doc = JSON.parse(text());
    } catch (e) {
      return [{ ruleId: "LAT000", severity: "error" as const, stack, address: "(document)", message: `cannot be read as JSON (${(e as Error).message.split("\n")[0]})` }];
    }
    return runRules(doc, contextFor(stack), rules);
  });
}
