/**
 * The plan gate, run by CI between `terraform plan` and `terraform apply`:
 *
 *   terraform show -json plan.tfplan > plan.json
 *   npm run guard -- plan.json [other-plan.json …] [--allow-replace <address> …]
 *
 * Exit 0: nothing critical is deleted or replaced. Exit 2: blocked (one line per change).
 * Exit 1: usage error, or a file that is not a readable `terraform show -json` plan.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { describeChange, evaluatePlan, PlanError } from "../guard/plan-gate";

const USAGE = "usage: npm run guard -- <plan.json|-> [more plans …] [--allow-replace <address> …]";

function readPlan(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new PlanError(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PlanError(`not JSON (${(e as Error).message.split("\n")[0]})`);
  }
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { "allow-replace": { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    console.error(`guard: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(`guard: no plan given\n${USAGE}`);
    return 1;
  }
  const allow = values["allow-replace"] ?? [];
  let blocked = 0;
  const used = new Set<string>();
  for (const file of positionals) {
    let result;
    try {
      result = evaluatePlan(readPlan(file), allow);
    } catch (e) {
      // Anything unexpected is still one line: CI logs should say what is wrong, not where.
      console.error(`guard: ${file}: ${e instanceof PlanError ? e.message : `unexpected error: ${(e as Error).message}`}`);
      return 1;
    }
    const prefix = positionals.length > 1 ? `${file}: ` : "";
    for (const c of result.blocked) console.log(`${prefix}${describeChange(c)}`);
    for (const c of result.allowed) {
      console.error(`guard: ${prefix}allowed by --allow-replace: ${describeChange(c)}`);
      used.add(c.address);
    }
    blocked += result.blocked.length;
  }
  for (const a of allow.filter((x) => !used.has(x))) {
    console.error(`guard: --allow-replace ${a} matches no delete or replacement of a critical resource (typo?)`);
  }
  if (blocked > 0) {
    console.error(`guard: ${blocked} delete(s)/replacement(s) of critical resources blocked; if intended, re-run with --allow-replace <address>`);
    return 2;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
