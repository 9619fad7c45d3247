/**
 * Reads that several verify checks share, each with the same input so that the reader's memo makes
 * it one call per run: the hub's service network and what hangs off it, the zones and their
 * records, the shares, the Route 53 Profile. Resources are found by the names config/estate.ts
 * derives and, where a name is not unique in an account (RAM shares, endpoints), by the ManagedBy tag.
 */
import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import type { ListResourceRecordSetsCommandInput, VPCRegion } from "@aws-sdk/client-route-53";
import type { ResourceShare } from "@aws-sdk/client-ram";
import type { ServiceNetworkResourceAssociationSummary, ServiceNetworkSummary } from "@aws-sdk/client-vpc-lattice";
import { MANAGED_BY_TAG } from "../config/contract";
import type { Estate } from "../config/estate";
import { failedWith } from "../preflight/errors";
import { Skip, type Reader } from "../preflight/model";

/** Every page of a List call that pages with nextToken (VPC Lattice, RAM). */
export async function allPages<T>(page: (token: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(token);
    out.push(...(p.items ?? []));
    token = p.nextToken;
  } while (token);
  return out;
}

/** DNS names as Route 53 returns them ("Api.Zone." with \052 for "*") → "api.zone". */
export function dnsName(name: string | undefined): string {
  return (name ?? "").replace(/\\(\d{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8))).replace(/\.$/, "").toLowerCase();
}

/** The service network the estate names, as the hub account sees it; undefined when it does not exist. */
export async function findServiceNetwork(r: Reader, estate: Estate): Promise<ServiceNetworkSummary | undefined> {
  const all = await allPages((nextToken) => r.read("vpc-lattice:ListServiceNetworks", { nextToken }));
  return all.find((n) => n.name === estate.hub.names.serviceNetwork);
}

export async function serviceNetwork(r: Reader, estate: Estate): Promise<ServiceNetworkSummary & { id: string; arn: string }> {
  const found = await findServiceNetwork(r, estate);
  if (!found?.id || !found.arn) throw new Skip(`the service network ${estate.hub.names.serviceNetwork} does not exist (VF-HUB-004)`);
  return found as ServiceNetworkSummary & { id: string; arn: string };
}

/** The service network's resource associations, by resource configuration name. */
export async function resourceAssociations(r: Reader, estate: Estate): Promise<Map<string, ServiceNetworkResourceAssociationSummary>> {
  const network = await serviceNetwork(r, estate);
  const all = await allPages((nextToken) => r.read("vpc-lattice:ListServiceNetworkResourceAssociations",
    { serviceNetworkIdentifier: network.id, nextToken }));
  return new Map(all.map((a) => [a.resourceConfigurationName ?? "", a]));
}

/** The live Lattice DNS name of an endpoint's resource association (read as the hub); SKIP when it has none. */
export async function latticeName(r: Reader, estate: Estate, endpoint: string): Promise<string> {
  const hub = r.as(estate.hub.workspace);
  const e = estate.endpoints.find((x) => x.name === endpoint)!;
  const association = (await resourceAssociations(hub, estate)).get(e.resourceConfigurationName);
  const name = dnsName(association?.dnsEntry?.domainName);
  if (!name) throw new Skip(`the resource association of ${endpoint} has no DNS name (VF-HUB-005)`);
  return name;
}

const managedBy = (estate: Estate) => estate.defaultTags[MANAGED_BY_TAG];

/** A RAM share this estate owns, by name and ManagedBy tag; undefined when there is no active one. */
export async function ownedShare(r: Reader, estate: Estate, name: string): Promise<ResourceShare | undefined> {
  const shares = await allPages(async (nextToken) => {
    const out = await r.read("ram:GetResourceShares", {
      resourceOwner: "SELF", name, resourceShareStatus: "ACTIVE", nextToken,
      tagFilters: [{ tagKey: MANAGED_BY_TAG, tagValues: [managedBy(estate)] }],
    });
    return { items: out.resourceShares, nextToken: out.nextToken };
  });
  return shares.find((s) => s.name === name);
}

/** A zone as a reader sees it. */
export interface ZoneRef {
  readonly id: string;
  readonly name: string;
  /** The account that owns it, when known. */
  readonly owner?: string;
}

/**
 * The id of a topology zone in the Route 53 account, read as the dns workspace: an adopted zone by
 * its id, a created zone as the zone of that name associated with dns.vpcId (it is created with
 * it, and a VPC takes one zone of a name). Undefined when it does not exist.
 */
export async function findZone(r: Reader, estate: Estate, zone: string): Promise<ZoneRef | undefined> {
  const adopted = estate.dns.adoptedZones.get(zone);
  if (adopted) {
    try {
      const out = await r.read("route53:GetHostedZone", { Id: adopted });
      const name = dnsName(out.HostedZone?.Name);
      return name === zone && out.HostedZone?.Config?.PrivateZone ? { id: adopted, name, owner: estate.dns.workspace.accountId } : undefined;
    } catch (e) {
      if (failedWith(e, "NoSuchHostedZone")) return undefined;
      throw e;
    }
  }
  const summaries = await zonesOfVpc(r, estate, estate.dns.creationVpcId!);
  return summaries.find((z) => z.name === zone && z.owner === estate.dns.workspace.accountId);
}

