import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpclatticeResourceConfiguration } from "@cdktf/provider-aws/lib/vpclattice-resource-configuration";
import { VpclatticeServiceNetworkResourceAssociation } from "@cdktf/provider-aws/lib/vpclattice-service-network-resource-association";
import { TerraformIterator, TerraformLocal, TerraformVariable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  EACH_KEY,
  eachValue,
  endpointOutputs,
  instanceAttribute,
  keyedIterator,
  mergedInstanceAttribute,
  mapValue,
  selfEquals,
  text,
  type KeyedInput,
  type ValueOrVariable,
} from "./expressions";
import { generationId } from "./names";
import { moveInstances, renameChain, type InstanceMove } from "./moves";

export type IpAddressType = "IPV4" | "IPV6" | "DUALSTACK";

/** One third-party service to share; keyed by the endpoint's name. */
export interface EndpointSpec {
  /** The vendor's endpoint service, e.g. com.amazonaws.vpce.us-east-1.vpce-svc-…. */
  readonly service_name: string;
  /** Ports clients may use: "443" or "8000-8100". */
  readonly port_ranges: readonly string[];
  /** AWS names, derived from the topology by the caller (config/estate.ts, or a module's locals). */
  readonly security_group_name: string;
  readonly resource_configuration_name: string;
}

/** One TCP port range of one endpoint; keyed "<endpoint>/<ports>". */
export interface PortRuleSpec {
  readonly endpoint: string;
  /** "443" or "8000-8100", for the rules' descriptions. */
  readonly ports: string;
  readonly from_port: number;
  readonly to_port: number;
}

export interface SharedEndpointsProps {
  readonly provider: TerraformProvider;
  /** Endpoint name → the service to share. */
  readonly endpoints: KeyedInput<EndpointSpec>;
  /**
   * Retired endpoints (name → service): they keep running, without prevent_destroy (their endpoint
   * and resource configuration move to blocks without it), so that deleting them later is a plain
   * apply and, meanwhile, another endpoint can take their records over. @default none
   */
  readonly retiredEndpoints?: Readonly<Record<string, EndpointSpec>>;
  /** The port ranges of every endpoint, retired ones included: an ingress rule on its group and an egress rule on the gateway's. */
  readonly portRules: KeyedInput<PortRuleSpec>;
  /**
   * Earlier keys, oldest first, of renamed endpoints and re-keyed port rules: their instances move
   * (moved blocks) instead of being replaced. @default none
   */
  readonly earlierKeys?: {
    readonly endpoints?: Readonly<Record<string, readonly string[]>>;
    readonly portRules?: Readonly<Record<string, readonly string[]>>;
  };
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly ipAddressType: ValueOrVariable<IpAddressType>;
  readonly resourceGatewayId: string;
  /** The resource gateway's security group: the only source the endpoints admit. */
  readonly gatewaySecurityGroupId: string;
  readonly serviceNetworkId: string;
  /** prevent_destroy on the endpoints and the resource configurations. */
  readonly protect: boolean;
  /** The resource gateway's generation: names the blocks of its configurations and associations. @default 1 */
  readonly gatewayGeneration?: number;
  /**
   * The gateway of the generation before: each endpoint's configuration on it (moved into a block
   * without prevent_destroy) and its association keep serving until the topology drops it. @default none
   */
  readonly retiringGateway?: {
    readonly generation: number;
    readonly resourceGatewayId: string;
    /** Endpoint name → the name its configuration has on that gateway. */
    readonly resourceConfigurationNames: Readonly<Record<string, string>>;
  };
}

const ENDPOINT_IP: Record<IpAddressType, string> = { IPV4: "ipv4", IPV6: "ipv6", DUALSTACK: "ipv4" };
const DNS_RESOURCE_IP: Record<IpAddressType, string> = { IPV4: "IPV4", IPV6: "IPV6", DUALSTACK: "IPV4" };

/**
 * The shared third-party services: per endpoint an interface endpoint in the hub behind its own
 * security group, exposed to VPC Lattice as a DNS resource configuration on the resource gateway and
 * associated with the service network; and the gateway's egress to it on its ports.
 */
export class SharedEndpoints extends Construct {
  readonly securityGroups: SecurityGroup;
  readonly endpoints: VpcEndpoint;
  readonly resourceConfigurations: VpclatticeResourceConfiguration;
  readonly associations: VpclatticeServiceNetworkResourceAssociation;
  /** The retired endpoints' interface endpoints and resource configurations, when there are any. */
  readonly retired?: { readonly endpoints: VpcEndpoint; readonly resourceConfigurations: VpclatticeResourceConfiguration };
  /** The retiring gateway's configurations and associations, when there is one. */
  readonly retiring?: { readonly resourceConfigurations: VpclatticeResourceConfiguration; readonly associations: VpclatticeServiceNetworkResourceAssociation };

