import type { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { VpclatticeServiceNetworkVpcAssociation } from "@cdktf/provider-aws/lib/vpclattice-service-network-vpc-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { moveInstances, renameChain } from "./moves";
import {
  givenOrCreatedGroups,
  keyedIterator,
  type KeyedInput,
  type ValueOrVariable,
} from "./expressions";
import { addClientSecurityGroups, type ClientGroupSpec, type ClientRuleSpec } from "./client-security-groups";
import { addShareAccepter } from "./resource-share";

export type { ClientGroupSpec, ClientRuleSpec } from "./client-security-groups";

/** A spoke VPC joining the service network; keyed by VPC id. */
export interface SpokeVpcSpec {
  /** 1–5 existing groups for the association; empty: the group created for its clients. */
  readonly security_group_ids: readonly string[];
}

export interface SpokeAttachmentProps {
  readonly provider: TerraformProvider;
  /** The hub's service network, by ARN: a shared network is addressed by ARN from other accounts. */
  readonly serviceNetworkArn: string;
  /** Accept the RAM share: only for an account outside the organization. */
  readonly acceptShare: ValueOrVariable<boolean>;
  readonly resourceShareArn: string;
  readonly vpcs: KeyedInput<SpokeVpcSpec>;
  readonly clientGroups: KeyedInput<ClientGroupSpec>;
  readonly clientRules: KeyedInput<ClientRuleSpec>;
  /** Earlier keys of client rules, oldest first: they move (moved blocks) instead of being replaced. @default none */
  readonly earlierClientRuleKeys?: Readonly<Record<string, readonly string[]>>;
}

/** A spoke account's side: accept the share if needed, and associate each VPC with the service network. */
export class SpokeAttachment extends Construct {
  readonly associations: VpclatticeServiceNetworkVpcAssociation;
  /** The acceptance of the share, outside the organization. */
  readonly accepter?: RamResourceShareAccepter;

  constructor(scope: Construct, id: string, props: SpokeAttachmentProps) {
    super(scope, id);
    const { provider } = props;

    const accepter = addShareAccepter(this, "resource_share_accepter", { provider, shareArn: props.resourceShareArn, accept: props.acceptShare });
    this.accepter = accepter;

    // Inbound rules of an association's group decide which clients reach the service network.
    const { groups: clientGroups, ingress: clientIngress } = addClientSecurityGroups(this, {
      provider, groups: props.clientGroups, rules: props.clientRules, purpose: "VPC Lattice association",
    });
    moveInstances(clientIngress, Object.entries(props.earlierClientRuleKeys ?? {}).flatMap(([key, earlier]) => renameChain(earlier, key)));

    const vpc = keyedIterator(this, "vpc_associations", props.vpcs);
    this.associations = new VpclatticeServiceNetworkVpcAssociation(this, "vpc_associations", {
      provider,
      forEach: vpc,
      vpcIdentifier: vpc.key,
      serviceNetworkIdentifier: props.serviceNetworkArn,
      securityGroupIds: givenOrCreatedGroups(clientGroups),
      dependsOn: accepter ? [accepter] : undefined,
    });
  }
}
