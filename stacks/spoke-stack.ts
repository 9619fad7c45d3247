import type { Construct } from "constructs";
import type { Spoke, Topology } from "../config/loader";
import { formatPortRange, portRanges } from "../config/ports";
import { awsName, NAME_RULES } from "../modules/names";
import { SpokeAttachment, type ClientGroupSpec, type ClientRuleSpec, type SpokeVpcSpec } from "../modules/spoke-attachment";
import { spokeStackName, WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

export interface SpokeStackProps extends WorkspaceStackProps {
  readonly spoke: Spoke;
  /** Whether this workspace accepts the RAM share for its account (one outside the organization). */
  readonly acceptsShare: boolean;
}

/** A spoke account's workspace: its VPCs join the hub's service network. */
export class SpokeStack extends WorkspaceStack {
  constructor(scope: Construct, props: SpokeStackProps) {
    super(scope, spokeStackName(props.spoke.name), props);
    const { spoke } = props;
    const t = this.topology;
    const provider = this.awsProvider({ alias: "spoke", accountId: spoke.accountId, roleArn: spoke.roleArn });
    const hub = this.hubOutputs();

    const withClients = spoke.vpcs.filter((v) => v.clientCidrs);
    new SpokeAttachment(this, "spoke", {
      provider,
      serviceNetworkArn: hub.getString("service_network_arn"),
      acceptShare: props.acceptsShare,
      resourceShareArn: hub.getString("resource_share_arn"),
      vpcs: Object.fromEntries(spoke.vpcs.map((v): [string, SpokeVpcSpec] =>
        [v.vpcId, { security_group_ids: v.securityGroupIds ?? [] }])),
      clientGroups: Object.fromEntries(withClients.map((v): [string, ClientGroupSpec] =>
        [v.vpcId, { name: awsName([t.name, spoke.name, "lattice-clients", v.vpcId], NAME_RULES.securityGroup) }])),
      clientRules: clientRuleSpecs(t, withClients),
    });
  }
}

/** Each client network on each shared port range (all endpoints' ports, merged). */
function clientRuleSpecs(t: Topology, vpcs: Spoke["vpcs"]): Record<string, ClientRuleSpec> {
  const ranges = portRanges(t.endpoints.flatMap((e) => e.ports));
  return Object.fromEntries(vpcs.flatMap((v) => (v.clientCidrs ?? []).flatMap((cidr) => ranges.map((r) => {
    const ports = formatPortRange(r);
    const ipv6 = cidr.includes(":");
    return [`${v.vpcId}/${cidr}/${ports}`, {
      vpc_id: v.vpcId,
      cidr_ipv4: ipv6 ? null : cidr,
      cidr_ipv6: ipv6 ? cidr : null,
      from_port: r.from,
      to_port: r.to,
      ports,
    }];
  }))));
}