  private readonly props: SharedEndpointsProps;

  constructor(scope: Construct, id: string, props: SharedEndpointsProps) {
    super(scope, id);
    this.props = props;
    const { provider, protect } = props;
    const endpoint = keyedIterator(this, "endpoints", props.endpoints);
    const rule = keyedIterator(this, "port_rules", props.portRules);
    const retired = Object.keys(props.retiredEndpoints ?? {}).length > 0 ? props.retiredEndpoints! : undefined;
    // The group, its rules and the association serve retired endpoints too (none of them is protected).
    const retiredIterator = retired ? keyedIterator(this, "retired_endpoints", retired) : undefined;
    const everyEndpoint = retired
      ? TerraformIterator.fromMap(new TerraformLocal(this, "every_endpoint", { ...this.literalEndpoints("retiredEndpoints"), ...retired }).asAnyMap)
      : endpoint;

    this.securityGroups = new SecurityGroup(this, "security_groups", {
      provider,
      forEach: everyEndpoint,
      name: everyEndpoint.getString("security_group_name"),
      description: "Interface endpoint of a shared service: admits only the VPC Lattice resource gateway",
      vpcId: props.vpcId,
      tags: { Name: everyEndpoint.getString("security_group_name") },
    });
    const endpointGroup = instanceAttribute(this.securityGroups, eachValue("endpoint"), "id");

    // The gateway source-NATs client traffic: an endpoint sees only the gateway's group.
    const ingress = new VpcSecurityGroupIngressRule(this, "ingress", {
      provider,
      forEach: rule,
      securityGroupId: endpointGroup,
      referencedSecurityGroupId: props.gatewaySecurityGroupId,
      ipProtocol: "tcp",
      fromPort: rule.getNumber("from_port"),
      toPort: rule.getNumber("to_port"),
      description: text`TCP ${eachValue("ports")} from the VPC Lattice resource gateway`,
    });
    const egress = new VpcSecurityGroupEgressRule(this, "gateway_egress", {
      provider,
      forEach: rule,
      securityGroupId: props.gatewaySecurityGroupId,
      referencedSecurityGroupId: endpointGroup,
      ipProtocol: "tcp",
      fromPort: rule.getNumber("from_port"),
      toPort: rule.getNumber("to_port"),
      description: text`TCP ${eachValue("ports")} to the ${eachValue("endpoint")} interface endpoint`,
    });

    this.endpoints = this.interfaceEndpoints("vpc_endpoints", endpoint, protect);

    const generation = props.gatewayGeneration ?? 1;
    this.resourceConfigurations = this.configurations(generationId("resource_configurations", generation), endpoint, this.endpoints, protect);

    if (retired) {
      const endpoints = this.interfaceEndpoints("retired_vpc_endpoints", retiredIterator!, false);
      this.retired = { endpoints, resourceConfigurations: this.configurations("retired_resource_configurations", retiredIterator!, endpoints, false) };
    }

    this.associations = new VpclatticeServiceNetworkResourceAssociation(this, generationId("associations", generation), {
      provider,
      forEach: everyEndpoint,
      resourceConfigurationIdentifier: this.retired
        ? mergedInstanceAttribute([this.resourceConfigurations, this.retired.resourceConfigurations], EACH_KEY, "id")
        : instanceAttribute(this.resourceConfigurations, EACH_KEY, "id"),
      serviceNetworkIdentifier: props.serviceNetworkId,
    });
    if (props.retiringGateway) this.retiring = this.retiringGeneration(props.retiringGateway);
    this.declareMoves(props, [ingress, egress]);
  }

  /** Interface endpoints, one per instance of `each`, behind their endpoint's group. */
  private interfaceEndpoints(id: string, each: TerraformIterator, preventDestroy: boolean): VpcEndpoint {
    const { props } = this;
    const endpointIp = mapValue(props.ipAddressType, ENDPOINT_IP);
    return new VpcEndpoint(this, id, {
      provider: props.provider,
      forEach: each,
      vpcId: props.vpcId,
      serviceName: each.getString("service_name"),
      vpcEndpointType: "Interface",
      subnetIds: [...props.subnetIds],
      securityGroupIds: [instanceAttribute(this.securityGroups, EACH_KEY, "id")],
      // The vendor's names live in the central private hosted zones, pointing at Lattice.
      privateDnsEnabled: false,
      ipAddressType: endpointIp,
      dnsOptions: { dnsRecordIpType: endpointIp },
      tags: { Name: each.getString("resource_configuration_name") },
      lifecycle: {
        preventDestroy,
        // The provider reports pendingAcceptance as success; nothing would work until the vendor accepts.
        postcondition: [{
          condition: selfEquals("state", "available"),
          errorMessage: text`The interface endpoint for ${EACH_KEY} (${eachValue("service_name")}) is not available: ` +
            "ask the provider to accept the connection (or allow-list this account), then apply again.",
        }],
      },
    });
  }

