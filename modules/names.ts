import { createHash } from "node:crypto";
import { Token, type TerraformElement } from "cdktf";
import type { Construct, Node } from "constructs";

const hash = (s: string, n: number) => createHash("sha256").update(s).digest("hex").slice(0, n);

export interface AwsNameRules {
  /** Longest name the API accepts. */
  readonly maxLength: number;
  /** A prefix the API reserves for generated ids (e.g. "sg-", "rcfg-"). */
  readonly reservedPrefix?: string;
}

/**
 * A name for an AWS resource from parts of the topology: the parts joined with "-", in lower case,
 * with single hyphens and none at either end (the VPC Lattice rule, also safe everywhere else).
 * When the plain join breaks a rule, the name is adjusted and gets a short hash of the plain
 * join, so that two different inputs never meet in one name and the same input always gives
 * the same name.
 */
export function awsName(parts: readonly string[], rules: AwsNameRules): string {
  const plain = parts.join("-");
  let name = plain.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "");
  if (rules.reservedPrefix && name.startsWith(rules.reservedPrefix)) {
    name = rules.reservedPrefix.replace(/-$/, "") + name.slice(rules.reservedPrefix.length);
  }
  if (name === plain && name.length <= rules.maxLength) return name;
  const suffix = hash(plain, 6);
  const head = name.slice(0, rules.maxLength - suffix.length - 1).replace(/-$/, "");
  return `${head}-${suffix}`;
}

/**
 * `awsName` for literal parts. With a Terraform expression among the parts (a module's variable),
 * the parts are joined as they are: the module's variable validation keeps such names legal.
 */
export function deriveName(parts: readonly string[], rules: AwsNameRules): string {
  return parts.some((p) => Token.isUnresolved(p)) ? parts.join("-") : awsName(parts, rules);
}

/** API rules of the names this project derives (../shared/reference/aws-facts.md). */
export const NAME_RULES = {
  serviceNetwork: { maxLength: 63, reservedPrefix: "sn-" },
  resourceGateway: { maxLength: 40, reservedPrefix: "rgw-" },
  resourceConfiguration: { maxLength: 40, reservedPrefix: "rcfg-" },
  securityGroup: { maxLength: 255, reservedPrefix: "sg-" },
  resourceShare: { maxLength: 255 },
} as const satisfies Record<string, AwsNameRules>;

/**
 * A Terraform identifier (resource name) for a construct id path: the ids joined with "_", with
 * "." (from DNS names) as "_". Construct ids made from user input go through `readableId` first.
 */
export function terraformIdentifier(components: readonly string[]): string {
  const id = components.join("_").replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/** A Terraform element's address name: its construct path below `stack`, joined (see terraformIdentifier). */
export function constructPathId(stack: Construct, element: TerraformElement | Node): string {
  const node = "node" in element ? element.node : element;
  return terraformIdentifier(node.scopes.slice(node.scopes.indexOf(stack) + 1).map((c) => c.node.id));
}

/**
 * A construct id for a DNS name or other user text: the text itself when it is only a-z, 0-9,
 * "-" and "." (each "." becomes "_" in the address); otherwise a readable form plus a hash, so two
 * names never share an address.
 */
export function readableId(text: string): string {
  if (/^[a-z0-9.-]+$/.test(text)) return text;
  return `${text.replace(/\*/g, "wildcard").replace(/[^a-z0-9.-]/g, "-")}-${hash(text, 8)}`;
}
