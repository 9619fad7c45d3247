import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { keyedIterator, type KeyedInput } from "./expressions";

/** A VPC to associate with a private hosted zone; keyed "<zone>/<vpc id>". */
export interface ZoneAssociationSpec {
  /** For a VPC of another account, the zone id read through its authorization. */
  readonly zone_id: string;
  readonly vpc_id: string;
}

export interface ZoneAssociationsProps {
  /** Credentials of the VPCs' account. */
  readonly provider: TerraformProvider;
  /** Region of the VPCs. @default the provider's */
  readonly region?: string;
  readonly associations: KeyedInput<ZoneAssociationSpec>;
}

/** Client VPCs of one account resolving the private hosted zones: made with that account's credentials. */
export class ZoneAssociations extends Construct {
  constructor(scope: Construct, id: string, props: ZoneAssociationsProps) {
    super(scope, id);
    const association = keyedIterator(props.associations);
    new Route53ZoneAssociation(this, "associations", {
      provider: props.provider,
      forEach: association,
      zoneId: association.getString("zone_id"),
      vpcId: association.getString("vpc_id"),
      vpcRegion: props.region,
    });
  }
}
