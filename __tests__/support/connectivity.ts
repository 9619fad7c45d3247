/**
 * The connectivity invariant of a live estate, read from the workspaces' states (the apply
 * simulator's): a spoke VPC reaches a vendor hostname when
 * - a record of that name exists in the dns workspace's state, in a zone the VPC resolves: associated
 *   with it (a spoke's zone association, or the zone's creation VPC), or carried by the Route 53
 *   Profile the VPC is associated with;
 * - the record's target is the Lattice DNS name of a service-network resource association that the
 *   hub's state holds;
 * - the VPC is associated with that service network (a spoke's VPC association).
 * Or, for a VPC of `access: endpoint` (docs/endpoint-access.md): a record of that name in a zone of its
 * spoke's state associated with it, pointing at the DNS name of a Resource endpoint of that VPC whose
 * resource configuration the hub's state holds.
 * Every DNS mechanism counts whatever the topology's mode: during a switch, either may serve.
 */
import type { Estate } from "../../config/estate";
import type { StateInstance, TfState } from "./apply-simulator";

/** A spoke VPC and a vendor hostname it must reach. */
export interface Reach {
  readonly vpcId: string;
  readonly hostname: string;
}

/** Every (VPC of an active spoke, fully qualified hostname of an endpoint in service) of an estate. */
export function reachOf(estate: Estate): Reach[] {
  const hostnames = estate.endpoints.flatMap((e) => e.records.map((r) => `${r}.${e.zone}`));
  return estate.spokes.filter((s) => !s.retired)
    .flatMap((s) => [...s.vpcs, ...s.endpointAccess.vpcs].flatMap((v) => hostnames.map((hostname) => ({ vpcId: v.vpcId, hostname }))));
}

/** The pairs both estates have: what a change must not cut at any moment. */
export function keptReach(before: Estate, after: Estate): Reach[] {
  const later = new Set(reachOf(after).map((r) => `${r.vpcId} ${r.hostname}`));
  return reachOf(before).filter((r) => later.has(`${r.vpcId} ${r.hostname}`));
}

type Attributes = Record<string, unknown>;

function instances(state: TfState | undefined, type: string): Attributes[] {
  return (state?.resources ?? [])
    .filter((r) => r.mode === "managed" && r.type === type)
    .flatMap((r) => r.instances.map((i: StateInstance) => i.attributes));
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const bare = (name: string) => name.toLowerCase().replace(/\.$/, "");
/** The first entry of a nested block list (`dns_entry[0]`). */
const first = (v: unknown): Attributes => (Array.isArray(v) && v.length > 0 ? v[0] as Attributes : {});

/**
 * Why each pair is cut, one line each (empty: every pair is reached). `states`: workspace → its state;
 * the hub's is "hub", the dns workspace's "dns", any other is a spoke's.
 */
export function connectivityProblems(states: ReadonlyMap<string, TfState | undefined>, reach: readonly Reach[]): string[] {
  const hub = states.get("hub");
  const dns = states.get("dns");
  const spokes = [...states].filter(([name]) => name !== "hub" && name !== "dns").map(([, s]) => s);
  const ofSpokes = (type: string) => spokes.flatMap((s) => instances(s, type));

  const serviceNetwork = instances(hub, "aws_vpclattice_service_network")[0] ?? {};
  const latticeNames = new Set(instances(hub, "aws_vpclattice_service_network_resource_association")
    .filter((a) => [serviceNetwork.id, serviceNetwork.arn].includes(a.service_network_identifier))
    .map((a) => str(first(a.dns_entry).domain_name)));
  const joined = new Set(ofSpokes("aws_vpclattice_service_network_vpc_association")
    .filter((a) => [serviceNetwork.id, serviceNetwork.arn].includes(a.service_network_identifier))
    .map((a) => str(a.vpc_identifier)));

  // Endpoint access: a spoke's Resource endpoints by DNS name, and the hub's resource configurations.
  const configurations = new Set(instances(hub, "aws_vpclattice_resource_configuration").map((c) => str(c.arn)));
  const accessEndpoints = new Map(ofSpokes("aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Resource")
    .map((e) => [str(first(e.dns_entry).dns_name), e] as const));

  const records = [...instances(dns, "aws_route53_record"), ...ofSpokes("aws_route53_record")];
  // zone id → the VPCs that resolve it directly.
  const zoneVpcs = new Map<string, Set<string>>();
  const resolves = (zone: string, vpc: string) => zoneVpcs.set(zone, (zoneVpcs.get(zone) ?? new Set()).add(vpc));
  for (const z of [...instances(dns, "aws_route53_zone"), ...ofSpokes("aws_route53_zone")]) {
    for (const v of Array.isArray(z.vpc) ? z.vpc as Attributes[] : []) resolves(str(z.zone_id), str(v.vpc_id));
  }
  for (const a of ofSpokes("aws_route53_zone_association")) resolves(str(a.zone_id), str(a.vpc_id));
  // Profile mode: the zones a profile carries, and the profile of each VPC.
  const profileZones = new Map<string, Set<string>>();
  for (const a of instances(dns, "aws_route53profiles_resource_association")) {
    const zone = /hostedzone\/([^/]+)$/.exec(str(a.resource_arn))?.[1];
    if (zone) profileZones.set(str(a.profile_id), (profileZones.get(str(a.profile_id)) ?? new Set()).add(zone));
  }
  for (const a of ofSpokes("aws_route53profiles_association")) {
    for (const zone of profileZones.get(str(a.profile_id)) ?? []) resolves(zone, str(a.resource_id));
  }

  const problems: string[] = [];
  for (const { vpcId, hostname } of reach) {
    const record = records.find((r) => bare(str(r.name)) === bare(hostname) && zoneVpcs.get(str(r.zone_id))?.has(vpcId));
    const target = str((record?.records as string[] | undefined)?.[0]);
    const endpoint = accessEndpoints.get(target);
    const cut = !record
      ? records.some((r) => bare(str(r.name)) === bare(hostname)) ? "its record is in a zone the VPC does not resolve" : "no record of that name"
      : endpoint
        ? str(endpoint.vpc_id) !== vpcId ? `the record points at a Resource endpoint of ${str(endpoint.vpc_id)}`
          : !configurations.has(str(endpoint.resource_configuration_arn)) ? "its Resource endpoint's configuration is not the hub's" : undefined
        : !latticeNames.has(target)
          ? `the record points at ${target}, no resource association of the hub's service network`
          : !joined.has(vpcId) ? "the VPC is not associated with the service network" : undefined;
    if (cut) problems.push(`${vpcId} → ${hostname}: ${cut}`);
  }
  return problems;
}
