/** `npm run synth` as users run it: output, errors, determinism. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { PROJECT_ROOT, synthCli } from "./support/synth";

const work = mkdtempSync(join(tmpdir(), "lattice-main-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const basic = join(PROJECT_ROOT, "examples/basic.yaml");
const large = join(PROJECT_ROOT, "examples/large.yaml");

/** Every file under `dir`, relative path → content. */
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

test("writes one workspace per stack and says which", () => {
  const out = join(work, "basic");
  const r = synthCli(basic, out);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^acme-endpoints: wrote 4 workspaces to .*\/stacks\/ \(apply hub, then dns, then the spokes\)$/m);
  expect(r.stdout.split("\n").slice(1).map((l) => l.trim()).filter(Boolean)).toEqual(["hub", "dns", "spoke-payments", "spoke-analytics"]);
  expect(readdirSync(join(out, "stacks")).sort()).toEqual(["dns", "hub", "spoke-analytics", "spoke-payments"]);
});

test("the same topology gives byte-identical output, wherever it is written", () => {
  const a = join(work, "det-a");
  const b = join(work, "nested", "det-b");
  expect(synthCli(large, a).status).toBe(0);
  expect(synthCli(large, b).status).toBe(0);
  expect(tree(b)).toEqual(tree(a));
});

test("no path of this machine reaches the output", () => {
  const out = join(work, "paths");
  expect(synthCli(basic, out).status).toBe(0);
  for (const [file, text] of Object.entries(tree(out))) {
    expect([file, text.includes(PROJECT_ROOT) || text.includes(work) || /"\/(tmp|home|root|work|Users)\//.test(text)]).toEqual([file, false]);
  }
});

test("a bad topology: one line per problem, no stack trace, exit 2, nothing written, old output kept", () => {
  const bad = join(work, "bad.yaml");
  writeFileSync(bad, readFileSync(basic, "utf8")
    .replace("clientCidrs: [10.20.0.0/16]", "clientCidrs: [10.20.0.0/16, 10.0.0.0/33]")
    .replace('accountId: "333333333333"', "accountId: 33333"));
  const out = join(work, "kept");
  mkdirSync(join(out, "stacks", "hub"), { recursive: true });
  writeFileSync(join(out, "stacks", "hub", "cdk.tf.json"), "{}");
  const r = synthCli(bad, out);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split("\n")).toEqual([
    'spokes[0].vpcs[0].clientCidrs[1]: "10.0.0.0/33" is not a CIDR block',
    "dns.accountId: 33333 is a number; write the account id as a quoted 12-digit string (YAML drops leading zeros)",
    `synth: 2 problem(s) in ${bad}; nothing was written`,
  ]);
  expect(r.stdout).toBe("");
  expect(tree(out)).toEqual({ "stacks/hub/cdk.tf.json": "{}" });
  expect(readdirSync(work).filter((f) => f.startsWith(".kept"))).toEqual([]);
});

test("a missing topology file is one line too", () => {
  const r = synthCli(join(work, "missing.yaml"), join(work, "none"));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/missing\.yaml: cannot read the topology file \(ENOENT\)/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(join(work, "none"))).toBe(false);
});

test("a removed spoke's old workspace does not linger in the output", () => {
  const out = join(work, "shrink");
  expect(synthCli(basic, out).status).toBe(0);
  const oneSpoke = join(work, "one-spoke.yaml");
  const text = readFileSync(basic, "utf8");
  writeFileSync(oneSpoke, text.slice(0, text.indexOf("  - name: analytics")) + text.slice(text.indexOf("\ndns:\n") + 1));
  expect(synthCli(oneSpoke, out).status).toBe(0);
  expect(readdirSync(join(out, "stacks")).sort()).toEqual(["dns", "hub", "spoke-payments"]);
});

