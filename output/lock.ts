/**
 * One writer per output directory: a lock file, created exclusively and whole, that names its holder. A lock
 * whose process no longer runs (on this host) is stale and taken over.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export const LOCK_NAME = ".lattice-endpoints-output.lock";
/** Every temporary name this package creates in an output directory starts with this. */
export const TEMP_PREFIX = ".lattice-endpoints-tmp-";

/** An unreadable lock younger than this may be one being written this instant. */
const UNREADABLE_GRACE_MS = 10_000;

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
}

/** Why the lock is not ours to take: the caller turns it into a refusal. */
export class LockBusy extends Error {}

/** Takes the lock of `dir` (which exists) and returns its release; throws LockBusy if a live run holds it. */
export function acquireLock(dir: string, command: string): () => void {
  const path = join(dir, LOCK_NAME);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), command } satisfies Holder);
  // A few rounds: a lock can vanish or be replaced between our reads.
  for (let round = 0; round < 5; round++) {
    if (!createWithContent(dir, path, mine)) {
      const text = readOrUndefined(path);
      if (text === undefined) continue;
      const holder = parseHolder(text);
      if (holder ? isRunning(holder) : youngerThan(path, UNREADABLE_GRACE_MS)) {
        const who = holder ? `${holder.command} (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`})` : "run";
        throw new LockBusy(`another ${who} is writing it; wait for it to finish, or delete ${LOCK_NAME} there if no such process runs`);
      }
      takeOverStale(dir, path, text);
      continue;
    }
    return () => {
      if (readOrUndefined(path) === mine) unlinkSync(path);
    };
  }
  throw new LockBusy(`its lock ${LOCK_NAME} keeps changing hands; another run is writing it`);
}

/**
 * Creates the lock with its content in one step, so that no other run ever reads it empty (and takes
 * it for one being written: a refusal that could not name us): the content goes to a temporary file,
 * hard-linked to the lock's name, which fails if the name is taken. False when it is taken. Where the
 * file system has no hard links, an exclusive create then a write.
 */
function createWithContent(dir: string, path: string, content: string): boolean {
  const temp = join(dir, `${TEMP_PREFIX}lock-new-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    writeFileSync(temp, content, { flag: "wx" });
    linkSync(temp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // The temporary file removed by the lock's holder (leftovers are its to clean): another round.
    if (code === "ENOENT") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV") throw e;
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
  }
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock only if it is still the one we judged stale: move it aside (atomic), then
 * compare. Two runs taking over at once cannot both delete a fresh lock that one of them created.
 */
function takeOverStale(dir: string, path: string, staleText: string): void {
  const aside = join(dir, `${TEMP_PREFIX}lock-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  const moved = readOrUndefined(aside);
  if (moved !== staleText) {
    // A live run's fresh lock: put it back (unless yet another appeared; then that one rules).
    try {
      linkSync(aside, path);
    } catch {
      /* the path is taken again: the next round reads it */
    }
  }
  unlinkSync(aside);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (Number.isSafeInteger(h.pid) && (h.pid as number) > 0 && typeof h.host === "string" && typeof h.command === "string") return h as Holder;
  } catch {
    /* unreadable */
  }
  return undefined;
}

/** Whether the holder still runs; a process on another host cannot be checked, so it counts as running. */
function isRunning(h: Holder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function youngerThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < ms;
  } catch {
    return false;
  }
}
