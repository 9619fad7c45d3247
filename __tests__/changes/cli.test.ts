/** `npm run changes` as a user runs it: arguments, the git form of --base, formats and exit codes. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/synth";

const work = mkdtempSync(join(tmpdir(), "lattice-changes-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function changes(args: string[], env: NodeJS.ProcessEnv = {}, cwd = PROJECT_ROOT) {
  const base = { ...process.env };
  delete base.LATTICE_CONFIG;
  const r = spawnSync(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "scripts/changes.ts"), ...args], { cwd, encoding: "utf8", env: { ...base, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const basicText = readFileSync(join(PROJECT_ROOT, "examples/basic.yaml"), "utf8");
const write = (name: string, text: string) => {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
};
const retired = write("retired.yaml", basicText.replace("    roleArn: arn:aws:iam::444444444444:role/lattice-deploy\n", "    roleArn: arn:aws:iam::444444444444:role/lattice-deploy\n    retired: true\n"));
const removed = write("removed.yaml", basicText.slice(0, basicText.indexOf("  - name: analytics")) + basicText.slice(basicText.indexOf("\ndns:\n") + 1));

test("a clean change: the report on stdout, exit 0", () => {
  const r = changes(["--base", "examples/basic.yaml", retired]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("spoke-analytics  retiring");
  expect(r.stdout).toMatch(/Runbook.*\n  1\. spoke-analytics\n  2\. dns\n  3\. hub\n$/);
});

test("an error hazard: exit 1; JSON on request", () => {
  const r = changes(["--base", "examples/basic.yaml", removed, "--format", "json"]);
  expect(r.status).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.hazards).toEqual([expect.objectContaining({ id: "removed-without-retirement", severity: "error", workspace: "spoke-analytics" })]);
  expect(report.workspaces.find((w: { name: string }) => w.name === "spoke-analytics").change).toBe("removed");
});

test("--base takes <git ref>:<path>; the after topology defaults to LATTICE_CONFIG", () => {
  const r = changes(["--base", "HEAD:examples/basic.yaml", "--format", "markdown"], { LATTICE_CONFIG: retired });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("| `spoke-analytics` | retiring |");
});

test("--teardown: the reverse order, and protect stops it (exit 1)", () => {
  const r = changes(["--teardown", "examples/basic.yaml"]);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/  1\. spoke-payments, spoke-analytics\n  2\. dns\n  3\. hub\n$/);
  expect(r.stdout).toContain("prevent-destroy");
});

test.each([
  [["--base", "examples/basic.yaml", "a.yaml", "b.yaml"], /^changes: one topology file, not 2: "a\.yaml" "b\.yaml"\nchanges: see --help\n$/],
  [["--base", "examples/basic.yaml", ""], /^changes: the topology file argument is empty\nchanges: see --help\n$/],
  [[], /^changes: --base <before> is required/],
  [["--teardown", "--base", "x", "examples/basic.yaml"], /^changes: --teardown reviews one topology/],
  [["--base", "examples/basic.yaml", "--format", "html"], /^changes: --format must be one of text, markdown, json, not "html"/],
  [["--base", "HEAD:no/such.yaml"], /^changes: cannot read HEAD:no\/such\.yaml with git show \(fatal: path 'no\/such\.yaml' does not exist in 'HEAD'\)\n$/],
])("it cannot do its job: one line, exit 2 (%j)", (args, message) => {
  const r = changes(args as string[]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test("a bad topology on either side gets the loader's one-line errors, exit 2", () => {
  const bad = write("bad.yaml", basicText.replace("name: acme-endpoints", "name: Acme"));
  const r = changes(["--base", bad, "examples/basic.yaml"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^name: .*\nchanges: 1 problem\(s\) in .*bad\.yaml; nothing was written\n$/);
});

// An estate deployed in associations mode past one page of authorizations per zone (refused since
// issue 26): its topology is still read as the base, and its way out (profile mode, with the
// associations kept until every spoke has applied) is reviewed; staying in it is refused.
describe("an associations-mode estate past one page of authorizations", () => {
  const { stringify } = require("yaml") as typeof import("yaml");
  const { generatedTopology } = require("../../scripts/generated-topology") as typeof import("../../scripts/generated-topology");
  const deployed = generatedTopology({ spokes: 26, mode: "associations", endpoints: 1 });
  const base = write("past-a-page.yaml", stringify(deployed));
  const leaving = write("leaving.yaml", stringify({ ...deployed, dns: { ...deployed.dns, mode: "profile", retiringMode: "associations" } }));

  test("is read as the base; the switch with retiringMode is reviewed, with a warning until it is removed", () => {
    const r = changes(["--base", base, leaving, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const hazards = JSON.parse(r.stdout).hazards as { id: string; severity: string; message: string }[];
    expect(hazards.map((h) => [h.id, h.severity])).toEqual([["dns-mode-switch", "warning"], ["quota", "warning"]]);
    expect(hazards[0].message).toMatch(/^associations → profile with dns\.retiringMode: associations: .* so no VPC stops resolving/);
    expect(hazards[1].message).toMatch(/^dns\.retiringMode: 52 spoke VPCs .* until associations mode is retired: 104 Route 53 calls per refresh/);
  });

  test("staying in associations mode is refused (exit 2), naming dns.mode", () => {
    const r = changes(["--base", base, base]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/dns\.mode: 52 spoke VPCs .*set dns\.mode: profile/);
  });
});
