/**
 * The vendor names: the zones (dns role), their records against the live Lattice DNS names (hub
 * role), each spoke VPC's associations (its spoke role), and the answer each spoke VPC gets for
 * each vendor hostname, worked out from every zone that applies to it (verify/resolution.ts).
 */
import type { Estate, SpokeFacts } from "../../config/estate";
import type { SpokeVpc } from "../../config/topology";
import type { ReadAction } from "../../preflight/calls";
import { failedWith } from "../../preflight/errors";
import { listOf } from "../../preflight/facts";
import { fail, pass, Skip, warn, type CheckDefinition, type Reader, type Subject } from "../../preflight/model";
import {
  dnsName, findZone, latticeName, ourProfileId, profileZoneIds, profilesOfVpc, zoneId, zoneRecords, zonesOfVpc, type ZoneRef,
} from "../facts";
import { answeringRecord, decidingZone, describeZone, type VisibleZone } from "../resolution";

/** Every vendor hostname: its endpoint, zone and fully qualified name, in topology order. */
export function hostnames(estate: Estate): { endpoint: string; zone: string; fqdn: string }[] {
  return estate.endpoints.flatMap((e) => e.records.map((record) => ({ endpoint: e.name, zone: e.zone, fqdn: `${record}.${e.zone}` })));
}

const profileMode = (estate: Estate) => estate.dns.mode === "profile";

/** One subject per spoke VPC, read as its spoke. */
const perVpc = (reads: (estate: Estate) => readonly ReadAction[] | undefined,
  judge: (vpc: SpokeVpc, spoke: SpokeFacts, estate: Estate, r: Reader) => ReturnType<Subject["run"]>) =>
  (estate: Estate): Subject[] => estate.spokes.flatMap((spoke) => spoke.vpcs.map((vpc) => ({
    principal: spoke.workspace,
    subject: vpc.vpcId,
    reads: reads(estate),
    run: (r: Reader) => judge(vpc, spoke, estate, r),
  })));

