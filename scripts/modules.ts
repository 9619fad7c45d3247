/**
 * `npm run modules [-- --output <dir>]`: writes the Terraform modules for HCL users (default
 * dist/modules, committed with its marker file so that a fresh clone regenerates it in place).
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { OutputError, publishOutput } from "../output/publish";
import { useLeanSynth } from "../stacks/runtime";
import { renderModules } from "../terraform-modules/render";

export const DEFAULT_MODULES_DIR = join(__dirname, "..", "dist", "modules");

/** Module name → file → content, as the paths of one output: "hub/main.tf.json". */
export function moduleFiles(modules: Record<string, Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(modules).flatMap(([name, files]) =>
    Object.entries(files).map(([file, content]) => [`${name}/${file}`, content])));
}

function main(): void {
  let outdir: string;
  try {
    const { values } = parseArgs({ options: { output: { type: "string", short: "o" } }, strict: true, allowPositionals: false });
    outdir = resolve(values.output ?? DEFAULT_MODULES_DIR);
  } catch (e) {
    console.error(`modules: ${(e as Error).message.split("\n")[0]}`);
    process.exitCode = 2;
    return;
  }
  useLeanSynth();
  const modules = renderModules();
  try {
    const result = publishOutput(outdir, "modules", moduleFiles(modules));
    console.log(`wrote ${Object.keys(modules).map((m) => `${m}/`).join(", ")} to ${outdir} ` +
      `(${result.written.length} file(s) changed, ${result.removed.length} removed)`);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    console.error(e.message);
    process.exitCode = 2;
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    // A bug, not bad input: its stack helps; the exit status still says the job was not done.
    console.error(`modules: internal error: ${(e as Error).stack ?? e}`);
    process.exitCode = 2;
  }
}
