import type { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpclatticeServiceNetworkVpcAssociation } from "@cdktf/provider-aws/lib/vpclattice-service-network-vpc-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { moveInstances, renameChain } from "./moves";
import {
  coalesce,
  eachValue,
  givenOrCreatedGroups,
  instanceAttribute,
  keyedIterator,
  text,
  type KeyedInput,
  type ValueOrVariable,
} from "./expressions";
import { addShareAccepter } from "./resource-share";

/** A spoke VPC joining the service network; keyed by VPC id. */
export interface SpokeVpcSpec {
  /** 1–5 existing groups for the association; empty: the group created for its clients. */
  readonly security_group_ids: readonly string[];
}

/** A security group created for a VPC's clients; keyed by VPC id. */
export interface ClientGroupSpec {
  readonly name: string;
}

/** One client network on one port range; keyed "<vpc id>/<cidr>/<ports>". */
export interface ClientRuleSpec {
  readonly vpc_id: string;
  /** Exactly one of the two is set. */
  readonly cidr_ipv4: string | null;
  readonly cidr_ipv6: string | null;
  readonly from_port: number;
  readonly to_port: number;
  /** "443" or "8000-8100", for the rule's description. */
  readonly ports: string;
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
    const group = keyedIterator(this, "client_security_groups", props.clientGroups);
    const clientGroups = new SecurityGroup(this, "client_security_groups", {
      provider,
      forEach: group,
      name: group.getString("name"),
      description: "VPC Lattice association: clients allowed to reach the shared endpoints",
      vpcId: group.key,
      tags: { Name: group.getString("name") },
    });
    const rule = keyedIterator(this, "client_ingress", props.clientRules);
    const clientIngress = new VpcSecurityGroupIngressRule(this, "client_ingress", {
      provider,
      forEach: rule,
      securityGroupId: instanceAttribute(clientGroups, eachValue("vpc_id"), "id"),
      cidrIpv4: rule.getString("cidr_ipv4"),
      cidrIpv6: rule.getString("cidr_ipv6"),
      ipProtocol: "tcp",
      fromPort: rule.getNumber("from_port"),
      toPort: rule.getNumber("to_port"),
      description: text`TCP ${eachValue("ports")} from clients in ${coalesce(eachValue("cidr_ipv4"), eachValue("cidr_ipv6"))}`,
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
