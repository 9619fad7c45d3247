/**
 * The built-in price sheet: us-east-1 list prices from the project's reference notes (aws-facts.md,
 * which names the quality of each figure) and, for Route 53, AWS's pricing page. A `--prices` file has exactly this shape (see price-sheet.ts).
 */

/** 1 PB in GB. AWS bills data in GB and its published tier bounds are binary multiples
 * (e.g. the Price List API's "first 50 TB" tier ends at 51,200 GB), so 1 PB = 1024 × 1024 GB.
 * *Unverified* for PrivateLink and Lattice specifically: the bounds live in the sheet, change them there. */
export const GB_PER_PB = 1024 * 1024;

const DATE = "2026-11-26";
const FACTS = "aws-facts.md (project reference)";
/** Route 53's figures: AWS's page, as a verbatim transcription of it (read 2026-09-20) quotes it. */
const ROUTE53_DATE = "2026-11-27";
const ROUTE53_PAGE = "https://aws.amazon.com/route53/pricing/";
const ROUTE53_TRANSCRIPT = "quoted from a verbatim transcription of that page read 2026-09-20 (github.com/api-evangelist/amazon-route53-resolver, plans/amazon-route53-resolver-plans-pricing.yml)";

/** Endpoint access's figures (docs/endpoint-access.md), recorded 2026-12-04 from the pages named in each source. */
const ACCESS_DATE = "2026-12-04";
const RESOURCE_ENDPOINT_GUIDE = "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-resources.html (\"Pricing\": \"billed for each hour that your resource VPC endpoint is provisioned\" and \"per GB of data processed\")";

/** Monitoring's figures: AWS's pricing pages (units and figures as commonly quoted; the pages could not be fetched from here). */
const MONITORING_DATE = "2026-11-28";

