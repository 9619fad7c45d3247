/**
 * Each vendor's endpoint service as the hub account sees it: the apply creates an interface
 * endpoint to it in the hub subnets.
 */
import { MANAGED_BY_TAG } from "../../config/contract";
import type { Estate, SharedEndpoint } from "../../config/estate";
import { endpointService, hubZones, listOf, requireEndpointService } from "../facts";
import { fail, pass, warn, type CheckDefinition, type Outcome, type Reader, type Subject } from "../model";

const perEndpoint = (run: (e: SharedEndpoint, estate: Estate, r: Reader) => Promise<Outcome>) =>
  (estate: Estate): Subject[] => estate.endpoints.map((e) => ({
    principal: estate.hub.workspace,
    subject: e.name,
    run: (r) => run(e, estate, r),
  }));

/** Endpoint states that no longer hold a connection. */
const GONE = new Set(["deleted", "deleting", "rejected", "failed", "expired"]);

export const ENDPOINT_CHECKS: readonly CheckDefinition[] = [
  {
    id: "PF-EPS-001",
    title: "the endpoint service is visible to the hub account",
    reads: ["ec2:DescribeVpcEndpointServices"],
    subjects: perEndpoint(async (e, estate, r) => {
      const service = await endpointService(r, e.serviceName);
      const account = estate.hub.workspace.accountId;
      return service
        ? pass(`${e.serviceName} is visible${service.Owner ? ` (owner ${service.Owner})` : ""}`)
        : fail(`${e.serviceName} is not visible to account ${account} in ${estate.topology.region}: the provider has not allow-listed ` +
          `the account (ask them to add arn:${estate.partition}:iam::${account}:root to the service's allowed principals), or the name is wrong`);
    }),
  },
  {
    id: "PF-EPS-002",
    title: "the endpoint service is offered in the hub subnets' Availability Zones",
    reads: ["ec2:DescribeVpcEndpointServices", "ec2:DescribeSubnets"],
    subjects: perEndpoint(async (e, estate, r) => {
      const service = await requireEndpointService(r, e.serviceName);
      const hub = await hubZones(r, estate);
      // Zone ids when the service reports them; else names, which is sound here: both come from the hub account.
      const [ours, theirs] = service.AvailabilityZoneIds?.length
        ? [hub.ids, new Set(service.AvailabilityZoneIds)]
        : [hub.names, new Set(service.AvailabilityZones ?? [])];
      const served = [...ours].filter((z) => theirs.has(z)).sort();
      const missing = [...ours].filter((z) => !theirs.has(z)).sort();
      if (served.length === 0) {
        return fail(`offered in ${listOf([...theirs].sort()) || "no zone"}, none of the hub's (${listOf([...ours].sort())}): ` +
          `add a hub subnet in one of its zones or ask the provider to add a zone`);
      }
      return missing.length > 0
        ? warn(`not offered in ${listOf(missing)}: no endpoint interface there, so traffic crosses zones (offered in ${listOf(served)})`)
        : pass(`offered in every hub zone (${listOf(served)})`);
    }),
  },
  {
    id: "PF-EPS-003",
    title: "connections to the endpoint service are accepted without the provider's action",
    reads: ["ec2:DescribeVpcEndpointServices"],
    subjects: perEndpoint(async (e, _estate, r) => (await requireEndpointService(r, e.serviceName)).AcceptanceRequired
      ? warn("the provider must accept the connection: the hub apply stops at the endpoint's postcondition until they do (or until they allow-list the account for auto-acceptance)")
      : pass("connections are accepted automatically")),
  },
  {
    id: "PF-EPS-004",
    title: "the endpoint service supports the endpoints' IP address type",
    reads: ["ec2:DescribeVpcEndpointServices"],
    subjects: perEndpoint(async (e, estate, r) => {
      const service = await requireEndpointService(r, e.serviceName);
      // A service that reports no types predates IPv6 support: IPv4 only.
      const types = (service.SupportedIpAddressTypes ?? ["ipv4"]).map((t) => t.toLowerCase());
      const needed = estate.hub.endpointIpAddressType;
      return types.includes(needed)
        ? pass(`supports ${needed} (${listOf(types)})`)
        : fail(`supports ${listOf(types)}, not ${needed}, which hub.ipAddressType ${estate.topology.hub.ipAddressType} needs`);
    }),
  },
  {
    id: "PF-EPS-005",
    title: "no other endpoint in the hub VPC connects to the same service",
    reads: ["ec2:DescribeVpcEndpoints"],
    subjects: perEndpoint(async (e, estate, r) => {
      const out = await r.read("ec2:DescribeVpcEndpoints", {
        Filters: [{ Name: "vpc-id", Values: [estate.topology.hub.vpcId] }, { Name: "service-name", Values: [e.serviceName] }],
      });
      const live = (out.VpcEndpoints ?? []).filter((v) => !GONE.has((v.State ?? "").toLowerCase()));
      const ours = (tags: { Key?: string; Value?: string }[] = []) =>
        tags.some((t) => t.Key === MANAGED_BY_TAG && t.Value === estate.defaultTags[MANAGED_BY_TAG]);
      const others = live.filter((v) => !ours(v.Tags)).map((v) => v.VpcEndpointId ?? "?").sort();
      if (others.length > 0) {
        return warn(`${listOf(others)} already connect${others.length === 1 ? "s" : ""} the hub VPC to ${e.serviceName}: ` +
          `the apply adds another (paid per zone); remove it, or keep it if something else uses it`);
      }
      return live.length > 0 ? pass("only this topology's own endpoint connects to it") : pass("no endpoint to it in the hub VPC yet");
    }),
  },
];
