import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { TerraformLocal, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { NAME_RULES } from "../config/aws-names";
import { HOSTED_ZONE_ID } from "../config/rules";
import { localEntryExpression } from "../modules/expressions";
import { Route53Profile } from "../modules/route53-profile";
import { ModuleStack, resourceShareResources } from "./module-stack";
import { awsNameExpression } from "./names";
import { ACCOUNT_IDS_VALID, forEvery, matches, TOPOLOGY_NAME_VALID } from "./validation";

/**
 * Profile mode (the topology's `dns.mode: profile`), in the Route 53 account next to the dns module:
 * one Route 53 Profile carrying every zone, shared through RAM with the spoke accounts, whose spoke
 * modules (dns_mode = "profile") associate each VPC with it.
 */
export class Route53ProfileModule extends ModuleStack {
  constructor(scope: Construct) {
    super(scope, "route53-profile", "One Route 53 Profile that carries the vendors' private hosted zones, shared through RAM " +
      "with the spoke accounts: each spoke VPC takes one profile association instead of one association per zone.");

    this.variable("name", {
      type: "string",
      description: "The topology's name, as given to the hub module: the profile and its associations are named from it.",
      validation: [TOPOLOGY_NAME_VALID("var.name", "name")],
    });
    this.variable("zone_ids", {
      type: "map(string)",
      description: "The zones to attach, zone name → hosted zone id: the dns module's zone_ids output.",
      validation: [
        ["length(var.zone_ids) >= 1", "zone_ids needs at least one zone."],
        forEvery("values(var.zone_ids)", "id", [matches(HOSTED_ZONE_ID, "id"), "zone_ids values must be hosted zone ids."]),
      ],
    });
    const shareWith = this.variable("share_with_accounts", {
      type: "list(string)",
      description: "Spoke account ids the profile is shared with (explicit accounts, never the organization; not this account).",
      validation: [ACCOUNT_IDS_VALID("var.share_with_accounts", "share_with_accounts")],
    });
    const allowExternal = this.variable("allow_external_principals", {
      type: "bool",
      description: "Allow accounts outside the organization (they must accept the share: the spoke module's accept_route53_profile_share).",
      default: false,
    });

    // config/estate.ts ProfileFacts: the same names from the same parts.
    const zoneIds = new TerraformLocal(this, "zone_ids", "${var.zone_ids}");
    const zones = new TerraformLocal(this, "profile_zones", `\${{ for zone in keys(var.zone_ids) : zone => {
    name = ${awsNameExpression(["var.name", "zone"], NAME_RULES.route53Profile)}
  } }}`);
    const partition = new DataAwsPartition(this, "partition", { provider: this.provider });

    const profile = new Route53Profile(this, "route53", {
      provider: this.provider,
      name: this.awsNameLocal("profile_name", ["var.name", '"endpoints"'], NAME_RULES.route53Profile),
      resourceShareName: this.awsNameLocal("profile_share_name", ["var.name", '"route53-profile"'], NAME_RULES.resourceShare),
      partition: partition.partition,
      dns: { zoneIdOf: (zone) => localEntryExpression(zoneIds, zone) },
      zones,
      shareWithAccounts: shareWith.listValue,
      allowExternalPrincipals: allowExternal,
      protect: true,
    });

    // A spoke module of the same root associates once the profile carries the zones and is shared with its account.
    const ready = [...resourceShareResources(profile, "profile_share"), profile.node.findChild("profile_zones") as TerraformResource];
    this.output("route53_profile_id", profile.profile.id, "ID of the Route 53 Profile (the spoke modules' route53_profile_id)", ready);
    this.output("route53_profile_share_arn", profile.resourceShare.arn,
      "ARN of the RAM share of the profile (the spoke modules' route53_profile_share_arn, for accounts outside the organization)", ready);
  }
}
