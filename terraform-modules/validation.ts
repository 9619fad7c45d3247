/**
 * The topology validator's rules as Terraform validation conditions, where Terraform can express
 * them: the same regular expressions (config/rules.ts; RE2 reads these as JavaScript does). The
 * port rules are in ./ports.ts.
 */
import { ACCOUNT_ID, ITEM_NAME, SECURITY_GROUP_ID, SUBNET_ID, TOPOLOGY_NAME, VPC_ID } from "../config/rules";
import { hclString } from "./names";

/** An HCL condition (without `${}`) and the message when it is false. */
export type Rule = readonly [condition: string, message: string];

/** `can(regex(<pattern>, <value>))` for a pattern of config/rules.ts. */
export const matches = (pattern: RegExp, value: string): string => `can(regex(${hclString(pattern.source)}, ${value}))`;

/** A rule for one value, over every element of a collection: `alltrue([for <name> in <collection> : …])`. */
export const forEvery = (collection: string, name: string, [condition, message]: Rule): Rule =>
  [`alltrue([for ${name} in ${collection} : ${condition}])`, message];

export const TOPOLOGY_NAME_VALID = (v: string, field: string): Rule =>
  [matches(TOPOLOGY_NAME, v), `${field} must be 3–24 characters of a-z, 0-9 and - (the topology's name rule).`];

export const ITEM_NAME_VALID = (v: string, what: string): Rule =>
  [matches(ITEM_NAME, v), `${what} must be 2–20 characters of a-z, 0-9 and - (the topology's rule for endpoint and spoke names).`];

export const VPC_ID_VALID = (v: string, field: string): Rule =>
  [matches(VPC_ID, v), `${field} must be a VPC id (vpc- and 8 or 17 hex digits).`];

export const SUBNET_IDS_VALID = (v: string, field: string): Rule => [
  `length(${v}) >= 1 && length(distinct(${v})) == length(${v}) && alltrue([for s in ${v} : ${matches(SUBNET_ID, "s")}])`,
  `${field} needs at least one subnet id (subnet- and 8 or 17 hex digits), each once.`,
];

export const SECURITY_GROUP_IDS_VALID = (v: string): string => `alltrue([for g in ${v} : ${matches(SECURITY_GROUP_ID, "g")}])`;

export const ACCOUNT_IDS_VALID = (v: string, field: string): Rule =>
  [`alltrue([for a in ${v} : ${matches(ACCOUNT_ID, "a")}])`, `every account id of ${field} must be 12 digits.`];
