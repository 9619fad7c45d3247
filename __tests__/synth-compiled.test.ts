/**
 * `npm run synth` and `cdktf synth` run main.ts compiled ahead of time (dist/js, built by `npm run build`
 * and npm ci's prepare script) through scripts/synth.cjs, which rebuilds a missing or stale build before
 * it synthesizes: a stale dist/js never synthesizes old code.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { PROJECT_ROOT, synthCli } from "./support/synth";

const work = mkdtempSync(join(tmpdir(), "lattice-compiled-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const basic = join(PROJECT_ROOT, "examples/basic.yaml");
const large = join(PROJECT_ROOT, "examples/large.yaml");

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, args, { cwd, env: { ...process.env, CDKTF_OUTDIR: undefined, ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("npm run synth and cdktf.json's app run the compiled launcher, not tsx", () => {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));
  const cdktf = JSON.parse(readFileSync(join(PROJECT_ROOT, "cdktf.json"), "utf8"));
  expect(pkg.scripts.synth).toBe("node scripts/synth.cjs");
  expect(cdktf.app).toBe(pkg.scripts.synth);
  expect(pkg.scripts.prepare).toBe(pkg.scripts.build);
  expect(readFileSync(join(PROJECT_ROOT, ".gitignore"), "utf8").split("\n")).toContain("/dist/js/");
});

test("the compiled app writes byte for byte what main.ts writes through tsx, and loads nothing it does not use", () => {
  for (const topology of [basic, large]) {
    const name = topology === basic ? "basic" : "large";
    const probe = join(work, "loaded.cjs");
    writeFileSync(probe, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(join(work, `${name}.loaded.json`))}, JSON.stringify(Object.keys(require.cache))));\n`);
    const compiled = run(PROJECT_ROOT, ["--require", probe, "scripts/synth.cjs", "--output", join(work, `${name}-compiled`)], { LATTICE_CONFIG: topology });
    expect(compiled.status).toBe(0);
    const viaTsx = synthCli(topology, join(work, `${name}-tsx`));
    expect(viaTsx.status).toBe(0);
    expect(compiled.stdout.replace(`${name}-compiled`, "")).toBe(viaTsx.stdout.replace(`${name}-tsx`, ""));
    expect(tree(join(work, `${name}-compiled`))).toEqual(tree(join(work, `${name}-tsx`)));

    const loaded = (JSON.parse(readFileSync(join(work, `${name}.loaded.json`), "utf8")) as string[]).map((f) => relative(PROJECT_ROOT, f));
    const own = loaded.filter((f) => !f.startsWith("node_modules/") && !f.startsWith(".."));
    expect(own.filter((f) => !/^(scripts\/(synth|compiled)\.cjs|dist\/js\/(main\.js|(cli|config|guard|modules|output|stacks)\/.*\.js(on)?))$/.test(f))).toEqual([]);
    expect(loaded.filter((f) => /node_modules\/(@aws-sdk|@smithy|tsx|typescript|esbuild|@cdktf\/provider-tfe)\//.test(f))).toEqual([]);
    expect(own.filter((f) => /\/(identity|hcp)-stack\.js$/.test(f))).toEqual([]);
  }
});

test("cdktf synth writes the same Terraform as npm run synth", () => {
  const cli = run(PROJECT_ROOT, [join(PROJECT_ROOT, "node_modules/cdktf-cli/bundle/bin/cdktf"), "synth", "--output", join(work, "cli")], {
    LATTICE_CONFIG: large, CHECKPOINT_DISABLE: "1", CI: "1",
  });
  expect(cli.status).toBe(0);
  expect(run(PROJECT_ROOT, ["scripts/synth.cjs", "--output", join(work, "npm")], { LATTICE_CONFIG: large }).status).toBe(0);
  const stacks = (dir: string) => Object.fromEntries(Object.entries(tree(dir)).filter(([f]) => f.startsWith("stacks/") || f === "manifest.json"));
  expect(stacks(join(work, "cli"))).toEqual(stacks(join(work, "npm")));
}, 180000);

test("the compiled app knows the project root (synth refuses to write there)", () => {
  const r = run(PROJECT_ROOT, ["-p", `require("./dist/js/output/places.js").PROJECT_ROOT`]);
  expect(r.stdout.trim()).toBe(PROJECT_ROOT);
});

describe("a missing or stale build (in a copy of the project)", () => {
  const copy = join(work, "project");
  beforeAll(() => {
    for (const p of ["main.ts", "tsconfig.json", "tsconfig.build.json", "scripts/synth.cjs", "scripts/compiled.cjs", "examples/basic.yaml", "cli", "config", "guard", "modules", "output", "stacks"]) {
      cpSync(join(PROJECT_ROOT, p), join(copy, p), { recursive: true, preserveTimestamps: true });
    }
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(copy, "node_modules"));
  });
  const synth = (out: string) => run(copy, ["scripts/synth.cjs", "--output", join(work, out)], { LATTICE_CONFIG: join(copy, "examples/basic.yaml") });

  test("missing: compiled first, then synthesized", () => {
    const r = synth("fresh-1");
    expect(r.stderr).toBe("synth: dist/js is missing; compiling first (npm run build)\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^acme-endpoints: wrote 4 workspaces/);
  }, 180000);

  test("up to date, or only touched: runs without compiling", () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(copy, "main.ts"), later, later);
    const r = synth("fresh-2");
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });

  test("a changed source: compiled again, and the new code synthesizes", () => {
    const main = join(copy, "main.ts");
    writeFileSync(main, readFileSync(main, "utf8").replace("${topology.name}: wrote", "${topology.name}: now wrote"));
    const r = synth("fresh-3");
    expect(r.stderr).toBe("synth: main.ts changed; compiling first (npm run build)\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^acme-endpoints: now wrote 4 workspaces/);
  }, 180000);

  test("a build that cannot compile never runs the old one", () => {
    const command = join(copy, "cli/command.ts");
    writeFileSync(command, `${readFileSync(command, "utf8")}\nexport const broken: number = "not a number";\n`);
    const r = synth("broken");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/cli\/command\.ts.*TS2322/);
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe("synth: tsc failed (errors above)");
  }, 180000);
});
