import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53VpcAssociationAuthorization } from "@cdktf/provider-aws/lib/route53-vpc-association-authorization";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import type { TerraformProvider } from "cdktf";
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

      for (const vpc of props.clientVpcs) {
        // A zone created here already holds its creation VPC.
        if (!zone.zoneId && vpc.vpcId === props.creationVpcId) continue;
        const key = `${zoneKey}_${vpc.vpcId}`;
        let zoneId = this.zoneIds[zone.name];
        let vpcId = vpc.vpcId;
        if (vpc.crossAccount) {
          const authorization = new Route53VpcAssociationAuthorization(this, `authorization_${key}`, {
            provider,
            zoneId,
            vpcId,
            vpcRegion: props.region,
          });
          // Through the authorization, so the association waits for it.
          zoneId = authorization.zoneId;
          vpcId = authorization.vpcId;
        }
        new Route53ZoneAssociation(this, `association_${key}`, {
          provider: vpc.provider,
          zoneId,
          vpcId,
          vpcRegion: props.region,
        });
      }
    }

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
}