  /** DNS resource configurations of `endpoints`' regional names, one per instance of `each`, on a gateway. */
  private configurations(id: string, each: TerraformIterator, endpoints: VpcEndpoint, preventDestroy: boolean,
    gatewayId = this.props.resourceGatewayId): VpclatticeResourceConfiguration {
    const { props } = this;
    return new VpclatticeResourceConfiguration(this, id, {
      provider: props.provider,
      forEach: each,
      name: each.getString("resource_configuration_name"),
      type: "SINGLE",
      protocol: "TCP",
      resourceGatewayIdentifier: gatewayId,
      portRanges: each.getList("port_ranges"),
      // The service network is shared through RAM, which needs this set.
      allowAssociationToShareableServiceNetwork: true,
      resourceConfigurationDefinition: [{
        dnsResource: [{
          // Must resolve publicly: the endpoint's regional name, never the vendor's private name.
          domainName: instanceAttribute(endpoints, EACH_KEY, "dns_entry[0].dns_name"),
          ipAddressType: mapValue(props.ipAddressType, DNS_RESOURCE_IP),
        }],
      }],
      lifecycle: { preventDestroy },
    });
  }

  /** The in-service endpoints as a literal map: what retired endpoints and a retiring gateway are built beside. */
  private literalEndpoints(needs: string): Record<string, EndpointSpec> {
    const { endpoints } = this.props;
    if (endpoints instanceof TerraformVariable || endpoints instanceof TerraformLocal) throw new Error(`${needs} needs a literal endpoints map`);
    return endpoints as Record<string, EndpointSpec>;
  }

  /**
   * The generation before: its configurations (the same arguments, on its own gateway) leave their
   * protected block for one without prevent_destroy, and its associations stay where they were.
   */
  private retiringGeneration(retiring: NonNullable<SharedEndpointsProps["retiringGateway"]>) {
    const { props } = this;
    const specs = this.literalEndpoints("retiringGateway");
    const each = keyedIterator(this, "retiring_endpoints", Object.fromEntries(Object.entries(retiring.resourceConfigurationNames)
      .map(([name, configurationName]) => [name, { ...specs[name], resource_configuration_name: configurationName }])));
    const resourceConfigurations = this.configurations("retiring_resource_configurations", each, this.endpoints, false, retiring.resourceGatewayId);
    const associations = new VpclatticeServiceNetworkResourceAssociation(this, generationId("associations", retiring.generation), {
      provider: props.provider,
      forEach: each,
      resourceConfigurationIdentifier: instanceAttribute(resourceConfigurations, EACH_KEY, "id"),
      serviceNetworkIdentifier: props.serviceNetworkId,
    });
    // Where they were: the block of their generation, beside this one's.
    const current = generationId("resource_configurations", props.gatewayGeneration ?? 1);
    const before = `${this.resourceConfigurations.friendlyUniqueId.slice(0, -current.length)}${generationId("resource_configurations", retiring.generation)}`;
    moveInstances(resourceConfigurations, Object.keys(retiring.resourceConfigurationNames).map((k) => ({ from: k, to: k })), before);
    return { resourceConfigurations, associations };
  }

  /** Renamed endpoints and re-keyed rules move; a retired endpoint's protected instances move to the retired blocks. */
  private declareMoves(props: SharedEndpointsProps, portRules: readonly (VpcSecurityGroupIngressRule | VpcSecurityGroupEgressRule)[]): void {
    const renames = props.earlierKeys?.endpoints ?? {};
    const retiredNames = new Set(Object.keys(props.retiredEndpoints ?? {}));
    const renameMoves = (keys: Readonly<Record<string, readonly string[]>>): InstanceMove[] =>
      Object.entries(keys).flatMap(([key, earlier]) => renameChain(earlier, key));
    const endpointMoves = renameMoves(renames);
    const inService = endpointMoves.filter((m) => !retiredNames.has(m.to));
    for (const r of [this.securityGroups, this.associations]) moveInstances(r, endpointMoves);
    moveInstances(this.endpoints, inService);
    moveInstances(this.resourceConfigurations, inService);
    if (this.retired) {
      // A retired endpoint leaves the protected blocks from its last key there (an earlier one, when renamed too).
      const leaving = [...retiredNames].sort().map((name) => ({ from: renames[name]?.at(-1) ?? name, to: name }));
      moveInstances(this.retired.endpoints, leaving, this.endpoints);
      moveInstances(this.retired.resourceConfigurations, leaving, this.resourceConfigurations);
    }
    const ruleMoves = renameMoves(props.earlierKeys?.portRules ?? {});
    for (const r of portRules) moveInstances(r, ruleMoves);
  }

  /** Endpoint name → the values spokes and Route 53 need: the hub's `endpoints` output. */
  get outputs(): string {
    return endpointOutputs(this);
  }
}
