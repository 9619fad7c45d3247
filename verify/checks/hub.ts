/**
 * The hub account, read as the hub workspace's role: the interface endpoints, the resource gateway,
 * the resource configurations, the service network with its resource associations and access logs.
 * docs/verify.md says why each matters.
 */
import { MANAGED_BY_TAG } from "../../config/contract";
import type { Estate, SharedEndpoint } from "../../config/estate";
import { fail, pass, type CheckDefinition, type Outcome, type Reader, type Subject } from "../../preflight/model";
import { allPages, findServiceNetwork, resourceAssociations, serviceNetwork } from "../facts";

/** One subject per endpoint, read as the hub. */
const perEndpoint = (judge: (e: SharedEndpoint, estate: Estate, r: Reader) => Promise<Outcome>) =>
  (estate: Estate): Subject[] => estate.endpoints.map((e) => ({
    principal: estate.hub.workspace,
    subject: e.name,
    run: (r: Reader) => judge(e, estate, r),
  }));

/** What an endpoint's state means for the traffic (EC2 VpcEndpoint.State; lower case). */
export const ENDPOINT_STATES: Record<string, string> = {
  pendingacceptance: "the provider has not accepted the connection yet",
  pending: "it is still being created",
  rejected: "the provider rejected the connection",
  failed: "its creation failed",
  expired: "the provider did not accept the connection in time",
  deleting: "it is being deleted",
};

