import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { Topology } from "../config/loader";
import { formatPortRange, portRanges } from "../config/ports";
import { hubOutputs } from "../modules/hub-outputs";
import { LatticeHub } from "../modules/lattice-hub";
import { awsName, NAME_RULES } from "../modules/names";
import { SharedEndpoints, type EndpointSpec, type PortRuleSpec } from "../modules/shared-endpoints";
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

    const lattice = new LatticeHub(this, "lattice", {
      provider,
      namePrefix: t.name,
      vpcId: t.hub.vpcId,
      subnetIds: t.hub.subnetIds,
      ipAddressType: t.hub.ipAddressType,
      logRetentionDays: t.hub.logRetentionDays,
      logKmsKeyArn: t.hub.logKmsKeyArn,
      shareWithAccounts: [...new Set(t.spokes.map((s) => s.accountId))].filter((a) => a !== t.hub.accountId),
      allowExternalPrincipals: t.spokes.some((s) => !s.inOrganization && s.accountId !== t.hub.accountId),
      protect: t.protect,
    });

    const shared = new SharedEndpoints(this, "shared", {
      provider,
      endpoints: endpointSpecs(t),
      portRules: portRuleSpecs(t),
      vpcId: t.hub.vpcId,
      subnetIds: t.hub.subnetIds,
      ipAddressType: t.hub.ipAddressType,
      resourceGatewayId: lattice.resourceGateway.id,
      gatewaySecurityGroupId: lattice.gatewaySecurityGroup.id,
      serviceNetworkId: lattice.serviceNetwork.id,
      protect: t.protect,
    });

    for (const [name, { value, description }] of Object.entries(hubOutputs(lattice, shared))) {
      new TerraformOutput(this, name, { value, description, staticId: true });
    }
  }
}

function endpointSpecs(t: Topology): Record<string, EndpointSpec> {
  return Object.fromEntries(t.endpoints.map((e) => [e.name, {
    service_name: e.serviceName,
    port_ranges: e.ports,
    security_group_name: awsName([t.name, e.name, "endpoint"], NAME_RULES.securityGroup),
    resource_configuration_name: awsName([t.name, e.name], NAME_RULES.resourceConfiguration),
  }]));
}

/** The fewest rules that admit exactly each endpoint's ports. */
function portRuleSpecs(t: Topology): Record<string, PortRuleSpec> {
  return Object.fromEntries(t.endpoints.flatMap((e) =>
    portRanges(e.ports).map((r) => {
      const ports = formatPortRange(r);
      return [`${e.name}/${ports}`, { endpoint: e.name, ports, from_port: r.from, to_port: r.to }];
    })));
}
