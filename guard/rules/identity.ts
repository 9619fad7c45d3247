/** IAM roles and policies (the identity workspaces of `npm run bootstrap`): who may assume, and what they may do. */
import type { Rule, Violation } from "../rule";
import { blocks, isExpression, isObject, str, strings, type JsonObject, type ResourceEntry } from "../terraform-json";

/** A policy document attribute, parsed; or why it cannot be read. */
function policyOf(r: ResourceEntry, attribute: string, value: unknown): { statements: JsonObject[] } | Violation {
  const text = str(value);
  const at = `${attribute} `;
  if (text === undefined) return { address: r.address, message: `${at}is not a JSON policy document string and cannot be verified` };
  if (isExpression(text)) return { address: r.address, message: `${at}is an expression (${text.slice(0, 80)}) and cannot be verified` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { address: r.address, message: `${at}is not valid JSON` };
  }
  return isObject(doc) ? { statements: blocks(doc.Statement) } : { address: r.address, message: `${at}is not a JSON object` };
}

const isViolation = (x: { statements: JsonObject[] } | Violation): x is Violation => "message" in x;
const allows = (s: JsonObject) => s.Effect === "Allow";
const label = (s: JsonObject, i: number) => `statement ${str(s.Sid) ?? i}`;

/** The trust policies of the IAM roles in a workspace, statement by statement. */
function trustStatements(ws: { ofType: (...t: string[]) => ResourceEntry[] }, check: (r: ResourceEntry, s: JsonObject, i: number) => string[]): Violation[] {
  return ws.ofType("aws_iam_role").flatMap((r) => {
    const policy = policyOf(r, "assume_role_policy", r.body.assume_role_policy);
    if (isViolation(policy)) return [policy];
    return policy.statements.flatMap((s, i) => (allows(s) ? check(r, s, i) : []).map((message) => ({ address: r.address, message })));
  });
}

/** Principal values of a statement: "*", or each value of { AWS | Federated | Service | CanonicalUser }. */
function principals(principal: unknown): string[] {
  if (typeof principal === "string") return [principal];
  return isObject(principal) ? Object.values(principal).flatMap((v) => strings(v)) : [];
}

/** Condition operators that restrict a single-valued key when it is present (not negated, no IfExists, no ForAllValues). */
const RESTRICTING = /^(ForAnyValue:)?(StringEquals|StringLike|StringEqualsIgnoreCase)$/;

/** Values a statement's conditions allow for keys ending in ":sub" (IAM condition keys ignore case). */
function subjectConditions(s: JsonObject): string[][] {
  const condition = isObject(s.Condition) ? s.Condition : {};
  return Object.entries(condition)
    .filter(([operator, keys]) => RESTRICTING.test(operator) && isObject(keys))
    .flatMap(([, keys]) => Object.entries(keys as JsonObject).filter(([k]) => /:sub$/i.test(k)).map(([, v]) => strings(v)));
}

const IAM_POLICY_ATTRIBUTES: readonly [string, (body: JsonObject) => unknown[]][] = [
  ["aws_iam_role_policy", (b) => [b.policy]],
  ["aws_iam_policy", (b) => [b.policy]],
  ["aws_iam_user_policy", (b) => [b.policy]],
  ["aws_iam_group_policy", (b) => [b.policy]],
  ["aws_iam_role", (b) => blocks(b.inline_policy).map((p) => p.policy)],
];

export const IDENTITY_RULES: readonly Rule[] = [
  {
    id: "LAT022",
    title: "Role trust policies name no wildcard principal",
    severity: "error",
    rationale:
      "A deploy role can create and delete the estate's endpoints, shares and zones. A trust policy whose " +
      "principal is \"*\" (or an ARN with a wildcard, or NotPrincipal with Allow) lets any AWS account or identity " +
      "provider that satisfies the conditions assume it, and conditions are easy to get subtly wrong. The roles of " +
      "the identity workspaces trust exactly one thing: the account's OIDC provider of the CI, or the principal the " +
      "topology names.",
    checkov: ["CKV_AWS_60"],
    trivy: [],
    check: (ws) => trustStatements(ws, (_, s, i) => [
      ...(s.NotPrincipal !== undefined ? [`${label(s, i)} allows with NotPrincipal: everyone but the named principals may assume the role`] : []),
      ...principals(s.Principal).filter((p) => p.includes("*")).map((p) => `${label(s, i)} trusts the wildcard principal ${JSON.stringify(p)}`),
    ]),
  },
  {
    id: "LAT023",
    title: "OIDC trust is limited by the token's subject",
    severity: "error",
    rationale:
      "A trust in an OIDC provider (HCP Terraform, GitHub Actions) without a condition on the token's sub claim " +
      "admits every token that issuer signs: any HCP Terraform organization's runs, any GitHub repository's " +
      "workflows. HCP Terraform and GitHub both document a <issuer>:sub condition (organization, project, workspace " +
      "and run phase; repository and environment or ref). A sub condition that is only a wildcard restricts nothing. " +
      "Negated operators, IfExists and ForAllValues do not count: they pass tokens they were meant to stop.",
    checkov: [],
    trivy: [],
    check: (ws) => trustStatements(ws, (_, s, i) => {
      // SAML providers are federated too, but their tokens have no sub claim: not this rule's.
      const federated = (isObject(s.Principal) ? strings(s.Principal.Federated) : []).filter((f) => !f.includes(":saml-provider/"));
      const webIdentity = strings(s.Action).some((a) => a.toLowerCase() === "sts:assumerolewithwebidentity");
      if (federated.length === 0 && !webIdentity) return [];
      const subjects = subjectConditions(s);
      if (subjects.length === 0) {
        return [`${label(s, i)} trusts ${federated.join(", ") || "a web identity"} without a <issuer>:sub condition: every token of that issuer may assume the role`];
      }
      return subjects.flat().filter((v) => /^[*?]*$/.test(v))
        .map((v) => `${label(s, i)} allows the sub ${JSON.stringify(v)}, which matches every token of the issuer`);
    }),
  },
  {
    id: "LAT024",
    title: "IAM policies name their actions",
    severity: "error",
    rationale:
      "The deploy policies list the actions each role's workspaces need (iam/deploy-policies.ts): a policy that " +
      "allows \"*\" or a whole service (\"iam:*\"), or allows with NotAction, grants what no resource here needs, " +
      "including IAM itself, which turns the deploy role into an administrator.",
    checkov: ["CKV_AWS_63"],
    trivy: [],
    check: (ws) => IAM_POLICY_ATTRIBUTES.flatMap(([type, policiesOf]) => ws.ofType(type).flatMap((r) =>
      policiesOf(r.body).flatMap((value) => {
        const policy = policyOf(r, "policy", value);
        if (isViolation(policy)) return [policy];
        return policy.statements.filter(allows).flatMap((s, i) => [
          ...(s.NotAction !== undefined ? [`${label(s, i)} allows with NotAction: every action but the named ones`] : []),
          ...strings(s.Action).filter((a) => a === "*" || /^[^:]+:\*$/.test(a)).map((a) => `${label(s, i)} allows ${JSON.stringify(a)}; name the actions`),
        ].map((message) => ({ address: r.address, message })));
      }))),
  },
];
