import { TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { LOG_RETENTION_DAYS, MIN_LOG_RETENTION_DAYS } from "../config/rules";
import { HUB_OUTPUTS } from "../config/contract";
import { hubOutputValues } from "../modules/hub-outputs";
import { LatticeHub } from "../modules/lattice-hub";
import { SharedEndpoints } from "../modules/shared-endpoints";
import { ModuleStack } from "./module-stack";
import { ACCOUNT_IDS_VALID, PORTS_VALID, SUBNET_IDS_VALID, VPC_ID_VALID } from "./validation";

/** The hub account's part: shared endpoints, resource gateway, service network, RAM share, access logs. */
export class HubModule extends ModuleStack {
  constructor(scope: Construct) {
    super(scope, "hub", "The hub of centralized third-party endpoints shared with VPC Lattice: interface endpoints, " +
      "resource gateway, resource configurations, service network, RAM share and resource access logs.");

    const name = this.variable("name", {
      type: "string",
      description: "Prefix of every AWS name: 3–24 characters of a-z, 0-9 and single hyphens.",
      validation: [
        ['can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", var.name)) && length(var.name) >= 3 && length(var.name) <= 24',
          "name must be 3–24 characters of a-z, 0-9 and single hyphens, with none at either end."],
        ['!startswith(var.name, "sn-") && !startswith(var.name, "sg-") && !startswith(var.name, "rgw-") && !startswith(var.name, "rcfg-")',
          "name must not start with a prefix AWS reserves for ids (sn-, sg-, rgw-, rcfg-)."],
      ],
    });
    const vpcId = this.variable("vpc_id", { type: "string", description: "The hub VPC.", validation: [VPC_ID_VALID("var.vpc_id")] });
    const subnetIds = this.variable("subnet_ids", {
      type: "list(string)",
      description: "Hub subnets, one per Availability Zone: the endpoints and the resource gateway.",
      validation: [SUBNET_IDS_VALID("var.subnet_ids")],
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
      default: 365,
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
      validation: [['var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.log_kms_key_arn))', "log_kms_key_arn must be a KMS key ARN."]],
    });
    this.variable("endpoints", {
      type: "map(object({ service_name = string, ports = list(string) }))",
      description: 'Third-party services to share, by name (2–20 characters of a-z, 0-9 and single hyphens): the endpoint service name and the ports clients use ("443" or "8000-8100").',
      validation: [
        ["length(var.endpoints) >= 1", "endpoints needs at least one endpoint."],
        ['alltrue([for k in keys(var.endpoints) : can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", k)) && length(k) >= 2 && length(k) <= 20])',
          "endpoint names must be 2–20 characters of a-z, 0-9 and single hyphens."],
        ['alltrue([for k in keys(var.endpoints) : length("${var.name}-${k}") <= 40])',
          'each "<name>-<endpoint>" must fit the 40 characters of a resource configuration name.'],
        ['alltrue([for e in values(var.endpoints) : can(regex("^com[.]amazonaws[.]", e.service_name))])',
          "service_name must be an endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-…)."],
        [`alltrue([for e in values(var.endpoints) : length(e.ports) >= 1 && ${PORTS_VALID("e.ports")}])`,
          'every port entry must be "N" or "A-B" with 1 ≤ A ≤ B ≤ 65535, and every endpoint needs one.'],
      ],
    });
    const shareWith = this.variable("share_with_accounts", {
      type: "list(string)",
      description: "Spoke account ids the service network is shared with (explicit accounts, never the organization).",
      validation: [ACCOUNT_IDS_VALID("var.share_with_accounts")],
    });
    const allowExternal = this.variable("allow_external_principals", {
      type: "bool",
      description: "Allow accounts outside the organization (they must accept the share).",
      default: false,
    });

    const specs = new TerraformLocal(this, "endpoint_specs", `\${{ for k, e in var.endpoints : k => {
    service_name                = e.service_name
    port_ranges                 = e.ports
    security_group_name         = "\${var.name}-\${k}-endpoint"
    resource_configuration_name = "\${var.name}-\${k}"
  } }}`);
    const portRules = new TerraformLocal(this, "port_rules", `\${merge([for k, e in var.endpoints : { for p in e.ports : "\${k}/\${p}" => {
    endpoint  = k
    ports     = p
    from_port = tonumber(split("-", p)[0])
    to_port   = tonumber(element(split("-", p), length(split("-", p)) - 1))
  } }]...)}`);

    const lattice = new LatticeHub(this, "lattice", {
      provider: this.provider,
      names: {
        gatewaySecurityGroup: `${name.stringValue}-resource-gateway`,
        resourceGateway: `${name.stringValue}-gateway`,
        serviceNetwork: name.stringValue,
        resourceShare: `${name.stringValue}-service-network`,
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

    const values = hubOutputValues(lattice, shared);
    for (const [name, description] of Object.entries(HUB_OUTPUTS)) this.output(name, values[name as keyof typeof HUB_OUTPUTS], description);
  }
}
