/**
 * The rule pack as a cdktf Aspect, added per stack (aspects added to the App never run in cdktf
 * 0.21). When the aspect visits the stack it runs the plain-function rules over the stack's
 * resolved Terraform JSON and records each finding as an annotation: an error annotation makes
 * `app.synth()` throw (cdktf's StackSynthesizer), so `npm run synth` refuses to write output
 * that breaks a rule; warnings are printed and kept in the manifest.
 */
import { Annotations, Aspects, type IAspect, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { RuleContext } from "./context";
import { formatFinding, runRules, type Finding, type Rule } from "./engine";
import { RULES } from "./rules";

export class GuardrailsAspect implements IAspect {
  /** Lines already annotated: Testing.synth re-invokes aspects, and a finding must appear once. */
  private readonly reported = new Set<string>();
  private last: readonly Finding[] = [];

  constructor(
    private readonly stack: TerraformStack,
    private readonly context: RuleContext,
    private readonly rules: readonly Rule[] = RULES,
  ) {}

  /** The findings of the latest visit (for callers that want them as data). */
  get findings(): readonly Finding[] {
    return this.last;
  }

  visit(node: IConstruct): void {
    if (node !== this.stack) return;
    this.last = runRules(this.stack.toTerraform(), this.context, this.rules);
    for (const finding of this.last) {
      const line = formatFinding(finding);
      if (this.reported.has(line)) continue;
      this.reported.add(line);
      if (finding.severity === "error") Annotations.of(this.stack).addError(line);
      else Annotations.of(this.stack).addWarning(line);
    }
  }
}

/**
 * Adds the guardrails to one stack. Call it once per stack (the stacks' base class does). The
 * rules read the whole resolved stack, so constructs added later in the constructor are covered.
 */
export function addGuardrails(stack: TerraformStack, context: RuleContext): GuardrailsAspect {
  const aspect = new GuardrailsAspect(stack, context);
  Aspects.of(stack).add(aspect);
  return aspect;
}
