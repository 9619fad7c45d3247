/** The private hosted zones. */
import type { Rule } from "../rule";
import { lifecycleOf, strings } from "../terraform-json";

export const DNS_RULES: readonly Rule[] = [
  {
    id: "LAT015",
    title: "Hosted zones with separate VPC associations ignore changes to their inline vpc",
    severity: "error",
    rationale:
      "A private zone must be created with one VPC (inline), while the spoke VPCs are attached by separate " +
      "aws_route53_zone_association resources. Without lifecycle.ignore_changes = [vpc] on the zone, every plan " +
      "sees the extra associations as drift and removes them: each apply cuts the spokes' name resolution until " +
      "the associations are recreated (provider issues #14872, #33071).",
    checkov: [],
    trivy: [],
    check: (ws) => {
      const associated = new Set(
        ws.ofType("aws_route53_zone_association", "aws_route53_vpc_association_authorization")
          .flatMap((a) => ws.refs(a.body.zone_id, "aws_route53_zone")),
      );
      return ws.ofType("aws_route53_zone")
        .filter((z) => associated.has(z.base))
        .filter((z) => {
          const ignore = lifecycleOf(z)?.ignore_changes;
          // "all" as a string is a one-element list to strings().
          return !strings(ignore).some((k) => k === "vpc" || k === "all");
        })
        .map((z) => ({ address: z.address, message: "has separate VPC associations but no lifecycle.ignore_changes = [\"vpc\"]" }));
    },
  },
];
