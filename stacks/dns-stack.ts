import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { HUB_WORKSPACE } from "../config/contract";
import type { ZoneVpc } from "../config/estate";
import { hubEndpointOutput, literal } from "../modules/expressions";
import { PrivateDns } from "../modules/private-dns";
import { ZoneAssociations, type ZoneAssociationSpec } from "../modules/zone-associations";
import { WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

/** The Route 53 account's workspace: vendor hostnames → Lattice DNS names, in every spoke VPC. */
export class DnsStack extends WorkspaceStack {
  constructor(scope: Construct, props: WorkspaceStackProps) {
    super(scope, props.estate.dns.workspace, props);
    const { estate, provider } = this;
    const t = estate.topology;
    const hub = this.remoteState(HUB_WORKSPACE);
    const pairs = estate.dns.zoneVpcs;

    const dns = new PrivateDns(this, "dns", {
      provider,
      region: t.region,
      createdZones: estate.dns.createdZones,
      creationVpcId: estate.dns.creationVpcId,
      adoptedZones: Object.fromEntries(estate.dns.adoptedZones),
      records: Object.fromEntries(estate.endpoints.flatMap((e) => e.records.map((r) => [`${r}.${e.zone}`, {
        zone: e.zone,
        target: hubEndpointOutput(hub, e.name, "lattice_dns_name"),
      }]))),
      authorizations: Object.fromEntries(pairs.filter((p) => p.needsAuthorization).map((p) => [p.key, { zone: p.zone, vpc_id: p.vpcId }])),
      ttl: t.dns.ttl,
      protect: t.protect,
    });

    const spec = (p: ZoneVpc): [string, ZoneAssociationSpec] =>
      [p.key, { zone_id: p.needsAuthorization ? dns.authorizedZoneIdOf(p.key) : dns.zoneIdOf(literal(p.zone)), vpc_id: p.vpcId }];
    const sameAccount = pairs.filter((p) => !p.needsAuthorization);
    if (sameAccount.length > 0) {
      new ZoneAssociations(this, "dns_account", { provider, region: t.region, associations: Object.fromEntries(sameAccount.map(spec)) });
    }
    for (const s of estate.spokes.filter((s) => s.spoke.accountId !== t.dns.accountId)) {
      const alias = `spoke_${s.spoke.name.replace(/-/g, "_")}`;
      const spokeProvider = new AwsProvider(this, `aws_${alias}`, {
        alias,
        region: t.region,
        allowedAccountIds: [s.spoke.accountId],
        assumeRole: s.spoke.roleArn ? [{ roleArn: s.spoke.roleArn, sessionName: estate.dns.workspace.sessionName }] : undefined,
        defaultTags: [{ tags: { ...estate.defaultTags } }],
      });
      new ZoneAssociations(this, alias, {
        provider: spokeProvider,
        region: t.region,
        associations: Object.fromEntries(s.zoneVpcs.map(spec)),
      });
    }
  }
}
