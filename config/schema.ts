/**
 * The topology file's shape: every field, its type and its per-field rule. Rules that relate
 * several fields (uniqueness, accounts, Regions) live in validate.ts.
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import {
  ACCOUNT_ID,
  DEFAULT_QUOTAS,
  EXTERNAL_ID,
  GITHUB_REPOSITORY,
  HOSTED_ZONE_ID,
  IAM_POLICY_ARN,
  IAM_PRINCIPAL_ARN,
  ITEM_NAME,
  KMS_KEY_ARN,
  LOG_RETENTION_DAYS,
  MAX_TTL,
  OIDC_PROVIDER_ARN,
  REGION,
  ROLE_ARN,
  ROLE_SESSION_SECONDS,
  S3_BUCKET,
  SNS_TOPIC_ARN,
  SECURITY_GROUP_ID,
  SUBNET_ID,
  MAX_TAGS_PER_RESOURCE,
  PRODUCT_TAG_KEYS,
  tagKeyProblem,
  tagValueProblem,
  TFC_ORGANIZATION,
  TFC_PROJECT,
  TFC_WORKSPACE_PREFIX,
  TOPOLOGY_NAME,
  VPC_ID,
} from "./rules";
import { normalizeDnsName, relativeRecordName, zoneNameProblem } from "./dns-names";
import { quote } from "./input";
import { formatPortRange, parsePortEntry } from "./ports";

/** Quotes an input value in a message: at most QUOTE_LIMIT characters of it (config/input.ts). */
const show = quote;

/** A string matching `re`; the error quotes the value and states the rule. */
const matching = (re: RegExp, rule: string) =>
  z.string().regex(re, { error: (iss) => `${show(iss.input)} ${rule}` });

const accountId = z
  .string({
    error: (iss) =>
      typeof iss.input === "number"
        ? `${iss.input} is a number; write the account id as a quoted 12-digit string (YAML drops leading zeros)`
        : undefined,
  })
  .regex(ACCOUNT_ID, { error: (iss) => `${show(iss.input)} is not a 12-digit AWS account id` });
const roleArn = matching(ROLE_ARN, "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
const vpcId = matching(VPC_ID, "is not a VPC id (vpc- and 8 or 17 hex digits)");
const subnetId = matching(SUBNET_ID, "is not a subnet id (subnet- and 8 or 17 hex digits)");
const securityGroupId = matching(SECURITY_GROUP_ID, "is not a security group id (sg- and 8 or 17 hex digits)");
const itemName = matching(ITEM_NAME, "must be 2–20 characters of a-z, 0-9 and -");

const cidrBlock = z.string().superRefine((value, ctx) => {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `${show(value)} is not a CIDR block` });
    return;
  }
  const [address, prefix] = parsed;
  const network = address.kind() === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(value).toString()
    : ipaddr.IPv6.networkAddressFromCIDR(value).toNormalizedString();
  const given = address.kind() === "ipv4" ? address.toString() : (address as ipaddr.IPv6).toNormalizedString();
  if (network !== given) {
    const canonical = `${address.kind() === "ipv4" ? network : ipaddr.parse(network).toString()}/${prefix}`;
    ctx.addIssue({ code: "custom", message: `${show(value)} has host bits set; the network is ${canonical}` });
  } else if (prefix === 0) {
    ctx.addIssue({ code: "custom", message: `${show(value)} is the whole address space; name the client networks` });
  }
});

/**
 * Ports are strings in the contract; a bare YAML number is accepted as the same port. Any number is
 * let through to the port rule, so 1.5 is told what a port is rather than that it is no string.
 */
const portEntry = z
  .union([z.string(), z.number()], { error: (iss) => `${show(iss.input)} is not a port entry ("N" or "A-B")` })
  .transform((value, ctx) => {
    const range = parsePortEntry(String(value));
    if (range) return formatPortRange(range);
    ctx.addIssue({ code: "custom", message: `${show(value)} is not a port "N" or range "A-B" with 1 ≤ A ≤ B ≤ 65535` });
    return z.NEVER;
  });

const dnsName = z
  .string()
  .transform(normalizeDnsName)
  .superRefine((value, ctx) => {
    const problem = zoneNameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `${show(value)} ${problem}` });
  });

