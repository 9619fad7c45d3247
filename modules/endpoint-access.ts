import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import type { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53ResolverEndpoint } from "@cdktf/provider-aws/lib/route53-resolver-endpoint";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformIterator, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  coalesce,
  EACH_KEY,
  eachValue,
  givenOrCreatedGroups,
  instanceAttribute,
  keyedIterator,
  mapEntryAttribute,
  numberValue,
  resolverAddresses,
  text,
  type KeyedInput,
  type MapReference,
  type ValueOrVariable,
} from "./expressions";
import { addClientSecurityGroups, type ClientGroupSpec, type ClientRuleSpec } from "./client-security-groups";

/** One VPC endpoint of type Resource: one vendor in one VPC; keyed "<endpoint>/<vpc id>". */
export interface AccessEndpointSpec {
  readonly vpc_id: string;
  /** The hub endpoint's name: the key of its resource configuration in `resourceConfigurations`. */
  readonly endpoint: string;
  readonly subnet_ids: readonly string[];
  /** 1–5 existing groups; empty: the group created for the VPC's clients. */
  readonly security_group_ids: readonly string[];
}

/** A private hosted zone of one vendor domain for one VPC; keyed "<zone>/<vpc id>". */
export interface AccessZoneSpec {
  readonly zone: string;
  readonly vpc_id: string;
}

/** A vendor hostname in one VPC's zone; keyed "<fqdn>/<vpc id>". */
export interface AccessRecordSpec {
  readonly name: string;
  /** Keys of its zone (`zones`) and of the endpoint it points at (`endpoints`). */
  readonly zone_key: string;
  readonly endpoint_key: string;
}

/** A Route 53 Resolver inbound endpoint; keyed by VPC id. */
export interface ResolverSpec {
  readonly name: string;
  readonly security_group_name: string;
  /** One IP address in each (at least two). */
  readonly subnet_ids: readonly string[];
}

/** DNS from one on-premises network over one protocol; keyed "<vpc id>/<cidr>/<tcp|udp>". */
export interface ResolverRuleSpec {
  readonly vpc_id: string;
  /** Exactly one of the two is set. */
  readonly cidr_ipv4: string | null;
  readonly cidr_ipv6: string | null;
  readonly protocol: "tcp" | "udp";
}

export interface EndpointAccessProps {
  /** The VPCs' account. */
  readonly provider: TerraformProvider;
  /** Region of the VPCs. @default the provider's */
  readonly region?: string;
  /** Endpoint name → its entry of the hub's `endpoints` output, whose `resource_configuration_arn` each endpoint takes. */
  readonly resourceConfigurations: MapReference;
  readonly endpoints: KeyedInput<AccessEndpointSpec>;
  /** Groups created for VPCs given client CIDRs; keyed by VPC id. */
  readonly clientGroups: KeyedInput<ClientGroupSpec>;
  /** Their ingress: TCP on the endpoints' ports from each client network; keyed "<vpc id>/<cidr>/<first port>". */
  readonly clientRules: KeyedInput<ClientRuleSpec>;
  readonly zones: KeyedInput<AccessZoneSpec>;
  readonly records: KeyedInput<AccessRecordSpec>;
  readonly ttl: ValueOrVariable<number>;
  /** @default none */
  readonly resolvers?: KeyedInput<ResolverSpec>;
  /** @default none */
  readonly resolverRules?: KeyedInput<ResolverRuleSpec>;
  /** prevent_destroy on the endpoints and the zones. */
  readonly protect: boolean;
  /** The acceptance of the hub's share (outside the organization): the endpoints wait for it. @default none */
  readonly accepter?: RamResourceShareAccepter;
}

/**
 * Endpoint access (docs/endpoint-access.md): VPCs that do not join the service network reach each
 * shared resource configuration through a VPC endpoint of type Resource of their own, behind a
 * client security group, and resolve the vendors' hostnames through private hosted zones of their
 * account whose records point at that VPC's endpoints' DNS names. With a resolver, on-premises
 * forwarders query those zones through a Route 53 Resolver inbound endpoint (DNS from the given
 * networks only).
 */
export class EndpointAccess extends Construct {
  readonly endpoints: VpcEndpoint;
  readonly zones: Route53Zone;
  readonly records: Route53Record;
  readonly resolvers?: Route53ResolverEndpoint;