/** The id of a topology zone; SKIP naming VF-DNS-001 when it does not exist. */
export async function zoneId(r: Reader, estate: Estate, zone: string): Promise<string> {
  const found = await findZone(r.as(estate.dns.workspace), estate, zone);
  if (!found) throw new Skip(`the zone ${zone} does not exist (VF-DNS-001)`);
  return found.id;
}

/** The private hosted zones associated with a VPC (read as the VPC's account), whoever owns them. */
export async function zonesOfVpc(r: Reader, estate: Estate, vpcId: string): Promise<ZoneRef[]> {
  const out: ZoneRef[] = [];
  let token: string | undefined;
  do {
    const page = await r.read("route53:ListHostedZonesByVPC", { VPCId: vpcId, VPCRegion: estate.topology.region as VPCRegion, NextToken: token });
    for (const z of page.HostedZoneSummaries ?? []) {
      out.push({ id: z.HostedZoneId ?? "", name: dnsName(z.Name), owner: z.Owner?.OwningAccount ?? z.Owner?.OwningService });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

/** One record set, its name normalized ("*" for a wildcard). */
export interface RecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  readonly values: readonly string[];
}

/** Every record set of a zone (read as the zone's account). */
export async function zoneRecords(r: Reader, hostedZoneId: string): Promise<RecordSet[]> {
  const out: RecordSet[] = [];
  let start: Omit<ListResourceRecordSetsCommandInput, "HostedZoneId"> = {};
  for (;;) {
    const page = await r.read("route53:ListResourceRecordSets", { HostedZoneId: hostedZoneId, ...start });
    for (const s of page.ResourceRecordSets ?? []) {
      out.push({
        name: dnsName(s.Name),
        type: s.Type ?? "",
        ttl: s.TTL,
        values: s.AliasTarget ? [dnsName(s.AliasTarget.DNSName)] : (s.ResourceRecords ?? []).map((v) => dnsName(v.Value)),
      });
    }
    if (!page.IsTruncated) return out;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier };
  }
}

/** The topology's Route 53 Profile (profile mode), read as the dns workspace; SKIP naming VF-DNS-004 when absent. */
export async function ourProfileId(r: Reader, estate: Estate): Promise<string> {
  const dns = r.as(estate.dns.workspace);
  const summaries = [];
  let token: string | undefined;
  do {
    const page = await dns.read("route53profiles:ListProfiles", { NextToken: token });
    summaries.push(...(page.ProfileSummaries ?? []));
    token = page.NextToken;
  } while (token);
  const found = summaries.find((p) => p.Name === estate.dns.profile?.name);
  if (!found?.Id) throw new Skip(`the Route 53 Profile ${estate.dns.profile?.name} does not exist (VF-DNS-004)`);
  return found.Id;
}

/** The hosted zone ids a Route 53 Profile carries (read as `r`). */
export async function profileZoneIds(r: Reader, profileId: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await r.read("route53profiles:ListProfileResourceAssociations",
      { ProfileId: profileId, ResourceType: "AWS::Route53::HostedZone", NextToken: token });
    for (const a of page.ProfileResourceAssociations ?? []) {
      if (a.Status && !/^(COMPLETE|CREATING|UPDATING)$/.test(a.Status)) continue;
      ids.push((a.ResourceArn ?? "").split("/").pop() ?? "");
    }
    token = page.NextToken;
  } while (token);
  return ids.filter(Boolean);
}

/**
 * The VPC endpoints of type Resource in a VPC (read as the VPC's account), except deleted ones: the
 * same input for every check, so one call per VPC (and page) in a run.
 */
export async function resourceEndpoints(r: Reader, vpcId: string): Promise<VpcEndpoint[]> {
  const out: VpcEndpoint[] = [];
  let token: string | undefined;
  do {
    const page = await r.read("ec2:DescribeVpcEndpoints", {
      Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "vpc-endpoint-type", Values: ["Resource"] }], NextToken: token,
    });
    out.push(...(page.VpcEndpoints ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return out.filter((v) => (v.State ?? "").toLowerCase() !== "deleted");
}

/** The Route 53 Profiles associated with a VPC (read as the VPC's account). */
export async function profilesOfVpc(r: Reader, vpcId: string): Promise<{ profileId: string; status?: string }[]> {
  const out = await r.read("route53profiles:ListProfileAssociations", { ResourceId: vpcId });
  return (out.ProfileAssociations ?? [])
    .filter((a) => (a.ResourceId === undefined || a.ResourceId === vpcId) && a.ProfileId)
    .map((a) => ({ profileId: a.ProfileId!, status: a.Status }));
}
