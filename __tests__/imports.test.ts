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

test.each(["aws", "tfe"])("no source imports @cdktf/provider-%s by its root", (provider) => {
  const root = new RegExp(`from\\s+["']@cdktf/provider-${provider}["']|require\\(["']@cdktf/provider-${provider}["']\\)`);
  const offenders = sources(PROJECT_ROOT)
    .filter((f) => root.test(readFileSync(f, "utf8")))
    .map((f) => relative(PROJECT_ROOT, f));
  expect(offenders).toEqual([]);
});
