/**
 * The plan gate, run by CI between `terraform plan` and `terraform apply`:
 *
 *   terraform show -json plan.tfplan > plan.json
 *   npm run guard -- plan.json [other-plan.json …] [--allow-replace <address> …]
 *
 * Exit 0: nothing critical is deleted or replaced. Exit 1: blocked (one line per change on stdout).
 * Exit 2: the gate could not do its job (bad usage; a file that is unreadable, not JSON, not a plan
 * or an errored plan), one line on stderr.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CommandError, EXIT_DONE, EXIT_PROBLEMS, runCommand, UsageError } from "../cli/command";
import { describeChange, evaluatePlan, PlanError, type GateResult } from "../guard/plan-gate";

const USAGE = "usage: npm run guard -- <plan.json|-> [more plans …] [--allow-replace <address> …]";

function readPlan(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new CommandError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CommandError(`${file}: not JSON (${(e as Error).message.split("\n")[0]})`);
  }
}

function evaluate(file: string, allow: readonly string[]): GateResult {
  try {
    return evaluatePlan(readPlan(file), allow);
  } catch (e) {
    throw e instanceof PlanError ? new CommandError(`${file}: ${e.message}`) : e;
  }
}

runCommand("guard", () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: { "allow-replace": { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT_DONE;
  }
  if (positionals.length === 0) throw new UsageError("no plan given");
  const allow = values["allow-replace"] ?? [];
  // Every file is judged before anything is printed: an unreadable one stops the gate with exit 2.
  const results = positionals.map((file) => ({ file, result: evaluate(file, allow) }));
  let blocked = 0;
  const used = new Set<string>();
  for (const { file, result } of results) {
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
    return EXIT_PROBLEMS;
  }
  return EXIT_DONE;
});