/**
 * zod's record drops a "__proto__" key without a word (assigning it would replace the prototype):
 * refuse it by name instead, before the record is read.
 */
const refuseProtoKey = <T extends z.ZodType>(what: string, record: T) =>
  z.preprocess((input, ctx) => {
    if (input !== null && typeof input === "object" && Object.hasOwn(input, "__proto__")) {
      ctx.addIssue({ code: "custom", path: ["__proto__"], input, message: `"__proto__" cannot be ${what}: JavaScript reserves that name` });
    }
    return input;
  }, record);

const userTagLimit = MAX_TAGS_PER_RESOURCE - PRODUCT_TAG_KEYS.length;
const tags = refuseProtoKey("a tag key", z
  .record(
    z.string().superRefine((key, ctx) => {
      const problem = tagKeyProblem(key);
      if (problem) ctx.addIssue({ code: "custom", message: `tag key ${show(key)} ${problem}` });
    }),
    z.string().superRefine((value, ctx) => {
      const problem = tagValueProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `tag value ${show(value)} ${problem}` });
    }),
  )
  .superRefine((record, ctx) => {
    const count = Object.keys(record).length;
    if (count > userTagLimit) {
      ctx.addIssue({
        code: "custom",
        message: `has ${count} tags; AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and lattice-endpoints sets ${PRODUCT_TAG_KEYS.join(" and ")} itself, so at most ${userTagLimit}`,
      });
    }
  }));

/**
 * Adopted zones, by name. Names compare without case and trailing dot (the dnsName transform), so
 * two spellings of one zone would silently become one key: refuse them, naming both.
 */
const adoptedZones = refuseProtoKey("a zone name", z.preprocess((input, ctx) => {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const spelling = new Map<string, string>();
  for (const key of Object.keys(input)) {
    const name = normalizeDnsName(key);
    const first = spelling.get(name);
    if (first === undefined) spelling.set(name, key);
    else if (key !== "__proto__") {
      ctx.addIssue({ code: "custom", path: [key], input, message: `${show(key)} and ${show(first)} are the same zone ${show(name)}; adopt it once` });
    }
  }
  return input;
}, z.record(dnsName, matching(HOSTED_ZONE_ID, "is not a Route 53 hosted zone id"))));

const localBackend = z.strictObject({ type: z.literal("local") });
const s3Backend = z.strictObject({
  type: z.literal("s3"),
  bucket: matching(S3_BUCKET, "is not an S3 bucket name"),
  region: matching(REGION, "is not an AWS Region").optional(),
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()\/-]{1,512}$/, { error: (iss) => `${show(iss.input)} is not an S3 key prefix` })
    .transform((v) => v.replace(/^\/+|\/+$/g, ""))
    .optional(),
  roleArn: roleArn.optional(),
});
const cloudBackend = z.strictObject({
  type: z.literal("cloud"),
  organization: matching(TFC_ORGANIZATION, "is not an HCP Terraform organization name"),
  workspacePrefix: matching(TFC_WORKSPACE_PREFIX, "must be 1–60 characters of letters, digits, - and _"),
  hostname: matching(/^[a-z0-9.-]+(:\d+)?$/, "is not a hostname").optional(),
});

/**
 * Who deploys (`npm run bootstrap`): the trust of every account's deploy role, and for OIDC issuers
 * the account's IAM OIDC provider (created, or adopted by ARN: one per account).
 */
const oidcProviderArn = matching(OIDC_PROVIDER_ARN, "is not an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<host>)");
const oidcProviderArns = z
  .union([oidcProviderArn, z.array(oidcProviderArn).min(1, "needs at least 1 ARN")], {
    error: (iss) => `${show(iss.input)} is not an IAM OIDC provider ARN or a list of them`,
  })
  .transform((v) => (typeof v === "string" ? [v] : v));
