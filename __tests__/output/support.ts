/** Helpers of the output tests: scratch directories, fake protected places, snapshots of a tree. */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { ProtectedPlaces } from "../../output/places";

export const scratch = (name: string) => mkdtempSync(join(tmpdir(), `lattice-output-${name}-`));

/** Protected places inside `root`, so that a failing test can never write into the real ones. */
export function fakePlaces(root: string): ProtectedPlaces {
  const places = { home: join(root, "home"), projectRoot: join(root, "project"), cwd: join(root, "work", "here") };
  for (const dir of Object.values(places)) mkdirSync(dir, { recursive: true });
  return places;
}

/**
 * Every entry under `dir`: files with mode, mtime, inode and content; directories with mode (their
 * mtime changes when a refusal found under the lock creates and removes the lock file).
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const key = relative(dir, p);
      const meta = `${(st.mode & 0o7777).toString(8)} ${st.mtimeMs} ${st.ino}`;
      if (st.isDirectory()) {
        out[`${key}/`] = `${(st.mode & 0o7777).toString(8)} ${st.ino}`;
        walk(p);
      } else if (st.isSymbolicLink()) out[key] = `link ${readlinkSync(p)}`;
      else out[key] = `${meta} ${readFileSync(p, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}

/** Every file under `dir` (relative path → content), skipping `skip` directory names. */
export function files(dir: string, skip: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!skip.includes(e.name)) walk(p);
      } else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** Every path under `dir` whose last component matches `test`. */
export function findNames(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (test(e.name)) out.push(relative(dir, p));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}