test("a removed spoke whose state still holds resources: refused in one line, exit 2, nothing written; --forget lets it go", () => {
  const out = join(work, "orphan", "out");
  expect(synthCli(basic, out).status).toBe(0);
  mkdirSync(join(work, "orphan", "state"));
  writeFileSync(join(work, "orphan", "state", "spoke-analytics.tfstate"), JSON.stringify({
    version: 4, resources: [{ mode: "managed", type: "aws_vpclattice_service_network_vpc_association", name: "spoke_vpc_associations", instances: [{ index_key: "vpc-0d1b2c3d4e5f60718" }] }],
  }));
  const before = tree(out);
  const oneSpoke = join(work, "one-spoke-orphan.yaml");
  const text = readFileSync(basic, "utf8");
  writeFileSync(oneSpoke, text.slice(0, text.indexOf("  - name: analytics")) + text.slice(text.indexOf("\ndns:\n") + 1));
  const r = synthCli(oneSpoke, out);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^synth: refusing to write to .*: spoke-analytics is no longer in the topology but its state state\/spoke-analytics\.tfstate holds 1 resource: put it back with "retired: true" on spoke analytics, .* or pass --forget spoke-analytics once its resources are destroyed; nothing was written\n$/);
  expect(tree(out)).toEqual(before);
  const forgotten = synthCli(oneSpoke, out, {}, ["--forget", "spoke-analytics"]);
  expect(forgotten.status).toBe(0);
  expect(readdirSync(join(out, "stacks")).sort()).toEqual(["dns", "hub", "spoke-payments"]);
});

test("a retiring spoke: its workspace is written, empty, and the summary says to apply it first", () => {
  const retired = join(work, "retired.yaml");
  writeFileSync(retired, readFileSync(basic, "utf8").replace("    roleArn: arn:aws:iam::444444444444:role/lattice-deploy\n", "    roleArn: arn:aws:iam::444444444444:role/lattice-deploy\n    retired: true\n"));
  const out = join(work, "retired-out");
  const r = synthCli(retired, out);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`acme-endpoints: wrote 4 workspaces to ${out}/stacks/ (apply the retiring spoke-analytics first, then hub, then dns, then the spokes)\n  spoke-analytics\n  hub\n  dns\n  spoke-payments\n`);
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  expect(Object.fromEntries(Object.entries(manifest.stacks as Record<string, { dependencies: string[] }>).map(([k, v]) => [k, v.dependencies]))).toEqual({
    "spoke-analytics": [], hub: ["spoke-analytics"], dns: ["hub", "spoke-analytics"], "spoke-payments": ["hub", "dns"],
  });
});

test("the lean runtime (no token stack traces) writes the same output as cdktf's default", () => {
  const lean = join(work, "lean");
  const traced = join(work, "traced");
  expect(synthCli(large, lean).status).toBe(0);
  // The preload restores cdktf's own stack traces before main.ts replaces them.
  const restore = join(work, "restore.cjs");
  const internal = require.resolve("cdktf/lib/tokens/private/stack-trace", { paths: [PROJECT_ROOT] });
  writeFileSync(restore, `const m = require(${JSON.stringify(internal)}); const f = m.captureStackTrace;
Object.defineProperty(m, "captureStackTrace", { get: () => f, set: () => {} });`);
  expect(synthCli(large, traced, { NODE_OPTIONS: `--require ${restore}` }).status).toBe(0);
  expect(tree(traced)).toEqual(tree(lean));
});

describe("the topology as a positional argument", () => {
  test("`npm run synth -- <file>` synthesizes the named file", () => {
    const out = join(work, "positional");
    const r = synthCli(basic, out, { LATTICE_CONFIG: undefined }, [large]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^globex-shared: wrote \d+ workspaces to /);
  });

  test("the positional wins over LATTICE_CONFIG", () => {
    const out = join(work, "positional-wins");
    // synthCli names `large` by LATTICE_CONFIG; the argument names basic.
    const r = synthCli(large, out, {}, [basic]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^acme-endpoints: wrote 4 workspaces to /);
  });

  test.each([
    [[basic, large], `synth: one topology file, not 2: ${JSON.stringify(basic)} ${JSON.stringify(large)}`],
    [[""], "synth: the topology file argument is empty"],
  ])("%j: a usage error in one line, exit 2, nothing written", (args, line) => {
    const out = join(work, `usage-${args.length}`);
    const r = synthCli(basic, out, {}, args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${line}\nsynth: see --help\n`);
    expect(existsSync(out)).toBe(false);
  });
});
