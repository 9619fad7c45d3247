/**
 * Which directories a command may never write to, and where Terraform keeps the local state of a
 * synthesized output. Pure path logic: nothing here touches the filesystem except to resolve links.
 */
import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/**
 * The directory holding this project's package.json: the parent of output/, also when this file runs
 * compiled as dist/js/output/places.js (npm run build, scripts/synth.cjs).
 */
export const PROJECT_ROOT = ((parent) => (parent.endsWith(`${sep}dist${sep}js`) ? resolve(parent, "..", "..") : parent))(resolve(__dirname, ".."));

/** Directories no output may be, or contain. */
export interface ProtectedPlaces {
  readonly home: string;
  readonly projectRoot: string;
  readonly cwd: string;
  /** Where the user typed `npm run …` (npm runs scripts from the project root and records this in INIT_CWD). */
  readonly invocationDir?: string;
}

export function protectedPlaces(env: NodeJS.ProcessEnv = process.env): ProtectedPlaces {
  return { home: homedir(), projectRoot: PROJECT_ROOT, cwd: process.cwd(), invocationDir: env.INIT_CWD || undefined };
}

/** `path` with the links of its existing part resolved, the rest appended: where the OS will really write. */
export function physicalPath(path: string): string {
  const missing: string[] = [];
  let existing = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(existing), ...missing.reverse());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw e;
      const parent = dirname(existing);
      if (parent === existing) return resolve(path);
      missing.push(basename(existing));
      existing = parent;
    }
  }
}

/** Whether `inner` is `outer` or lies below it (both absolute). */
export function isWithin(inner: string, outer: string): boolean {
  const r = relative(outer, inner);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/**
 * Why no command may write to `target`, or undefined. Compared both as written and with links
 * resolved, so that a link to the home directory is refused like the home directory.
 */
export function protectedPlaceReason(target: string, places: ProtectedPlaces = protectedPlaces()): string | undefined {
  const named: [string | undefined, string][] = [
    [places.home, "the home directory"],
    [places.projectRoot, "the project root (it holds this project's package.json)"],
    [places.cwd, "the current directory"],
    [places.invocationDir, "the directory npm was run from"],
  ];
  for (const t of new Set([resolve(target), physicalPath(target)])) {
    if (dirname(t) === t) return "it is the filesystem root";
    for (const [place, what] of named) {
      if (!place) continue;
      for (const p of new Set([resolve(place), physicalPath(place)])) {
        if (p === t) return `it is ${what}`;
        if (isWithin(p, t)) return `it contains ${what} (${p})`;
      }
    }
  }
  return undefined;
}

/**
 * The directory where the local backend keeps state for workspaces in `<outdir>/stacks/<stack>`,
 * whose state path is `../../../state/<stack>.tfstate`: Terraform opens it relative to the workspace
 * and the OS resolves ".." physically, so it is the state directory next to the real output directory.
 */
export function localStateDirectory(outdir: string): string {
  return join(dirname(physicalPath(outdir)), "state");
}

/**
 * Rule: the local state directory (`localStateDirectory`) must lie neither inside the output
 * directory, where a publish could own or remove its files, nor at the project root. Returns why
 * `outdir` breaks it, or undefined.
 */
export function stateDirectoryProblem(outdir: string, stateDir = localStateDirectory(outdir), projectRoot = PROJECT_ROOT): string | undefined {
  const out = physicalPath(outdir);
  const state = physicalPath(stateDir);
  if (isWithin(state, out)) return `the local Terraform state directory ${state} would lie inside it`;
  if (state === physicalPath(projectRoot)) return `the local Terraform state directory ${state} would be the project root`;
  return undefined;
}
