import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { eachValue, keyedIterator, mapEntry, type KeyedInput, type MapReference } from "./expressions";

/** A VPC to associate with a private hosted zone; keyed "<zone>/<vpc id>". */
export interface ZoneAssociationSpec {
  readonly zone: string;
  readonly vpc_id: string;
}

export interface ZoneAssociationsProps {
  /** Credentials of the VPCs' account. */
  readonly provider: TerraformProvider;
  /** Region of the VPCs. @default the provider's */
  readonly region?: string;
  /** Zone name → hosted zone id: the dns workspace's `zone_ids` output. */
  readonly zoneIds: MapReference;
  readonly associations: KeyedInput<ZoneAssociationSpec>;
}

/**
 * Client VPCs of one account resolving the private hosted zones, made with that account's own
 * credentials; a VPC of another account than the zone's needs the zone account's authorization first
 * (the dns workspace, applied before).
 */
export class ZoneAssociations extends Construct {
  readonly associations: Route53ZoneAssociation;

  constructor(scope: Construct, id: string, props: ZoneAssociationsProps) {
    super(scope, id);
    const association = keyedIterator(this, "associations", props.associations);
    this.associations = new Route53ZoneAssociation(this, "associations", {
      provider: props.provider,
      forEach: association,
      zoneId: mapEntry(props.zoneIds, eachValue("zone")),
      vpcId: association.getString("vpc_id"),
      vpcRegion: props.region,
    });
  }
}