export const HUB_CHECKS: readonly CheckDefinition[] = [
  {
    id: "VF-HUB-001",
    title: "each interface endpoint exists and is available",
    reads: ["ec2:DescribeVpcEndpoints"],
    subjects: perEndpoint(async (e, estate, r) => {
      const out = await r.read("ec2:DescribeVpcEndpoints", {
        Filters: [{ Name: "vpc-id", Values: [estate.topology.hub.vpcId] }, { Name: "service-name", Values: [e.serviceName] }],
      });
      const tag = (v: { Tags?: { Key?: string; Value?: string }[] }, key: string) => v.Tags?.find((t) => t.Key === key)?.Value;
      // Ours: the product's ManagedBy value and the Name the hub gives it (another endpoint to the same service may exist).
      const ours = (out.VpcEndpoints ?? []).filter((v) => tag(v, MANAGED_BY_TAG) === estate.defaultTags[MANAGED_BY_TAG]
        && tag(v, "Name") === e.resourceConfigurationName && (v.State ?? "").toLowerCase() !== "deleted");
      if (ours.length === 0) {
        return fail(`no interface endpoint to ${e.serviceName} tagged Name=${e.resourceConfigurationName} in ${estate.topology.hub.vpcId}: apply the hub workspace`);
      }
      const endpoint = ours[0];
      const state = (endpoint.State ?? "unknown").toLowerCase();
      if (state === "available") return pass(`${endpoint.VpcEndpointId} is available`);
      return fail(`${endpoint.VpcEndpointId} is ${endpoint.State ?? "in no state"}: ${ENDPOINT_STATES[state] ?? "it carries no traffic"}` +
        `${state === "pendingacceptance" || state === "rejected" ? "; ask the provider to accept it" : ""}`);
    }),
  },
  {
    id: "VF-HUB-002",
    title: "the resource gateway is ACTIVE",
    reads: ["vpc-lattice:ListResourceGateways"],
    subjects: (estate) => [{
      principal: estate.hub.workspace,
      subject: estate.hub.names.resourceGateway,
      run: async (r: Reader) => {
        const all = await allPages((nextToken) => r.read("vpc-lattice:ListResourceGateways", { nextToken }));
        const gateway = all.find((g) => g.name === estate.hub.names.resourceGateway);
        if (!gateway) return fail(`no resource gateway named ${estate.hub.names.resourceGateway} in account ${estate.hub.workspace.accountId}: apply the hub workspace`);
        return gateway.status === "ACTIVE"
          ? pass(`${gateway.id} is ACTIVE`)
          : fail(`${gateway.id} is ${gateway.status ?? "in no status"}, not ACTIVE: no resource configuration reaches its endpoint through it`);
      },
    }],
  },
  {
    id: "VF-HUB-003",
    title: "each resource configuration is ACTIVE",
    reads: ["vpc-lattice:ListResourceConfigurations"],
    subjects: perEndpoint(async (e, _estate, r) => {
      const all = await allPages((nextToken) => r.read("vpc-lattice:ListResourceConfigurations", { nextToken }));
      const config = all.find((c) => c.name === e.resourceConfigurationName);
      if (!config) return fail(`no resource configuration named ${e.resourceConfigurationName}: apply the hub workspace`);
      return config.status === "ACTIVE"
        ? pass(`${config.name} (${config.id}) is ACTIVE`)
        : fail(`${config.name} (${config.id}) is ${config.status ?? "in no status"}, not ACTIVE`);
    }),
  },
  {
    id: "VF-HUB-004",
    title: "the service network exists",
    reads: ["vpc-lattice:ListServiceNetworks"],
    subjects: (estate) => [{
      principal: estate.hub.workspace,
      subject: estate.hub.names.serviceNetwork,
      run: async (r: Reader) => {
        const network = await findServiceNetwork(r, estate);
        return network
          ? pass(`${network.id} exists`)
          : fail(`no service network named ${estate.hub.names.serviceNetwork} in account ${estate.hub.workspace.accountId}: apply the hub workspace`);
      },
    }],
  },
  {
    id: "VF-HUB-005",
    title: "each resource configuration's service-network association is ACTIVE and has its DNS name",
    reads: ["vpc-lattice:ListServiceNetworks", "vpc-lattice:ListServiceNetworkResourceAssociations"],
    subjects: perEndpoint(async (e, estate, r) => {
      const association = (await resourceAssociations(r, estate)).get(e.resourceConfigurationName);
      if (!association) return fail(`${e.resourceConfigurationName} is not associated with the service network: apply the hub workspace`);
      if (association.status !== "ACTIVE") {
        return fail(`the association ${association.id} is ${association.status ?? "in no status"}${association.failureCode ? ` (${association.failureCode})` : ""}, not ACTIVE`);
      }
      const name = association.dnsEntry?.domainName;
      return name
        ? pass(`${association.id} is ACTIVE, DNS name ${name}`)
        : fail(`the association ${association.id} is ACTIVE but has no DNS name: the vendor's records have nothing to point at`);
    }),
  },
  {
    id: "VF-HUB-006",
    title: "the service network's resource access logs go to the topology's log group",
    reads: ["vpc-lattice:ListServiceNetworks", "vpc-lattice:ListAccessLogSubscriptions"],
    subjects: (estate) => [{
      principal: estate.hub.workspace,
      subject: estate.hub.names.serviceNetwork,
      run: async (r: Reader) => {
        const network = await serviceNetwork(r, estate);
        const all = await allPages((nextToken) => r.read("vpc-lattice:ListAccessLogSubscriptions", { resourceIdentifier: network.id, nextToken }));
        const group = estate.hub.names.accessLogGroup;
        const toGroup = all.filter((s) => (s.destinationArn ?? "").replace(/:\*$/, "").endsWith(`:log-group:${group}`));
        const resource = toGroup.find((s) => s.serviceNetworkLogType === "RESOURCE");
        if (resource) return pass(`${resource.id} sends RESOURCE access logs to ${group}`);
        return toGroup.length > 0
          ? fail(`${toGroup[0].id} sends ${toGroup[0].serviceNetworkLogType ?? "SERVICE"} logs to ${group}, not RESOURCE logs: access to the vendors goes unrecorded`)
          : fail(`no access-log subscription sends to ${group}: access to the vendors goes unrecorded; apply the hub workspace`);
      },
    }],
  },
];