const identityLimits = {
  /** Attached to every deploy role as its permissions boundary. */
  permissionsBoundaryArn: matching(IAM_POLICY_ARN, "is not an IAM managed policy ARN (arn:aws:iam::<account>:policy/<name>)").optional(),
  /** Maximum session duration of every deploy role, in seconds. */
  maxSessionDuration: z.number()
    .int({ error: (iss) => `${show(iss.input)} is not a whole number of seconds` })
    .min(ROLE_SESSION_SECONDS.min, `must be at least ${ROLE_SESSION_SECONDS.min} seconds (1 hour)`)
    .max(ROLE_SESSION_SECONDS.max, `must be at most ${ROLE_SESSION_SECONDS.max} seconds (12 hours)`)
    .optional(),
};
const hcpTerraformIdentity = z.strictObject({
  type: z.literal("hcp-terraform"),
  organization: matching(TFC_ORGANIZATION, "is not an HCP Terraform organization name"),
  project: matching(TFC_PROJECT, "is not an HCP Terraform project name (3–40 characters of letters, digits, inner spaces, - and _)"),
  // The OIDC issuer: IAM's provider URL takes no port.
  hostname: matching(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "is not a hostname (no port: it is the OIDC issuer)").optional(),
  oidcProviderArn: oidcProviderArns.optional(),
  ...identityLimits,
});
const githubActionsIdentity = z
  .strictObject({
    type: z.literal("github-actions"),
    repository: matching(GITHUB_REPOSITORY, "is not a GitHub repository \"owner/name\""),
    // Exact claims (StringEquals): a wildcard would widen the trust to every environment or branch.
    environment: matching(/^[^*?:\p{Cc}]{1,255}$/u, "is not a GitHub environment name (1–255 characters, no *, ? or :)").optional(),
    ref: matching(/^refs\/(heads|tags)\/[^*?\p{Cc}]+$/u, "is not a full branch or tag ref without wildcards (refs/heads/<branch>, refs/tags/<tag>)").optional(),
    oidcProviderArn: oidcProviderArns.optional(),
    ...identityLimits,
  })
  .superRefine((g, ctx) => {
    if ((g.environment === undefined) === (g.ref === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of environment or ref: the job that may deploy (the token's sub claim)" });
    }
  });
const principalIdentity = z.strictObject({
  type: z.literal("principal"),
  arn: matching(IAM_PRINCIPAL_ARN, "is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name> or :user/<name>)"),
  externalId: matching(EXTERNAL_ID, "is not an external id (2–1224 characters of letters, digits and +=,.@:/-_)").optional(),
  ...identityLimits,
});
const identity = z.discriminatedUnion("type", [hcpTerraformIdentity, githubActionsIdentity, principalIdentity], {
  error: (iss) => (iss.code === "invalid_union" ? "must be hcp-terraform, github-actions or principal" : undefined),
});

const hub = z.strictObject({
  accountId,
  roleArn: roleArn.optional(),
  vpcId,
  subnetIds: z.array(subnetId).min(1, "needs at least 1 subnet"),
  ipAddressType: z
    .enum(["IPV4", "IPV6", "DUALSTACK"], { error: (iss) => `${show(iss.input)} must be IPV4, IPV6 or DUALSTACK` })
    .default("IPV4"),
  logRetentionDays: z
    .number()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      error: (iss) => `${show(iss.input)} is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`,
    })
    .default(365),
  /** Encrypts the access logs with this KMS key (its policy must admit CloudWatch Logs). */
  logKmsKeyArn: matching(KMS_KEY_ARN, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)").optional(),
  /**
   * The resource gateway's generation: a gateway cannot change subnets, so new subnets without a cut
   * take a new generation (its gateway, configurations and associations beside the old ones, with
   * names and addresses of their own) while `retiringSubnetIds` keeps the one before serving.
   */
  gatewayGeneration: z.number().int({ error: (iss) => `${show(iss.input)} is not a whole number` }).min(1, "must be at least 1").default(1),
  /** The subnets of the generation before, kept serving (unprotected) until dns has followed; then delete the field. */
  retiringSubnetIds: z.array(subnetId).min(1, "needs at least 1 subnet").optional(),
});

/**
 * Earlier names of an endpoint or a spoke, oldest first (one name or a list): the deployed objects
 * move to the current name (moved blocks), and AWS names, state and workspaces stay those of the
 * oldest. Keep it for as long as the thing lives.
 */
const renamedFrom = z
  .union([itemName, z.array(itemName).min(1, "needs at least 1 name")], {
    error: (iss) => (iss.code === "invalid_union" ? "must be an earlier name or a list of them, oldest first" : undefined),
  })
  .transform((v) => (typeof v === "string" ? [v] : v))
  .optional();

