import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpclatticeResourceConfiguration } from "@cdktf/provider-aws/lib/vpclattice-resource-configuration";
import { VpclatticeServiceNetworkResourceAssociation } from "@cdktf/provider-aws/lib/vpclattice-service-network-resource-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { formatPortRange, mergePortRanges, parsePortEntry } from "../config/ports";
import { awsName, NAME_RULES } from "./names";

export type IpAddressType = "IPV4" | "IPV6" | "DUALSTACK";

export interface SharedEndpointProps {
  readonly provider: TerraformProvider;
  /** Prefix of every AWS name (the topology's name). */
  readonly namePrefix: string;
  /** The endpoint's name in the topology; part of its AWS names. */
  readonly name: string;
  /** The third party's endpoint service, e.g. com.amazonaws.vpce.us-east-1.vpce-svc-…. */
  readonly serviceName: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** Ports clients may use: "443" or "8000-8100". */
  readonly ports: readonly string[];
  /** @default "IPV4" */
  readonly ipAddressType?: IpAddressType;
  readonly resourceGatewayId: string;
  /** The resource gateway's security group: the only source the endpoint admits. */
  readonly gatewaySecurityGroupId: string;
  readonly serviceNetworkId: string;
  /** prevent_destroy on the endpoint and the resource configuration. @default true */
  readonly protect?: boolean;
}

/**
 * One third-party service, shared: an interface endpoint in the hub behind its own security group,
 * exposed to VPC Lattice as a DNS resource configuration on the resource gateway and associated
 * with the service network. Also opens the gateway's egress to this endpoint on its ports.
 */
export class SharedEndpoint extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly endpoint: VpcEndpoint;
  readonly resourceConfiguration: VpclatticeResourceConfiguration;
  readonly association: VpclatticeServiceNetworkResourceAssociation;

  constructor(scope: Construct, id: string, props: SharedEndpointProps) {
    super(scope, id);
    const { provider } = props;
    const protect = props.protect ?? true;
    const ipAddressType = props.ipAddressType ?? "IPV4";
    const ranges = props.ports.map((p) => {
      const r = parsePortEntry(p);
      if (!r) throw new Error(`endpoint ${props.name}: invalid port entry ${JSON.stringify(p)}`);
      return r;
    });

    this.securityGroup = new SecurityGroup(this, "security_group", {
      provider,
      name: awsName([props.namePrefix, props.name, "endpoint"], NAME_RULES.securityGroup),
      description: `Interface endpoint for ${props.name}: admits only the VPC Lattice resource gateway`,
      vpcId: props.vpcId,
      tags: { Name: awsName([props.namePrefix, props.name, "endpoint"], NAME_RULES.securityGroup) },
    });

    // The gateway source-NATs client traffic: the endpoint sees only the gateway's group.
    for (const range of mergePortRanges(ranges)) {
      const ports = formatPortRange(range);
      new VpcSecurityGroupIngressRule(this, `ingress_${ports}`, {
        provider,
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: props.gatewaySecurityGroupId,
        ipProtocol: "tcp",
        fromPort: range.from,
        toPort: range.to,
        description: `TCP ${ports} from the VPC Lattice resource gateway`,
      });
      new VpcSecurityGroupEgressRule(this, `gateway_egress_${ports}`, {
        provider,
        securityGroupId: props.gatewaySecurityGroupId,
        referencedSecurityGroupId: this.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: range.from,
        toPort: range.to,
        description: `TCP ${ports} to the ${props.name} interface endpoint`,
      });
    }

    this.endpoint = new VpcEndpoint(this, "vpc_endpoint", {
      provider,
      vpcId: props.vpcId,
      serviceName: props.serviceName,
      vpcEndpointType: "Interface",
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.securityGroup.id],
      // The vendor's names live in the central private hosted zones, pointing at Lattice.
      privateDnsEnabled: false,
      ...(ipAddressType === "IPV6" ? { ipAddressType: "ipv6", dnsOptions: { dnsRecordIpType: "ipv6" } } : {}),
      tags: { Name: `${props.namePrefix}-${props.name}` },
      lifecycle: {
        preventDestroy: protect,
        // The provider reports pendingAcceptance as success; nothing would work until the vendor accepts.
        postcondition: [{
          condition: '${self.state == "available"}',
          errorMessage: `The interface endpoint for ${props.name} (${props.serviceName}) is not available: ` +
            "ask the provider to accept the connection (or allow-list this account), then apply again.",
        }],
      },
    });

    this.resourceConfiguration = new VpclatticeResourceConfiguration(this, "resource_configuration", {
      provider,
      name: awsName([props.namePrefix, props.name], NAME_RULES.resourceConfiguration),
      type: "SINGLE",
      protocol: "TCP",
      resourceGatewayIdentifier: props.resourceGatewayId,
      portRanges: ranges.map(formatPortRange),
      // The service network is shared through RAM, which needs this set.
      allowAssociationToShareableServiceNetwork: true,
      resourceConfigurationDefinition: [{
        dnsResource: [{
          // Must resolve publicly: the endpoint's regional name, never the vendor's private name.
          domainName: this.endpoint.dnsEntry.get(0).dnsName,
          ipAddressType: ipAddressType === "IPV6" ? "IPV6" : "IPV4",
        }],
      }],
      lifecycle: { preventDestroy: protect },
    });

    this.association = new VpclatticeServiceNetworkResourceAssociation(this, "association", {
      provider,
      resourceConfigurationIdentifier: this.resourceConfiguration.id,
      serviceNetworkIdentifier: props.serviceNetworkId,
    });
  }

  /** The values spokes and Route 53 need, as the hub's `endpoints` output publishes them. */
  get outputs(): Record<string, string> {
    return {
      vpc_endpoint_id: this.endpoint.id,
      vpc_endpoint_dns_name: this.endpoint.dnsEntry.get(0).dnsName,
      resource_configuration_arn: this.resourceConfiguration.arn,
      lattice_dns_name: this.association.dnsEntry.get(0).domainName,
      lattice_hosted_zone_id: this.association.dnsEntry.get(0).hostedZoneId,
    };
  }
}