export const BUILT_IN_PRICES = {
  name: "built-in us-east-1 list prices",
  region: "us-east-1",
  currency: "USD",
  notes: [
    "1 PB = 1,048,576 GB for the data tiers (AWS bills in GB, tiers in binary multiples; unverified for PrivateLink and Lattice).",
    "Tiers apply to the Region's monthly total of the account; this traffic is assumed to be all of it.",
  ],
  hoursPerMonth: {
    value: 730,
    unit: "hours per month",
    source: "AWS pricing convention (8,760 hours a year / 12)",
    date: DATE,
  },
  prices: {
    interfaceEndpointHour: {
      value: 0.01,
      unit: "USD per interface endpoint per AZ per hour",
      source: `https://aws.amazon.com/privatelink/pricing/ (unit); figure from secondary sources, via ${FACTS}`,
      date: DATE,
    },
    privateLinkDataGb: {
      tiers: [
        { upToGb: 1 * GB_PER_PB, usdPerGb: 0.01 },
        { upToGb: 5 * GB_PER_PB, usdPerGb: 0.006 },
        { upToGb: null, usdPerGb: 0.004 },
      ],
      unit: "USD per GB processed by interface endpoints, tiered on the Region's monthly total (first 1 PB, next 4 PB, over 5 PB)",
      source: `https://aws.amazon.com/privatelink/pricing/, via ${FACTS}`,
      date: DATE,
    },
    latticeResourceConfigurationHour: {
      value: 0.1,
      unit: "USD per VPC Lattice resource configuration per hour",
      source: `secondary sources, via ${FACTS}; check https://aws.amazon.com/vpc/lattice/pricing/`,
      date: DATE,
    },
    latticeDataGb: {
      tiers: [
        { upToGb: 1 * GB_PER_PB, usdPerGb: 0.01 },
        { upToGb: 5 * GB_PER_PB, usdPerGb: 0.006 },
        { upToGb: null, usdPerGb: 0.004 },
      ],
      unit: "USD per GB processed by VPC Lattice to VPC resources, tiered on the Region's monthly total (first 1 PB, next 4 PB, over 5 PB)",
      source: `https://aws.amazon.com/vpc/lattice/pricing/, via ${FACTS}`,
      date: DATE,
    },
    transitGatewayAttachmentHour: {
      value: 0.05,
      unit: "USD per Transit Gateway VPC attachment per hour",
      source: `https://aws.amazon.com/transit-gateway/pricing/ (unit); figure from secondary sources, via ${FACTS}`,
      date: DATE,
    },
    transitGatewayDataGb: {
      value: 0.02,
      unit: "USD per GB sent into the Transit Gateway",
      source: `https://aws.amazon.com/transit-gateway/pricing/ (unit); figure from secondary sources, via ${FACTS}`,
      date: DATE,
    },
    route53HostedZoneMonth: {
      value: 0.5,
      unit: "USD per private hosted zone per month",
      source: `${ROUTE53_PAGE} ("$0.50 per hosted zone per month for the first 25 hosted zones"), ${ROUTE53_TRANSCRIPT}`,
      note: "$0.10 per zone per month beyond an account's first 25 zones: not modelled (the Route 53 account is assumed to hold fewer).",
      date: ROUTE53_DATE,
    },
    route53ProfileHour: {
      value: 0.75,
      includedVpcAssociations: 100,
      unit: "USD per hour per AWS account that owns Route 53 Profiles in the Region, including the account's first includedVpcAssociations Profile-VPC associations (all its Profiles together)",
      source: `${ROUTE53_PAGE} ("$0.75 per AWS account for up to 100 Profile-VPC associations", per hour), ${ROUTE53_TRANSCRIPT}; the same figures in the AWS Price List API (AmazonRoute53 offer of 2026-09-11) per secondary notes`,
      note: "Billed to the account that owns the Profile, also for the associations RAM recipients make in their own accounts (secondary sources): the Route 53 (dns) account pays.",
      date: ROUTE53_DATE,
    },
    route53ProfileVpcAssociationHour: {
      value: 0.0014,
      unit: "USD per Profile-VPC association per hour beyond the associations included in route53ProfileHour",
      source: `${ROUTE53_PAGE} ("$0.0014 per Profile-VPC association per hour per AWS Region"), ${ROUTE53_TRANSCRIPT}`,
      date: ROUTE53_DATE,
    },
    resourceEndpointHour: {
      value: 0.01,
      unit: "USD per resource VPC endpoint per AZ per hour",
      source: `${RESOURCE_ENDPOINT_GUIDE}; https://aws.amazon.com/privatelink/pricing/ ("billed for each hour that your VPC endpoint remains provisioned in each Availability Zone"); no figure for resource endpoints found: the interface endpoint's ($0.01, via ${FACTS}) is used`,
      note: "No primary source found for the hourly figure of a resource endpoint, nor whether it is per AZ: the interface endpoint's figure and unit are assumed (one AZ per subnet of the endpoint). Check the pricing page before quoting.",
      date: ACCESS_DATE,
    },
    resourceEndpointDataGb: {
      tiers: [
        { upToGb: 1 * GB_PER_PB, usdPerGb: 0.01 },
        { upToGb: 5 * GB_PER_PB, usdPerGb: 0.006 },
        { upToGb: null, usdPerGb: 0.004 },
      ],
      unit: "USD per GB processed by resource VPC endpoints, tiered on the Region's monthly total of all resource endpoints (first 1 PB, next 4 PB, over 5 PB)",
      source: "https://aws.amazon.com/privatelink/pricing/ (\"Resource endpoints\" section; read in the Japanese edition https://aws.amazon.com/jp/privatelink/pricing/, \"リソースエンドポイントの料金\": 0.01 / 0.006 / 0.004 USD per GB)",
      date: ACCESS_DATE,
    },
    route53ResolverEndpointIpHour: {
      value: 0.125,
      unit: "USD per Route 53 Resolver endpoint IP address (ENI) per hour",
      source: `${ROUTE53_PAGE} ("Resolver Endpoints": "$0.125 per ENI per hour"), ${ROUTE53_TRANSCRIPT}; the same figure in https://repost.aws/knowledge-center/route-53-resolver-endpoint-costs (German edition read)`,
      note: "Queries through the endpoint ($0.40 per million, first billion a month) are not modelled. An endpoint has at least two IP addresses (Route 53 developer guide, \"Considerations when creating inbound and outbound endpoints\").",
      date: ACCESS_DATE,
    },
    cloudwatchAlarmMonth: {
      value: 0.1,
      unit: "USD per standard-resolution (60-second) metric alarm per month",
      source: "https://aws.amazon.com/cloudwatch/pricing/ (\"Standard Resolution (60 sec)\": $0.10 per alarm metric); not fetched from here",
      note: "The free tier's 10 alarms a month are not deducted.",
      date: MONITORING_DATE,
    },
    cloudwatchDashboardMonth: {
      value: 3,
      unit: "USD per CloudWatch dashboard per month",
      source: "https://aws.amazon.com/cloudwatch/pricing/ ($3.00 per dashboard per month); not fetched from here",
      note: "The free tier's 3 dashboards (up to 50 metrics each) are not deducted.",
      date: MONITORING_DATE,
    },
    snsTopicMonth: {
      value: 0,
      unit: "USD per SNS standard topic per month",
      source: "https://aws.amazon.com/sns/pricing/ (a topic has no standing charge: SNS bills requests and deliveries); not fetched from here",
      note: "Publishes (a few per alarm state change) and deliveries are not modelled: beyond SNS's free tier, $0.50 per million requests.",
      date: MONITORING_DATE,
    },
    kmsKeyMonth: {
      value: 1,
      unit: "USD per customer managed KMS key per month",
      source: "https://aws.amazon.com/kms/pricing/ ($1 per customer managed key per month); not fetched from here",
      note: "Only when the topic is created without monitoring.kmsKeyArn. Requests are not modelled (CloudWatch encrypts a few per notification).",
      date: MONITORING_DATE,
    },
  },
} as const;
