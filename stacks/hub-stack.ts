import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { HUB_OUTPUTS } from "../config/contract";
import type { Estate, SharedEndpoint } from "../config/estate";
import { formatPortRange } from "../config/ports";
import { shareResourceConfigurations } from "../modules/endpoint-access";
import { hubOutputValues } from "../modules/hub-outputs";
import { LatticeHub } from "../modules/lattice-hub";
import { Monitoring } from "../modules/monitoring";
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
      gatewayGeneration: hub.gatewayGeneration,
      retiringGateway: hub.retiringGateway,
    });

    const shared = new SharedEndpoints(this, "shared", {
      provider,
      endpoints: endpointSpecs(estate.endpoints),
      retiredEndpoints: endpointSpecs(estate.retiredEndpoints),
      portRules: portRuleSpecs(estate),
      earlierKeys: earlierKeys(estate),
      vpcId: t.hub.vpcId,
      subnetIds: t.hub.subnetIds,
      ipAddressType: t.hub.ipAddressType,
      resourceGatewayId: lattice.resourceGateway.id,
      gatewaySecurityGroupId: lattice.gatewaySecurityGroup.id,
      serviceNetworkId: lattice.serviceNetwork.id,
      protect: t.protect,
      gatewayGeneration: hub.gatewayGeneration,
      retiringGateway: hub.retiringGateway && lattice.retiringResourceGateway
        ? {
          generation: hub.retiringGateway.generation,
          resourceGatewayId: lattice.retiringResourceGateway.id,
          resourceConfigurationNames: Object.fromEntries(hub.retiringGateway.resourceConfigurationNames),
        }
        : undefined,
    });

    if (hub.sharesResourceConfigurations) {
      shareResourceConfigurations(this, "lattice_resource_share_configurations", {
        provider,
        shareArn: lattice.resourceShare.arn,
        resourceConfigurations: shared.resourceConfigurations,
        endpoints: estate.endpoints.map((e) => e.name),
      });
    }

    // Alarms for the endpoints in service only: a retired one carries no client traffic (docs/monitoring.md).
    if (estate.monitoring) {
      const m = estate.monitoring;
      new Monitoring(this, "monitoring", {
        provider,
        region: t.region,
        vpcId: t.hub.vpcId,
        endpoints: Object.fromEntries(estate.endpoints.map((e) => [e.name, { service_name: e.serviceName }])),
        vpcEndpoints: shared.endpoints,
        resourceConfigurations: shared.resourceConfigurations,
        resourceGateway: lattice.resourceGateway,
        names: { alarmPrefix: m.alarmPrefix, dashboard: m.dashboardName, topic: m.topicName },
        topicArn: m.topicArn,
        topicKmsKeyArn: m.kmsKeyArn,
        accountId: t.hub.accountId,
        partition: estate.partition,
        thresholds: m.thresholds,
      });
    }

    const values = hubOutputValues(lattice, shared);
    for (const [name, description] of Object.entries(HUB_OUTPUTS)) {
      new TerraformOutput(this, name, { value: values[name as keyof typeof HUB_OUTPUTS], description, staticId: true });
    }
  }
}

function endpointSpecs(endpoints: readonly SharedEndpoint[]): Record<string, EndpointSpec> {
  return Object.fromEntries(endpoints.map((e) => [e.name, {
    service_name: e.serviceName,
    port_ranges: e.ports,
    security_group_name: e.securityGroupName,
    resource_configuration_name: e.resourceConfigurationName,
  }]));
}

/**
 * The fewest rules that admit exactly each endpoint's ports (retired endpoints' too), keyed
 * "<endpoint>/<first port>": widening or narrowing a range updates its rule in place.
 */
function portRuleSpecs(estate: Estate): Record<string, PortRuleSpec> {
  return Object.fromEntries([...estate.endpoints, ...estate.retiredEndpoints].flatMap((e) => e.portRanges.map((r) =>
    [portRuleKey(e.name, r.from), { endpoint: e.name, ports: formatPortRange(r), from_port: r.from, to_port: r.to }])));
}

const portRuleKey = (endpoint: string, from: number) => `${endpoint}/${from}`;

/**
 * Where instances lived before: a renamed endpoint's earlier names, and its rules under them. Rules
 * were keyed "<endpoint>/<range>" until this change (CHANGELOG): that key, under the name first deployed,
 * starts the chain.
 */
function earlierKeys(estate: Estate) {
  const every = [...estate.endpoints, ...estate.retiredEndpoints];
  return {
    endpoints: Object.fromEntries(every.filter((e) => e.renamedFrom.length > 0).map((e) => [e.name, e.renamedFrom])),
    portRules: Object.fromEntries(every.flatMap((e) => e.portRanges.flatMap((r) => {
      const [first, ...later] = [...e.renamedFrom, e.name];
      const legacy = r.from === r.to ? [] : [`${first}/${formatPortRange(r)}`];
      const chain = [...legacy, ...[first, ...later].slice(0, -1).map((n) => portRuleKey(n, r.from))];
      return chain.length > 0 ? [[portRuleKey(e.name, r.from), chain]] : [];
    }))),
  };
}