/** A zone's name from its id, for zones a profile carries that the topology does not name (read as the profile's reader). */
async function zoneName(r: Reader, id: string): Promise<string> {
  try {
    return dnsName((await r.read("route53:GetHostedZone", { Id: id })).HostedZone?.Name);
  } catch (e) {
    if (failedWith(e, "NoSuchHostedZone")) return "";
    throw new Skip(`the name of zone ${id}, carried by a Route 53 Profile of the VPC, cannot be read: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * Every zone that applies to a VPC: its own associations and those of its Route 53 Profile. `ours`
 * names the topology's zones by id (the others' names are read).
 */
export async function visibleZones(r: Reader, estate: Estate, vpcId: string, ours: ReadonlyMap<string, string>): Promise<VisibleZone[]> {
  const zones: VisibleZone[] = (await zonesOfVpc(r, estate, vpcId)).map((z) => ({ ...z, via: "vpc" }));
  for (const { profileId, status } of await profilesOfVpc(r, vpcId)) {
    if (status && !/^(COMPLETE|CREATING|UPDATING)$/.test(status)) continue;
    // The topology's profile is read as its owner, the dns role; another profile (a landing zone's) as the VPC's account.
    const owner = profileMode(estate) && profileId === await ourProfileId(r, estate) ? r.as(estate.dns.workspace) : r;
    for (const id of await profileZoneIds(owner, profileId)) {
      const name = ours.get(id) ?? await zoneName(owner, id);
      if (name) zones.push({ id, name, via: profileId });
    }
  }
  return zones;
}

/** Zone id → name of the topology's zones that exist. */
async function ourZones(r: Reader, estate: Estate): Promise<Map<string, string>> {
  const dns = r.as(estate.dns.workspace);
  const found = await Promise.all(estate.dns.zones.map((z) => findZone(dns, estate, z)));
  return new Map(found.filter((z): z is ZoneRef => z !== undefined).map((z) => [z.id, z.name]));
}

export const DNS_CHECKS: readonly CheckDefinition[] = [
  {
    id: "VF-DNS-001",
    title: "each zone exists in the Route 53 account",
    reads: ["route53:GetHostedZone", "route53:ListHostedZonesByVPC"],
    subjects: (estate) => estate.dns.zones.map((zone) => {
      const adopted = estate.dns.adoptedZones.get(zone);
      return {
        principal: estate.dns.workspace,
        subject: zone,
        reads: [adopted ? "route53:GetHostedZone" : "route53:ListHostedZonesByVPC"],
        run: async (r: Reader) => {
          const found = await findZone(r, estate, zone);
          if (found) return pass(`${found.id} (${adopted ? "adopted" : "created"}) exists`);
          return fail(adopted
            ? `${adopted} is not a private zone named ${zone} in account ${estate.dns.workspace.accountId}: fix dns.zones`
            : `no private zone named ${zone} is associated with ${estate.dns.creationVpcId}, the VPC it is created with: apply the dns workspace`);
        },
      };
    }),
  },
  {
    id: "VF-DNS-002",
    title: "each record is a CNAME to the live DNS name of its endpoint's resource association",
    reads: ["route53:GetHostedZone", "route53:ListHostedZonesByVPC", "route53:ListResourceRecordSets"],
    subjects: (estate) => hostnames(estate).map(({ endpoint, zone, fqdn }) => ({
      principal: estate.dns.workspace,
      subject: fqdn,
      reads: [estate.dns.adoptedZones.has(zone) ? "route53:GetHostedZone" : "route53:ListHostedZonesByVPC", "route53:ListResourceRecordSets"],
      run: async (r: Reader) => {
        const expected = await latticeName(r, estate, endpoint);
        const records = (await zoneRecords(r, await zoneId(r, estate, zone))).filter((s) => s.name === fqdn);
        if (records.length === 0) return fail(`no record ${fqdn}: apply the dns workspace`);
        const cname = records.find((s) => s.type === "CNAME");
        if (!cname) return fail(`${fqdn} is ${listOf(records.map((s) => s.type))}, not a CNAME to ${expected}`);
        const value = cname.values[0] ?? "";
        if (value !== expected) {
          return fail(`${fqdn} is a CNAME to ${value || "nothing"}, not to ${expected}, the live DNS name of ${endpoint}'s resource association: ` +
            `the record is stale; apply the dns workspace`);
        }
        const ttl = estate.topology.dns.ttl;
        return cname.ttl === ttl
          ? pass(`CNAME to ${expected}, TTL ${ttl}`)
          : warn(`CNAME to ${expected}, but TTL ${cname.ttl ?? "none"}, not the topology's ${ttl}: apply the dns workspace`);
      },
    })),
  },
  {
    id: "VF-DNS-003",
    title: "each spoke VPC is associated with every zone (associations mode) or with the Route 53 Profile (profile mode)",
    reads: ["route53:ListHostedZonesByVPC", "route53profiles:ListProfileAssociations"],
    subjects: perVpc((estate) => [profileMode(estate) ? "route53profiles:ListProfileAssociations" : "route53:ListHostedZonesByVPC"],
      async (vpc, _spoke, estate, r) => {
        if (profileMode(estate)) {
          const profileId = await ourProfileId(r, estate);
          const profiles = await profilesOfVpc(r, vpc.vpcId);
          const ours = profiles.find((p) => p.profileId === profileId);
          if (ours && (ours.status === undefined || ours.status === "COMPLETE")) return pass(`associated with Route 53 Profile ${profileId}`);
          if (ours) return fail(`its association with Route 53 Profile ${profileId} is ${ours.status}, not COMPLETE`);
          const others = profiles.map((p) => p.profileId);
          return fail(`not associated with Route 53 Profile ${profileId}${others.length ? `, but with ${listOf(others)}` : ""}: apply the spoke workspace`);
        }
        const associated = new Set((await zonesOfVpc(r, estate, vpc.vpcId)).map((z) => z.id));
        const missing: string[] = [];
        for (const zone of estate.dns.zones) {
          const id = await zoneId(r, estate, zone);
          if (!associated.has(id)) missing.push(`${zone} (${id})`);
        }
        return missing.length === 0
          ? pass(`associated with every zone (${estate.dns.zones.length})`)
          : fail(`not associated with ${listOf(missing)}: the vendor names do not resolve to VPC Lattice in it; apply the spoke workspace`);
      }),
  },
  {
    id: "VF-DNS-004",
    title: "in profile mode, the Route 53 Profile carries every zone",
    reads: ["route53:GetHostedZone", "route53:ListHostedZonesByVPC", "route53profiles:ListProfiles", "route53profiles:ListProfileResourceAssociations"],
    subjects: (estate) => (estate.dns.profile ? [{
      principal: estate.dns.workspace,
      subject: estate.dns.profile.name,
      reads: [
        ...(estate.dns.adoptedZones.size > 0 ? ["route53:GetHostedZone" as const] : []),
        ...(estate.dns.createdZones.length > 0 ? ["route53:ListHostedZonesByVPC" as const] : []),
        "route53profiles:ListProfiles", "route53profiles:ListProfileResourceAssociations",
      ],
      run: async (r: Reader) => {
        let profileId: string;
        try {
          profileId = await ourProfileId(r, estate);
        } catch (e) {
          if (e instanceof Skip) return fail(`no Route 53 Profile named ${estate.dns.profile!.name} in account ${estate.dns.workspace.accountId}: apply the dns workspace`);
          throw e;
        }
        const carried = new Set(await profileZoneIds(r, profileId));
        const missing: string[] = [];
        for (const zone of estate.dns.zones) {
          const id = await zoneId(r, estate, zone);
          if (!carried.has(id)) missing.push(`${zone} (${id})`);
        }
        return missing.length === 0
          ? pass(`${profileId} carries every zone (${estate.dns.zones.length})`)
          : fail(`${profileId} does not carry ${listOf(missing)}: no spoke VPC resolves ${missing.length === 1 ? "it" : "them"}; apply the dns workspace`);
      },
    }] : []),
  },
  {
    id: "VF-DNS-005",
    title: "each vendor hostname resolves, in each spoke VPC, to its Lattice DNS name",
    reads: ["route53:ListHostedZonesByVPC", "route53:GetHostedZone", "route53profiles:ListProfileAssociations", "route53profiles:ListProfileResourceAssociations"],
    // In profile mode a VPC has one profile, the topology's, read as the dns role.
    subjects: perVpc((estate) => profileMode(estate) ? ["route53:ListHostedZonesByVPC", "route53profiles:ListProfileAssociations"] : undefined,
      async (vpc, _spoke, estate, r) => {
      const ours = await ourZones(r, estate);
      const zones = await visibleZones(r, estate, vpc.vpcId, ours);
      const problems: string[] = [];
      const names = hostnames(estate);
      for (const { endpoint, zone, fqdn } of names) {
        const expected = await latticeName(r, estate, endpoint);
        const deciding = decidingZone(fqdn, zones);
        if (!deciding) {
          problems.push(`${fqdn}: no zone of this VPC answers it, so it resolves outside (to the vendor's public name, if any)`);
          continue;
        }
        if (!ours.has(deciding.id)) {
          problems.push(`${fqdn}: answered by ${describeZone(deciding)}, not by the topology's ${zone}`);
          continue;
        }
        const record = answeringRecord(fqdn, await zoneRecords(r.as(estate.dns.workspace), deciding.id));
        if (!record) problems.push(`${fqdn}: NXDOMAIN, ${describeZone(deciding)} has no record for it`);
        else if (record.type !== "CNAME") problems.push(`${fqdn}: ${record.type} ${listOf([...record.values])}, not a CNAME to ${expected}`);
        else if (record.values[0] !== expected) problems.push(`${fqdn}: CNAME to ${record.values[0] ?? "nothing"}, not to ${expected}`);
      }
      return problems.length === 0
        ? pass(`every vendor hostname (${names.length}) resolves to its Lattice DNS name`)
        : fail(problems.join("; "));
      }),
  },
];
