/**
 * A workspace that an earlier output has and the new one lacks. Deleting its directory would leave
 * whatever its state holds alive in AWS with nothing left to destroy it (an account that keeps
 * private access to every vendor, a deploy role nobody manages), so an output may drop a workspace
 * only when that workspace is known to be empty:
 * - local backend: its state file is absent or holds no managed resource;
 * - another backend (state out of reach here): its earlier configuration had no resources, i.e. it
 *   was synthesized as retiring (a spoke with `retired: true`) and, we trust, applied;
 * - or the user names it (`--forget <workspace>`).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** `stacks/<workspace>/cdk.tf.json` → the workspace's name. */
export function workspaceOfFile(file: string): string | undefined {
  return /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(file)?.[1];
}

/** The workspaces whose configuration is among `files`. */
export function workspacesOf(files: Iterable<string>): string[] {
  return [...files].map(workspaceOfFile).filter((w): w is string => w !== undefined);
}

/** The workspaces a directory written by another tool holds (`stacks/<workspace>/cdk.tf.json`). */
export function existingWorkspaces(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, "stacks"));
  } catch {
    return [];
  }
  return names.filter((w) => existsSync(join(dir, "stacks", w, "cdk.tf.json")));
}

/**
 * Why the output in `dir` may not drop the workspaces of `previous` that `next` lacks, or undefined.
 * One line: the first such workspace, what still holds resources, and what to do.
 */
export function vanishedWorkspacesProblem(dir: string, previous: Iterable<string>, next: Iterable<string>, forget: readonly string[] = []): string | undefined {
  const kept = new Set([...next, ...forget]);
  const blocked = [...new Set(previous)].filter((w) => !kept.has(w)).sort()
    .map((w) => ({ workspace: w, held: heldResources(dir, w) }))
    .filter((b): b is { workspace: string; held: string } => b.held !== undefined);
  if (blocked.length === 0) return undefined;
  const [first, ...more] = blocked;
  const others = more.length > 0 ? ` (also ${more.map((b) => b.workspace).join(", ")})` : "";
  return `${first.workspace} is no longer in the topology but ${first.held}${others}: ${whatToDo(first.workspace)}`;
}

/** What to do before a workspace of this kind can leave the output. */
export function whatToDo(workspace: string): string {
  const forget = `or pass --forget ${workspace} once its resources are destroyed`;
  const spoke = /^spoke-(.+)$/.exec(workspace);
  if (spoke) return `put it back with "retired: true" on spoke ${spoke[1]}, synth and apply that workspace (it destroys what it holds), then remove it; ${forget}`;
  if (workspace.startsWith("identity-")) return `run terraform destroy in its directory with an administrator's credentials for the account first, ${forget}`;
  if (workspace === "hcp") return `run terraform destroy in its directory with an HCP Terraform token first, ${forget}`;
  return `destroy it first (npm run changes -- --teardown prints the order), ${forget}`;
}

/**
 * What an earlier workspace still holds, as the rest of a sentence ("its state … holds 6
 * resources"), or undefined when it is known to be empty.
 */
function heldResources(dir: string, workspace: string): string | undefined {
  const config = readJson(join(dir, "stacks", workspace, "cdk.tf.json"));
  const backend = isObject(config?.terraform) ? config.terraform.backend : undefined;
  const local = isObject(backend) && isObject(backend.local) ? backend.local : undefined;
  if (local && typeof local.path === "string") {
    const statePath = resolve(dir, "stacks", workspace, local.path);
    const shown = relative(dirname(dir), statePath) || statePath;
    let text: string;
    try {
      text = readFileSync(statePath, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      return `its state ${shown} cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`;
    }
    const count = managedInstances(text);
    if (count === 0) return undefined;
    return count === undefined ? `its state ${shown} is not a Terraform state` : `its state ${shown} holds ${count} resource${count === 1 ? "" : "s"}`;
  }
  // Out of reach: only a configuration without resources (a retiring workspace) says it is empty.
  const declared = isObject(config?.resource) ? Object.keys(config.resource).length : undefined;
  if (declared === 0 || (config !== undefined && config.resource === undefined)) return undefined;
  const kind = isObject(backend) ? Object.keys(backend)[0] : isObject(config?.terraform) && config.terraform.cloud ? "cloud" : undefined;
  return `its ${kind ?? "remote"} state cannot be read from here and its last configuration still declared resources`;
}

/** Managed resource instances in a state file's text; undefined if it is no state. */
export function managedInstances(text: string): number | undefined {
  if (text.trim() === "") return 0;
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(state) || !Array.isArray(state.resources ?? [])) return undefined;
  return ((state.resources ?? []) as unknown[]).filter(isObject)
    .filter((r) => r.mode === "managed")
    .reduce((n, r) => n + (Array.isArray(r.instances) ? r.instances.length : 0), 0);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function readJson(path: string): Obj | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
