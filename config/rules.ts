/**
 * Shapes and limits of AWS identifiers and names, shared by the topology schema and the constructs.
 * Sources: ../shared/reference/aws-facts.md and the AWS API references it cites.
 */

export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
export const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
export const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;
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

/** Tag rules: keys 1–128, values 0–256, no aws: prefix, letters/digits/space and _ . : / = + - @. */
export const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

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

/** Other adjustable quotas worth a warning (not declarable: the product creates few of these). */
export const QUOTAS = {
  resourceConfigurationsPerServiceNetwork: 500,
  interfaceEndpointsPerVpc: 50,
  recordsPerHostedZone: 10000,
} as const;
