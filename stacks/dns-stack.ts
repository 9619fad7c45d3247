import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { DNS_OUTPUTS, HUB_WORKSPACE, type DnsOutputName } from "../config/contract";
import { hubEndpointOutput } from "../modules/expressions";
import { PrivateDns } from "../modules/private-dns";
import { Route53Profile } from "../modules/route53-profile";
import { WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

/**
 * The Route 53 account's workspace: vendor hostnames → Lattice DNS names. It authorizes the other
 * accounts' VPCs to associate with the zones (associations mode), or carries every zone in one
 * Route 53 Profile shared with the spoke accounts (profile mode). Either way it works in its own
 * account only: the spoke workspaces make the associations.
 */
export class DnsStack extends WorkspaceStack {
  constructor(scope: Construct, props: WorkspaceStackProps) {
    super(scope, props.estate.dns.workspace, props);
    const { estate, provider } = this;
    const { dns } = estate;
    const t = estate.topology;
    const hub = this.remoteState(HUB_WORKSPACE);

    const zones = new PrivateDns(this, "dns", {
      provider,
      region: t.region,
      createdZones: dns.createdZones,
      retiredZones: dns.retiredZones,
      creationVpcId: dns.creationVpcId,
      adoptedZones: Object.fromEntries(dns.adoptedZones),
      records: Object.fromEntries(estate.endpoints.flatMap((e) => e.records.map((r) => [`${r}.${e.zone}`, {
        zone: e.zone,
        target: hubEndpointOutput(hub, e.name, "lattice_dns_name"),
      }]))),
      authorizations: dns.usesAssociations
        ? Object.fromEntries(dns.authorizations.map((p) => [p.key, { zone: p.zone, vpc_id: p.vpcId }]))
        : undefined,
      ttl: t.dns.ttl,
      protect: t.protect,
    });

    const outputs: Partial<Record<DnsOutputName, unknown>> = { zone_ids: zones.zoneIds.expression };
    if (dns.profile) {
      const profile = new Route53Profile(this, "route53", {
        provider,
        name: dns.profile.name,
        resourceShareName: dns.profile.resourceShareName,
        partition: estate.partition,
        dns: zones,
        zones: Object.fromEntries([...dns.profile.zoneAssociationNames].map(([zone, name]) => [zone, { name }])),
        shareWithAccounts: dns.profile.sharePrincipals,
        allowExternalPrincipals: dns.profile.allowExternalPrincipals,
        // A profile the spokes are leaving (dns.retiringMode) goes with its block once they have: unprotected.
        protect: t.protect && dns.retiringMode !== "profile",
      });
      outputs.route53_profile_id = profile.profile.id;
      outputs.route53_profile_share_arn = profile.resourceShare.arn;
    }
    for (const [name, value] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description: DNS_OUTPUTS[name as DnsOutputName], staticId: true });
    }
  }
}
