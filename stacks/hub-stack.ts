import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { LatticeHub } from "../modules/lattice-hub";
import { SharedEndpoint } from "../modules/shared-endpoint";
import { HUB_STACK, WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

/**
 * The hub account's workspace: the shared endpoints, the service network and its share. Its
 * outputs are the contract the spoke and dns workspaces read.
 */
export class HubStack extends WorkspaceStack {
  constructor(scope: Construct, props: WorkspaceStackProps) {
    super(scope, HUB_STACK, props);
    const t = this.topology;
    const provider = this.awsProvider({ alias: "hub", accountId: t.hub.accountId, roleArn: t.hub.roleArn });

    const spokeAccounts = [...new Set(t.spokes.map((s) => s.accountId))].filter((a) => a !== t.hub.accountId);
    const lattice = new LatticeHub(this, "lattice", {
      provider,
      namePrefix: t.name,
      vpcId: t.hub.vpcId,
      subnetIds: t.hub.subnetIds,
      ipAddressType: t.hub.ipAddressType,
      logRetentionDays: t.hub.logRetentionDays,
      logKmsKeyArn: t.hub.logKmsKeyArn,
      shareWithAccounts: spokeAccounts,
      allowExternalPrincipals: t.spokes.some((s) => !s.inOrganization && s.accountId !== t.hub.accountId),
      protect: t.protect,
    });

    const endpoints: Record<string, Record<string, string>> = {};
    for (const e of t.endpoints) {
      const shared = new SharedEndpoint(this, `endpoint_${e.name}`, {
        provider,
        namePrefix: t.name,
        name: e.name,
        serviceName: e.serviceName,
        vpcId: t.hub.vpcId,
        subnetIds: t.hub.subnetIds,
        ports: e.ports,
        ipAddressType: t.hub.ipAddressType,
        resourceGatewayId: lattice.resourceGateway.id,
        gatewaySecurityGroupId: lattice.gatewaySecurityGroup.id,
        serviceNetworkId: lattice.serviceNetwork.id,
        protect: t.protect,
      });
      endpoints[e.name] = shared.outputs;
    }

    const output = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description, staticId: true });
    output("service_network_arn", lattice.serviceNetwork.arn, "ARN of the VPC Lattice service network shared with the spokes");
    output("service_network_id", lattice.serviceNetwork.id, "ID of the VPC Lattice service network");
    output("resource_share_arn", lattice.resourceShare.arn, "ARN of the RAM share of the service network");
    output("endpoints", endpoints,
      "Per endpoint name: vpc_endpoint_id, vpc_endpoint_dns_name, resource_configuration_arn, lattice_dns_name, lattice_hosted_zone_id");
  }
}
