/** `npm run check` as a user and CI run it. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTopology, ROOT, synthWorkspaces } from "./support/synth";

function check(args: string[], env: NodeJS.ProcessEnv = {}) {
  const base = { ...process.env };
  delete base.LATTICE_CONFIG; // the default topology unless a test names one
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/check.ts", ...args], {
    cwd: ROOT, encoding: "utf8", env: { ...base, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run check", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "guard-check-"));
    synthWorkspaces(readTopology("examples/basic.yaml"), (outdir) => cpSync(outdir, join(dir, "out"), { recursive: true }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("synthesizes the default topology and finds nothing: exit 0", () => {
    const r = check([]);
    expect(r).toMatchObject({ status: 0, stdout: "" });
    expect(r.stderr).toContain("0 error(s)");
  });

  test("checks output from any source: one line per finding, exit 1 on an error", () => {
    const tampered = join(dir, "tampered");
    cpSync(join(dir, "out"), tampered, { recursive: true });
    const file = join(tampered, "stacks/hub/cdk.tf.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    for (const g of Object.values(doc.resource.aws_cloudwatch_log_group) as { retention_in_days: number }[]) g.retention_in_days = 30;
    doc.provider.aws[0].access_key = "AKIAIOSFODNN7EXAMPLE";
    writeFileSync(file, JSON.stringify(doc));
    const r = check(["--dir", tampered]);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^LAT007 hub aws_cloudwatch_log_group\.\S+: keeps logs 30 days; at least 365 are required$/),
      "LAT013 hub provider.aws.hub: sets access_key (credentials belong in the environment or an assumed role, never in the configuration)",
    ]);
  });

  test("with the topology, topology-specific rules apply to files too", () => {
    const r = check(["--dir", join(dir, "out"), "--config", "examples/basic.yaml"]);
    expect(r).toMatchObject({ status: 0, stdout: "" });
  });

  test("the topology as a positional argument: it is the one synthesized, and wins over LATTICE_CONFIG", () => {
    const missing = join(dir, "missing.yaml");
    const named = check(["examples/profile.yaml"]);
    expect(named).toMatchObject({ status: 0, stdout: "" });
    expect(named.stderr).toMatch(/^check: 5 workspace\(s\), 0 error\(s\)/m);
    // LATTICE_CONFIG names a file that does not exist: the argument is read instead.
    expect(check(["examples/profile.yaml"], { LATTICE_CONFIG: missing })).toMatchObject({ status: 0, stdout: "", stderr: named.stderr });
    // And it gives files the topology's rules, as --config does.
    expect(check(["examples/basic.yaml", "--dir", join(dir, "out")], { LATTICE_CONFIG: missing })).toMatchObject({ status: 0, stdout: "" });
    // Without the argument, LATTICE_CONFIG is still read.
    expect(check([], { LATTICE_CONFIG: missing }).status).toBe(2);
  });

  test.each([
    [["examples/basic.yaml", "examples/profile.yaml"], 'check: one topology file, not 2: "examples/basic.yaml" "examples/profile.yaml"'],
    [[""], "check: the topology file argument is empty"],
    [["examples/basic.yaml", "--config", "examples/profile.yaml"], 'check: two topology files: "examples/basic.yaml" and --config "examples/profile.yaml"; give one'],
    [["--config", ""], "check: --config is empty"],
  ])("%j: a usage error in one line, exit 2", (args, line) => {
    expect(check(args)).toEqual({ status: 2, stdout: "", stderr: `${line}\ncheck: see --help\n` });
  });

  test("--config is an alias of the argument: the same file twice is one", () => {
    expect(check(["examples/basic.yaml", "--config", "./examples/basic.yaml", "--dir", join(dir, "out")])).toMatchObject({ status: 0, stdout: "" });
  });

  test("unreadable JSON is a finding, a missing directory or topology an exit 2 with one line", () => {
    const broken = join(dir, "broken");
    cpSync(join(dir, "out"), broken, { recursive: true });
    writeFileSync(join(broken, "stacks/dns/cdk.tf.json"), "{ nope");
    const r = check(["--dir", broken]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^LAT000 dns \(document\): cannot be read as JSON/m);
    for (const [args, env, missing] of [
      [["--dir", join(dir, "missing")], {}, join(dir, "missing")],
      [[], { LATTICE_CONFIG: join(dir, "missing.yaml") }, join(dir, "missing.yaml")],
    ] as const) {
      const x = check([...args], env);
      expect(x.status).toBe(2);
      // The problem in one line naming the path (a topology's problems end with a one-line summary).
      const lines = x.stderr.trim().split("\n");
      expect(lines[0]).toMatch(new RegExp(`^(check: )?${missing}: .*(no such file|ENOENT)`));
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(x.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
