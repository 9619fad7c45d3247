import { TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { NAME_RULES } from "../config/aws-names";
import { HOSTED_ZONE_ID, VPC_ID } from "../config/rules";
import { ProfileAssociations } from "../modules/profile-associations";
import { SpokeAttachment } from "../modules/spoke-attachment";
import { ZoneAssociations } from "../modules/zone-associations";
import { ModuleStack } from "./module-stack";
import { awsNameExpression } from "./names";
import { mergedPortRangesExpression, portEntriesValid } from "./ports";
import { forEvery, ITEM_NAME_VALID, matches, SECURITY_GROUP_IDS_VALID, TOPOLOGY_NAME_VALID } from "./validation";

/**
 * A spoke account's part: accept the share if needed, associate VPCs with the service network, and
 * resolve the vendors' zones (a zone association per zone and VPC, or one Route 53 Profile association
 * per VPC), with the spoke account's own credentials.
 */
export class SpokeModule extends ModuleStack {
  constructor(scope: Construct) {
    super(scope, "spoke", "A spoke account's VPCs joining the hub's VPC Lattice service network, and resolving the " +
      "vendors' private hosted zones (zone associations, or the Route 53 Profile).");

    this.variable("name", {
      type: "string",
      description: "The topology's name, as given to the hub module: created security groups are named from it and spoke_name.",
      validation: [TOPOLOGY_NAME_VALID("var.name", "name")],
    });
    this.variable("spoke_name", {
      type: "string",
      description: "This spoke's name (2–20 characters of a-z, 0-9 and -), as a topology file's spokes[].name.",
      validation: [ITEM_NAME_VALID("var.spoke_name", "spoke_name")],
    });
    const serviceNetworkArn = this.variable("service_network_arn", {
      type: "string",
      description: "The hub's service network (its service_network_arn output).",
      validation: [['can(regex("^arn:aws[a-z-]*:vpc-lattice:", var.service_network_arn))', "service_network_arn must be a VPC Lattice service network ARN."]],
    });
    const accept = this.variable("accept_resource_share", {
      type: "bool",
      description: "Accept the hub's RAM share: only for an account outside the organization (the first module of that account).",
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
        forEvery("keys(var.vpcs)", "id", [matches(VPC_ID, "id"), "vpcs keys must be VPC ids (vpc- and 8 or 17 hex digits)."]),
        ["alltrue([for v in values(var.vpcs) : (length(v.client_cidrs) > 0) != (length(v.security_group_ids) > 0)])",
          "give each VPC exactly one of client_cidrs or security_group_ids."],
        [`alltrue([for v in values(var.vpcs) : length(v.security_group_ids) <= 5 && ${SECURITY_GROUP_IDS_VALID("v.security_group_ids")}])`,
          "security_group_ids: at most 5 security group ids (sg- and 8 or 17 hex digits)."],
        ['alltrue(flatten([for v in values(var.vpcs) : [for c in v.client_cidrs : can(cidrhost(c, 0)) && !endswith(c, "/0")]]))',
          "client_cidrs must be CIDR blocks, never the whole address space."],
      ],
    });
    this.variable("ports", {
      type: "list(string)",
      description: 'The ports of every shared endpoint ("443" or "8000-8100"; they may overlap): a created security group ' +
        "admits their union, as the fewest ranges.",
      validation: [[`length(var.ports) >= 1 && ${portEntriesValid("var.ports")}`, 'every port entry must be "N" or "A-B" with 1 ≤ A ≤ B ≤ 65535.']],
    });
    this.variable("dns_mode", {
      type: "string",
      description: "How the VPCs resolve the vendors' zones, as the topology's dns.mode: associations (zone_ids) or profile (route53_profile_id).",
      default: "associations",
      validation: [['contains(["associations", "profile"], var.dns_mode)', "dns_mode must be associations or profile."]],
    });
    const zoneIds = this.variable("zone_ids", {
      type: "map(string)",
      description: "Associations mode: the zones to associate every VPC with, zone name → hosted zone id (the dns module's zone_ids output, " +
        "which is known once the dns module has authorized this account's VPCs).",
      default: {},
      validation: [forEvery("values(var.zone_ids)", "id", [matches(HOSTED_ZONE_ID, "id"), "zone_ids values must be hosted zone ids."])],
    });
    this.variable("zone_association_exclusions", {
      type: "list(string)",
      description: 'Associations mode: pairs "<zone>/<vpc id>" that exist already, not to associate again (the dns module\'s ' +
        "creation_vpc_associations output: a created zone is associated with the VPC it was created with).",
      default: [],
    });
    const profileId = this.variable("route53_profile_id", {
      type: "string",
      description: "Profile mode: the Route 53 Profile to associate every VPC with (the dns module's route53_profile_id output).",
      default: null,
      validation: [['var.dns_mode != "profile" || var.route53_profile_id != null', 'route53_profile_id is needed when dns_mode is "profile".']],
    });
    const acceptProfileShare = this.variable("accept_route53_profile_share", {
      type: "bool",
      description: "Profile mode: accept the RAM share of the profile: only for an account outside the organization (the first module of that account).",
      default: false,
    });
    const profileShareArn = this.variable("route53_profile_share_arn", {
      type: "string",
      description: "The dns module's route53_profile_share_arn output; needed when accept_route53_profile_share is true.",
      default: null,
      validation: [["!var.accept_route53_profile_share || var.route53_profile_share_arn != null",
        "route53_profile_share_arn is needed to accept the profile's share."]],
    });

    const vpcs = new TerraformLocal(this, "vpcs", "${{ for id, v in var.vpcs : id => { security_group_ids = v.security_group_ids } }}");
    // config/estate.ts SpokeFacts: the same names from the same parts, the ports of every endpoint merged.
    const groups = new TerraformLocal(this, "client_groups", `\${{ for id, v in var.vpcs : id => {
    name = ${awsNameExpression(["var.name", "var.spoke_name", '"lattice-clients"', "id"], NAME_RULES.securityGroup)}
  } if length(v.client_cidrs) > 0 }}`);
    const ranges = new TerraformLocal(this, "client_port_ranges", `\${${mergedPortRangesExpression("var.ports")}}`);
    const rules = new TerraformLocal(this, "client_rules", `\${merge(flatten([for id, v in var.vpcs : [for c in v.client_cidrs : { for r in local.${ranges.friendlyUniqueId} : "\${id}/\${c}/\${r.from_port}" => {
    vpc_id    = id
    cidr_ipv4 = strcontains(c, ":") ? null : c
    cidr_ipv6 = strcontains(c, ":") ? c : null
    from_port = r.from_port
    to_port   = r.to_port
    ports     = r.ports
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

    // Both constructs are always there; the mode empties the maps of the one not in use.
    const zoneAssociations = new TerraformLocal(this, "zone_associations",
      '${{ for pair in setproduct(keys(var.zone_ids), keys(var.vpcs)) : "${pair[0]}/${pair[1]}" => { zone = pair[0], vpc_id = pair[1] } ' +
      'if var.dns_mode == "associations" && !contains(var.zone_association_exclusions, "${pair[0]}/${pair[1]}") }}');
    new ZoneAssociations(this, "zone", { provider: this.provider, zoneIds, associations: zoneAssociations });
    const profileAssociations = new TerraformLocal(this, "profile_associations", `\${{ for id in keys(var.vpcs) : id => {
    name = ${awsNameExpression(["var.name", "id"], NAME_RULES.route53Profile)}
  } if var.dns_mode == "profile" }}`);
    new ProfileAssociations(this, "profile", {
      provider: this.provider,
      profileId: profileId.stringValue,
      acceptShare: acceptProfileShare,
      resourceShareArn: profileShareArn.stringValue,
      vpcs: profileAssociations,
    });

    this.output("vpc_association_ids", `\${{ for id, a in ${attachment.associations.fqn} : id => a.id }}`,
      "Service-network VPC association id per VPC id");
  }
}
