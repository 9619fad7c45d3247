/** What the cost model counts in a topology, and the defaults the CLI derives from it. */
import type { Topology } from "../config/loader";
import type { Counts } from "./model";

/** GB a month per (spoke VPC, endpoint) pair when neither `--gb` nor the topology says. */
export const DEFAULT_GB_PER_PAIR = 100;

/** The topology's own traffic figure (its optional `traffic` block). */
export const topologyTraffic = (t: Topology): number | undefined => t.traffic?.gbPerVpcEndpoint;

export interface Overrides {
  readonly gbPerPair?: number;
  readonly hubAzs?: number;
}

export function countsOf(t: Topology, overrides: Overrides = {}): Counts {
  return {
    spokeVpcs: t.spokes.reduce((n, s) => n + s.vpcs.length, 0),
    endpoints: t.endpoints.length,
    // The hub's subnets stand for its AZs: the resource gateway and endpoints take one subnet per AZ.
    hubAzs: overrides.hubAzs ?? t.hub.subnetIds.length,
    zones: new Set(t.endpoints.map((e) => e.dns.zone)).size,
    gbPerPair: overrides.gbPerPair ?? topologyTraffic(t) ?? DEFAULT_GB_PER_PAIR,
  };
}
