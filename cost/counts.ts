/** What the cost model counts in a topology (read from its estate), and the defaults the CLI derives from it. */
import type { Estate } from "../config/estate";
import type { Topology } from "../config/topology";
import type { Counts, EndpointAccessCounts, MonitoringCounts } from "./model";

/** GB a month per (spoke VPC, endpoint) pair when neither `--gb` nor the topology says. */
export const DEFAULT_GB_PER_PAIR = 100;

/** The topology's own traffic figure (its optional `traffic` block). */
export const topologyTraffic = (t: Topology): number | undefined => t.traffic?.gbPerVpcEndpoint;

export interface Overrides {
  readonly gbPerPair?: number;
  readonly hubAzs?: number;
}

export function countsOf(estate: Estate, overrides: Overrides = {}): Counts {
  const t = estate.topology;
  const endpointAccess = endpointAccessCounts(estate);
  return {
    spokeVpcs: estate.spokeVpcCount,
    endpoints: estate.endpoints.length,
    // The hub's subnets stand for its AZs: the resource gateway and endpoints take one subnet per AZ.
    hubAzs: overrides.hubAzs ?? t.hub.subnetIds.length,
    // Created and adopted alike: an adopted zone is billed too.
    zones: estate.dns.zones.length,
    gbPerPair: overrides.gbPerPair ?? topologyTraffic(t) ?? DEFAULT_GB_PER_PAIR,
    dnsMode: estate.dns.mode,
    ...(estate.monitoring ? { monitoring: monitoringCounts(estate) } : {}),
    ...(endpointAccess.vpcs ? { endpointAccess } : {}),
  };
}

/**
 * The spokes' endpoint-mode VPCs (docs/endpoint-access.md). The topology names subnets, not AZs:
 * each subnet id stands for one AZ of its VPC, so an endpoint spans as many AZs as its VPC has subnets.
 */
export function endpointAccessCounts(estate: Estate): EndpointAccessCounts {
  const facts = estate.spokes.map((s) => s.endpointAccess);
  const subnets = new Map(facts.flatMap((f) => f.vpcs.map((v) => [v.vpcId, v.subnetIds?.length ?? 0] as const)));
  const sum = (f: (x: (typeof facts)[number]) => number) => facts.reduce((n, x) => n + f(x), 0);
  return {
    vpcs: sum((f) => f.vpcs.length),
    endpoints: sum((f) => f.endpoints.length),
    endpointAzs: sum((f) => f.endpoints.reduce((n, e) => n + (subnets.get(e.vpcId) ?? 0), 0)),
    zones: sum((f) => f.zones.length),
    resolvers: sum((f) => f.resolvers.length),
    resolverIps: sum((f) => f.resolvers.reduce((n, r) => n + r.subnetIds.length, 0)),
  };
}

/** What the hub's monitoring creates (modules/monitoring.ts): 3 alarms per endpoint in service and 1 for the gateway. */
export const ALARMS_PER_ENDPOINT = 3;
function monitoringCounts(estate: Estate): MonitoringCounts {
  const m = estate.monitoring!;
  return {
    alarms: ALARMS_PER_ENDPOINT * estate.endpoints.length + 1,
    dashboards: 1,
    topics: m.topicArn ? 0 : 1,
    kmsKeys: m.topicArn || m.kmsKeyArn ? 0 : 1,
  };
}
