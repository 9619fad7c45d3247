/** `npm run modules [-- --output <dir>]`: writes the Terraform modules for HCL users (default dist/modules). */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { useLeanSynth } from "../stacks/runtime";
import { renderModules } from "../terraform-modules/render";

useLeanSynth();
const { values } = parseArgs({ options: { output: { type: "string", short: "o" } } });
const outdir = resolve(values.output ?? join(__dirname, "..", "dist", "modules"));
const modules = renderModules();
for (const [name, files] of Object.entries(modules)) {
  const dir = join(outdir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
}
console.log(`wrote ${Object.keys(modules).map((m) => `${m}/`).join(", ")} to ${outdir}`);
