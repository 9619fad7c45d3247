/**
 * What a rule is and the workspace it reads (indexed once for every rule). The rules (rules/) and
 * the engine that runs them (engine.ts) both import this; it imports neither.
 */
import type { RuleContext } from "./context";
import {
  localValues,
  providers,
  referencedAddresses,
  resources,
  type ProviderEntry,
  type ResourceEntry,
  type TerraformJson,
} from "./terraform-json";

export type Severity = "error" | "warning";

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  /** `<type>.<name>`, `data.<type>.<name>`, `provider.<name>.<alias>` or `terraform.backend.<type>`. */
  readonly address: string;
  readonly message: string;
}

/** What a rule reports; the engine adds the rule id, severity and stack. */
export interface Violation {
  readonly address: string;
  readonly message: string;
}

/**
 * A rule's identity, as docs/rules.md renders it: a stable id (LAT001…), a severity, a
 * one-paragraph rationale and, where one exists, the equivalent checkov / trivy check.
 */
export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  /** Equivalent checkov check ids (empty when none exists). */
  readonly checkov: readonly string[];
  /** Equivalent trivy check ids (empty when none exists). */
  readonly trivy: readonly string[];
}

export interface Rule extends RuleInfo {
  readonly check: (ws: Workspace, ctx: RuleContext) => Violation[];
}

/** One workspace, indexed once for all rules. */
export class Workspace {
  readonly resources: readonly ResourceEntry[];
  readonly dataSources: readonly ResourceEntry[];
  readonly providers: readonly ProviderEntry[];
  readonly addresses: ReadonlySet<string>;
  private readonly byType = new Map<string, ResourceEntry[]>();

  constructor(readonly doc: TerraformJson) {
    const locals = localValues(doc);
    this.resources = resources(doc, "managed", locals);
    this.dataSources = resources(doc, "data", locals);
    this.providers = providers(doc);
    this.addresses = new Set(this.resources.map((r) => r.base));
    for (const r of this.resources) {
      const list = this.byType.get(r.type);
      if (list) list.push(r);
      else this.byType.set(r.type, [r]);
    }
  }

  /** The instances of these types, in document order. */
  ofType(...types: readonly string[]): ResourceEntry[] {
    if (types.length === 1) return [...(this.byType.get(types[0]) ?? [])];
    const wanted = new Set(types);
    return this.resources.filter((r) => wanted.has(r.type));
  }

  /**
   * Resources of `type` referenced by `value` (e.g. a security_group_ids list). The type is required:
   * an attribute that should name a security group may name anything in a foreign workspace.
   */
  refs(value: unknown, type: string): string[] {
    return referencedAddresses(value, this.addresses).filter((a) => a.startsWith(`${type}.`));
  }
}
