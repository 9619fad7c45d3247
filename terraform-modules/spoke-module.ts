import { TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { NAME_RULES } from "../config/aws-names";
import { RESOLVER_ADDRESSES_OUTPUT, SPOKE_OUTPUTS } from "../config/contract";
import { HOSTED_ZONE_ID, SUBNET_ID, VPC_ID } from "../config/rules";
import { EndpointAccess } from "../modules/endpoint-access";
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
 * per VPC), with the spoke account's own credentials. Endpoint-mode VPCs (docs/endpoint-access.md) get
 * the stacks' EndpointAccess construct instead: a Resource endpoint per vendor, zones, records, resolvers.
 */
export class SpokeModule extends ModuleStack {
  constructor(scope: Construct) {
    super(scope, "spoke", "A spoke account's VPCs joining the hub's VPC Lattice service network, and resolving the " +
      "vendors' private hosted zones (zone associations, or the Route 53 Profile); VPCs that cannot join it reach the vendors " +
      "through VPC endpoints of type Resource and private hosted zones of their own, optionally with a Route 53 Resolver " +
      "inbound endpoint for on-premises clients (endpoint access).");

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
      description: "VPCs of this account that join the service network, by id: either client_cidrs (a security group admitting them " +
        "on the ports is created) or 1–5 security_group_ids.",
      default: {},
      validation: [
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

    // Endpoint access (docs/endpoint-access.md): VPCs that do not join the service network. Terraform
    // before 1.12 evaluates both sides of || (no short-circuit): a null resolver is tested with ?: instead.
    this.variable("endpoint_access_vpcs", {
      type: "list(object({ vpc_id = string, subnet_ids = list(string), client_cidrs = optional(list(string), []), " +
        "security_group_ids = optional(list(string), []), resolver = optional(object({ inbound_subnet_ids = list(string), allowed_cidrs = list(string) })) }))",
      description: "VPCs of this account that reach the hub through VPC endpoints of type Resource instead of a service-network association " +
        "(access: endpoint): the endpoints' subnet_ids, either client_cidrs or 1–5 security_group_ids, and optionally a Route 53 Resolver " +
        "inbound endpoint (at least two inbound_subnet_ids) admitting DNS from allowed_cidrs. Each gets a private hosted zone of this account " +
        "per vendor zone of endpoint_access_records.",
      default: [],
      validation: [
        // Here, not in vpcs: two variables' validations may not refer to each other (a cycle).
        ["length(var.vpcs) + length(var.endpoint_access_vpcs) >= 1", "vpcs and endpoint_access_vpcs need at least one VPC between them."],
        forEvery("var.endpoint_access_vpcs", "v", [matches(VPC_ID, "v.vpc_id"), "endpoint_access_vpcs: vpc_id must be a VPC id (vpc- and 8 or 17 hex digits)."]),
        ["length(distinct(var.endpoint_access_vpcs[*].vpc_id)) == length(var.endpoint_access_vpcs) && " +
          "length(setintersection(toset(var.endpoint_access_vpcs[*].vpc_id), toset(keys(var.vpcs)))) == 0",
        "endpoint_access_vpcs: each VPC once, and not in vpcs too (a VPC uses one access mode)."],
        forEvery("var.endpoint_access_vpcs", "v", [`length(v.subnet_ids) >= 1 && length(distinct(v.subnet_ids)) == length(v.subnet_ids) && ` +
          `alltrue([for s in v.subnet_ids : ${matches(SUBNET_ID, "s")}])`,
        "endpoint_access_vpcs: subnet_ids needs at least one subnet id (subnet- and 8 or 17 hex digits), each once."]),
        // A subnet is in one VPC: the same subnet under two VPCs is a mistake.
        ["length(flatten([for v in var.endpoint_access_vpcs : distinct(concat(v.subnet_ids, v.resolver == null ? [] : v.resolver.inbound_subnet_ids))])) == " +
          "length(distinct(flatten([for v in var.endpoint_access_vpcs : concat(v.subnet_ids, v.resolver == null ? [] : v.resolver.inbound_subnet_ids)])))",
        "endpoint_access_vpcs: a subnet belongs to one VPC."],
        ["alltrue([for v in var.endpoint_access_vpcs : (length(v.client_cidrs) > 0) != (length(v.security_group_ids) > 0)])",
          "endpoint_access_vpcs: give each VPC exactly one of client_cidrs or security_group_ids."],
        [`alltrue([for v in var.endpoint_access_vpcs : length(v.security_group_ids) <= 5 && ${SECURITY_GROUP_IDS_VALID("v.security_group_ids")}])`,
          "endpoint_access_vpcs: security_group_ids: at most 5 security group ids (sg- and 8 or 17 hex digits)."],
        ['alltrue(flatten([for v in var.endpoint_access_vpcs : [for c in v.client_cidrs : can(cidrhost(c, 0)) && !endswith(c, "/0")]]))',
          "endpoint_access_vpcs: client_cidrs must be CIDR blocks, never the whole address space."],
        [`alltrue([for v in var.endpoint_access_vpcs : v.resolver == null ? true : (length(v.resolver.inbound_subnet_ids) >= 2 && ` +
          `length(distinct(v.resolver.inbound_subnet_ids)) == length(v.resolver.inbound_subnet_ids) && ` +
          `alltrue([for s in v.resolver.inbound_subnet_ids : ${matches(SUBNET_ID, "s")}]))])`,
        "endpoint_access_vpcs: resolver.inbound_subnet_ids needs at least 2 subnet ids, each once: a Route 53 Resolver endpoint has at least two IP addresses."],
        ['alltrue([for v in var.endpoint_access_vpcs : v.resolver == null ? true : (length(v.resolver.allowed_cidrs) >= 1 && ' +
          'length(distinct(v.resolver.allowed_cidrs)) == length(v.resolver.allowed_cidrs) && ' +
          'alltrue([for c in v.resolver.allowed_cidrs : can(cidrhost(c, 0)) && !endswith(c, "/0")]))])',
        "endpoint_access_vpcs: resolver.allowed_cidrs needs at least one CIDR block, each once, never the whole address space " +
          "(0.0.0.0/0 or ::/0): name the on-premises networks of the DNS forwarders."],
      ],
    });
    const resourceConfigurations = this.variable("endpoints", {
      type: "map(object({ resource_configuration_arn = string }))",
      description: "Endpoint access: the hub's endpoints output (endpoint name → its resource_configuration_arn); each endpoint-mode VPC gets a " +
        "VPC endpoint of type Resource to each. The hub module must share the configurations (share_resource_configurations = true).",
      default: {},
      validation: [
        forEvery("keys(var.endpoints)", "k", ITEM_NAME_VALID("k", "endpoints keys")),
        ["length(var.endpoint_access_vpcs) == 0 || length(var.endpoints) >= 1", "endpoint_access_vpcs need the hub's endpoints."],
      ],
    });
    this.variable("endpoint_access_records", {
      type: "list(object({ endpoint = string, zone = string, name = string }))",
      description: "Endpoint access: the vendors' hostnames, as the dns module's records but naming the endpoint (a key of endpoints) instead of " +
        "a target: in each endpoint-mode VPC, a private hosted zone per zone and a CNAME to that VPC's endpoint's DNS name.",
      default: [],
      validation: [
        ['length(distinct([for r in var.endpoint_access_records : "${r.name}.${r.zone}"])) == length(var.endpoint_access_records)',
          "every record name must be unique in its zone."],
        ["alltrue([for r in var.endpoint_access_records : contains(keys(var.endpoints), r.endpoint)])",
          "every record's endpoint must be a key of endpoints."],
        ['alltrue([for r in var.endpoint_access_records : r.name != "" && r.name != "@" && length("${r.name}.${r.zone}") <= 253 && ' +
          'alltrue([for i, l in split(".", r.name) : can(regex("^[a-z0-9_-]{1,63}$", l)) || (i == 0 && l == "*")])])',
        "record names: not the zone apex, labels of 1–63 characters of a-z, 0-9, - and _ (a leading * allowed), 253 characters in all."],
        ["length(var.endpoint_access_vpcs) == 0 || length(var.endpoint_access_records) >= 1",
          "endpoint_access_vpcs need the vendors' records (endpoint_access_records)."],
      ],
    });
    const ttl = this.variable("ttl", {
      type: "number",
      description: "Endpoint access: TTL of the records, in seconds (as the dns module's ttl).",
      default: 300,
      validation: [["var.ttl >= 0 && var.ttl <= 2147483647", "ttl must be 0–2147483647 seconds."]],
    });

    const vpcs = new TerraformLocal(this, "vpcs", "${{ for id, v in var.vpcs : id => { security_group_ids = v.security_group_ids } }}");
    // config/estate.ts SpokeFacts: the same names from the same parts, the ports of every endpoint merged.
    const groups = new TerraformLocal(this, "client_groups", `\${{ for id, v in var.vpcs : id => {
    name = ${awsNameExpression(["var.name", "var.spoke_name", '"lattice-clients"', "id"], NAME_RULES.securityGroup)}
  } if length(v.client_cidrs) > 0 }}`);
    const ranges = new TerraformLocal(this, "client_port_ranges", `\${${mergedPortRangesExpression("var.ports")}}`);
    const rules = new TerraformLocal(this, "client_rules", clientRulesExpression("id, v in var.vpcs", "id", ranges));

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

    // Endpoint access: config/estate.ts endpointAccessOf, from the same parts and with the same keys.
    const accessVpcIds = "[for v in var.endpoint_access_vpcs : v.vpc_id]";
    const accessEndpoints = new TerraformLocal(this, "access_endpoints", `\${merge([for v in var.endpoint_access_vpcs : { for e in keys(var.endpoints) : "\${e}/\${v.vpc_id}" => {
    vpc_id             = v.vpc_id
    endpoint           = e
    subnet_ids         = v.subnet_ids
    security_group_ids = v.security_group_ids
  } }]...)}`);
    const accessGroups = new TerraformLocal(this, "access_client_groups", `\${{ for v in var.endpoint_access_vpcs : v.vpc_id => {
    name = ${awsNameExpression(["var.name", "var.spoke_name", '"endpoint-clients"', "v.vpc_id"], NAME_RULES.securityGroup)}
  } if length(v.client_cidrs) > 0 }}`);
    const accessRules = new TerraformLocal(this, "access_client_rules", clientRulesExpression("v in var.endpoint_access_vpcs", "v.vpc_id", ranges));
    const accessZones = new TerraformLocal(this, "access_zones", `\${merge([for id in ${accessVpcIds} : { for z in distinct(var.endpoint_access_records[*].zone) : "\${z}/\${id}" => {
    zone   = z
    vpc_id = id
  } }]...)}`);
    const accessRecords = new TerraformLocal(this, "access_records", `\${merge([for id in ${accessVpcIds} : { for r in var.endpoint_access_records : "\${r.name}.\${r.zone}/\${id}" => {
    name         = "\${r.name}.\${r.zone}"
    zone_key     = "\${r.zone}/\${id}"
    endpoint_key = "\${r.endpoint}/\${id}"
  } }]...)}`);
    const resolvers = new TerraformLocal(this, "access_resolvers", `\${{ for v in var.endpoint_access_vpcs : v.vpc_id => {
    name                = ${awsNameExpression(["var.name", "var.spoke_name", '"inbound"', "v.vpc_id"], { maxLength: 64 })}
    security_group_name = ${awsNameExpression(["var.name", "var.spoke_name", '"resolver"', "v.vpc_id"], NAME_RULES.securityGroup)}
    subnet_ids          = v.resolver.inbound_subnet_ids
  } if v.resolver != null }}`);
    const resolverRules = new TerraformLocal(this, "access_resolver_rules", `\${merge(flatten([for v in var.endpoint_access_vpcs : v.resolver == null ? [] : [for c in v.resolver.allowed_cidrs : { for p in ["tcp", "udp"] : "\${v.vpc_id}/\${c}/\${p}" => {
    vpc_id    = v.vpc_id
    cidr_ipv4 = strcontains(c, ":") ? null : c
    cidr_ipv6 = strcontains(c, ":") ? c : null
    protocol  = p
  } }]])...)}`);
    const access = new EndpointAccess(this, "access", {
      provider: this.provider,
      resourceConfigurations,
      endpoints: accessEndpoints,
      clientGroups: accessGroups,
      clientRules: accessRules,
      zones: accessZones,
      records: accessRecords,
      ttl,
      resolvers,
      resolverRules,
      protect: true,
      accepter: attachment.accepter,
    });

    this.output("vpc_association_ids", `\${{ for id, a in ${attachment.associations.fqn} : id => a.id }}`,
      "Service-network VPC association id per VPC id");
    this.output(RESOLVER_ADDRESSES_OUTPUT, access.resolverAddresses, SPOKE_OUTPUTS[RESOLVER_ADDRESSES_OUTPUT]);
  }
}

/**
 * Each client CIDR of each VPC on each merged port range, keyed "<vpc id>/<cidr>/<first port>" as
 * config/estate.ts keys them: `vpcs` iterates the VPCs ("id, v in var.vpcs"), `vpcId` names a VPC's id.
 */
function clientRulesExpression(vpcs: string, vpcId: string, ranges: TerraformLocal): string {
  return `\${merge(flatten([for ${vpcs} : [for c in v.client_cidrs : { for r in local.${ranges.friendlyUniqueId} : "\${${vpcId}}/\${c}/\${r.from_port}" => {
    vpc_id    = ${vpcId}
    cidr_ipv4 = strcontains(c, ":") ? null : c
    cidr_ipv6 = strcontains(c, ":") ? c : null
    from_port = r.from_port
    to_port   = r.to_port
    ports     = r.ports
  } }]])...)}`;
}
