import type { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { Route53ProfilesProfile } from "@cdktf/provider-aws/lib/route53profiles-profile";
import { Route53ProfilesResourceAssociation } from "@cdktf/provider-aws/lib/route53profiles-resource-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EACH_KEY, hostedZoneArn, keyedIterator, type KeyedInput, type ValueOrVariable } from "./expressions";
import type { PrivateDns } from "./private-dns";
import { addResourceShare } from "./resource-share";

/** A zone carried by the profile; keyed by zone name. */
export interface ProfileZoneSpec {
  /** Name of the zone's association with the profile. */
  readonly name: string;
}

export interface Route53ProfileProps {
  /** The Route 53 account's provider. */
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly resourceShareName: string;
  /** The AWS partition, for the zones' ARNs. */
  readonly partition: string;
  /** The ids of the zones (created or adopted) to attach: the workspace's PrivateDns, or a module's zone_ids. */
  readonly dns: Pick<PrivateDns, "zoneIdOf">;
  readonly zones: KeyedInput<ProfileZoneSpec>;
  /** Accounts the profile is shared with (RAM principals). */
  readonly shareWithAccounts: readonly string[];
  readonly allowExternalPrincipals: ValueOrVariable<boolean>;
  /** prevent_destroy on the profile and its share. */
  readonly protect: boolean;
}

/**
 * One Route 53 Profile that carries every zone, shared through RAM with the spoke accounts: each
 * spoke VPC then needs one profile association instead of one association per zone, and the 300
 * VPCs per hosted zone stop being the limit (1,000 VPCs per profile by default). A VPC can have
 * only one profile.
 */
export class Route53Profile extends Construct {
  readonly profile: Route53ProfilesProfile;
  readonly resourceShare: RamResourceShare;

  constructor(scope: Construct, id: string, props: Route53ProfileProps) {
    super(scope, id);
    const { provider } = props;
    this.profile = new Route53ProfilesProfile(this, "profile", {
      provider,
      name: props.name,
      lifecycle: { preventDestroy: props.protect },
    });
    const zone = keyedIterator(this, "profile_zones", props.zones);
    new Route53ProfilesResourceAssociation(this, "profile_zones", {
      provider,
      forEach: zone,
      name: zone.getString("name"),
      profileId: this.profile.id,
      resourceArn: hostedZoneArn(props.partition, props.dns.zoneIdOf(EACH_KEY)),
    });
    this.resourceShare = addResourceShare(this, "profile_share", {
      provider,
      name: props.resourceShareName,
      resourceArn: this.profile.arn,
      resourceName: "profile",
      accounts: props.shareWithAccounts,
      allowExternalPrincipals: props.allowExternalPrincipals,
      protect: props.protect,
    });
  }
}
