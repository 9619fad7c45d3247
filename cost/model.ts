/**
 * The cost model: monthly USD of three ways to give V spoke VPCs private access to S third-party
 * endpoint services. Pure functions over counts and prices; see docs/cost.md for the formulas.
 */
import type { DnsFacts } from "../config/estate";
import type { Prices } from "./price-sheet";
import { tieredCost } from "./tiers";

export type DnsMode = DnsFacts["mode"];

/** What the model needs to know about a topology. */
export interface Counts {
  /** V: spoke VPCs. */
  readonly spokeVpcs: number;
  /** S: endpoints (third-party endpoint services). */
  readonly endpoints: number;
  /** A: Availability Zones of the hub (and, for per-VPC endpoints, of every spoke VPC). */
  readonly hubAzs: number;
  /** Z: distinct private hosted zones. */
  readonly zones: number;
  /** G: GB a month per (spoke VPC, endpoint) pair. */
  readonly gbPerPair: number;
  /**
   * How spoke VPCs resolve the zones: one free association per (zone, VPC), or one Route 53
   * Profile association per spoke VPC (P = V), priced.
   */
  readonly dnsMode: DnsMode;
  /** The topology's `monitoring`, in the hub: what it creates. Absent: no monitoring. */
  readonly monitoring?: MonitoringCounts;
  /** Spoke VPCs with `access: endpoint` (docs/endpoint-access.md), not counted in V. Absent: none. */
  readonly endpointAccess?: EndpointAccessCounts;
}

/** What the endpoint-mode VPCs create in their spokes' accounts. */
export interface EndpointAccessCounts {
  /** Endpoint-mode VPCs. */
  readonly vpcs: number;
  /** Resource VPC endpoints: one per (vendor, endpoint-mode VPC), each a (VPC, endpoint) pair of G GB a month. */
  readonly endpoints: number;
  /** Endpoint-AZs: each endpoint in the AZs of its VPC's subnets (one AZ per subnet id, assumed). */
  readonly endpointAzs: number;
  /** Private hosted zones of the spokes' accounts: one per (vendor domain, endpoint-mode VPC). */
  readonly zones: number;
  /** Route 53 Resolver inbound endpoints, and their IP addresses (one per inbound subnet). */
  readonly resolvers: number;
  readonly resolverIps: number;
}

export interface MonitoringCounts {
  readonly alarms: number;
  readonly dashboards: number;
  /** 0 when the topology names an existing topic. */
  readonly topics: number;
  /** 0 when the topic is given, or its key is. */
  readonly kmsKeys: number;
}

export const DESIGNS = ["per_vpc_endpoints", "transit_gateway", "lattice"] as const;
export type Design = (typeof DESIGNS)[number];

export const DESIGN_LABELS: Record<Design, string> = {
  per_vpc_endpoints: "Per-VPC endpoints",
  transit_gateway: "Transit Gateway",
  lattice: "VPC Lattice (this project)",
};

/** Line items, in display order. */
export const ITEM_LABELS = {
  endpoint_hours: "Interface endpoints (endpoint-AZ hours)",
  privatelink_data: "PrivateLink data (through the endpoints)",
  tgw_attachments: "Transit Gateway attachments",
  tgw_data: "Transit Gateway data",
  lattice_resource_configurations: "Lattice resource configurations",
  lattice_data: "Lattice data",
  route53_zones: "Route 53 private hosted zones",
  route53_profile: "Route 53 Profile (hourly fee of the Route 53 account)",
  route53_profile_associations: "Route 53 Profile associations beyond the included",
  monitoring: "Monitoring (CloudWatch alarms, dashboard, SNS topic, KMS key)",
  access_endpoint_hours: "Endpoint access: resource endpoints (endpoint-AZ hours)",
  access_endpoint_data: "Endpoint access: resource endpoint data",
  access_zones: "Endpoint access: private hosted zones of the spokes",
  access_resolvers: "Endpoint access: Route 53 Resolver inbound endpoints (IP address hours)",
} as const;
export type Item = keyof typeof ITEM_LABELS;

export interface DesignCost {
  /** USD a month. */
  readonly total: number;
  /** USD a month per line item; only the items the design has. */
  readonly items: Partial<Record<Item, number>>;
}

export type Comparison = Record<Design, DesignCost>;

/** T: GB a month through the endpoints, all pairs together (of the VPCs associated with the service network). */
export const totalGb = (c: Counts): number => c.spokeVpcs * c.endpoints * c.gbPerPair;

/** GB a month through the endpoint-mode VPCs' resource endpoints: G per (VPC, endpoint) pair. */
export const accessGb = (c: Counts): number => (c.endpointAccess?.endpoints ?? 0) * c.gbPerPair;

