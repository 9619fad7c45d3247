import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53VpcAssociationAuthorization } from "@cdktf/provider-aws/lib/route53-vpc-association-authorization";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformIterator, TerraformLocal, TerraformVariable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { moveInstances } from "./moves";
import { eachValue, interpolated, keyedIterator, localEntryExpression, numberValue, zoneIdsByName, type Hcl, type KeyedInput, type ValueOrVariable } from "./expressions";

/** A CNAME; keyed by its fully qualified name. */
export interface CnameRecordSpec {
  /** The zone it belongs to (a created or adopted zone's name). */
  readonly zone: string;
  /** The Lattice DNS name of the endpoint's resource association. */
  readonly target: string;
}

/** A VPC of another account allowed to associate with a zone; keyed "<zone>/<vpc id>". */
export interface AuthorizationSpec {
  readonly zone: string;
  readonly vpc_id: string;
}

export interface PrivateDnsProps {
  /** The Route 53 account's provider. */
  readonly provider: TerraformProvider;
  /** Region of the VPCs. @default the provider's */
  readonly region?: string;
  /** Zones to create: the vendors' domains, e.g. privatelink.snowflakecomputing.com. */
  readonly createdZones: readonly string[];
  /**
   * Created zones that only retired endpoints used: kept, without prevent_destroy and without
   * records, until the topology drops them. @default none
   */
  readonly retiredZones?: readonly string[];
  /** A VPC of the Route 53 account: a private zone can only be created with one. */
  readonly creationVpcId?: string;
  /** Existing zones to use: zone name → hosted zone id (a literal map or a module variable). */
  readonly adoptedZones: Readonly<Record<string, string>> | TerraformVariable;
  readonly records: KeyedInput<CnameRecordSpec>;
  /** VPCs of other accounts that associate with the zones themselves. @default none: no authorizations (profile mode) */
  readonly authorizations?: KeyedInput<AuthorizationSpec>;
  readonly ttl: ValueOrVariable<number>;
  /** prevent_destroy on created zones. */
  readonly protect: boolean;
}

/**
 * The vendors' hostnames, privately: one private hosted zone per vendor domain (or an adopted one),
 * a CNAME per hostname to the Lattice DNS name of its endpoint, and the authorizations that let
 * VPCs of other accounts associate with the zones (ZoneAssociations, in their own workspaces).
 */
export class PrivateDns extends Construct {
  readonly zones: Route53Zone;
  readonly retiredZones?: Route53Zone;
  readonly authorizations?: Route53VpcAssociationAuthorization;
  /** Zone name → hosted zone id, created and adopted alike. */
  readonly zoneIds: TerraformLocal;

  constructor(scope: Construct, id: string, props: PrivateDnsProps) {
    super(scope, id);
    const { provider } = props;

    const zones = (id: string, names: readonly string[], preventDestroy: boolean) => {
      const zone = TerraformIterator.fromList(names as string[]);
      return new Route53Zone(this, id, {
        provider,
        forEach: zone,
        name: zone.value,
        comment: "Private names of a third-party service, resolved to VPC Lattice",
        vpc: props.creationVpcId ? [{ vpcId: props.creationVpcId, vpcRegion: props.region }] : undefined,
        // Client VPCs are associated by separate resources; an inline list would flap against them.
        lifecycle: { ignoreChanges: ["vpc"], preventDestroy },
      });
    };
    this.zones = zones("zones", props.createdZones, props.protect);
    const retired = props.retiredZones ?? [];
    if (retired.length > 0) {
      this.retiredZones = zones("retired_zones", retired, false);
      moveInstances(this.retiredZones, retired.map((z) => ({ from: z, to: z })), this.zones);
    }
    const adopted = new TerraformLocal(this, "adopted_zone_ids",
      props.adoptedZones instanceof TerraformVariable ? props.adoptedZones.value : props.adoptedZones);
    this.zoneIds = new TerraformLocal(this, "zone_ids", zoneIdsByName(this.zones, adopted));

    if (props.authorizations) {
      const authorization = keyedIterator(this, "authorizations", props.authorizations);
      this.authorizations = new Route53VpcAssociationAuthorization(this, "authorizations", {
        provider,
        forEach: authorization,
        zoneId: interpolated(this.zoneIdOf(eachValue("zone"))),
        vpcId: authorization.getString("vpc_id"),
        vpcRegion: props.region,
      });
    }

    const record = keyedIterator(this, "records", props.records);
    new Route53Record(this, "records", {
      provider,
      forEach: record,
      zoneId: interpolated(this.zoneIdOf(eachValue("zone"))),
      name: record.key,
      type: "CNAME",
      ttl: numberValue(props.ttl),
      records: [record.getString("target")],
    });
  }

  /** The hosted zone id of a zone, given an expression for its name. */
  zoneIdOf(name: Hcl): Hcl {
    return localEntryExpression(this.zoneIds, name);
  }

}
