/**
 * Names of AWS resources derived from the topology. Each AWS API has its own rules (length,
 * reserved prefixes, characters); a derived name must satisfy all of them for every legal topology.
 */
import { createHash } from "node:crypto";

export const shortHash = (s: string, n: number) => createHash("sha256").update(s).digest("hex").slice(0, n);

/** Length of the hash that makes an adjusted name distinct. */
export const NAME_HASH_LENGTH = 6;

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
 * the same name. (terraform-modules/names.ts writes the same function in HCL.)
 */
export function awsName(parts: readonly string[], rules: AwsNameRules): string {
  const plain = parts.join("-");
  let name = plain.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "");
  if (rules.reservedPrefix && name.startsWith(rules.reservedPrefix)) {
    name = rules.reservedPrefix.replace(/-$/, "") + name.slice(rules.reservedPrefix.length);
  }
  if (name === plain && name.length <= rules.maxLength) return name;
  const suffix = shortHash(plain, NAME_HASH_LENGTH);
  const head = name.slice(0, rules.maxLength - suffix.length - 1).replace(/-$/, "");
  // Nothing legal left of the parts (say "---"): the hash alone, never a leading hyphen.
  return head ? `${head}-${suffix}` : suffix;
}

/**
 * API rules of the names this product derives: VPC Lattice service networks (63, not "sn-"), resource
 * gateways and configurations (40, not "rgw-" / "rcfg-"), EC2 security groups (255, not "sg-"), RAM
 * shares (255), Route 53 Profiles and their associations (64), per each service's API reference.
 */
export const NAME_RULES = {
  serviceNetwork: { maxLength: 63, reservedPrefix: "sn-" },
  resourceGateway: { maxLength: 40, reservedPrefix: "rgw-" },
  resourceConfiguration: { maxLength: 40, reservedPrefix: "rcfg-" },
  securityGroup: { maxLength: 255, reservedPrefix: "sg-" },
  resourceShare: { maxLength: 255 },
  /** Route 53 Profiles, their VPC and resource associations: 64 characters of letters, digits, - _ and space. */
  route53Profile: { maxLength: 64 },
} as const satisfies Record<string, AwsNameRules>;