export function designCost(design: Design, c: Counts, p: Prices): DesignCost {
  const T = totalGb(c);
  const hours = p.hoursPerMonth;
  // Every design pays the endpoint's data processing once: traffic always ends in an interface endpoint.
  const privatelinkData = tieredCost(T, p.privateLinkDataGb);
  // The two centralized designs resolve the vendors' names the same way: zones of ours, and in
  // profile mode the Profile that carries them (associating a VPC with a zone costs nothing).
  const dnsItems: Partial<Record<Item, number>> = {
    route53_zones: c.zones * p.route53HostedZoneMonth,
    ...(c.dnsMode === "profile" ? profileItems(c, p) : {}),
  };
  // The hub's endpoints: one per endpoint service, in each hub AZ.
  const hubEndpointHours = c.endpoints * c.hubAzs * hours * p.interfaceEndpointHour;
  let items: Partial<Record<Item, number>>;
  switch (design) {
    case "per_vpc_endpoints":
      // Every spoke VPC has its own endpoint per service; the vendor's private DNS, no zones of ours.
      items = {
        endpoint_hours: c.spokeVpcs * c.endpoints * c.hubAzs * hours * p.interfaceEndpointHour,
        privatelink_data: privatelinkData,
      };
      break;
    case "transit_gateway":
      // Spokes and the hub attached to one Transit Gateway (V + 1 attachments).
      items = {
        endpoint_hours: hubEndpointHours,
        tgw_attachments: (c.spokeVpcs + 1) * hours * p.transitGatewayAttachmentHour,
        tgw_data: T * p.transitGatewayDataGb,
        privatelink_data: privatelinkData,
        ...dnsItems,
      };
      break;
    case "lattice": {
      // One resource configuration per endpoint; VPC associations are free. Endpoint-mode VPCs'
      // traffic also crosses the hub (resource gateway, interface endpoint): it joins T there.
      const hubGb = T + accessGb(c);
      items = {
        endpoint_hours: hubEndpointHours,
        lattice_resource_configurations: c.endpoints * hours * p.latticeResourceConfigurationHour,
        lattice_data: tieredCost(hubGb, p.latticeDataGb),
        privatelink_data: tieredCost(hubGb, p.privateLinkDataGb),
        ...dnsItems,
        // The topology's own monitoring: only this design's output has it.
        ...(c.monitoring ? { monitoring: monitoringCost(c.monitoring, p) } : {}),
        ...(c.endpointAccess ? endpointAccessItems(c, c.endpointAccess, p) : {}),
      };
      break;
    }
  }
  const total = Object.values(items).reduce((sum, usd) => sum + (usd ?? 0), 0);
  return { total, items };
}

/**
 * Profile mode: the Route 53 account's hourly fee, which includes its first associations, and each
 * association beyond. Every spoke VPC has one association (a VPC has one Profile), so P = V.
 */
function profileItems(c: Counts, p: Prices): Partial<Record<Item, number>> {
  const beyond = Math.max(0, c.spokeVpcs - p.route53ProfileIncludedVpcAssociations);
  return {
    route53_profile: p.hoursPerMonth * p.route53ProfileHour,
    route53_profile_associations: beyond * p.hoursPerMonth * p.route53ProfileVpcAssociationHour,
  };
}

/**
 * Endpoint access, in the spokes' accounts: the resource endpoints in each AZ of their VPC, their
 * data (tiered on all resource endpoints together), a zone per vendor domain and VPC, and the
 * Resolver's IP addresses.
 */
function endpointAccessItems(c: Counts, a: EndpointAccessCounts, p: Prices): Partial<Record<Item, number>> {
  return {
    access_endpoint_hours: a.endpointAzs * p.hoursPerMonth * p.resourceEndpointHour,
    access_endpoint_data: tieredCost(accessGb(c), p.resourceEndpointDataGb),
    access_zones: a.zones * p.route53HostedZoneMonth,
    ...(a.resolverIps ? { access_resolvers: a.resolverIps * p.hoursPerMonth * p.route53ResolverEndpointIpHour } : {}),
  };
}

/** Alarms, dashboards, topics and keys, each a flat monthly price. */
export function monitoringCost(m: MonitoringCounts, p: Prices): number {
  return m.alarms * p.cloudwatchAlarmMonth + m.dashboards * p.cloudwatchDashboardMonth + m.topics * p.snsTopicMonth + m.kmsKeys * p.kmsKeyMonth;
}

export function compare(c: Counts, p: Prices): Comparison {
  return {
    per_vpc_endpoints: designCost("per_vpc_endpoints", c, p),
    transit_gateway: designCost("transit_gateway", c, p),
    lattice: designCost("lattice", c, p),
  };
}
