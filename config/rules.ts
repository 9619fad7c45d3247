/**
 * Shapes and limits of AWS identifiers and names, shared by the topology schema and the constructs.
 * Sources: the AWS API references of each service (EC2, VPC Lattice, Route 53, IAM, S3, CloudWatch Logs).
 */
import { MANAGED_BY_TAG, PRODUCT } from "./contract";

export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
export const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
export const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;
/** arn:<partition>:sns:<region>:<account>:<topic> (SNS topic names: 1–256 of letters, digits, - and _; .fifo for FIFO topics). */
export const SNS_TOPIC_ARN = /^arn:(aws(-cn|-us-gov|-iso(-[a-z])?)?):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}\.fifo)$/;
/** arn:<partition>:iam::<account>:role/<optional path/><name> */
export const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:iam::(\d{12}):role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** Names of the topology, its endpoints and spokes: the contract's character set. */
export const TOPOLOGY_NAME = /^[a-z0-9-]{3,24}$/;
export const ITEM_NAME = /^[a-z0-9-]{2,20}$/;
/** S3 bucket naming rules (general purpose buckets). */
export const S3_BUCKET = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|--x-s3|\.\.))[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** HCP Terraform workspace names are letters, digits, - and _, at most 90 characters: room for "-spoke-<name>". */
export const TFC_WORKSPACE_PREFIX = /^[A-Za-z0-9_-]{1,60}$/;
export const TFC_ORGANIZATION = /^[A-Za-z0-9_-]{1,40}$/;

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** Access logs of who reached which third-party service are kept at least a year (rule LAT007). */
export const MIN_LOG_RETENTION_DAYS = 365;

/** Route 53 TTL range. */
export const MAX_TTL = 2147483647;

/**
 * AWS's tag rules (the tagging guide's "Tag restrictions"): keys of 1–128 and values of 0–256
 * Unicode characters, letters, digits, spaces and _ . : / = + - @; neither starts with "aws:" in any
 * case (reserved); at most 50 tags per resource, of which the product sets PRODUCT_TAG_KEYS itself.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const MAX_TAGS_PER_RESOURCE = 50;
/** Tag keys the product sets: ManagedBy on every resource (default tags), Name on the resources it names. */
export const PRODUCT_TAG_KEYS = [MANAGED_BY_TAG, "Name"] as const;

/** Why `key` cannot be a tag key of the topology, or undefined. */
export function tagKeyProblem(key: string): string | undefined {
  const length = [...key].length;
  if (length < 1 || length > 128) return `is ${length} characters; AWS allows 1–128`;
  if (/^aws:/i.test(key)) return 'starts with "aws:" (in any case), which AWS reserves for its own tags';
  if ((PRODUCT_TAG_KEYS as readonly string[]).includes(key)) return `is set by ${PRODUCT} itself on the resources it manages; choose another key`;
  if (!TAG_CHARACTERS.test(key)) return "has a character AWS does not allow in tags (letters, digits, spaces and _ . : / = + - @)";
  return undefined;
}

/** Why `value` cannot be a tag value, or undefined. */
export function tagValueProblem(value: string): string | undefined {
  const length = [...value].length;
  if (length > 256) return `is ${length} characters; AWS allows at most 256`;
  if (/^aws:/i.test(value)) return 'starts with "aws:" (in any case), which AWS reserves';
  if (!TAG_CHARACTERS.test(value)) return "has a character AWS does not allow in tags (letters, digits, spaces and _ . : / = + - @)";
  return undefined;
}

/**
 * The accepted form of an endpoint service name in a Region: a PrivateLink endpoint service
 * (what third parties publish) or an AWS service.
 */
export function endpointServicePattern(region: string): RegExp {
  const r = region.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^(com\\.amazonaws\\.vpce\\.${r}\\.vpce-svc-([0-9a-f]{8}|[0-9a-f]{17})|com\\.amazonaws\\.${r}\\.[a-z0-9][a-z0-9.-]*)$`);
}

/**
 * AWS's default values of the adjustable quotas a topology can declare raised (its `quotas` block):
 * VPC Lattice 500 VPC associations per service network; Route 53 300 VPCs per private hosted zone
 * (associations) and 1,000 VPCs per Route 53 Profile.
 */
export const DEFAULT_QUOTAS = {
  vpcAssociationsPerServiceNetwork: 500,
  vpcsPerHostedZone: 300,
  vpcsPerRoute53Profile: 1000,
} as const;

/**
 * Associations mode authorizes each spoke VPC of another account in each zone. The AWS provider reads
 * one authorization by listing every page of its zone's authorizations (ListVPCAssociationAuthorizations:
 * "up to 50 VPCs per page"), so a zone of N costs N × ⌈N/50⌉ Route 53 calls per refresh: linear up to one
 * page, quadratic past it (docs/refresh-calls.md). Past it the topology must use profile mode.
 */
export const AUTHORIZATIONS_PER_PAGE = 50;

/** Other adjustable quotas worth a warning (not declarable: the product creates few of these). */
export const QUOTAS = {
  resourceConfigurationsPerServiceNetwork: 500,
  interfaceEndpointsPerVpc: 50,
  recordsPerHostedZone: 10000,
} as const;

/** An IAM role or user ARN: who assumes the deploy roles with identity type `principal`. */
export const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:iam::(\d{12}):(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** An IAM managed policy ARN (a permissions boundary): the account's own, or AWS's. */
export const IAM_POLICY_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:iam::(\d{12}|aws):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
/** An IAM OIDC identity provider ARN: arn:aws:iam::<account>:oidc-provider/<issuer host>. */
export const OIDC_PROVIDER_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:iam::(\d{12}):oidc-provider\/([a-z0-9.-]+)$/;
/** sts:ExternalId (AssumeRole API: 2–1224 characters of [\w+=,.@:/-]). */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
/** GitHub "owner/name": an owner of letters, digits and single inner hyphens (≤ 39), a name of letters, digits, ., _ and - (≤ 100). */
export const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/[A-Za-z0-9._-]{1,100}$/;
/** HCP Terraform project names (tfe provider 0.71.0: 3–40 characters of letters, digits, inner spaces, - and _). */
export const TFC_PROJECT = /^[\w-][\w -]{1,38}[\w-]$/;
/** IAM's range of a role's maximum session duration, in seconds (1 to 12 hours). */
export const ROLE_SESSION_SECONDS = { min: 3600, max: 43200 } as const;
