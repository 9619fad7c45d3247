/**
 * modules/expressions.ts is the one place where TypeScript values become Terraform expressions: no
 * other file of modules/ or stacks/ writes an interpolation, so an expression has one spelling and a
 * reference is typed. This fails when a construct or stack assembles `${…}` itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/synth";

test("no Terraform interpolation is written outside modules/expressions.ts", () => {
  const files = ["modules", "stacks"].flatMap((dir) => readdirSync(join(PROJECT_ROOT, dir))
    .filter((f) => f.endsWith(".ts") && !(dir === "modules" && f === "expressions.ts"))
    .map((f) => join(dir, f)));
  expect(files.length).toBeGreaterThan(10);
  // "${" inside a string literal or a template's text (a JS template's own `${x}` holes are code: a
  // `$` right after a backtick or a literal "${" is what writes Terraform syntax).
  const offenders = files.flatMap((file) => readFileSync(join(PROJECT_ROOT, file), "utf8").split("\n")
    .map((line, i) => ({ file, line: i + 1, text: line }))
    .filter(({ text }) => /["']\$\{|\\\$\{|\$\{\{/.test(text)));
  expect(offenders).toEqual([]);
});
