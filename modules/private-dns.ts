import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53VpcAssociationAuthorization } from "@cdktf/provider-aws/lib/route53-vpc-association-authorization";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import { TerraformIterator, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { readableId } from "./names";

export interface PrivateZoneProps {
  /** The vendor's domain, e.g. privatelink.snowflakecomputing.com. */
  readonly name: string;
  /** Adopt this existing private hosted zone instead of creating one. */
  readonly zoneId?: string;
}

export interface ClientVpcProps {
  readonly vpcId: string;
  /** Credentials of the VPC's account; the Route 53 account's own VPCs use the zone provider. */
  readonly provider: TerraformProvider;
  /** True when the VPC is in another account: the zone account must authorize the association. */
  readonly crossAccount: boolean;
}

export interface CnameRecordProps {
  readonly zone: string;
  /** The name relative to the zone. */
  readonly name: string;
  /** The Lattice DNS name of the endpoint's resource association. */
  readonly target: string;
}

export interface PrivateDnsProps {
  /** The Route 53 account's provider: zones, authorizations and records. */
  readonly provider: TerraformProvider;
  readonly region: string;
  readonly zones: readonly PrivateZoneProps[];
  /** A VPC of the Route 53 account: a private zone can only be created with one. Required to create zones. */
  readonly creationVpcId?: string;
  readonly clientVpcs: readonly ClientVpcProps[];
  readonly records: readonly CnameRecordProps[];
  /** @default 300 */
  readonly ttl?: number;
  /** prevent_destroy on created zones. @default true */
  readonly protect?: boolean;
}

/**
 * The vendor's hostnames for every spoke VPC: one private hosted zone per vendor domain, associated
 * with each client VPC (cross-account through an authorization), and a CNAME per hostname to the
 * Lattice DNS name of its endpoint.
 */
export class PrivateDns extends Construct {
  readonly zoneIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: PrivateDnsProps) {
    super(scope, id);
    const { provider } = props;

    for (const zone of props.zones) {
      const zoneKey = readableId(zone.name);
      if (zone.zoneId) {
        this.zoneIds[zone.name] = zone.zoneId;
      } else {
        if (!props.creationVpcId) throw new Error(`zone ${zone.name}: a VPC of the Route 53 account is needed to create it`);
        const created = new Route53Zone(this, `zone_${zoneKey}`, {
          provider,
          name: zone.name,
          comment: "Private names of a third-party service, resolved to VPC Lattice (managed by cdktf)",
          vpc: [{ vpcId: props.creationVpcId, vpcRegion: props.region }],
          // Spoke VPCs are associated by separate resources; an inline list would flap against them.
          lifecycle: { ignoreChanges: ["vpc"], preventDestroy: props.protect ?? true },
        });
        this.zoneIds[zone.name] = created.zoneId;
      }
    }

    this.associateClientVpcs(props);

    for (const record of props.records) {
      const zoneId = this.zoneIds[record.zone];
      if (!zoneId) throw new Error(`record ${record.name}: zone ${record.zone} is not one of the zones`);
      const fqdn = `${record.name}.${record.zone}`;
      new Route53Record(this, `record_${readableId(fqdn)}`, {
        provider,
        zoneId,
        name: fqdn,
        type: "CNAME",
        ttl: props.ttl ?? 300,
        records: [record.target],
      });
    }
  }

  /**
   * Every (zone, client VPC) pair: an authorization by the zone's account for VPCs of other
   * accounts, then the association made with the VPC account's credentials. One for_each resource
   * per provider, keyed "<zone>/<vpc id>", keeps a large estate's workspace small and its plan readable.
   */
  private associateClientVpcs(props: PrivateDnsProps): void {
    const pairs = props.zones.flatMap((zone) =>
      props.clientVpcs
        // A zone created here already holds its creation VPC.
        .filter((vpc) => zone.zoneId || vpc.vpcId !== props.creationVpcId)
        .map((vpc) => ({ key: `${zone.name}/${vpc.vpcId}`, zoneId: this.zoneIds[zone.name], vpc })));

    const crossAccount = pairs.filter((p) => p.vpc.crossAccount);
    let authorizations: Route53VpcAssociationAuthorization | undefined;
    if (crossAccount.length > 0) {
      const each = TerraformIterator.fromMap(
        Object.fromEntries(crossAccount.map((p) => [p.key, { zone_id: p.zoneId, vpc_id: p.vpc.vpcId }])));
      authorizations = new Route53VpcAssociationAuthorization(this, "authorizations", {
        provider: props.provider,
        forEach: each,
        zoneId: each.getString("zone_id"),
        vpcId: each.getString("vpc_id"),
        vpcRegion: props.region,
      });
    }

    const byProvider = new Map<TerraformProvider, typeof pairs>();
    for (const p of pairs) byProvider.set(p.vpc.provider, [...(byProvider.get(p.vpc.provider) ?? []), p]);
    for (const [provider, group] of byProvider) {
      const each = TerraformIterator.fromMap(Object.fromEntries(group.map((p) => [p.key, {
        // Through the authorization when there is one, so the association waits for it.
        zone_id: p.vpc.crossAccount ? `\${${authorizations!.fqn}[${JSON.stringify(p.key)}].zone_id}` : p.zoneId,
        vpc_id: p.vpc.vpcId,
      }])));
      new Route53ZoneAssociation(this, `associations_${provider.alias ?? "default"}`, {
        provider,
        forEach: each,
        zoneId: each.getString("zone_id"),
        vpcId: each.getString("vpc_id"),
        vpcRegion: props.region,
      });
    }
  }
}
