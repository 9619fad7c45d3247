/** Output safety: where a command may write, what a re-run keeps, file modes, the lock, the state directory. */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { localStateDirectory, PROJECT_ROOT, protectedPlaceReason, stateDirectoryProblem, type ProtectedPlaces } from "../../output/places";
import { LOCK_NAME, MARKER_NAME, markerContent, OutputRefused, publishOutput, TEMP_PREFIX } from "../../output/publish";
import { fakePlaces, files, findNames, scratch, snapshot } from "./support";

const put = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const marker = (dir: string) => JSON.parse(readFileSync(join(dir, MARKER_NAME), "utf8"));

/** Runs `publish` expecting a refusal; returns its message after checking that nothing under `watched` changed. */
function refusal(watched: string, publish: () => unknown): string {
  const before = snapshot(watched);
  let message: string | undefined;
  try {
    publish();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputRefused);
    message = (e as Error).message;
  }
  expect(snapshot(watched)).toEqual(before);
  expect(message).toBeDefined();
  expect(message).not.toContain("\n");
  return message as string;
}

describe("a command refuses to write anywhere but an absent, empty or own directory, naming the path and the reason", () => {
  let root: string;
  let places: ProtectedPlaces;
  beforeEach(() => {
    root = scratch("refuse");
    places = fakePlaces(root);
    for (const dir of Object.values(places)) writeFileSync(join(dir, "precious.txt"), "keep me");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cases: [string, (r: string, p: ProtectedPlaces) => string, RegExp][] = [
    ["the home directory", (_r, p) => p.home, /it is the home directory/],
    ["a directory containing the home directory", (r) => r, /it contains the home directory/],
    ["the current directory", (_r, p) => p.cwd, /it is the current directory/],
    ["an ancestor of the current directory", (r) => join(r, "work"), /it contains the current directory/],
    ["the project root", (_r, p) => p.projectRoot, /it is the project root \(it holds this project's package\.json\)/],
    ["a link to the current directory", (r, p) => {
      symlinkSync(p.cwd, join(r, "link"));
      return join(r, "link");
    }, /it is the current directory/],
    ["a non-empty directory without a marker", (r) => {
      put(join(r, "mine", "notes.md"), "my notes");
      return join(r, "mine");
    }, new RegExp(`it is not empty and holds no ${MARKER_NAME.replace(/\./g, "\\.")}, so it is not an earlier output of synth`)],
    ["a file", (r) => {
      put(join(r, "file.txt"), "x");
      return join(r, "file.txt");
    }, /it is not a directory/],
    ["another command's output", (r) => {
      put(join(r, "policies", MARKER_NAME), markerContent("iam", ["a.json"]));
      put(join(r, "policies", "a.json"), "{}");
      return join(r, "policies");
    }, /it holds the output of iam, not of synth/],
    ["a marker that is not ours", (r) => {
      put(join(r, "out", MARKER_NAME), JSON.stringify({ command: "synth", files: [] }));
      return join(r, "out");
    }, /was not written by lattice-endpoints/],
    ["a marker listing a path outside the directory", (r) => {
      put(join(r, "outside.txt"), "keep");
      put(join(r, "out", MARKER_NAME), markerContent("synth", ["../outside.txt"]));
      return join(r, "out");
    }, /lists "\.\.\/outside\.txt", which is not a path inside it/],
    ["a file of the output that the user wrote", (r) => {
      put(join(r, "out", MARKER_NAME), markerContent("synth", []));
      put(join(r, "out", "manifest.json"), "my own");
      return join(r, "out");
    }, /manifest\.json exists and was not written by this command/],
    ["a directory of the output that is a link", (r) => {
      mkdirSync(join(r, "elsewhere"));
      put(join(r, "out", MARKER_NAME), markerContent("synth", ["stacks/hub/cdk.tf.json"]));
      symlinkSync(join(r, "elsewhere"), join(r, "out", "stacks"));
      return join(r, "out");
    }, /stacks is a symbolic link; the output is written only into real directories/],
  ];

  test.each(cases)("%s", (_what, target, reason) => {
    const dir = target(root, places);
    const message = refusal(root, () =>
      publishOutput(dir, "synth", { "manifest.json": "{}", "stacks/hub/cdk.tf.json": "{}" }, { places }),
    );
    expect(message.startsWith(`synth: refusing to write to ${dir}: `)).toBe(true);
    expect(message).toMatch(reason);
    expect(message).toMatch(/; nothing was written$/);
  });

  test("the directory npm was started from (INIT_CWD) and its ancestors", () => {
    const started = join(root, "shell", "dir");
    mkdirSync(started, { recursive: true });
    const withNpm = { ...places, invocationDir: started };
    expect(refusal(root, () => publishOutput(join(root, "shell"), "iam", {}, { places: withNpm }))).toMatch(/contains the directory npm was run from/);
  });

  test("the filesystem root and this project's root, with the real places", () => {
    expect(protectedPlaceReason("/")).toBe("it is the filesystem root");
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).name).toBe("lattice-endpoints");
    expect(protectedPlaceReason(PROJECT_ROOT)).toMatch(/^it is the project root/);
    expect(protectedPlaceReason(join(PROJECT_ROOT, ".."))).toMatch(/^it contains the project root/);
    expect(protectedPlaceReason(process.cwd())).toBeDefined();
    expect(protectedPlaceReason(join(PROJECT_ROOT, "cdktf.out"), { ...fakePlaces(root), projectRoot: PROJECT_ROOT })).toBeUndefined();
  });
});

describe("in its own earlier output a command replaces only what it wrote", () => {
  let root: string;
  let places: ProtectedPlaces;
  beforeEach(() => {
    root = scratch("rerun");
    places = fakePlaces(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("terraform's files, state and the user's files survive; stale files of its own go, with the directories they leave empty", () => {
    const out = join(root, "deep", "out");
    const first = publishOutput(out, "synth", {
      "manifest.json": "{\"v\":1}",
      "stacks/hub/cdk.tf.json": "{\"hub\":1}",
      "stacks/spoke-a/cdk.tf.json": "{\"a\":1}",
      "stacks/spoke-old/cdk.tf.json": "{\"old\":1}",
      "stacks/spoke-gone/cdk.tf.json": "{\"gone\":1}",
    }, { places });
    expect(first.written).toHaveLength(5);
    expect(marker(out)).toMatchObject({ command: "synth", files: first.files });
    expect(marker(out).inProgress).toBeUndefined();

    const user: Record<string, string> = {
      "stacks/hub/.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/plugin": "binary",
      "stacks/hub/.terraform.lock.hcl": "# lock",
      "stacks/hub/terraform.tfstate": "{\"state\":true}",
      "stacks/spoke-old/.terraform/terraform.tfstate": "{}",
      "notes.md": "my notes",
    };
    for (const [rel, text] of Object.entries(user)) put(join(out, rel), text);
    const unchangedBefore = statSync(join(out, "stacks/spoke-a/cdk.tf.json"));

    const second = publishOutput(out, "synth", {
      "manifest.json": "{\"v\":2}",
      "stacks/hub/cdk.tf.json": "{\"hub\":2}",
      "stacks/spoke-a/cdk.tf.json": "{\"a\":1}",
      "stacks/spoke-new/cdk.tf.json": "{\"new\":2}",
    }, { places });

    expect(files(out)).toEqual({
      ...user,
      [MARKER_NAME]: markerContent("synth", second.files),
      "manifest.json": "{\"v\":2}",
      "stacks/hub/cdk.tf.json": "{\"hub\":2}",
      "stacks/spoke-a/cdk.tf.json": "{\"a\":1}",
      "stacks/spoke-new/cdk.tf.json": "{\"new\":2}",
    });
    expect(existsSync(join(out, "stacks/spoke-gone"))).toBe(false);
    expect(readdirSync(join(out, "stacks/spoke-old"))).toEqual([".terraform"]);
    expect(second.removed).toEqual(["stacks/spoke-gone/cdk.tf.json", "stacks/spoke-old/cdk.tf.json"]);
    expect(second.written).toEqual(["manifest.json", "stacks/hub/cdk.tf.json", "stacks/spoke-new/cdk.tf.json"]);
    // An unchanged file is left as it was, not rewritten.
    const unchangedAfter = statSync(join(out, "stacks/spoke-a/cdk.tf.json"));
    expect([unchangedAfter.ino, unchangedAfter.mtimeMs]).toEqual([unchangedBefore.ino, unchangedBefore.mtimeMs]);
  });

  test("a writer's staging directory (as cdktf's app.synth() fills it) gives the same output and leaves nothing behind", () => {
    const out = join(root, "out");
    const result = publishOutput(out, "synth", (staging) => {
      put(join(staging, "manifest.json"), "{}");
      put(join(staging, "stacks", "hub", "cdk.tf.json"), "{\"hub\":1}");
    }, { places });
    expect(result.files).toEqual(["manifest.json", "stacks/hub/cdk.tf.json"]);
    expect(readdirSync(out).sort()).toEqual([MARKER_NAME, "manifest.json", "stacks"].sort());
  });

  test("a writer that fails leaves no directory it created, and its error passes through", () => {
    const out = join(root, "new", "out");
    expect(() => publishOutput(out, "synth", () => {
      throw new Error("the rule pack found an error");
    }, { places })).toThrow("the rule pack found an error");
    expect(existsSync(join(root, "new"))).toBe(false);
  });

  test("an interrupted first run (only the lock and leftovers, no marker) is finished by the next", () => {
    const out = join(root, "out");
    put(join(out, LOCK_NAME), JSON.stringify({ pid: deadPid(), host: hostname(), command: "synth" }));
    put(join(out, `${TEMP_PREFIX}staging-1`, "stacks", "hub", "cdk.tf.json"), "{\"half\":");
    publishOutput(out, "synth", { "manifest.json": "{}" }, { places });
    expect(readdirSync(out).sort()).toEqual([MARKER_NAME, "manifest.json"].sort());
  });
});

describe("files and directories follow the umask", () => {
  let root: string;
  let places: ProtectedPlaces;
  let umask: number;
  beforeEach(() => {
    root = scratch("umask");
    places = fakePlaces(root);
    umask = process.umask();
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  test.each([[0o027, 0o750, 0o640], [0o022, 0o755, 0o644], [0o077, 0o700, 0o600]])("umask %o: directories %o, files %o", (mask, dirMode, fileMode) => {
    process.umask(mask);
    const out = join(root, "parent", "out");
    publishOutput(out, "synth", { "manifest.json": "{}" }, { places });
    publishOutput(out, "synth", (staging) => put(join(staging, "stacks", "hub", "cdk.tf.json"), "{}"), { places });
    publishOutput(out, "synth", { "stacks/hub/cdk.tf.json": "{\"changed\":true}" }, { places });
    const mode = (p: string) => statSync(p).mode & 0o777;
    const dirs = [join(root, "parent"), out, join(out, "stacks"), join(out, "stacks", "hub")];
    expect(dirs.map(mode)).toEqual(dirs.map(() => dirMode));
    const written = [join(out, MARKER_NAME), join(out, "stacks", "hub", "cdk.tf.json")];
    expect(written.map(mode)).toEqual(written.map(() => fileMode));
  });
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("one run per directory: the lock", () => {
  let root: string;
  let places: ProtectedPlaces;
  let out: string;
  beforeEach(() => {
    root = scratch("lock");
    places = fakePlaces(root);
    out = join(root, "out");
    publishOutput(out, "synth", { "manifest.json": "{\"v\":1}" }, { places });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const lockOf = (pid: number, host = hostname()) => put(join(out, LOCK_NAME), JSON.stringify({ pid, host, command: "synth" }));

  test("a lock held by a running process refuses the run, naming it", async () => {
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      lockOf(holder.pid as number);
      const message = refusal(root, () => publishOutput(out, "synth", { "manifest.json": "{\"v\":2}" }, { places }));
      expect(message).toBe(`synth: refusing to write to ${out}: another synth (pid ${holder.pid}) is writing it; ` +
        `wait for it to finish, or delete ${LOCK_NAME} there if no such process runs; nothing was written`);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((done) => holder.once("exit", done));
    }
  });

  test("a lock whose process has exited is stale: taken over, and released after the run", () => {
    lockOf(deadPid());
    publishOutput(out, "synth", { "manifest.json": "{\"v\":2}" }, { places });
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe("{\"v\":2}");
    expect(readdirSync(out).sort()).toEqual([MARKER_NAME, "manifest.json"].sort());
  });

  test("a lock of another host cannot be checked, so it holds", () => {
    lockOf(deadPid(), `${hostname()}-elsewhere`);
    expect(refusal(root, () => publishOutput(out, "synth", {}, { places }))).toMatch(/another synth \(pid \d+ on .*-elsewhere\) is writing it/);
  });

  test("an unreadable lock holds while it is fresh (a run may be writing it) and is stale when old", () => {
    put(join(out, LOCK_NAME), "");
    expect(refusal(root, () => publishOutput(out, "synth", {}, { places }))).toMatch(/another run is writing it/);
    utimesSync(join(out, LOCK_NAME), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    publishOutput(out, "synth", { "manifest.json": "{\"v\":3}" }, { places });
    expect(existsSync(join(out, LOCK_NAME))).toBe(false);
  });

  test("runs started at once into one new directory: each finishes or is refused by the lock, and the output is whole", async () => {
    const target = join(root, "race");
    const runs = await Promise.all([0, 1, 2, 3].map((i) => new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "publish-child.ts"), target, String(10 + i), "once", "60"], { cwd: PROJECT_ROOT });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("exit", (code) => done({ code, stderr }));
    })));
    expect(runs.length).toBe(4);
    for (const r of runs) {
      if (r.code === 0) expect(r.stderr).toBe("");
      else expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^synth: refusing to write to .*: another synth \(pid \d+\) is writing it;/)]);
    }
    expect(runs.some((r) => r.code === 0)).toBe(true);
    const listed: string[] = marker(target).files;
    const generations = new Set(listed.map((f) => JSON.parse(readFileSync(join(target, f), "utf8")).generation));
    expect(generations.size).toBe(1);
    expect(Object.keys(files(target)).sort()).toEqual([MARKER_NAME, ...listed].sort());
  }, 60_000);
});

describe("the local state directory never lies inside the output", () => {
  let root: string;
  beforeEach(() => (root = scratch("state")));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("it is <output>/../state, with links resolved as the OS resolves '..'", () => {
    expect(localStateDirectory(join(root, "out"))).toBe(join(root, "state"));
    mkdirSync(join(root, "real", "deeper"), { recursive: true });
    symlinkSync(join(root, "real", "deeper"), join(root, "link"));
    expect(localStateDirectory(join(root, "link"))).toBe(join(root, "real", "state"));
  });

  test("the project's default output keeps its state in the project's state/", () => {
    expect(localStateDirectory(join(PROJECT_ROOT, "cdktf.out"))).toBe(join(PROJECT_ROOT, "state"));
    expect(stateDirectoryProblem(join(PROJECT_ROOT, "cdktf.out"))).toBeUndefined();
  });

  test("refused when it would be the project root", () => {
    const project = join(root, "state");
    mkdirSync(project);
    expect(stateDirectoryProblem(join(root, "out"), undefined, project)).toBe(`the local Terraform state directory ${project} would be the project root`);
  });

  test("refused when it would lie inside the output", () => {
    const out = join(root, "out");
    expect(stateDirectoryProblem(out, join(out, "stacks", "state"))).toMatch(/would lie inside it$/);
    expect(stateDirectoryProblem("/")).toMatch(/would lie inside it$/);
  });

  test("a publish never removes a state file, even one inside its output", () => {
    const places = fakePlaces(root);
    const out = join(root, "out");
    publishOutput(out, "synth", { "stacks/hub/cdk.tf.json": "{}" }, { places });
    put(join(out, "stacks", "hub", "terraform.tfstate"), "{\"serial\":1}");
    publishOutput(out, "synth", { "stacks/dns/cdk.tf.json": "{}" }, { places });
    expect(files(out)["stacks/hub/terraform.tfstate"]).toBe("{\"serial\":1}");
    expect(findNames(out, (n) => n.startsWith(TEMP_PREFIX))).toEqual([]);
  });
});
