import type { Construct } from "constructs";
import { PrivateDns } from "../modules/private-dns";
import { DNS_STACK, WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

/** The Route 53 account's workspace: vendor hostnames → Lattice DNS names, in every spoke VPC. */
export class DnsStack extends WorkspaceStack {
  constructor(scope: Construct, props: WorkspaceStackProps) {
    super(scope, DNS_STACK, props);
    const t = this.topology;
    const provider = this.awsProvider({ alias: "dns", accountId: t.dns.accountId, roleArn: t.dns.roleArn });
    const hub = this.hubOutputs();

    // Each spoke VPC is associated with the zones using its own account's credentials.
    const clientVpcs = t.spokes.flatMap((spoke) => {
      const crossAccount = spoke.accountId !== t.dns.accountId;
      const vpcProvider = crossAccount
        ? this.awsProvider({ alias: `spoke_${spoke.name.replace(/-/g, "_")}`, accountId: spoke.accountId, roleArn: spoke.roleArn })
        : provider;
      return spoke.vpcs.map((v) => ({ vpcId: v.vpcId, provider: vpcProvider, crossAccount }));
    });

    const zoneNames = [...new Set(t.endpoints.map((e) => e.dns.zone))];
    new PrivateDns(this, "dns", {
      provider,
      region: t.region,
      zones: zoneNames.map((name) => ({ name, zoneId: t.dns.zones[name] })),
      creationVpcId: t.dns.vpcId,
      clientVpcs,
      records: t.endpoints.flatMap((e) =>
        e.dns.records.map((name) => ({
          zone: e.dns.zone,
          name,
          // Index syntax: endpoint names may start with a digit, which attribute syntax cannot.
          target: `\${${hub.fqn}.outputs.endpoints[${JSON.stringify(e.name)}].lattice_dns_name}`,
        })),
      ),
      ttl: t.dns.ttl,
      protect: t.protect,
    });
  }
}
