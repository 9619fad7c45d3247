/** The provider package's root loads ~1,500 classes (+5–7 s per process): deep imports only. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "./support/synth";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return ["node_modules", "cdktf.out", ".git", "dist"].includes(e.name) ? [] : sources(p);
    return /\.ts$/.test(e.name) ? [p] : [];
  });
}

test("no source imports @cdktf/provider-aws by its root", () => {
  const offenders = sources(PROJECT_ROOT)
    .filter((f) => /from\s+["']@cdktf\/provider-aws["']|require\(["']@cdktf\/provider-aws["']\)/.test(readFileSync(f, "utf8")))
    .map((f) => relative(PROJECT_ROOT, f));
  expect(offenders).toEqual([]);
});
