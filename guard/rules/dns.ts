/** The private hosted zones. */
import { AUTHORIZATIONS_PER_PAGE } from "../../config/rules";
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
  {
    id: "LAT026",
    title: `A hosted zone authorizes at most ${AUTHORIZATIONS_PER_PAGE} VPCs of other accounts (one page)`,
    severity: "warning",
    rationale:
      "The AWS provider reads each aws_route53_vpc_association_authorization by listing every page of its zone's " +
      `authorizations (ListVPCAssociationAuthorizations, ${AUTHORIZATIONS_PER_PAGE} VPCs a page): a zone of N costs N × ⌈N/${AUTHORIZATIONS_PER_PAGE}⌉ ` +
      "Route 53 calls on every refresh, against five requests per second per account. Past one page every plan, even a " +
      "no-op, grows quadratically (600 VPCs in 3 zones: 21,600 calls, 72 minutes). The loader refuses such a topology in " +
      "associations mode; this warns on what is written, such as the transition out of it (dns.retiringMode) that must not " +
      "last (docs/refresh-calls.md).",
    checkov: [],
    trivy: [],
    check: (ws) => {
      const perZone = new Map<string, string[]>();
      for (const a of ws.ofType("aws_route53_vpc_association_authorization")) {
        const zone = JSON.stringify(a.body.zone_id);
        const addresses = perZone.get(zone);
        if (addresses) addresses.push(a.address);
        else perZone.set(zone, [a.address]);
      }
      return [...perZone.values()].filter((addresses) => addresses.length > AUTHORIZATIONS_PER_PAGE).map((addresses) => {
        const n = addresses.length;
        return { address: addresses[0], message: `is one of ${n} authorizations of its zone: every refresh makes ${n * Math.ceil(n / AUTHORIZATIONS_PER_PAGE)} ` +
          "ListVPCAssociationAuthorizations calls for them; use dns.mode: profile" };
      });
    },
  },
];
