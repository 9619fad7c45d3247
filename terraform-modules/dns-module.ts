import { TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { AUTHORIZATIONS_PER_PAGE, HOSTED_ZONE_ID, VPC_ID } from "../config/rules";
import { PrivateDns } from "../modules/private-dns";
import { ModuleStack } from "./module-stack";
import { forEvery, matches } from "./validation";

/** The Route 53 account's part: private hosted zones, association authorizations, CNAME records. */
export class DnsModule extends ModuleStack {
  constructor(scope: Construct) {
    super(scope, "dns", "The vendors' hostnames for every spoke VPC: private hosted zones, VPC association " +
      "authorizations for other accounts' VPCs, and a CNAME per hostname to its endpoint's Lattice DNS name.");

    const zones = this.variable("zones", {
      type: "list(string)",
      description: "Private hosted zones to create: the vendors' domains, e.g. privatelink.snowflakecomputing.com.",
      default: [],
      validation: [['alltrue([for z in var.zones : length(z) <= 253 && alltrue([for l in split(".", z) : can(regex("^[a-z0-9_-]{1,63}$", l))])])',
        "zones must be lower-case DNS names (labels of 1–63 characters of a-z, 0-9, - and _; 253 characters in all)."]],
    });
    const vpcId = this.variable("vpc_id", {
      type: "string",
      description: "A VPC of this account to create the zones with (a private zone needs one); null when every zone is adopted.",
      default: null,
      validation: [[`length(var.zones) == 0 || ${matches(VPC_ID, "var.vpc_id")}`,
        "vpc_id (a VPC id of this account) is required to create zones."]],
    });
    const adopted = this.variable("adopted_zones", {
      type: "map(string)",
      description: "Existing private hosted zones to use: zone name → hosted zone id.",
      default: {},
      validation: [forEvery("values(var.adopted_zones)", "id", [matches(HOSTED_ZONE_ID, "id"), "adopted_zones values must be hosted zone ids."])],
    });
    this.variable("records", {
      type: "list(object({ zone = string, name = string, target = string }))",
      description: "CNAME records: the name relative to its zone and the target (the hub's endpoints[<name>].lattice_dns_name).",
      validation: [
        ['length(distinct([for r in var.records : "${r.name}.${r.zone}"])) == length(var.records)', "every record name must be unique in its zone."],
        ['alltrue([for r in var.records : contains(concat(var.zones, keys(var.adopted_zones)), r.zone)])', "every record's zone must be in zones or adopted_zones."],
        ['alltrue([for r in var.records : r.name != "" && r.name != "@" && length("${r.name}.${r.zone}") <= 253 && alltrue([for i, l in split(".", r.name) : can(regex("^[a-z0-9_-]{1,63}$", l)) || (i == 0 && l == "*")])])',
          "record names: not the zone apex, labels of 1–63 characters of a-z, 0-9, - and _ (a leading * allowed), 253 characters in all."],
      ],
    });
    this.variable("authorized_vpcs", {
      type: "list(object({ zone = string, vpc_id = string }))",
      description: "VPCs of other accounts allowed to associate with a zone (each spoke VPC, for each zone); " +
        `at most ${AUTHORIZATIONS_PER_PAGE} per zone, beyond which use the route53-profile module.`,
      default: [],
      // The provider reads each authorization by listing every page of its zone's: past one page a refresh is quadratic.
      validation: [[`alltrue([for z in distinct(var.authorized_vpcs[*].zone) : length([for a in var.authorized_vpcs : a if a.zone == z]) <= ${AUTHORIZATIONS_PER_PAGE}])`,
        `at most ${AUTHORIZATIONS_PER_PAGE} authorized_vpcs per zone: past one page of Route 53's authorizations every refresh lists every page ` +
        "for each of them (quadratic); use the route53-profile module instead."]],
    });
    const ttl = this.variable("ttl", {
      type: "number",
      description: "TTL of the records, in seconds.",
      default: 300,
      validation: [["var.ttl >= 0 && var.ttl <= 2147483647", "ttl must be 0–2147483647 seconds."]],
    });

    const records = new TerraformLocal(this, "records", '${{ for r in var.records : "${r.name}.${r.zone}" => { zone = r.zone, target = r.target } }}');
    const authorizations = new TerraformLocal(this, "authorizations", '${{ for a in var.authorized_vpcs : "${a.zone}/${a.vpc_id}" => a }}');
    const dns = new PrivateDns(this, "dns", {
      provider: this.provider,
      createdZones: zones.listValue,
      creationVpcId: vpcId.stringValue,
      adoptedZones: adopted,
      records,
      authorizations,
      ttl,
      protect: true,
    });

    // The authorizations come first: a spoke module associating its VPCs waits for them through this output.
    this.output("zone_ids", `\${local.${dns.zoneIds.friendlyUniqueId}}`, "Hosted zone id per zone name, created and adopted alike " +
      "(the spoke modules' zone_ids; known once the VPC association authorizations exist)", [dns.authorizations!]);
    this.output("creation_vpc_associations", '${[for z in var.zones : "${z}/${var.vpc_id}"]}',
      'Pairs "<zone>/<vpc id>" associated when the zones were created (the spoke modules\' zone_association_exclusions)');
    this.output("vpc_association_authorizations",
      `\${{ for k, a in ${dns.authorizations!.fqn} : k => { zone_id = a.zone_id, vpc_id = a.vpc_id } }}`,
      'Per "<zone>/<vpc id>": the zone id and VPC authorized to associate');
  }
}
