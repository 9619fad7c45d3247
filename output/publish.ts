/**
 * Writing a command's output into a directory without ever losing a file that is not ours.
 *
 * A command writes only into a directory that is absent, empty, or its own earlier output, which it
 * recognizes by the marker file it leaves there (the command and the files it wrote). In its own
 * output it replaces or removes only the files it wrote: `.terraform/`, lock files, state and
 * anything else survive. Files are replaced atomically and flushed together: every new content is
 * first written to a temporary file next to its target, then all of them are made durable at once
 * (for a large output one `sync -f` of the file system on Linux, else an fsync per file), then each is renamed over its
 * target, and one more flush makes the renames durable. Before touching any file the marker is
 * rewritten (temporary file, fsync, rename) to list the old and the new files together, and after
 * the last one to list the new files only, so that a run killed at any moment leaves each file with
 * its old or its new content and a marker covering every file it may have written; the next run
 * removes the leftovers (names starting with TEMP_PREFIX) and finishes the job. A lock file keeps
 * two runs out of one directory.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { acquireLock, LOCK_NAME, LockBusy, TEMP_PREFIX } from "./lock";
import { isWithin, protectedPlaceReason, protectedPlaces, type ProtectedPlaces } from "./places";

export { LOCK_NAME, TEMP_PREFIX } from "./lock";

export const MARKER_NAME = ".lattice-endpoints-output.json";
const WRITER = "lattice-endpoints";

/** Relative path ("/"-separated) → content. */
export type OutputFiles = ReadonlyMap<string, string | Uint8Array> | Readonly<Record<string, string | Uint8Array>>;
/** Fills a staging directory (for instance cdktf's `app.synth()` with `outdir` set to it). */
export type OutputWriter = (stagingDir: string) => void;

export interface PublishOptions {
  /** Directories the output may not be or contain (tests pass their own). */
  readonly places?: ProtectedPlaces;
  /**
   * Judges, under the lock and before anything is written, the earlier files this output would
   * remove: returns why it may not (the publish is refused), or undefined.
   */
  readonly vetRemovals?: (dir: string, removed: readonly string[], next: readonly string[]) => string | undefined;
}

export interface PublishResult {
  readonly directory: string;
  /** Every file of this output, sorted. */
  readonly files: readonly string[];
  /** Files whose content changed or that are new. */
  readonly written: readonly string[];
  /** Files of the earlier output that this one no longer has. */
  readonly removed: readonly string[];
}

/** The output could not be written; the message is one line naming the path and the reason. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/** Refused before anything was written. */
export class OutputRefused extends OutputError {
  constructor(readonly command: string, readonly path: string, readonly reason: string) {
    super(`${command}: refusing to write to ${path}: ${reason}; nothing was written`);
    this.name = "OutputRefused";
  }
}

interface Marker {
  readonly writtenBy: typeof WRITER;
  readonly command: string;
  readonly note: string;
  /** Present while a run is replacing files: `files` then lists the old and new ones together. */
  readonly inProgress?: true;
  readonly files: readonly string[];
}

/**
 * Writes `content` (files, or a writer filling a staging directory) as the output of `command` in
 * `target`. Throws OutputRefused, or OutputError for an I/O failure; a writer's own error passes through.
 */
export function publishOutput(target: string, command: string, content: OutputFiles | OutputWriter, options: PublishOptions = {}): PublishResult {
  const dir = resolve(target);
  const refuse = (reason: string) => new OutputRefused(command, dir, reason);
  const placeReason = protectedPlaceReason(dir, options.places ?? protectedPlaces());
  if (placeReason) throw refuse(placeReason);
  // Refuse a directory that is not ours before creating or locking anything. Conflicts inside our
  // own output are judged under the lock (a concurrent run may be changing it): such a refusal
  // creates and removes the lock file, and changes no other file.
  previousFiles(dir, command, refuse);

  let firstCreated: string | undefined;
  try {
    firstCreated = mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw ioError(command, dir, e);
  }
  let release: () => void;
  try {
    release = acquireLock(dir, command);
  } catch (e) {
    removeCreatedDirectories(dir, firstCreated);
    throw e instanceof LockBusy ? refuse(e.message) : ioError(command, dir, e);
  }
  let result: PublishResult | undefined;
  let failure: unknown;
  try {
    // Read again under the lock: a run that just finished may have changed it.
    const previous = previousFiles(dir, command, refuse);
    removeLeftovers(dir, previous);
    const files = typeof content === "function" ? staged(dir, content) : asBuffers(content);
    const veto = options.vetRemovals?.(dir, previous.filter((f) => !files.has(f)), [...files.keys()]);
    if (veto) throw refuse(veto);
    const plan = planWrites(dir, previous, files, refuse);
    result = carryOut(dir, command, previous, files, plan);
  } catch (e) {
    failure = e;
  } finally {
    release();
  }
  if (result) return result;
  removeCreatedDirectories(dir, firstCreated);
  throw failure instanceof OutputError || !isFsError(failure) ? failure : ioError(command, dir, failure);
}

