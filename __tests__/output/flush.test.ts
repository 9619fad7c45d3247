/**
 * How a publish makes its files durable: on Linux one `sync -f` before the renames and one after
 * (not an fsync per file); elsewhere, or when `sync -f` fails, or with LATTICE_OUTPUT_FLUSH=fsync,
 * an fsync per file. Every way publishes the same files. Each test loads its own copy of the module,
 * since the choice is made once per process (per module instance).
 */
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProtectedPlaces } from "../../output/places";
import { fakePlaces, files, findNames, scratch } from "./support";

// The modules themselves, not import * copies, so that the spies reach output/publish.ts.
const fs: typeof import("node:fs") = require("node:fs");
const childProcess: typeof import("node:child_process") = require("node:child_process");

type Publish = typeof import("../../output/publish");

/** A fresh copy of output/publish.ts, loaded with `env` set. */
function loadPublish(env: Record<string, string> = {}): Publish {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    let mod: Publish | undefined;
    jest.isolateModules(() => {
      mod = require("../../output/publish");
    });
    return mod as Publish;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const STACKS = 40; // with manifest.json, past SYNC_FILE_SYSTEM_FROM
const content = (g: number, stacks = STACKS) => {
  const out = new Map<string, string>([["manifest.json", `{"generation":${g}}\n`]]);
  for (let i = 0; i < stacks; i++) out.set(`stacks/spoke-${i}/cdk.tf.json`, `{"generation":${g},"stack":${i}}\n`);
  return out;
};

/** Counts the fsyncs and the runs of `sync` while `run` publishes. */
function counting(run: () => void): { fsyncs: number; syncRuns: string[][] } {
  const fsync = jest.spyOn(fs, "fsyncSync");
  const spawn = jest.spyOn(childProcess, "spawnSync");
  try {
    run();
    return {
      fsyncs: fsync.mock.calls.length,
      syncRuns: spawn.mock.calls.filter(([cmd]) => cmd === "sync").map(([, args]) => [...((args ?? []) as string[])]),
    };
  } finally {
    fsync.mockRestore();
    spawn.mockRestore();
  }
}

const linuxWithSyncF = (() => {
  if (process.platform !== "linux") return false;
  const probe = childProcess.spawnSync("sync", ["--file-system", "--", "/"], { stdio: "ignore" });
  return probe.status === 0;
})();

describe("durability of a publish", () => {
  let root: string;
  let places: ProtectedPlaces;
  beforeEach(() => {
    root = scratch("flush");
    places = fakePlaces(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Publishes generation 1, then 2 (every file changed), with `mod`; returns the counts of the second run and the tree. */
  function twoRuns(mod: Publish, name: string) {
    const out = join(root, name);
    mod.publishOutput(out, "synth", content(1), { places });
    let result: ReturnType<Publish["publishOutput"]> | undefined;
    const counts = counting(() => (result = mod.publishOutput(out, "synth", content(2), { places })));
    expect(result?.written).toHaveLength(STACKS + 1);
    expect(findNames(out, (n) => n.startsWith(mod.TEMP_PREFIX) || n === mod.LOCK_NAME)).toEqual([]);
    return { ...counts, tree: files(out), out };
  }

  (linuxWithSyncF ? test : test.skip)("on Linux: one `sync -f` before the renames and one after, an fsync for the marker only", () => {
    const mod = loadPublish();
    const { fsyncs, syncRuns, tree, out } = twoRuns(mod, "out");
    expect(tree).toEqual({ ...Object.fromEntries(content(2)), [mod.MARKER_NAME]: mod.markerContent("synth", content(2).keys()) });
    // The two markers (in progress, then final) are fsynced; the files are not, one by one.
    expect(fsyncs).toBe(2);
    expect(syncRuns).toEqual([["--file-system", "--", out], ["--file-system", "--", out]]);
  });

  test("a small output (fewer files than SYNC_FILE_SYSTEM_FROM): every file fsynced, no `sync` process started", () => {
    const mod = loadPublish();
    const few = mod.SYNC_FILE_SYSTEM_FROM - 2;
    const out = join(root, "small");
    mod.publishOutput(out, "synth", content(1, few), { places });
    const counts = counting(() => mod.publishOutput(out, "synth", content(2, few), { places }));
    expect(counts.syncRuns).toEqual([]);
    expect(counts.fsyncs).toBe(few + 1 + 2); // each file and the two markers
    expect(files(out)["stacks/spoke-0/cdk.tf.json"]).toBe("{\"generation\":2,\"stack\":0}\n");
  });

  test("LATTICE_OUTPUT_FLUSH=fsync: every file fsynced, never `sync`, and the same files published", () => {
    const byFsync = twoRuns(loadPublish({ LATTICE_OUTPUT_FLUSH: "fsync" }), "by-fsync");
    const byDefault = twoRuns(loadPublish(), "by-default");
    expect(byFsync.syncRuns).toEqual([]);
    expect(byFsync.fsyncs).toBe(STACKS + 1 + 2); // each file and the two markers
    expect(byFsync.tree).toEqual(byDefault.tree);
    expect(byFsync.tree["manifest.json"]).toBe("{\"generation\":2}\n");
  });

  // Jest gives the tests a copy of process.env, which child_process does not see: `sync` is redirected by a spy.
  (process.platform === "linux" ? test.each : test.skip.each)([
    ["a `sync` without -f (a busybox): it fails", "busybox-sync"],
    ["no `sync` at all", "missing-sync"],
  ])("%s: every file fsynced, and `sync` tried once per process", (_what, name) => {
    const fakeSync = join(root, name);
    writeFileSync(join(root, "busybox-sync"), "#!/bin/sh\necho \"sync: unrecognized option: file-system\" >&2\nexit 1\n");
    chmodSync(join(root, "busybox-sync"), 0o755);
    const real = childProcess.spawnSync;
    const tried: string[] = [];
    const spawn = jest.spyOn(childProcess, "spawnSync").mockImplementation(((cmd: string, ...rest: unknown[]) => {
      if (cmd !== "sync") return (real as (...a: unknown[]) => unknown)(cmd, ...rest);
      tried.push(cmd);
      return (real as (...a: unknown[]) => unknown)(fakeSync, ...rest);
    }) as typeof real);
    try {
      const mod = loadPublish();
      const first = twoRuns(mod, "first");
      const second = twoRuns(mod, "second");
      expect([first.fsyncs, second.fsyncs]).toEqual([STACKS + 3, STACKS + 3]);
      expect(tried).toEqual(["sync"]);
      expect(second.tree).toEqual(first.tree);
      expect(first.tree["stacks/spoke-3/cdk.tf.json"]).toBe("{\"generation\":2,\"stack\":3}\n");
    } finally {
      spawn.mockRestore();
    }
  });

  test("a temporary file that cannot be written: the batch's temporary files are removed, no file changed, the error named", () => {
    const mod = loadPublish();
    const out = join(root, "out");
    mod.publishOutput(out, "synth", content(1), { places });
    const before = files(out);
    const real = fs.writeFileSync;
    let writes = 0;
    // The in-progress marker, then three temporary files; the fourth fails.
    const write = jest.spyOn(fs, "writeFileSync").mockImplementation((...args: Parameters<typeof real>) => {
      if (typeof args[0] === "number" && ++writes === 5) throw Object.assign(new Error("EIO: i/o error, write"), { code: "EIO", path: join(out, "stacks") });
      return real(...args);
    });
    try {
      expect(() => mod.publishOutput(out, "synth", content(2), { places })).toThrow(/^synth: cannot write .*: EIO; run it again once that is fixed$/);
    } finally {
      write.mockRestore();
    }
    expect(writes).toBe(5);
    expect(findNames(out, (n) => n.startsWith(mod.TEMP_PREFIX))).toEqual([]);
    const after = files(out);
    // Only the marker changed: it is in progress, covering the old and the new files.
    expect({ ...after, [mod.MARKER_NAME]: "" }).toEqual({ ...before, [mod.MARKER_NAME]: "" });
    expect(JSON.parse(after[mod.MARKER_NAME]).inProgress).toBe(true);
    // The next run finishes the job.
    mod.publishOutput(out, "synth", content(2), { places });
    expect(files(out)["stacks/spoke-0/cdk.tf.json"]).toBe("{\"generation\":2,\"stack\":0}\n");
  });
});
