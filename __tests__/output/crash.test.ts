/**
 * Crash safety: a child publishes a 500-stack tree in a loop and is killed with SIGKILL at random
 * moments (a seeded PRNG; FC_SEED=<seed> replays a run). After each kill every file is complete JSON
 * of the last finished generation or of one interrupted since; after one more run the output is exactly the
 * new generation, with nothing temporary left and the user's files intact.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../output/places";
import { LOCK_NAME, MARKER_NAME, markerContent, publishOutput, TEMP_PREFIX } from "../../output/publish";
import { generation } from "./publish-child";
import { files, findNames, scratch } from "./support";

const STACKS = 500;
const KILLS = 8;
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

/** mulberry32: a small seeded PRNG. */
function prng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The user's files, which every generation must leave alone. */
const USER_FILES: Record<string, string> = {
  "stacks/spoke-1/.terraform/terraform.tfstate": "{\"backend\":\"local\"}",
  "stacks/spoke-1/.terraform.lock.hcl": "# provider locks",
  "stacks/spoke-2/terraform.tfstate": "{\"serial\":7}",
  "NOTES.md": "my notes",
};

/** Starts the child at generation `first`, kills it `delayMs` after it starts its first generation; resolves with what it said. */
function runAndKill(dir: string, first: number, delayMs: number): Promise<{ started: number[]; done: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "publish-child.ts"), dir, String(first), "loop", String(STACKS)], { cwd: PROJECT_ROOT });
    const started: number[] = [];
    const done: number[] = [];
    let stdout = "";
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
      const lines = stdout.split("\n");
      stdout = lines.pop() as string;
      for (const line of lines) {
        const [what, g] = line.split(" ");
        (what === "start" ? started : done).push(Number(g));
      }
      if (started.length > 0 && !timer) timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.stderr.on("data", (d) => (stderr += d));
    // "exit" after SIGKILL: the process is reaped, so its pid no longer counts as running.
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve({ started, done });
      else reject(new Error(`the child ended by itself (${code}): ${stderr}`));
    });
  });
}

const generationOf = (text: string, file: string): number => {
  try {
    return (JSON.parse(text) as { generation: number }).generation;
  } catch {
    throw new Error(`${file} is not complete JSON (${text.length} bytes)`);
  }
};

test(`a publish killed at random moments leaves old or new files only, and the next run completes it (seed ${seed})`, async () => {
  const random = prng(seed);
  const dir = join(scratch("crash"), "out");
  // Generation 1, then the user's files (terraform init, local state, notes).
  publishOutput(dir, "synth", generation(1, STACKS));
  for (const [rel, text] of Object.entries(USER_FILES)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  // The generations a file may hold: the last finished one and every one interrupted since.
  let possible = new Set([1]);
  const interruptedSomewhere: number[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const first = 100 * (kill + 1);
    const { started, done } = await runAndKill(dir, first, Math.floor(random() * 2500));
    expect(started.length).toBeGreaterThan(0);
    for (const g of started) {
      if (done.includes(g)) possible = new Set([g]);
      else {
        possible.add(g);
        interruptedSomewhere.push(g);
      }
    }

    // Every file of ours is whole, of the last finished or of the interrupted generation.
    const tree = files(dir);
    // Leftovers (temporary names) are allowed until the next run; everything else must be whole.
    const ours = Object.keys(tree).filter((f) => (f.endsWith("cdk.tf.json") || f === "manifest.json") && !f.split("/").some((p) => p.startsWith(TEMP_PREFIX)));
    expect(ours.length).toBeGreaterThan(0);
    for (const f of ours) expect([f, possible.has(generationOf(tree[f], f))]).toEqual([f, true]);
    const listed = new Set<string>(JSON.parse(tree[MARKER_NAME]).files);
    expect(ours.filter((f) => !listed.has(f))).toEqual([]);
    for (const [rel, text] of Object.entries(USER_FILES)) expect([rel, tree[rel]]).toEqual([rel, text]);
  }
  // The kills did land inside a generation, not only between them.
  expect(interruptedSomewhere.length).toBeGreaterThan(0);

  // One more run (it takes over the dead child's lock): exactly the new generation, nothing temporary left.
  const last = 10_000;
  const result = publishOutput(dir, "synth", generation(last, STACKS));
  const expected = Object.fromEntries(generation(last, STACKS));
  expect(files(dir)).toEqual({ ...expected, ...USER_FILES, [MARKER_NAME]: markerContent("synth", result.files) });
  expect(findNames(dir, (n) => n.startsWith(TEMP_PREFIX) || n === LOCK_NAME)).toEqual([]);
  // Directories of stacks that are gone were removed, except where the user's files live.
  const stackDirs = new Set(Object.keys(expected).map((f) => f.split("/")[1]).filter(Boolean));
  for (const rel of findNames(dir, () => true).filter((p) => /^stacks\/[^/]+$/.test(p))) {
    const name = rel.split("/")[1];
    expect([name, stackDirs.has(name) || Object.keys(USER_FILES).some((u) => u.startsWith(`${rel}/`))]).toEqual([name, true]);
  }
  expect(readFileSync(join(dir, "manifest.json"), "utf8")).toContain(`"generation": ${last}`);
  rmSync(join(dir, ".."), { recursive: true, force: true });
}, 120_000);
