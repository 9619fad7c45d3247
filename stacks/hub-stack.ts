import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { HUB_OUTPUTS } from "../config/contract";
import type { Estate } from "../config/estate";
import { formatPortRange } from "../config/ports";
import { hubOutputValues } from "../modules/hub-outputs";
import { LatticeHub } from "../modules/lattice-hub";
import { SharedEndpoints, type EndpointSpec, type PortRuleSpec } from "../modules/shared-endpoints";
import { WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

/**
 * The hub account's workspace: the shared endpoints, the service network and its share. Its
 * outputs are the contract the spoke and dns workspaces read.
 */
export class HubStack extends WorkspaceStack {
  constructor(scope: Construct, props: WorkspaceStackProps) {
    super(scope, props.estate.hub.workspace, props);
    const { estate, provider } = this;
    const { hub } = estate;
    const t = estate.topology;

    const lattice = new LatticeHub(this, "lattice", {
      provider,
      names: hub.names,
      vpcId: t.hub.vpcId,
      subnetIds: t.hub.subnetIds,
      ipAddressType: t.hub.ipAddressType,
      logRetentionDays: t.hub.logRetentionDays,
      logKmsKeyArn: t.hub.logKmsKeyArn,
      shareWithAccounts: hub.sharePrincipals,
      allowExternalPrincipals: hub.allowExternalPrincipals,
      protect: t.protect,
    });

    const shared = new SharedEndpoints(this, "shared", {
      provider,
      endpoints: endpointSpecs(estate),
      portRules: portRuleSpecs(estate),
      vpcId: t.hub.vpcId,
      subnetIds: t.hub.subnetIds,
      ipAddressType: t.hub.ipAddressType,
      resourceGatewayId: lattice.resourceGateway.id,
      gatewaySecurityGroupId: lattice.gatewaySecurityGroup.id,
      serviceNetworkId: lattice.serviceNetwork.id,
      protect: t.protect,
    });

    const values = hubOutputValues(lattice, shared);
    for (const [name, description] of Object.entries(HUB_OUTPUTS)) {
      new TerraformOutput(this, name, { value: values[name as keyof typeof HUB_OUTPUTS], description, staticId: true });
    }
  }
}

function endpointSpecs(estate: Estate): Record<string, EndpointSpec> {
  return Object.fromEntries(estate.endpoints.map((e) => [e.name, {
    service_name: e.serviceName,
    port_ranges: e.ports,
    security_group_name: e.securityGroupName,
    resource_configuration_name: e.resourceConfigurationName,
  }]));
}

/** The fewest rules that admit exactly each endpoint's ports. */
function portRuleSpecs(estate: Estate): Record<string, PortRuleSpec> {
  return Object.fromEntries(estate.endpoints.flatMap((e) => e.portRanges.map((r) => {
    const ports = formatPortRange(r);
    return [`${e.name}/${ports}`, { endpoint: e.name, ports, from_port: r.from, to_port: r.to }];
  })));
}
