import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { NAME_RULES } from "../config/aws-names";
import { HUB_OUTPUTS, type HubOutputName } from "../config/contract";
import { KMS_KEY_ARN, LOG_RETENTION_DAYS, MIN_LOG_RETENTION_DAYS } from "../config/rules";
import { EACH_KEY, instanceAttribute, keyedIterator } from "../modules/expressions";
import { hubOutputValues } from "../modules/hub-outputs";
import { LatticeHub } from "../modules/lattice-hub";
import { SharedEndpoints } from "../modules/shared-endpoints";
import { ModuleStack, resourceShareResources } from "./module-stack";
import { awsNameExpression } from "./names";
import { mergedPortRangesExpression, normalizedPortEntryExpression, portEntriesDisjoint, portEntriesValid } from "./ports";
import { ACCOUNT_IDS_VALID, forEvery, ITEM_NAME_VALID, matches, SUBNET_IDS_VALID, TOPOLOGY_NAME_VALID, VPC_ID_VALID } from "./validation";

/** The hub account's part: shared endpoints, resource gateway, service network, RAM share, access logs. */
export class HubModule extends ModuleStack {
  constructor(scope: Construct) {
    super(scope, "hub", "The hub of centralized third-party endpoints shared with VPC Lattice: interface endpoints, " +
      "resource gateway, resource configurations, service network, RAM share and resource access logs.");

    const name = this.variable("name", {
      type: "string",
      description: "The topology's name (3–24 characters of a-z, 0-9 and -): every AWS name derives from it, " +
        "shortened and given a 6-character hash where an AWS rule requires, exactly as the cdktf workspaces do.",
      validation: [TOPOLOGY_NAME_VALID("var.name", "name")],
    });
    const vpcId = this.variable("vpc_id", { type: "string", description: "The hub VPC.", validation: [VPC_ID_VALID("var.vpc_id", "vpc_id")] });
    const subnetIds = this.variable("subnet_ids", {
      type: "list(string)",
      description: "Hub subnets, one per Availability Zone: the endpoints and the resource gateway.",
      validation: [SUBNET_IDS_VALID("var.subnet_ids", "subnet_ids")],
    });
    const ipAddressType = this.variable("ip_address_type", {
      type: "string",
      description: "IP address type of the resource gateway: IPV4, IPV6 (IPv6-only subnets) or DUALSTACK.",
      default: "IPV4",
      validation: [['contains(["IPV4", "IPV6", "DUALSTACK"], var.ip_address_type)', "ip_address_type must be IPV4, IPV6 or DUALSTACK."]],
    });
    const logRetentionDays = this.variable("log_retention_days", {
      type: "number",
      description: "Retention of the resource access logs, in days: a CloudWatch Logs retention period of a year or more.",
      default: MIN_LOG_RETENTION_DAYS,
      validation: [
        [`contains([${LOG_RETENTION_DAYS.join(", ")}], var.log_retention_days)`,
          `log_retention_days must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}).`],
        [`var.log_retention_days >= ${MIN_LOG_RETENTION_DAYS}`, `access logs are kept at least ${MIN_LOG_RETENTION_DAYS} days.`],
      ],
    });
    const logKmsKeyArn = this.variable("log_kms_key_arn", {
      type: "string",
      description: "KMS key to encrypt the access logs with; null: CloudWatch Logs' own encryption.",
      default: null,
      validation: [[`var.log_kms_key_arn == null || ${matches(KMS_KEY_ARN, "var.log_kms_key_arn")}`, "log_kms_key_arn must be a KMS key ARN."]],
    });
    this.variable("endpoints", {
      type: "map(object({ service_name = string, ports = list(string) }))",
      description: "Third-party services to share, by endpoint name (2–20 characters of a-z, 0-9 and -): the endpoint " +
        'service name and the ports clients use ("443" or "8000-8100", not overlapping).',
      validation: [
        ["length(var.endpoints) >= 1", "endpoints needs at least one endpoint."],
        forEvery("keys(var.endpoints)", "k", ITEM_NAME_VALID("k", "endpoint names")),
        ['alltrue([for e in values(var.endpoints) : can(regex("^com[.]amazonaws[.]", e.service_name))])',
          "service_name must be an endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-…)."],
        [`alltrue([for e in values(var.endpoints) : length(e.ports) >= 1 && ${portEntriesValid("e.ports")}])`,
          'every port entry must be "N" or "A-B" with 1 ≤ A ≤ B ≤ 65535, and every endpoint needs one.'],
        [`alltrue([for e in values(var.endpoints) : ${portEntriesDisjoint("e.ports")}])`, "the port entries of an endpoint must not overlap."],
      ],
    });
    const shareWith = this.variable("share_with_accounts", {
      type: "list(string)",
      description: "Spoke account ids the service network is shared with (explicit accounts, never the organization).",
      validation: [ACCOUNT_IDS_VALID("var.share_with_accounts", "share_with_accounts")],
    });
    const allowExternal = this.variable("allow_external_principals", {
      type: "bool",
      description: "Allow accounts outside the organization (they must accept the share).",
      default: false,
    });
    this.variable("share_resource_configurations", {
      type: "bool",
      description: "Also share every resource configuration through the RAM share: needed when a spoke module has endpoint_access_vpcs " +
        "(a VPC endpoint of type Resource needs its configuration shared with its account; the service network is not enough).",
      default: false,
    });

    // The AWS names of config/estate.ts (HubFacts.names, SharedEndpoint), from the same parts.
    const specs = new TerraformLocal(this, "endpoint_specs", `\${{ for k, e in var.endpoints : k => {
    service_name                = e.service_name
    port_ranges                 = [for p in e.ports : ${normalizedPortEntryExpression("p")}]
    security_group_name         = ${awsNameExpression(["var.name", "k", '"endpoint"'], NAME_RULES.securityGroup)}
    resource_configuration_name = ${awsNameExpression(["var.name", "k"], NAME_RULES.resourceConfiguration)}
  } }}`);
    // One rule per merged range of an endpoint's ports, keyed "<endpoint>/<first port>" as the stacks key them.
    const portRules = new TerraformLocal(this, "port_rules",
      `\${merge([for k, e in var.endpoints : { for r in ${mergedPortRangesExpression("e.ports")} : "\${k}/\${r.from_port}" => {
    endpoint  = k
    ports     = r.ports
    from_port = r.from_port
    to_port   = r.to_port
  } }]...)}`);

    const lattice = new LatticeHub(this, "lattice", {
      provider: this.provider,
      names: {
        gatewaySecurityGroup: this.awsNameLocal("gateway_security_group_name", ["var.name", '"resource-gateway"'], NAME_RULES.securityGroup),
        resourceGateway: this.awsNameLocal("resource_gateway_name", ["var.name", '"gateway"'], NAME_RULES.resourceGateway),
        serviceNetwork: this.awsNameLocal("service_network_name", ["var.name"], NAME_RULES.serviceNetwork),
        resourceShare: this.awsNameLocal("resource_share_name", ["var.name", '"service-network"'], NAME_RULES.resourceShare),
        accessLogGroup: `/aws/vendedlogs/vpclattice/${name.stringValue}/resource-access`,
      },
      vpcId: vpcId.stringValue,
      subnetIds: subnetIds.listValue,
      ipAddressType,
      logRetentionDays,
      logKmsKeyArn: logKmsKeyArn.stringValue,
      shareWithAccounts: shareWith.listValue,
      allowExternalPrincipals: allowExternal,
      protect: true,
    });
    const shared = new SharedEndpoints(this, "shared", {
      provider: this.provider,
      endpoints: specs,
      portRules,
      vpcId: vpcId.stringValue,
      subnetIds: subnetIds.listValue,
      ipAddressType,
      resourceGatewayId: lattice.resourceGateway.id,
      gatewaySecurityGroupId: lattice.gatewaySecurityGroup.id,
      serviceNetworkId: lattice.serviceNetwork.id,
      protect: true,
    });

    // modules/endpoint-access.ts shareResourceConfigurations, over a map Terraform builds: the stacks' addresses.
    const configurations = new TerraformLocal(this, "shared_resource_configurations",
      "${{ for k in keys(var.endpoints) : k => { endpoint = k } if var.share_resource_configurations }}");
    const each = keyedIterator(this, "lattice_resource_share_configurations", configurations);
    const sharedConfigurations = new RamResourceAssociation(this, "lattice_resource_share_configurations", {
      provider: this.provider,
      forEach: each,
      resourceShareArn: lattice.resourceShare.arn,
      resourceArn: instanceAttribute(shared.resourceConfigurations, EACH_KEY, "arn"),
    });

    const values = hubOutputValues(lattice, shared);
    // A spoke module of the same root may use the service network only once the share includes its
    // account; its Resource endpoints (endpoint access, through `endpoints`) only once the share also
    // carries the resource configurations. In the workspaces, the hub's apply comes first.
    const share = resourceShareResources(lattice, "resource_share");
    for (const [name, description] of Object.entries(HUB_OUTPUTS) as [HubOutputName, string][]) {
      this.output(name, values[name], description, name === "endpoints" ? [...share, sharedConfigurations] : share);
    }
  }
}
