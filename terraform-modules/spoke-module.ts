import { TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { SpokeAttachment } from "../modules/spoke-attachment";
import { ZoneAssociations } from "../modules/zone-associations";
import { ModuleStack } from "./module-stack";
import { PORTS_VALID } from "./validation";

/** A spoke account's part: accept the share if needed, associate VPCs with the service network and the zones. */
export class SpokeModule extends ModuleStack {
  constructor(scope: Construct) {
    super(scope, "spoke", "A spoke account's VPCs joining the hub's VPC Lattice service network, and resolving the " +
      "vendors' private hosted zones.");

    this.variable("name", {
      type: "string",
      description: "Prefix of the names of created security groups.",
      validation: [['can(regex("^[a-z0-9-]{1,200}$", var.name)) && !startswith(var.name, "sg-")', "name must be a-z, 0-9 and -, not starting with sg-."]],
    });
    const serviceNetworkArn = this.variable("service_network_arn", {
      type: "string",
      description: "The hub's service network (its service_network_arn output).",
      validation: [['can(regex("^arn:aws[a-z-]*:vpc-lattice:", var.service_network_arn))', "service_network_arn must be a VPC Lattice service network ARN."]],
    });
    const accept = this.variable("accept_resource_share", {
      type: "bool",
      description: "Accept the RAM share: only for an account outside the organization (the first module of that account).",
      default: false,
    });
    const shareArn = this.variable("resource_share_arn", {
      type: "string",
      description: "The hub's resource_share_arn output; needed when accept_resource_share is true.",
      default: null,
      validation: [["!var.accept_resource_share || var.resource_share_arn != null", "resource_share_arn is needed to accept the share."]],
    });
    this.variable("vpcs", {
      type: "map(object({ client_cidrs = optional(list(string), []), security_group_ids = optional(list(string), []) }))",
      description: "VPCs of this account by id: either client_cidrs (a security group admitting them on the ports is created) or 1–5 security_group_ids.",
      validation: [
        ["length(var.vpcs) >= 1", "vpcs needs at least one VPC."],
        ['alltrue([for id in keys(var.vpcs) : can(regex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", id))])', "vpcs keys must be VPC ids."],
        ["alltrue([for v in values(var.vpcs) : (length(v.client_cidrs) > 0) != (length(v.security_group_ids) > 0)])",
          "give each VPC exactly one of client_cidrs or security_group_ids."],
        ['alltrue([for v in values(var.vpcs) : length(v.security_group_ids) <= 5 && alltrue([for g in v.security_group_ids : can(regex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", g))])])',
          "security_group_ids: at most 5 security group ids."],
        ['alltrue(flatten([for v in values(var.vpcs) : [for c in v.client_cidrs : can(cidrhost(c, 0)) && !endswith(c, "/0")]]))',
          "client_cidrs must be CIDR blocks, never the whole address space."],
      ],
    });
    this.variable("ports", {
      type: "list(string)",
      description: 'The ports of every shared endpoint ("443" or "8000-8100"): what a created security group admits.',
      validation: [[`length(var.ports) >= 1 && ${PORTS_VALID("var.ports")}`, 'every port entry must be "N" or "A-B" with 1 ≤ A ≤ B ≤ 65535.']],
    });
    const zoneIds = this.variable("zone_ids", {
      type: "map(string)",
      description: "Private hosted zones to associate every VPC with: zone name → hosted zone id (the dns module's zone_ids output). " +
        "Apply the dns module first: it authorizes this account's VPCs.",
      default: {},
    });
    this.variable("zone_association_exclusions", {
      type: "list(string)",
      description: 'Pairs "<zone>/<vpc id>" not to associate: a zone created with one of these VPCs is associated with it already.',
      default: [],
    });
    const vpcs = new TerraformLocal(this, "vpcs", "${{ for id, v in var.vpcs : id => { security_group_ids = v.security_group_ids } }}");
    const groups = new TerraformLocal(this, "client_groups",
      '${{ for id, v in var.vpcs : id => { name = "${var.name}-lattice-clients-${id}" } if length(v.client_cidrs) > 0 }}');
    const rules = new TerraformLocal(this, "client_rules", `\${merge(flatten([for id, v in var.vpcs : [for c in v.client_cidrs : { for p in var.ports : "\${id}/\${c}/\${p}" => {
    vpc_id    = id
    cidr_ipv4 = strcontains(c, ":") ? null : c
    cidr_ipv6 = strcontains(c, ":") ? c : null
    from_port = tonumber(split("-", p)[0])
    to_port   = tonumber(element(split("-", p), length(split("-", p)) - 1))
    ports     = p
  } }]])...)}`);

    const attachment = new SpokeAttachment(this, "spoke", {
      provider: this.provider,
      serviceNetworkArn: serviceNetworkArn.stringValue,
      acceptShare: accept,
      resourceShareArn: shareArn.stringValue,
      vpcs,
      clientGroups: groups,
      clientRules: rules,
    });
    const zoneAssociations = new TerraformLocal(this, "zone_associations",
      '${{ for pair in setproduct(keys(var.zone_ids), keys(var.vpcs)) : "${pair[0]}/${pair[1]}" => { zone = pair[0], vpc_id = pair[1] } if !contains(var.zone_association_exclusions, "${pair[0]}/${pair[1]}") }}');
    new ZoneAssociations(this, "zone", { provider: this.provider, zoneIds, associations: zoneAssociations });

    this.output("vpc_association_ids", `\${{ for id, a in ${attachment.associations.fqn} : id => a.id }}`,
      "Service-network VPC association id per VPC id");
  }
}
