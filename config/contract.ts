/**
 * Names other tools depend on: workspace (stack) names, the outputs one workspace publishes for
 * another, and the tag that marks what this product manages. Changing one is a contract change
 * (CHANGELOG.md).
 */

export const HUB_WORKSPACE = "hub";
export const DNS_WORKSPACE = "dns";
export const spokeWorkspaceName = (spoke: string) => `spoke-${spoke}`;

/** Identifies what this product manages: the `ManagedBy` tag's value starts with it. */
export const PRODUCT = "lattice-endpoints";
/** Tag key the product sets on every resource (default_tags), besides the topology's own tags. */
export const MANAGED_BY_TAG = "ManagedBy";

/** The hub workspace's outputs, read by the spoke and dns workspaces and by HCL callers. */
export const HUB_OUTPUTS = {
  service_network_arn: "ARN of the VPC Lattice service network shared with the spokes",
  service_network_id: "ID of the VPC Lattice service network",
  resource_share_arn: "ARN of the RAM share of the service network",
  endpoints: "Per endpoint name: vpc_endpoint_id, vpc_endpoint_dns_name, resource_configuration_arn, lattice_dns_name, lattice_hosted_zone_id",
} as const;
export type HubOutputName = keyof typeof HUB_OUTPUTS;

/** The attributes of each entry of the hub's `endpoints` output. */
export const ENDPOINT_OUTPUT_ATTRIBUTES = [
  "vpc_endpoint_id",
  "vpc_endpoint_dns_name",
  "resource_configuration_arn",
  "lattice_dns_name",
  "lattice_hosted_zone_id",
] as const;
export type EndpointOutputAttribute = (typeof ENDPOINT_OUTPUT_ATTRIBUTES)[number];

/** The dns workspace's outputs, read by the spoke workspaces. */
export const DNS_OUTPUTS = {
  zone_ids: "Hosted zone id per zone name, created and adopted alike",
  route53_profile_id: "ID of the Route 53 Profile that carries every zone (profile mode; null otherwise)",
  route53_profile_share_arn: "ARN of the RAM share of the Route 53 Profile (profile mode; null otherwise)",
} as const;
export type DnsOutputName = keyof typeof DNS_OUTPUTS;

/** A spoke workspace's outputs: only with a resolver (endpoint access, docs/endpoint-access.md). */
export const RESOLVER_ADDRESSES_OUTPUT = "resolver_addresses";
export const SPOKE_OUTPUTS = {
  [RESOLVER_ADDRESSES_OUTPUT]: "Per endpoint-mode VPC with a resolver: the IP addresses of its Route 53 Resolver inbound endpoint, for the on-premises forwarders of the vendor domains",
} as const;

/** `npm run bootstrap`: the workspace that creates an account's deploy roles, and the HCP Terraform one. */
export const identityWorkspaceName = (accountId: string) => `identity-${accountId}`;
export const HCP_WORKSPACE = "hcp";
/** A stack's HCP Terraform workspace (cloud backend): `<workspacePrefix>-<stack>`. */
export const hcpWorkspaceName = (workspacePrefix: string, stack: string) => `${workspacePrefix}-${stack}`;
/** The Terraform version the product is tested with: the version of the HCP Terraform workspaces it creates. */
export const TERRAFORM_VERSION = "1.11.4";
