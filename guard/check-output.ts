/**
 * Checks synthesized output as files: `<outdir>/stacks/<stack>/cdk.tf.json`, from our app or any
 * other source (cdktf synth, a hand-edited copy, another generator).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RuleContext } from "./context";
import { runRules, type Finding } from "./engine";

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

/** Runs the rules over each file; unreadable JSON is itself a finding (LAT000), never an exception. */
export function checkFiles(files: readonly WorkspaceFile[], contextFor: (stack: string) => RuleContext): Finding[] {
  return files.flatMap(({ stack, file }) => {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      return [{ ruleId: "LAT000", severity: "error" as const, stack, address: "(document)", message: `cannot be read as JSON (${(e as Error).message.split("\n")[0]})` }];
    }
    return runRules(doc, contextFor(stack));
  });
}
