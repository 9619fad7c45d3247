/** prevent_destroy on the resources whose loss cuts clients off (guard/critical-types.ts). */
import { PREVENT_DESTROY_TYPES } from "../critical-types";
import type { RuleContext } from "../context";
import type { Rule } from "../rule";
import { isTrue, lifecycleOf, type ResourceEntry } from "../terraform-json";

export const PROTECTION_RULES: readonly Rule[] = [
  {
    id: "LAT014",
    title: "Critical resources carry prevent_destroy when protect is on",
    severity: "error",
    rationale:
      "Destroying the service network, the RAM share, a resource configuration, an endpoint or a hosted zone " +
      "cuts every spoke off at once, and recreating a configuration or an endpoint produces new DNS names that " +
      "every record must follow. With protect on (the default), lifecycle.prevent_destroy makes Terraform refuse " +
      "such a plan outright; the plan gate (npm run guard) is the second line for replacements.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      !ctx.protect
        ? []
        : ws.ofType(...PREVENT_DESTROY_TYPES)
            .filter((r) => !isTrue(lifecycleOf(r)?.prevent_destroy) && !isRetired(r, ctx))
            .map((r) => ({ address: r.address, message: "has no lifecycle.prevent_destroy, but protect is on" })),
  },
];

/** An instance the topology retires: a retired endpoint's interface endpoint or resource configuration, a zone only they use. */
function isRetired(r: ResourceEntry, ctx: RuleContext): boolean {
  if (!ctx.retired) return false;
  if (ctx.retired.blocks?.includes(r.base)) return true;
  if (r.address === r.base) return false;
  const key = JSON.parse(r.address.slice(r.base.length + 1, -1)) as string;
  return r.type === "aws_route53_zone" ? ctx.retired.zones.includes(key)
    : (r.type === "aws_vpc_endpoint" || r.type === "aws_vpclattice_resource_configuration") && ctx.retired.endpoints.includes(key);
}
