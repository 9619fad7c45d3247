import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpclatticeResourceConfiguration } from "@cdktf/provider-aws/lib/vpclattice-resource-configuration";
import { VpclatticeServiceNetworkResourceAssociation } from "@cdktf/provider-aws/lib/vpclattice-service-network-resource-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  EACH_KEY,
  eachValue,
  endpointOutputs,
  instanceAttribute,
  keyedIterator,
  mapValue,
  selfEquals,
  text,
  type KeyedInput,
  type ValueOrVariable,
} from "./expressions";

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
  /** The port ranges of every endpoint: an ingress rule on its group and an egress rule on the gateway's. */
  readonly portRules: KeyedInput<PortRuleSpec>;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly ipAddressType: ValueOrVariable<IpAddressType>;
  readonly resourceGatewayId: string;
  /** The resource gateway's security group: the only source the endpoints admit. */
  readonly gatewaySecurityGroupId: string;
  readonly serviceNetworkId: string;
  /** prevent_destroy on the endpoints and the resource configurations. */
  readonly protect: boolean;
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

  constructor(scope: Construct, id: string, props: SharedEndpointsProps) {
    super(scope, id);
    const { provider, protect, ipAddressType } = props;
    const endpoint = keyedIterator(this, "endpoints", props.endpoints);
    const rule = keyedIterator(this, "port_rules", props.portRules);

    this.securityGroups = new SecurityGroup(this, "security_groups", {
      provider,
      forEach: endpoint,
      name: endpoint.getString("security_group_name"),
      description: "Interface endpoint of a shared service: admits only the VPC Lattice resource gateway",
      vpcId: props.vpcId,
      tags: { Name: endpoint.getString("security_group_name") },
    });
    const endpointGroup = instanceAttribute(this.securityGroups, eachValue("endpoint"), "id");

    // The gateway source-NATs client traffic: an endpoint sees only the gateway's group.
    new VpcSecurityGroupIngressRule(this, "ingress", {
      provider,
      forEach: rule,
      securityGroupId: endpointGroup,
      referencedSecurityGroupId: props.gatewaySecurityGroupId,
      ipProtocol: "tcp",
      fromPort: rule.getNumber("from_port"),
      toPort: rule.getNumber("to_port"),
      description: text`TCP ${eachValue("ports")} from the VPC Lattice resource gateway`,
    });
    new VpcSecurityGroupEgressRule(this, "gateway_egress", {
      provider,
      forEach: rule,
      securityGroupId: props.gatewaySecurityGroupId,
      referencedSecurityGroupId: endpointGroup,
      ipProtocol: "tcp",
      fromPort: rule.getNumber("from_port"),
      toPort: rule.getNumber("to_port"),
      description: text`TCP ${eachValue("ports")} to the ${eachValue("endpoint")} interface endpoint`,
    });

    const endpointIp = mapValue(ipAddressType, ENDPOINT_IP);
    this.endpoints = new VpcEndpoint(this, "vpc_endpoints", {
      provider,
      forEach: endpoint,
      vpcId: props.vpcId,
      serviceName: endpoint.getString("service_name"),
      vpcEndpointType: "Interface",
      subnetIds: [...props.subnetIds],
      securityGroupIds: [instanceAttribute(this.securityGroups, EACH_KEY, "id")],
      // The vendor's names live in the central private hosted zones, pointing at Lattice.
      privateDnsEnabled: false,
      ipAddressType: endpointIp,
      dnsOptions: { dnsRecordIpType: endpointIp },
      tags: { Name: endpoint.getString("resource_configuration_name") },
      lifecycle: {
        preventDestroy: protect,
        // The provider reports pendingAcceptance as success; nothing would work until the vendor accepts.
        postcondition: [{
          condition: selfEquals("state", "available"),
          errorMessage: text`The interface endpoint for ${EACH_KEY} (${eachValue("service_name")}) is not available: ` +
            "ask the provider to accept the connection (or allow-list this account), then apply again.",
        }],
      },
    });

    this.resourceConfigurations = new VpclatticeResourceConfiguration(this, "resource_configurations", {
      provider,
      forEach: endpoint,
      name: endpoint.getString("resource_configuration_name"),
      type: "SINGLE",
      protocol: "TCP",
      resourceGatewayIdentifier: props.resourceGatewayId,
      portRanges: endpoint.getList("port_ranges"),
      // The service network is shared through RAM, which needs this set.
      allowAssociationToShareableServiceNetwork: true,
      resourceConfigurationDefinition: [{
        dnsResource: [{
          // Must resolve publicly: the endpoint's regional name, never the vendor's private name.
          domainName: instanceAttribute(this.endpoints, EACH_KEY, "dns_entry[0].dns_name"),
          ipAddressType: mapValue(ipAddressType, DNS_RESOURCE_IP),
        }],
      }],
      lifecycle: { preventDestroy: protect },
    });

    this.associations = new VpclatticeServiceNetworkResourceAssociation(this, "associations", {
      provider,
      forEach: endpoint,
      resourceConfigurationIdentifier: instanceAttribute(this.resourceConfigurations, EACH_KEY, "id"),
      serviceNetworkIdentifier: props.serviceNetworkId,
    });
  }

  /** Endpoint name → the values spokes and Route 53 need: the hub's `endpoints` output. */
  get outputs(): string {
    return endpointOutputs(this);
  }
}
