import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpclatticeAccessLogSubscription } from "@cdktf/provider-aws/lib/vpclattice-access-log-subscription";
import { VpclatticeResourceGateway } from "@cdktf/provider-aws/lib/vpclattice-resource-gateway";
import { VpclatticeServiceNetwork } from "@cdktf/provider-aws/lib/vpclattice-service-network";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { numberValue, stringValue, type ValueOrVariable } from "./expressions";
import { generationId } from "./names";
import { addResourceShare } from "./resource-share";
import type { IpAddressType } from "./shared-endpoints";

/** AWS names of what the hub has once (derived by config/estate.ts, or by a module's locals). */
export interface LatticeHubNames {
  readonly gatewaySecurityGroup: string;
  readonly resourceGateway: string;
  readonly serviceNetwork: string;
  readonly resourceShare: string;
  readonly accessLogGroup: string;
}

export interface LatticeHubProps {
  readonly provider: TerraformProvider;
  readonly names: LatticeHubNames;
  readonly vpcId: string;
  /** Subnets of the resource gateway: one per Availability Zone that clients use. */
  readonly subnetIds: readonly string[];
  readonly ipAddressType: ValueOrVariable<IpAddressType>;
  /** Retention of the resource access logs, in days. */
  readonly logRetentionDays: ValueOrVariable<number>;
  /** KMS key for the access logs. @default CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: string;
  /** Accounts the service network is shared with (RAM principals). */
  readonly shareWithAccounts: readonly string[];
  /** Only when an account outside the organization must accept the share. */
  readonly allowExternalPrincipals: ValueOrVariable<boolean>;
  /** prevent_destroy on the service network and the resource share. */
  readonly protect: boolean;
  /**
   * The resource gateway's generation: from the second on, its address and name carry it, so that a
   * new gateway (new subnets) can stand beside the one before. @default 1
   */
  readonly gatewayGeneration?: number;
  /** The gateway of the generation before, kept as it was while its configurations still serve. @default none */
  readonly retiringGateway?: { readonly generation: number; readonly subnetIds: readonly string[]; readonly name: string };
}


/**
 * What the hub has once: the resource gateway and its security group, the service network with
 * resource access logs, and its RAM share with the spoke accounts. Endpoints attach to it
 * (SharedEndpoint).
 */
export class LatticeHub extends Construct {
  readonly gatewaySecurityGroup: SecurityGroup;
  readonly resourceGateway: VpclatticeResourceGateway;
  readonly retiringResourceGateway?: VpclatticeResourceGateway;
  readonly serviceNetwork: VpclatticeServiceNetwork;
  readonly logGroup: CloudwatchLogGroup;
  readonly resourceShare: RamResourceShare;

  constructor(scope: Construct, id: string, props: LatticeHubProps) {
    super(scope, id);
    const { provider, names, protect } = props;

    // Egress rules are added per endpoint; no ingress: the gateway's group filters what leaves it.
    const gatewayGroupName = names.gatewaySecurityGroup;
    this.gatewaySecurityGroup = new SecurityGroup(this, "gateway_security_group", {
      provider,
      name: gatewayGroupName,
      description: "VPC Lattice resource gateway: egress only to the interface endpoints, on their ports",
      vpcId: props.vpcId,
      tags: { Name: gatewayGroupName },
    });

    const gateway = (generation: number | undefined, name: string, subnetIds: readonly string[]) =>
      new VpclatticeResourceGateway(this, generationId("resource_gateway", generation), {
        provider,
        name,
        vpcId: props.vpcId,
        subnetIds: [...subnetIds],
        securityGroupIds: [this.gatewaySecurityGroup.id],
        ipAddressType: stringValue(props.ipAddressType),
      });
    this.resourceGateway = gateway(props.gatewayGeneration, names.resourceGateway, props.subnetIds);
    const retiring = props.retiringGateway;
    if (retiring) this.retiringResourceGateway = gateway(retiring.generation, retiring.name, retiring.subnetIds);

    // The auth policy does not apply to resource configurations: access is the share's scope
    // plus the security groups and port ranges, so no IAM auth here.
    this.serviceNetwork = new VpclatticeServiceNetwork(this, "service_network", {
      provider,
      name: names.serviceNetwork,
      authType: "NONE",
      lifecycle: { preventDestroy: protect },
    });

    this.logGroup = new CloudwatchLogGroup(this, "access_log_group", {
      provider,
      name: names.accessLogGroup,
      retentionInDays: numberValue(props.logRetentionDays),
      kmsKeyId: props.logKmsKeyArn,
    });
    new VpclatticeAccessLogSubscription(this, "resource_access_logs", {
      provider,
      resourceIdentifier: this.serviceNetwork.id,
      destinationArn: this.logGroup.arn,
      serviceNetworkLogType: "RESOURCE",
    });

    this.resourceShare = addResourceShare(this, "resource_share", {
      provider,
      name: names.resourceShare,
      resourceArn: this.serviceNetwork.arn,
      resourceName: "service_network",
      accounts: props.shareWithAccounts,
      allowExternalPrincipals: props.allowExternalPrincipals,
      protect,
    });
  }
}
