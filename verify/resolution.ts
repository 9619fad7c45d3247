/**
 * What a VPC's Route 53 Resolver answers for a name, worked out from the private hosted zones that
 * apply to the VPC, as Route 53 documents it ("Considerations when working with a private hosted
 * zone"): of the zones whose name is the query name or a parent of it, the most specific decides;
 * when it has no record for the name, the answer is NXDOMAIN (there is no fallback to a less
 * specific zone). A zone associated with the VPC itself wins over a Route 53 Profile's zone of the
 * same name. Pure: no AWS here.
 */
import type { RecordSet, ZoneRef } from "./facts";

/** A zone that applies to a VPC, and how. */
export interface VisibleZone extends ZoneRef {
  /** "vpc": associated with the VPC itself; otherwise the id of the Route 53 Profile that carries it. */
  readonly via: string;
}

const within = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

/** The zone that decides the answer for `name` in a VPC with these zones, or undefined (the name resolves outside them). */
export function decidingZone(name: string, zones: readonly VisibleZone[]): VisibleZone | undefined {
  const candidates = zones.filter((z) => within(name, z.name));
  candidates.sort((a, b) => b.name.length - a.name.length || rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return candidates[0];
}

const rank = (z: VisibleZone) => (z.via === "vpc" ? 0 : 1);

/**
 * The record set that answers `name` in a zone: its own, else the wildcard of the closest
 * enclosing name ("*.b.zone" answers "a.b.zone" when "a.b.zone" has no records). A CNAME answers
 * every type; other types answer only their own, so the answer asked for here is the CNAME.
 */
export function answeringRecord(name: string, records: readonly RecordSet[]): RecordSet | undefined {
  const at = (n: string) => records.filter((r) => r.name === n);
  const own = at(name);
  if (own.length > 0) return own.find((r) => r.type === "CNAME") ?? own[0];
  const labels = name.split(".");
  for (let i = 1; i < labels.length; i++) {
    const wildcard = at(`*.${labels.slice(i).join(".")}`);
    if (wildcard.length > 0) return wildcard.find((r) => r.type === "CNAME") ?? wildcard[0];
  }
  return undefined;
}

/** How a zone applies to a VPC, in words. */
export function describeZone(z: VisibleZone): string {
  return `${z.name} (${z.id}${z.via === "vpc" ? "" : `, through Route 53 Profile ${z.via}`})`;
}
