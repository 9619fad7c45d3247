import type { Construct } from "constructs";
import type { Spoke } from "../config/loader";
import { mergePortRanges, parsePortEntry, type PortRange } from "../config/ports";
import { SpokeAttachment } from "../modules/spoke-attachment";
import { spokeStackName, WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

export interface SpokeStackProps extends WorkspaceStackProps {
  readonly spoke: Spoke;
  /** Whether this workspace accepts the RAM share for its account (the first spoke of an account outside the organization). */
  readonly acceptsShare: boolean;
}

/** A spoke account's workspace: its VPCs join the hub's service network. */
export class SpokeStack extends WorkspaceStack {
  constructor(scope: Construct, props: SpokeStackProps) {
    super(scope, spokeStackName(props.spoke.name), props);
    const { spoke } = props;
    const provider = this.awsProvider({ alias: "spoke", accountId: spoke.accountId, roleArn: spoke.roleArn });
    const hub = this.hubOutputs();

    const ports = mergePortRanges(
      this.topology.endpoints.flatMap((e) => e.ports.map((p) => parsePortEntry(p) as PortRange)),
    );
    new SpokeAttachment(this, "spoke", {
      provider,
      namePrefix: this.topology.name,
      spokeName: spoke.name,
      serviceNetworkArn: hub.getString("service_network_arn"),
      acceptShareArn: props.acceptsShare ? hub.getString("resource_share_arn") : undefined,
      vpcs: spoke.vpcs,
      ports,
    });
  }
}