  constructor(scope: Construct, id: string, props: EndpointAccessProps) {
    super(scope, id);
    const { provider, protect } = props;

    const { groups: clientGroups } = addClientSecurityGroups(this, {
      provider, groups: props.clientGroups, rules: props.clientRules, purpose: "VPC Lattice resource endpoints",
    });

    // Type Resource: its own dns_entry names it (a ServiceNetwork endpoint's is empty), known after
    // apply from the created resource, with no data source to read.
    const endpoint = keyedIterator(this, "endpoints", props.endpoints);
    this.endpoints = new VpcEndpoint(this, "endpoints", {
      provider,
      forEach: endpoint,
      vpcId: endpoint.getString("vpc_id"),
      vpcEndpointType: "Resource",
      resourceConfigurationArn: mapEntryAttribute(props.resourceConfigurations, eachValue("endpoint"), "resource_configuration_arn"),
      subnetIds: endpoint.getList("subnet_ids"),
      securityGroupIds: givenOrCreatedGroups(clientGroups, eachValue("vpc_id")),
      tags: { Name: endpoint.key },
      lifecycle: { preventDestroy: protect },
      dependsOn: props.accepter ? [props.accepter] : undefined,
    });

    const zone = keyedIterator(this, "zones", props.zones);
    this.zones = new Route53Zone(this, "zones", {
      provider,
      forEach: zone,
      name: zone.getString("zone"),
      comment: "Private names of a third-party service, resolved to this VPC's VPC Lattice resource endpoints",
      vpc: [{ vpcId: zone.getString("vpc_id"), vpcRegion: props.region }],
      lifecycle: { preventDestroy: protect },
    });

    const record = keyedIterator(this, "records", props.records);
    this.records = new Route53Record(this, "records", {
      provider,
      forEach: record,
      zoneId: instanceAttribute(this.zones, eachValue("zone_key"), "zone_id"),
      name: record.getString("name"),
      type: "CNAME",
      ttl: numberValue(props.ttl),
      records: [instanceAttribute(this.endpoints, eachValue("endpoint_key"), "dns_entry[0].dns_name")],
    });

    if (props.resolvers) this.resolvers = this.inboundResolvers(props, props.resolvers, props.resolverRules ?? {});
  }

  /** Per VPC a Route 53 Resolver inbound endpoint behind a group that admits DNS from the given networks only. */
  private inboundResolvers(props: EndpointAccessProps, resolvers: KeyedInput<ResolverSpec>, rules: KeyedInput<ResolverRuleSpec>): Route53ResolverEndpoint {
    const { provider } = props;
    const resolver = keyedIterator(this, "resolvers", resolvers);
    const groups = new SecurityGroup(this, "resolver_security_groups", {
      provider,
      forEach: resolver,
      name: resolver.getString("security_group_name"),
      description: "Route 53 Resolver inbound endpoint: DNS from the on-premises forwarders only",
      vpcId: resolver.key,
      tags: { Name: resolver.getString("security_group_name") },
    });
    const rule = keyedIterator(this, "resolver_ingress", rules);
    new VpcSecurityGroupIngressRule(this, "resolver_ingress", {
      provider,
      forEach: rule,
      securityGroupId: instanceAttribute(groups, eachValue("vpc_id"), "id"),
      cidrIpv4: rule.getString("cidr_ipv4"),
      cidrIpv6: rule.getString("cidr_ipv6"),
      ipProtocol: rule.getString("protocol"),
      fromPort: 53,
      toPort: 53,
      description: text`DNS over ${eachValue("protocol")} from on-premises forwarders in ${coalesce(eachValue("cidr_ipv4"), eachValue("cidr_ipv6"))}`,
    });
    const subnet = TerraformIterator.fromList(resolver.getList("subnet_ids"));
    return new Route53ResolverEndpoint(this, "resolvers", {
      provider,
      forEach: resolver,
      name: resolver.getString("name"),
      direction: "INBOUND",
      securityGroupIds: [instanceAttribute(groups, EACH_KEY, "id")],
      ipAddress: subnet.dynamic({ subnet_id: subnet.value }),
      tags: { Name: resolver.getString("name") },
    });
  }

  /** VPC id → the IP addresses of its resolver: what the on-premises forwarders of the vendor domains send to. */
  get resolverAddresses(): string | undefined {
    return this.resolvers ? resolverAddresses(this.resolvers) : undefined;
  }
}

/**
 * The hub's share also carries each in-service resource configuration, for accounts whose VPCs use
 * endpoint access (a resource endpoint needs its configuration shared; the service network is not
 * enough). Keyed by endpoint name, in `scope` with id `<id>`.
 */
export function shareResourceConfigurations(scope: Construct, id: string, props: {
  readonly provider: TerraformProvider;
  readonly shareArn: string;
  /** The hub's resource configurations block, keyed by endpoint name. */
  readonly resourceConfigurations: { readonly fqn: string };
  readonly endpoints: readonly string[];
}): RamResourceAssociation {
  const each = keyedIterator(scope, id, Object.fromEntries(props.endpoints.map((e) => [e, { endpoint: e }])));
  return new RamResourceAssociation(scope, id, {
    provider: props.provider,
    forEach: each,
    resourceShareArn: props.shareArn,
    resourceArn: instanceAttribute(props.resourceConfigurations, EACH_KEY, "arn"),
  });
}
