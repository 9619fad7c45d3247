/**
 * `npm run modules` writes through output/publish.ts: dist/modules is committed together with its
 * marker, so a fresh clone regenerates it in place, and a directory that is not its output is refused.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../output/places";
import { MARKER_NAME, markerContent } from "../../output/publish";
import { DEFAULT_MODULES_DIR, moduleFiles } from "../../scripts/modules";
import { renderModules } from "../../terraform-modules/render";

const work = mkdtempSync(join(tmpdir(), "lattice-modules-output-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function modules(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, ["--import", "tsx", "scripts/modules.ts", ...args], { cwd: PROJECT_ROOT },
      (_e, stdout, stderr) => done({ code: child.exitCode, stdout, stderr }));
  });
}

test("the committed dist/modules carries the marker of exactly the files `npm run modules` writes", () => {
  expect(DEFAULT_MODULES_DIR).toBe(join(PROJECT_ROOT, "dist", "modules"));
  const files = Object.keys(moduleFiles(renderModules()));
  expect(files.length).toBeGreaterThan(0);
  expect(readFileSync(join(DEFAULT_MODULES_DIR, MARKER_NAME), "utf8")).toBe(markerContent("modules", files));
});

test("--output: written, rewritten keeping the user's files, and a foreign directory refused with exit 2", async () => {
  const out = join(work, "modules");
  const foreign = join(work, "foreign");
  mkdirSync(foreign);
  writeFileSync(join(foreign, "main.tf"), "# mine");
  const [first, refused, badFlag] = await Promise.all([modules(["--output", out]), modules(["--output", foreign]), modules(["--outptu", out])]);
  expect(first).toMatchObject({ code: 0, stderr: "" });
  expect(readdirSync(out).sort()).toEqual([MARKER_NAME, ...Object.keys(renderModules())].sort());
  expect(refused.code).toBe(2);
  expect(refused.stderr.trim()).toBe(`modules: refusing to write to ${foreign}: it is not empty and holds no ${MARKER_NAME}, ` +
    "so it is not an earlier output of modules; name a new or empty directory; nothing was written");
  expect(readdirSync(foreign)).toEqual(["main.tf"]);
  expect(badFlag.code).toBe(2);
  expect(badFlag.stderr).toMatch(/^modules: Unknown option '--outptu'/);

  writeFileSync(join(out, "hub", "terraform.tfvars"), "x = 1");
  const again = await modules(["-o", out]);
  expect(again).toMatchObject({ code: 0, stderr: "" });
  expect(again.stdout).toMatch(/\(0 file\(s\) changed, 0 removed\)/);
  expect(readFileSync(join(out, "hub", "terraform.tfvars"), "utf8")).toBe("x = 1");
}, 120_000);
