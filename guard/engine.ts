/**
 * The rule engine: runs the rules (rules/) over a workspace (rule.ts says what a rule is and
 * indexes the workspace once for every rule). Rules never throw on malformed input: hostile JSON
 * yields findings or nothing, never a stack trace.
 */
import type { RuleContext } from "./context";
import { Workspace, type Finding, type Rule, type Violation } from "./rule";
import { RULES } from "./rules";
import { isObject, type TerraformJson } from "./terraform-json";

export { Workspace, type Finding, type Rule, type RuleInfo, type Severity, type Violation } from "./rule";

/**
 * Runs every rule over one workspace. The document may be anything JSON.parse returns: a rule
 * that trips over a shape nobody anticipated reports that as an error finding instead of throwing.
 */
export function runRules(doc: unknown, ctx: RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  if (!isObject(doc)) {
    return [{ ruleId: "LAT000", severity: "error", stack: ctx.stack, address: "(document)", message: "is not a Terraform JSON object" }];
  }
  const ws = new Workspace(doc as TerraformJson);
  return rules.flatMap((rule) => {
    let violations: Violation[];
    try {
      violations = rule.check(ws, ctx);
    } catch (e) {
      violations = [{ address: "(document)", message: `could not be checked: ${(e as Error).message}` }];
    }
    return violations.map((v) => ({ ruleId: rule.id, severity: rule.severity, stack: ctx.stack, ...v }));
  });
}

/** `<rule id> <stack> <resource address>: <message>` — the contract's one line per finding. */
export function formatFinding(f: Finding): string {
  return `${f.ruleId} ${f.stack} ${f.address}: ${f.message}`;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
