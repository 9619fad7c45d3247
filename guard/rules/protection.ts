/** prevent_destroy on the resources whose loss cuts clients off (guard/critical-types.ts). */
import { PREVENT_DESTROY_TYPES } from "../critical-types";
import type { Rule } from "../rule";
import { isTrue, lifecycleOf } from "../terraform-json";

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
            .filter((r) => !isTrue(lifecycleOf(r)?.prevent_destroy) && !ctx.leavingBlocks?.includes(r.base))
            .map((r) => ({ address: r.address, message: "has no lifecycle.prevent_destroy, but protect is on" })),
  },
];
