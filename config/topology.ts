/**
 * The types of a validated topology: what every stack and construct consumes. They derive from the
 * schema alone, so any module may import them without importing the loader (and what it loads).
 */
import type { TopologyInput } from "./schema";

/** A validated topology: what every stack and construct consumes. */
export type Topology = TopologyInput;
export type Endpoint = Topology["endpoints"][number];
export type Spoke = Topology["spokes"][number];
export type SpokeVpc = Spoke["vpcs"][number];
export type Backend = Topology["backend"];
