import { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpclatticeServiceNetworkVpcAssociation } from "@cdktf/provider-aws/lib/vpclattice-service-network-vpc-association";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { formatPortRange, type PortRange } from "../config/ports";
import { awsName, NAME_RULES } from "./names";

export interface SpokeVpcProps {
  readonly vpcId: string;
  /** Client networks: a security group admitting TCP on the shared ports from these is created. */
  readonly clientCidrs?: readonly string[];
  /** Or: 1–5 existing security groups of the VPC for the association. */
  readonly securityGroupIds?: readonly string[];
}

export interface SpokeAttachmentProps {
  readonly provider: TerraformProvider;
  /** Prefix of every AWS name (the topology's name). */
  readonly namePrefix: string;
  readonly spokeName: string;
  /** The hub's service network, by ARN: a shared network is addressed by ARN from other accounts. */
  readonly serviceNetworkArn: string;
  /** Set only for an account outside the organization, which must accept the RAM share. */
  readonly acceptShareArn?: string;
  readonly vpcs: readonly SpokeVpcProps[];
  /** The ports of every shared endpoint (merged): what a created security group admits. */
  readonly ports: readonly PortRange[];
}

/** A spoke account's side: accept the share if needed, and associate each VPC with the service network. */
export class SpokeAttachment extends Construct {
  readonly associations: VpclatticeServiceNetworkVpcAssociation[] = [];

  constructor(scope: Construct, id: string, props: SpokeAttachmentProps) {
    super(scope, id);
    const { provider } = props;

    let previous: ITerraformDependable | undefined;
    if (props.acceptShareArn) {
      previous = new RamResourceShareAccepter(this, "resource_share_accepter", {
        provider,
        shareArn: props.acceptShareArn,
      });
    }

    for (const vpc of props.vpcs) {
      const securityGroupIds = vpc.securityGroupIds
        ? [...vpc.securityGroupIds]
        : [this.clientSecurityGroup(vpc, props).id];
      const association: VpclatticeServiceNetworkVpcAssociation = new VpclatticeServiceNetworkVpcAssociation(
        this, `vpc_association_${vpc.vpcId}`, {
          provider,
          vpcIdentifier: vpc.vpcId,
          serviceNetworkIdentifier: props.serviceNetworkArn,
          securityGroupIds,
          // One at a time: VPC Lattice throttles bursts of associations (429).
          dependsOn: previous ? [previous] : undefined,
        });
      this.associations.push(association);
      previous = association;
    }
  }

  /** Inbound rules of an association's group decide which clients reach the service network. */
  private clientSecurityGroup(vpc: SpokeVpcProps, props: SpokeAttachmentProps): SecurityGroup {
    const name = awsName([props.namePrefix, props.spokeName, "lattice-clients", vpc.vpcId], NAME_RULES.securityGroup);
    const group = new SecurityGroup(this, `client_security_group_${vpc.vpcId}`, {
      provider: props.provider,
      name,
      description: `VPC Lattice association of ${vpc.vpcId}: clients allowed to reach the shared endpoints`,
      vpcId: vpc.vpcId,
      tags: { Name: name },
    });
    for (const cidr of vpc.clientCidrs ?? []) {
      const ipv6 = cidr.includes(":");
      for (const range of props.ports) {
        const ports = formatPortRange(range);
        new VpcSecurityGroupIngressRule(this, `client_ingress_${vpc.vpcId}_${cidr}_${ports}`.replace(/[/:]/g, "_"), {
          provider: props.provider,
          securityGroupId: group.id,
          ...(ipv6 ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
          ipProtocol: "tcp",
          fromPort: range.from,
          toPort: range.to,
          description: `TCP ${ports} from clients in ${cidr}`,
        });
      }
    }
    return group;
  }
}