const endpoint = z.strictObject({
  name: itemName,
  renamedFrom,
  /**
   * Retiring: it keeps running, unprotected, with no hostname and no port in any spoke, so that
   * another endpoint may take its records over; delete it from the topology to destroy it.
   */
  retired: z.boolean().default(false),
  serviceName: z.string().min(1, "is required"),
  ports: z.array(portEntry).min(1, "needs at least 1 port entry"),
  dns: z
    .strictObject({
      zone: dnsName,
      records: z.array(z.string()).min(1, "needs at least 1 record"),
    })
    .transform((d) => ({ zone: d.zone, records: d.records.map((r) => relativeRecordName(r, d.zone)) })),
});

/**
 * An on-premises path into an endpoint-mode VPC: a Route 53 Resolver inbound endpoint there, that
 * the on-premises forwarders of the vendor domains send their queries to (docs/endpoint-access.md).
 */
const resolver = z.strictObject({
  /** One IP address per subnet; Route 53 requires at least two (in two Availability Zones, for redundancy). */
  inboundSubnetIds: z.array(subnetId).min(2, "needs at least 2 subnets: a Route 53 Resolver endpoint has at least two IP addresses"),
  /** The on-premises networks (forwarders) that may query it on 53/TCP and 53/UDP. */
  allowedCidrs: z.array(cidrBlock).min(1, "needs at least 1 CIDR block"),
});

const spokeVpc = z
  .strictObject({
    vpcId,
    /**
     * How the VPC reaches the hub: `association` (the default: a service-network VPC association and
     * the shared zones) or `endpoint` (a VPC endpoint per vendor, for a VPC that is in another service
     * network or cannot be associated; zones of its own in the spoke account). Absent: association.
     */
    access: z.enum(["association", "endpoint"], { error: (iss) => `${show(iss.input)} must be association or endpoint` }).optional(),
    /** Endpoint mode: the subnets of the VPC endpoints (one network interface each). */
    subnetIds: z.array(subnetId).min(1, "needs at least 1 subnet").optional(),
    clientCidrs: z.array(cidrBlock).min(1, "needs at least 1 CIDR block").optional(),
    securityGroupIds: z.array(securityGroupId).min(1, "needs 1–5 security groups").max(5, "allows at most 5 security groups").optional(),
    /** Endpoint mode: a Route 53 Resolver inbound endpoint for on-premises clients. */
    resolver: resolver.optional(),
  })
  .superRefine((vpc, ctx) => {
    const given = Number(vpc.clientCidrs !== undefined) + Number(vpc.securityGroupIds !== undefined);
    if (given !== 1) {
      ctx.addIssue({ code: "custom", message: "give exactly one of clientCidrs (a security group is created) or securityGroupIds" });
    }
    if (vpc.access === "endpoint") {
      if (vpc.subnetIds === undefined) {
        ctx.addIssue({ code: "custom", path: ["subnetIds"], message: "is required with access: endpoint: the subnets of the VPC's endpoints (at least one in an Availability Zone of the hub's resource gateway)" });
      }
    } else {
      if (vpc.subnetIds !== undefined) {
        ctx.addIssue({ code: "custom", path: ["subnetIds"], message: "is only for access: endpoint; an association-mode VPC joins the service network without subnets" });
      }
      if (vpc.resolver !== undefined) {
        ctx.addIssue({ code: "custom", path: ["resolver"], message: "is only for access: endpoint; an association-mode VPC resolves the shared zones, not zones of its own" });
      }
    }
  });

const spoke = z.strictObject({
  name: itemName,
  renamedFrom,
  accountId,
  roleArn: roleArn.optional(),
  inOrganization: z.boolean().default(true),
  vpcs: z.array(spokeVpc).min(1, "needs at least 1 VPC"),
  /**
   * Retiring: its workspace stays, empty, so that applying it destroys what it holds; the hub and
   * dns workspaces drop it in the same synth and apply after it. Delete the spoke once applied.
   */
  retired: z.boolean().default(false),
});