/** The marker a completed run leaves: deterministic, so that a committed output stays unchanged. */
export function markerContent(command: string, files: Iterable<string>, inProgress = false): string {
  const marker: Marker = {
    writtenBy: WRITER,
    command,
    note: `${WRITER} replaces or removes only the files listed here; everything else in this directory is left alone`,
    ...(inProgress ? { inProgress: true as const } : {}),
    files: [...new Set(files)].sort(),
  };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/** The files of the earlier output of `command` in `dir` (none if it is absent or empty); refuses anything else. */
function previousFiles(dir: string, command: string, refuse: (reason: string) => OutputRefused): string[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw refuse("it is not a directory");
    entries = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    if (e instanceof OutputError) throw e;
    throw refuse(`it cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  if (!entries.includes(MARKER_NAME)) {
    // Only our own lock or leftovers may be there: a first run that was interrupted.
    const foreign = entries.filter((e) => e !== LOCK_NAME && !e.startsWith(TEMP_PREFIX));
    if (foreign.length === 0) return [];
    throw refuse(`it is not empty and holds no ${MARKER_NAME}, so it is not an earlier output of ${command}; name a new or empty directory`);
  }
  const markerPath = join(dir, MARKER_NAME);
  let marker: Partial<Marker>;
  try {
    if (!lstatSync(markerPath).isFile()) throw new Error("not a file");
    marker = JSON.parse(readFileSync(markerPath, "utf8")) as Partial<Marker>;
  } catch {
    throw refuse(`its ${MARKER_NAME} is unreadable`);
  }
  const files = marker.files;
  if (marker.writtenBy !== WRITER || typeof marker.command !== "string" || !Array.isArray(files)) {
    throw refuse(`its ${MARKER_NAME} was not written by ${WRITER}`);
  }
  if (marker.command !== command) throw refuse(`it holds the output of ${marker.command.slice(0, 40)}, not of ${command}`);
  const bad = files.find((f) => typeof f !== "string" || relativePathProblem(f) !== undefined);
  if (bad !== undefined) throw refuse(`its ${MARKER_NAME} lists ${JSON.stringify(String(bad).slice(0, 80))}, which is not a path inside it`);
  return files as string[];
}

/** Why `p` is not a plain relative path of ours ("a/b.json"), or undefined. */
function relativePathProblem(p: string): string | undefined {
  if (p === "" || p.startsWith("/") || p.includes("\\") || p.includes("\0")) return "is not a relative path";
  const parts = p.split("/");
  if (parts.some((s) => s === "" || s === "." || s === "..")) return "is not a normalized relative path";
  if (parts.some((s) => s === MARKER_NAME || s === LOCK_NAME || s.startsWith(TEMP_PREFIX))) return "uses a name reserved for the output's bookkeeping";
  return undefined;
}

/** Removes what an interrupted run left: temporary files next to any file of the output, staging directories, set-aside locks. */
function removeLeftovers(dir: string, previous: readonly string[]): void {
  const dirs = new Set([dir]);
  for (const f of previous) if (realDirectoriesUpTo(dir, f)) dirs.add(dirname(join(dir, f)));
  for (const d of dirs) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const name of names) if (name.startsWith(TEMP_PREFIX)) rmSync(join(d, name), { recursive: true, force: true });
  }
}

/** Runs the writer into a staging directory inside the output (so leftovers are ours to clean) and reads what it wrote. */
function staged(dir: string, write: OutputWriter): Map<string, Buffer> {
  // mkdir, not mkdtemp: mkdtemp makes 0700 and whatever cdktf creates inside follows the umask anyway.
  const staging = join(dir, `${TEMP_PREFIX}staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    write(staging);
    return filesUnder(staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Every file under `dir`: relative path ("/"-separated) → content. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(relative(dir, p).split(sep).join("/"), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

function asBuffers(content: OutputFiles): Map<string, Buffer> {
  const entries = content instanceof Map ? [...content.entries()] : Object.entries(content);
  return new Map(entries.map(([path, data]) => [path, typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data)]));
}

interface Plan {
  /** Files to (re)write: new or changed. */
  readonly write: string[];
  /** Earlier files in the way of a new directory: removed first. */
  readonly clearFirst: string[];
}

/** Checks every new path before anything is touched: it must be free, or ours, and reached through real directories. */
function planWrites(dir: string, previous: readonly string[], files: ReadonlyMap<string, Buffer>, refuse: (reason: string) => OutputRefused): Plan {
  const ours = new Set(previous);
  const plan: Plan = { write: [], clearFirst: [] };
  const seenDirs = new Set<string>();
  const lstat = (rel: string): Stats | undefined => {
    try {
      return lstatSync(join(dir, rel));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
      throw e;
    }
  };
  for (const [rel, data] of files) {
    const problem = relativePathProblem(rel);
    if (problem) throw new Error(`output file ${JSON.stringify(rel)} ${problem}`);
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join("/");
      if (files.has(d)) throw new Error(`output file ${JSON.stringify(d)} is also a directory of ${JSON.stringify(rel)}`);
      if (seenDirs.has(d)) continue;
      seenDirs.add(d);
      const st = lstat(d);
      if (!st || st.isDirectory()) continue;
      if (st.isSymbolicLink()) throw refuse(`${d} is a symbolic link; the output is written only into real directories`);
      if (ours.has(d) && !files.has(d)) plan.clearFirst.push(d);
      else throw refuse(`${d} is in the way of ${rel} and was not written by this command`);
    }
    const st = lstat(rel);
    if (!st) plan.write.push(rel);
    else if (st.isDirectory()) throw refuse(`${rel} is a directory, where the output has a file`);
    else if (!ours.has(rel)) throw refuse(`${rel} exists and was not written by this command`);
    else if (!(st.isFile() && st.size === data.length && readFileSync(join(dir, rel)).equals(data))) plan.write.push(rel);
  }
  return plan;
}

function carryOut(dir: string, command: string, previous: readonly string[], files: ReadonlyMap<string, Buffer>, plan: Plan): PublishResult {
  const next = [...files.keys()].sort();
  const stale = previous.filter((f) => !files.has(f)).sort();
  const changes = plan.write.length > 0 || stale.length > 0;
  // From here on, the marker covers every file a crash could leave behind.
  if (changes) writeAtomically(join(dir, MARKER_NAME), Buffer.from(markerContent(command, [...previous, ...next], true)));
  for (const rel of plan.clearFirst) removeOurs(dir, rel);
  const made = new Set<string>([dir]);
  const wholeFileSystem = plan.write.length >= SYNC_FILE_SYSTEM_FROM;
  const temps: string[] = [];
  let renamed = 0;
  try {
    // All the new contents in temporary files, then flushed at once, then renamed in order.
    for (const rel of plan.write) {
      const parent = dirname(join(dir, rel));
      if (!made.has(parent)) mkdirSync(parent, { recursive: true });
      made.add(parent);
      temps.push(writeTemporary(parent, files.get(rel) as Buffer));
    }
    if (temps.length > 0) flushAll(made, temps, wholeFileSystem);
    for (; renamed < temps.length; renamed++) renameSync(temps[renamed], join(dir, plan.write[renamed]));
  } catch (e) {
    for (const temp of temps.slice(renamed)) rmSync(temp, { force: true }); // best effort: the next run removes what stays
    throw e;
  }
  for (const rel of stale) removeOurs(dir, rel);
  // The renames and removals reach the disk before the marker stops listing the old files.
  if (changes && wholeFileSystem) flushAll(made, [], true);
  const marker = Buffer.from(markerContent(command, next));
  const markerPath = join(dir, MARKER_NAME);
  if (changes || !sameContent(markerPath, marker)) writeAtomically(markerPath, marker);
  return { directory: dir, files: next, written: [...plan.write].sort(), removed: stale };
}

let tempCounter = 0;

/** Writes `data` to a new temporary file in `parent` (not flushed) and returns its path; on failure it is removed. */
function writeTemporary(parent: string, data: Buffer, flush = false): string {
  const temp = join(parent, `${TEMP_PREFIX}${process.pid}-${tempCounter++}`);
  const fd = openSync(temp, "wx"); // default mode: 0666 less the umask
  try {
    writeFileSync(fd, data);
    if (flush) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw e;
  }
  closeSync(fd);
  return temp;
}

/** Replaces `path` with `data` in one step: a temporary file next to it, flushed to disk, renamed over it. */
function writeAtomically(path: string, data: Buffer): void {
  renameSync(writeTemporary(dirname(path), data, true), path);
}

/** From this many files on, one `sync -f` (a process start, 10 to 30 ms) costs less than an fsync each (about 0.4 ms). */
export const SYNC_FILE_SYSTEM_FROM = 32;

/**
 * Whether `sync -f` flushes file systems here: decided by its first use in this process.
 * LATTICE_OUTPUT_FLUSH=fsync (read once, at load) skips it and fsyncs every file, as on other systems.
 */
let syncFileSystemWorks: boolean | undefined = process.env.LATTICE_OUTPUT_FLUSH === "fsync" ? false : undefined;

/**
 * Makes everything written so far in the directories `dirs` durable: `files` (just written) and
 * renames in them. On Linux one `sync -f` (coreutils: syncfs(2) on the file system of each path
 * given, one path per file system) flushes them all in one step, where an fsync per file costs a
 * disk flush per file (about 0.45 s for a thousand stacks, against 30 ms). Where that is not
 * available (another system, no `sync`, a `sync` without -f, any failure), or not worth it (fewer
 * than SYNC_FILE_SYSTEM_FROM files: `wholeFileSystem` false), each file is fsynced, which covers the
 * files' contents but not the renames, as before this batching.
 */
function flushAll(dirs: Iterable<string>, files: readonly string[], wholeFileSystem: boolean): void {
  if (wholeFileSystem && process.platform === "linux" && syncFileSystemWorks !== false) {
    const onePerFileSystem = new Map<number, string>();
    for (const d of dirs) {
      const dev = statSync(d).dev;
      if (!onePerFileSystem.has(dev)) onePerFileSystem.set(dev, d);
    }
    const sync = spawnSync("sync", ["--file-system", "--", ...onePerFileSystem.values()], { stdio: "ignore" });
    syncFileSystemWorks = sync.status === 0;
    if (syncFileSystemWorks) return;
  }
  for (const file of files) {
    const fd = openSync(file, "r+"); // writable: Windows flushes only a handle opened for writing
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Removes a file of ours, if it is still a file reached through real directories, and the directories it leaves empty. */
function removeOurs(dir: string, rel: string): void {
  if (!realDirectoriesUpTo(dir, rel)) return;
  const path = join(dir, rel);
  try {
    if (lstatSync(path).isDirectory()) return; // someone made it a directory: not ours any more
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  for (let d = dirname(path); d !== dir && isWithin(d, dir); d = dirname(d)) {
    if (!removeIfEmpty(d)) return;
  }
}

/** After a failed first run: removes the directories mkdir created for the output, if they stayed empty. */
function removeCreatedDirectories(dir: string, firstCreated: string | undefined): void {
  if (firstCreated === undefined) return;
  for (let d = dir; isWithin(d, firstCreated); d = dirname(d)) {
    if (!removeIfEmpty(d)) return;
  }
}

function removeIfEmpty(d: string): boolean {
  try {
    rmdirSync(d);
    return true;
  } catch {
    return false;
  }
}

/** Whether every directory between `dir` and `rel` is a real directory (no link leads us outside). */
function realDirectoriesUpTo(dir: string, rel: string): boolean {
  const parts = rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    try {
      if (!lstatSync(join(dir, ...parts.slice(0, i))).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function sameContent(path: string, data: Buffer): boolean {
  try {
    return readFileSync(path).equals(data);
  } catch {
    return false;
  }
}

const isFsError = (e: unknown): e is NodeJS.ErrnoException => e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";

function ioError(command: string, dir: string, e: unknown): OutputError {
  const err = e as NodeJS.ErrnoException;
  const where = err.path ? relative(dir, err.path) || "." : "";
  return new OutputError(`${command}: cannot write ${dir}${where && where !== "." ? ` (${where})` : ""}: ${err.code ?? err.message}; run it again once that is fixed`);
}
