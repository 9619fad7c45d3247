import type { LatticeHub } from "./lattice-hub";
import type { SharedEndpoints } from "./shared-endpoints";

/** The hub's outputs: the contract the spoke and dns workspaces and HCL callers read. Names are fixed. */
export function hubOutputs(lattice: LatticeHub, shared: SharedEndpoints): Record<string, { value: unknown; description: string }> {
  return {
    service_network_arn: { value: lattice.serviceNetwork.arn, description: "ARN of the VPC Lattice service network shared with the spokes" },
    service_network_id: { value: lattice.serviceNetwork.id, description: "ID of the VPC Lattice service network" },
    resource_share_arn: { value: lattice.resourceShare.arn, description: "ARN of the RAM share of the service network" },
    endpoints: {
      value: shared.outputs,
      description: "Per endpoint name: vpc_endpoint_id, vpc_endpoint_dns_name, resource_configuration_arn, lattice_dns_name, lattice_hosted_zone_id",
    },
  };
}
