/** What the cost model counts in a topology (read from its estate), and the defaults the CLI derives from it. */
import type { Estate } from "../config/estate";
import type { Topology } from "../config/topology";
import type { Counts, MonitoringCounts } from "./model";

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
