import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpclatticeAccessLogSubscription } from "@cdktf/provider-aws/lib/vpclattice-access-log-subscription";
import { VpclatticeResourceGateway } from "@cdktf/provider-aws/lib/vpclattice-resource-gateway";
import { VpclatticeServiceNetwork } from "@cdktf/provider-aws/lib/vpclattice-service-network";
import { TerraformIterator, type IResolvable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { deriveName, NAME_RULES } from "./names";
import type { IpAddressType } from "./shared-endpoints";

export interface LatticeHubProps {
  readonly provider: TerraformProvider;
  /** Prefix of every AWS name (the topology's name). */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Subnets of the resource gateway: one per Availability Zone that clients use. */
  readonly subnetIds: readonly string[];
  /** @default "IPV4" */
  readonly ipAddressType?: IpAddressType | string;
  /** Retention of the resource access logs. @default 365 */
  readonly logRetentionDays?: number;
  /** KMS key for the access logs. @default CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
  /** Accounts the service network is shared with (RAM principals): a list or a Terraform expression. */
  readonly shareWithAccounts: readonly string[];
  /** Only when an account outside the organization must accept the share. @default false */
  readonly allowExternalPrincipals?: boolean | IResolvable;
  /** prevent_destroy on the service network and the resource share. @default true */
  readonly protect?: boolean;
}

/**
 * What the hub has once: the resource gateway and its security group, the service network with
 * resource access logs, and its RAM share with the spoke accounts. Endpoints attach to it
 * (SharedEndpoint).
 */
export class LatticeHub extends Construct {
  readonly gatewaySecurityGroup: SecurityGroup;
  readonly resourceGateway: VpclatticeResourceGateway;
  readonly serviceNetwork: VpclatticeServiceNetwork;
  readonly logGroup: CloudwatchLogGroup;
  readonly resourceShare: RamResourceShare;

  constructor(scope: Construct, id: string, props: LatticeHubProps) {
    super(scope, id);
    const { provider, namePrefix } = props;
    const protect = props.protect ?? true;

    // Egress rules are added per endpoint; no ingress: the gateway's group filters what leaves it.
    const gatewayGroupName = deriveName([namePrefix, "resource-gateway"], NAME_RULES.securityGroup);
    this.gatewaySecurityGroup = new SecurityGroup(this, "gateway_security_group", {
      provider,
      name: gatewayGroupName,
      description: "VPC Lattice resource gateway: egress only to the interface endpoints, on their ports",
      vpcId: props.vpcId,
      tags: { Name: gatewayGroupName },
    });

    this.resourceGateway = new VpclatticeResourceGateway(this, "resource_gateway", {
      provider,
      name: deriveName([namePrefix, "gateway"], NAME_RULES.resourceGateway),
      vpcId: props.vpcId,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.gatewaySecurityGroup.id],
      ipAddressType: props.ipAddressType ?? "IPV4",
    });

    // The auth policy does not apply to resource configurations: access is the share's scope
    // plus the security groups and port ranges, so no IAM auth here.
    this.serviceNetwork = new VpclatticeServiceNetwork(this, "service_network", {
      provider,
      name: deriveName([namePrefix], NAME_RULES.serviceNetwork),
      authType: "NONE",
      lifecycle: { preventDestroy: protect },
    });

    // /aws/vendedlogs/ keeps CloudWatch's resource policy for log delivery within its size limit.
    this.logGroup = new CloudwatchLogGroup(this, "access_log_group", {
      provider,
      name: `/aws/vendedlogs/vpclattice/${namePrefix}/resource-access`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.logKmsKeyArn,
    });
    new VpclatticeAccessLogSubscription(this, "resource_access_logs", {
      provider,
      resourceIdentifier: this.serviceNetwork.id,
      destinationArn: this.logGroup.arn,
      serviceNetworkLogType: "RESOURCE",
    });

    this.resourceShare = new RamResourceShare(this, "resource_share", {
      provider,
      name: deriveName([namePrefix, "service-network"], NAME_RULES.resourceShare),
      allowExternalPrincipals: props.allowExternalPrincipals ?? false,
      lifecycle: { preventDestroy: protect },
    });
    new RamResourceAssociation(this, "resource_share_service_network", {
      provider,
      resourceShareArn: this.resourceShare.arn,
      resourceArn: this.serviceNetwork.arn,
    });
    // Explicit accounts, never the organization: a future account gets nothing by default.
    const account = TerraformIterator.fromList(props.shareWithAccounts as string[]);
    new RamPrincipalAssociation(this, "resource_share_principals", {
      provider,
      forEach: account,
      resourceShareArn: this.resourceShare.arn,
      principal: account.value,
    });
  }
}
