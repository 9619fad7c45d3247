/**
 * Checks synthesized output as files: `<outdir>/stacks/<stack>/cdk.tf.json`, from our app or any
 * other source (cdktf synth, a hand-edited copy, another generator).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RuleContext } from "./context";
import { formatFinding, runRules, type Finding, type Rule } from "./engine";
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
 * The rule pack over freshly synthesized workspaces (stacks/synthesize.ts, stacks/bootstrap.ts):
 * reading the written JSON back costs far less than resolving every stack again, as a cdktf Aspect
 * would. Error findings stop the synth before its output is published.
 */
export class FindingsError extends Error {
  override readonly name = "FindingsError";
  constructor(readonly findings: readonly Finding[]) {
    super(findings.filter((f) => f.severity === "error").map(formatFinding).join("\n"));
  }

  /** One line per error finding, for the command's output. */
  get lines(): string[] {
    return this.findings.filter((f) => f.severity === "error").map(formatFinding);
  }
}

/** The findings of the workspaces written in `outdir` (`stacks/<workspace>/cdk.tf.json`). */
export function checkSynthesized(outdir: string, workspaces: readonly string[], contextFor: (stack: string) => RuleContext,
  rules: readonly Rule[] = RULES): Finding[] {
  return checkFiles(workspaces.map((stack) => ({ stack, file: join(outdir, "stacks", stack, "cdk.tf.json") })), contextFor, rules);
}

/** Runs the rules over each file; unreadable JSON is itself a finding (LAT000), never an exception. */
export function checkFiles(files: readonly WorkspaceFile[], contextFor: (stack: string) => RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  return files.flatMap(({ stack, file }) => {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      return [{ ruleId: "LAT000", severity: "error" as const, stack, address: "(document)", message: `cannot be read as JSON (${(e as Error).message.split("\n")[0]})` }];
    }
    return runRules(doc, contextFor(stack), rules);
  });
}
