import type { HubOutputName } from "../config/contract";
import type { LatticeHub } from "./lattice-hub";
import type { SharedEndpoints } from "./shared-endpoints";

/** The value of each hub output (config/contract.ts names and describes them). */
export function hubOutputValues(lattice: LatticeHub, shared: SharedEndpoints): Record<HubOutputName, unknown> {
  return {
    service_network_arn: lattice.serviceNetwork.arn,
    service_network_id: lattice.serviceNetwork.id,
    resource_share_arn: lattice.resourceShare.arn,
    endpoints: shared.outputs,
  };
}
