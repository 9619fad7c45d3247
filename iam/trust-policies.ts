/**
 * The trust policy of a deploy role: who may assume it (config/identity.ts `Trust`).
 * - An OIDC issuer (HCP Terraform, GitHub Actions): sts:AssumeRoleWithWebIdentity by the account's
 *   IAM OIDC provider, with the issuer's audience and exactly the token subjects allowed
 *   (`<host>:aud`, `<host>:sub`), as both issuers document.
 * - A principal (a CI or operator role, a user): sts:AssumeRole by that ARN, with sts:ExternalId when given.
 */
import type { Trust } from "../config/identity";

export function trustPolicy(trust: Trust): object {
  if (trust.kind === "principal") {
    return document({
      Sid: "AssumeFromPrincipal",
      Effect: "Allow",
      Principal: { AWS: trust.arn },
      Action: "sts:AssumeRole",
      ...(trust.externalId !== undefined ? { Condition: { StringEquals: { "sts:ExternalId": trust.externalId } } } : {}),
    });
  }
  const { host, audience } = trust.issuer;
  const aud = { [`${host}:aud`]: audience };
  const sub = { [`${host}:sub`]: [...trust.subjects] };
  return document({
    Sid: "AssumeWithOidcToken",
    Effect: "Allow",
    Principal: { Federated: trust.providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: trust.subjectOperator === "StringEquals" ? { StringEquals: { ...aud, ...sub } } : { StringEquals: aud, StringLike: sub },
  });
}

const document = (statement: object) => ({ Version: "2012-10-17", Statement: [statement] });
