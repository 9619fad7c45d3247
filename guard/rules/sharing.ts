/** The RAM share: who the service network is shared with. */
import type { Rule } from "../rule";
import { isExpression, isTrue, str } from "../terraform-json";

const ORG_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:(organization|ou)\//;

export const SHARING_RULES: readonly Rule[] = [
  {
    id: "LAT004",
    title: "RAM shares do not allow external principals unless a spoke is outside the organization",
    severity: "error",
    rationale:
      "With allow_external_principals on, the share can be associated with any AWS account, inside the " +
      "organization or not, and an invitation is all that stands between the service network and a stranger. " +
      "Only a spoke declared outside the organization (inOrganization: false) justifies it; otherwise the share " +
      "must stay inside the organization, where RAM sharing needs no invitation and SCPs apply.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      ws.ofType("aws_ram_resource_share").flatMap((share) => {
        const value = share.body.allow_external_principals;
        if (isExpression(value)) return [{ address: share.address, message: `allow_external_principals is an expression (${String(value)}) and cannot be verified` }];
        if (isTrue(value) && !ctx.allowExternalPrincipals) {
          return [{ address: share.address, message: "allows external principals, but every spoke is in the organization" }];
        }
        return [];
      }),
  },
  {
    id: "LAT005",
    title: "RAM principals are explicit spoke accounts, not the whole organization",
    severity: "error",
    rationale:
      "Sharing the service network with an organization or OU ARN admits every account that exists or will " +
      "ever join it: a new sandbox account could associate a VPC and reach every third-party endpoint. " +
      "Principals are the 12-digit ids of the spokes that the topology lists (least privilege, and a reviewable " +
      "diff when a spoke is added). Organization-wide sharing is accepted only when the topology configures it.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      ws.ofType("aws_ram_principal_association").flatMap((assoc) => {
        const principal = assoc.body.principal;
        const p = str(principal);
        if (p === undefined || isExpression(p)) {
          return [{ address: assoc.address, message: `principal ${JSON.stringify(principal ?? null)} is not a literal account id and cannot be verified` }];
        }
        if (ORG_ARN.test(p)) {
          return ctx.allowOrganizationPrincipals
            ? []
            : [{ address: assoc.address, message: `shares with ${p}, i.e. every current and future account of an organization or OU; name the spoke accounts` }];
        }
        if (!/^\d{12}$/.test(p)) return [{ address: assoc.address, message: `principal ${JSON.stringify(p)} is not a 12-digit account id` }];
        if (ctx.principals && !ctx.principals.includes(p)) {
          return [{ address: assoc.address, message: `shares with account ${p}, which is not a spoke of the topology` }];
        }
        return [];
      }),
  },
];
