import type { Construct } from "constructs";
import { PrivateDns } from "../modules/private-dns";
import { ZoneAssociations, type ZoneAssociationSpec } from "../modules/zone-associations";
import { DNS_STACK, WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

/** The Route 53 account's workspace: vendor hostnames → Lattice DNS names, in every spoke VPC. */
export class DnsStack extends WorkspaceStack {
  constructor(scope: Construct, props: WorkspaceStackProps) {
    super(scope, DNS_STACK, props);
    const t = this.topology;
    const provider = this.awsProvider({ alias: "dns", accountId: t.dns.accountId, roleArn: t.dns.roleArn });
    const hub = this.hubOutputs();

    const zones = [...new Set(t.endpoints.map((e) => e.dns.zone))];
    const created = zones.filter((z) => !t.dns.zones[z]);
    // Every (zone, spoke VPC) pair, except a created zone's own creation VPC.
    const pairs = t.spokes.flatMap((spoke) => zones.flatMap((zone) => spoke.vpcs
      .filter((v) => t.dns.zones[zone] || v.vpcId !== t.dns.vpcId)
      .map((v) => ({ key: `${zone}/${v.vpcId}`, zone, vpcId: v.vpcId, spoke }))));
    const crossAccount = (p: (typeof pairs)[number]) => p.spoke.accountId !== t.dns.accountId;

    const dns = new PrivateDns(this, "dns", {
      provider,
      region: t.region,
      createdZones: created,
      creationVpcId: created.length > 0 ? t.dns.vpcId : undefined,
      adoptedZones: t.dns.zones,
      records: Object.fromEntries(t.endpoints.flatMap((e) => e.dns.records.map((r) => [`${r}.${e.dns.zone}`, {
        zone: e.dns.zone,
        // Index syntax: endpoint names may start with a digit, which attribute syntax cannot.
        target: `\${${hub.fqn}.outputs.endpoints[${JSON.stringify(e.name)}].lattice_dns_name}`,
      }]))),
      authorizations: Object.fromEntries(pairs.filter(crossAccount).map((p) => [p.key, { zone: p.zone, vpc_id: p.vpcId }])),
      ttl: t.dns.ttl,
      protect: t.protect,
    });

    // Each account's VPCs are associated with its own credentials: the dns account's directly,
    // every other spoke's through its role and the zone account's authorization.
    const spec = (p: (typeof pairs)[number]): [string, ZoneAssociationSpec] =>
      [p.key, { zone_id: crossAccount(p) ? dns.authorizedZoneIdOf(p.key) : dns.zoneIdOf(JSON.stringify(p.zone)), vpc_id: p.vpcId }];
    const sameAccount = pairs.filter((p) => !crossAccount(p));
    if (sameAccount.length > 0) {
      new ZoneAssociations(this, "dns_account", { provider, region: t.region, associations: Object.fromEntries(sameAccount.map(spec)) });
    }
    for (const spoke of t.spokes.filter((s) => s.accountId !== t.dns.accountId)) {
      const alias = `spoke_${spoke.name.replace(/-/g, "_")}`;
      const spokeProvider = this.awsProvider({ alias, accountId: spoke.accountId, roleArn: spoke.roleArn });
      new ZoneAssociations(this, alias, {
        provider: spokeProvider,
        region: t.region,
        associations: Object.fromEntries(pairs.filter((p) => p.spoke === spoke).map(spec)),
      });
    }
  }
}
