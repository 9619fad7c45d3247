/**
 * config/aws-names.ts's awsName written as a Terraform expression, so that a module derives the very
 * names the stacks derive (__tests__/terraform-modules/expressions.test.ts evaluates both on the same
 * inputs). Expressions here are HCL without the surrounding `${}`.
 */
import { NAME_HASH_LENGTH, type AwsNameRules } from "../config/aws-names";

/**
 * `[for x in [value] : body][0]`: binds a name to a value inside one expression (HCL has no `let`),
 * so that a value used several times is written once.
 */
export function letIn(name: string, value: string, body: string): string {
  return `[for ${name} in [${value}] : ${body}][0]`;
}

/** An HCL string literal. */
export const hclString = (s: string): string => {
  // A literal "${" or "%{" would start a template sequence in HCL: none of our literals has one.
  if (/[$%]\{/.test(s)) throw new Error(`not a plain HCL literal: ${s}`);
  return JSON.stringify(s);
};

/**
 * The HCL expression of awsName(parts, rules), for expressions `parts` that evaluate to strings:
 * the parts joined with "-", lower case, runs of other characters as "-", single hyphens, none at
 * either end, a reserved prefix losing its hyphen; when that differs from the plain join or is too
 * long, the head that fits and the first characters of the join's SHA-256.
 */
export function awsNameExpression(parts: readonly string[], rules: AwsNameRules): string {
  if (parts.length === 0) throw new Error("awsNameExpression needs at least one part");
  const prefix = rules.reservedPrefix;
  // The prefix goes into a regular expression as it is: keep it to characters that mean themselves.
  if (prefix !== undefined && !/^[a-z0-9]+-$/.test(prefix)) throw new Error(`unsupported reserved prefix ${prefix}`);

  let cleaned = `replace(replace(replace(lower(plain), "/[^a-z0-9-]+/", "-"), "/-{2,}/", "-"), "/^-|-$/", "")`;
  if (prefix) cleaned = `replace(${cleaned}, ${hclString(`/^${prefix}/`)}, ${hclString(prefix.slice(0, -1))})`;
  const headLength = rules.maxLength - NAME_HASH_LENGTH - 1;
  const hash = `substr(sha256(plain), 0, ${NAME_HASH_LENGTH})`;
  // Nothing legal left of the parts: the hash alone, never a leading hyphen.
  const hashed = letIn("head", `trimsuffix(substr(name, 0, ${headLength}), "-")`, `head == "" ? ${hash} : format("%s-%s", head, ${hash})`);
  return letIn("plain", `join("-", [${parts.join(", ")}])`,
    letIn("name", cleaned, `name == plain && length(name) <= ${rules.maxLength} ? name : ${hashed}`));
}
