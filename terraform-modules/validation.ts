/**
 * The topology validator's rules as Terraform validation conditions, where Terraform can express
 * them (config/rules.ts and config/ports.ts hold the originals).
 */
type Rule = readonly [condition: string, message: string];

export const VPC_ID_VALID = (v: string): Rule =>
  [`can(regex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", ${v}))`, "must be a VPC id (vpc- and 8 or 17 hex digits)."];

export const SUBNET_IDS_VALID = (v: string): Rule => [
  `length(${v}) >= 1 && length(distinct(${v})) == length(${v}) && alltrue([for s in ${v} : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))])`,
  "needs at least one subnet id (subnet- and 8 or 17 hex digits), each once.",
];

export const ACCOUNT_IDS_VALID = (v: string): Rule =>
  [`alltrue([for a in ${v} : can(regex("^[0-9]{12}$", a))])`, "every account id must be 12 digits."];

/** Every entry of a list of ports is "N" or "A-B" with 1 ≤ A ≤ B ≤ 65535. */
export const PORTS_VALID = (list: string): string =>
  `alltrue([for p in ${list} : can(regex("^[0-9]{1,5}(-[0-9]{1,5})?$", p)) && try(` +
  `tonumber(split("-", p)[0]) >= 1 && ` +
  `tonumber(element(split("-", p), length(split("-", p)) - 1)) <= 65535 && ` +
  `tonumber(split("-", p)[0]) <= tonumber(element(split("-", p), length(split("-", p)) - 1)), false)])`;