const dns = z.strictObject({
  accountId,
  roleArn: roleArn.optional(),
  vpcId: vpcId.optional(),
  zones: adoptedZones.default({}),
  ttl: z.number().int().min(0).max(MAX_TTL).default(300),
  /**
   * How spoke VPCs resolve the zones: a VPC association per (zone, VPC), or one Route 53 Profile
   * (shared through RAM) that carries every zone and is associated with each VPC.
   */
  mode: z.enum(["associations", "profile"], { error: (iss) => `${show(iss.input)} must be associations or profile` }).default("associations"),
  /**
   * The mode before, kept beside `mode` while the spokes take the new one (a switch without a cut):
   * both mechanisms serve until you remove this field.
   */
  retiringMode: z.enum(["associations", "profile"], { error: (iss) => `${show(iss.input)} must be associations or profile` }).optional(),
});

/** A raised service quota, as the account's Service Quotas console shows it. */
const quota = z.number().int({ error: (iss) => `${show(iss.input)} is not a whole number` }).min(1, "must be at least 1");

/** Quotas raised above AWS's defaults (config/rules.ts DEFAULT_QUOTAS); the validator holds the topology to them. */
const quotas = z.strictObject({
  vpcAssociationsPerServiceNetwork: quota.default(DEFAULT_QUOTAS.vpcAssociationsPerServiceNetwork),
  vpcsPerHostedZone: quota.default(DEFAULT_QUOTAS.vpcsPerHostedZone),
  vpcsPerRoute53Profile: quota.default(DEFAULT_QUOTAS.vpcsPerRoute53Profile),
});

/** A whole number of minutes, or of events a minute, for an alarm. */
const alarmCount = (min: number) => z.number()
  .int({ error: (iss) => `${show(iss.input)} is not a whole number` })
  .min(min, `must be at least ${min}`);

/**
 * CloudWatch alarms and a dashboard in the hub's workspace (docs/monitoring.md). Thresholds are per
 * one-minute period; an alarm fires when breachingMinutes of the last evaluationMinutes breach.
 */
const monitoring = z.strictObject({
  /** An existing topic to notify; absent: one is created, encrypted with kmsKeyArn or a key of its own. */
  topicArn: matching(SNS_TOPIC_ARN, "is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic name>)").optional(),
  /** The created topic's KMS key (its policy must let cloudwatch.amazonaws.com use it). */
  kmsKeyArn: matching(KMS_KEY_ARN, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)").optional(),
  thresholds: z.strictObject({
    packetsDroppedPerMinute: alarmCount(0).default(10),
    resetsPerMinute: alarmCount(0).default(600),
    connectionErrorsPerMinute: alarmCount(0).default(10),
    evaluationMinutes: alarmCount(1).max(1440, "must be at most 1440 (a day)").default(5),
    breachingMinutes: alarmCount(1).default(3),
  }).default({ packetsDroppedPerMinute: 10, resetsPerMinute: 600, connectionErrorsPerMinute: 10, evaluationMinutes: 5, breachingMinutes: 3 }),
});

export const topologySchema = z.strictObject({
  name: matching(TOPOLOGY_NAME, "must be 3–24 characters of a-z, 0-9 and -"),
  region: matching(REGION, "is not an AWS Region (e.g. us-east-1)"),
  tags: tags.default({}),
  protect: z.boolean().default(true),
  backend: z.discriminatedUnion("type", [localBackend, s3Backend, cloudBackend], {
    error: (iss) => (iss.code === "invalid_union" ? "must be local, s3 or cloud" : undefined),
  }).default({ type: "local" }),
  /** Who deploys: see `npm run bootstrap`. Absent: the deploy roles exist already. */
  identity: identity.optional(),
  hub,
  endpoints: z.array(endpoint).min(1, "needs at least 1 endpoint"),
  spokes: z.array(spoke).min(1, "needs at least 1 spoke"),
  dns,
  quotas: quotas.default({ ...DEFAULT_QUOTAS }),
  /** Alarms and a dashboard for the endpoints, the gateway and the configurations (docs/monitoring.md). Absent: none. */
  monitoring: monitoring.optional(),
  /** Expected traffic, for `npm run cost`. */
  traffic: z
    .strictObject({
      gbPerVpcEndpoint: z.number().min(0, "must be ≥ 0 GB a month"),
    })
    .optional(),
});

/** The topology file as written, after defaults. */
export type TopologyInput = z.output<typeof topologySchema>;
