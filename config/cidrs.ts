/**
 * CIDR arithmetic for the topology validator and the rule pack: what a set of blocks covers
 * together, and whether a block is public. Judging coverage rather than spelling is what stops
 * 0.0.0.0/1 + 128.0.0.0/1 from passing where 0.0.0.0/0 would not.
 */
import * as ipaddr from "ipaddr.js";

export type Family = "ipv4" | "ipv6";

export interface CidrBlock {
  readonly family: Family;
  readonly prefix: number;
  /** First and last address as integers (host bits of the text ignored). */
  readonly first: bigint;
  readonly last: bigint;
}

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

export const FAMILY_NAME: Record<Family, string> = { ipv4: "IPv4", ipv6: "IPv6" };

/** A CIDR block, or undefined for anything ipaddr.js cannot parse as one. */
export function parseCidr(text: string): CidrBlock | undefined {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text.trim());
  } catch {
    return undefined;
  }
  const [address, prefix] = parsed;
  const family = address.kind();
  const bits = BITS[family];
  const value = address.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
  const size = 1n << BigInt(bits - prefix);
  const first = value - (value % size);
  return { family, prefix, first, last: first + size - 1n };
}

/** The families whose whole address space the union of `cidrs` covers (unparsable entries ignored). */
export function wholeFamiliesCovered(cidrs: readonly string[]): Family[] {
  const blocks = cidrs.map(parseCidr).filter((b): b is CidrBlock => b !== undefined);
  return (["ipv4", "ipv6"] as const).filter((family) => {
    const sorted = blocks.filter((b) => b.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let next = 0n; // the lowest address not yet covered
    for (const b of sorted) {
      if (b.first > next) return false;
      if (b.last + 1n > next) next = b.last + 1n;
    }
    return next === 1n << BigInt(BITS[family]);
  });
}

/** Whether `inner` lies wholly inside one of `outers` (same family). */
export function isWithin(inner: CidrBlock, outers: readonly CidrBlock[]): boolean {
  return outers.some((o) => o.family === inner.family && o.first <= inner.first && inner.last <= o.last);
}

/**
 * Special-purpose blocks that are not globally reachable (IANA IPv4 and IPv6 Special-Purpose
 * Address Registries, "Globally Reachable: False"), plus multicast and the reserved 240/4, which
 * are never a unicast source. A block wholly inside one of these is not public.
 */
const NOT_PUBLIC: readonly CidrBlock[] = [
  "0.0.0.0/8", // "this network"
  "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // private (RFC 1918)
  "100.64.0.0/10", // shared address space (RFC 6598)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", // documentation
  "198.18.0.0/15", // benchmarking
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, and 255.255.255.255
  "::/128", "::1/128", // unspecified, loopback
  "::ffff:0:0/96", // IPv4-mapped
  "64:ff9b:1::/48", // local-use IPv4/IPv6 translation
  "100::/64", // discard-only
  "2001:2::/48", // benchmarking
  "2001:db8::/32", "3fff::/20", // documentation
  "5f00::/16", // segment routing SIDs
  "fc00::/7", // unique local (ULA)
  "fe80::/10", // link-local
  "fec0::/10", // deprecated site-local
  "ff00::/8", // multicast
].map((c) => parseCidr(c)!);

/** Neither private, shared, loopback, link-local, ULA, documentation nor another special block. */
export function isPublic(block: CidrBlock): boolean {
  return !isWithin(block, NOT_PUBLIC);
}

/**
 * The shortest public prefix a client or security-group source may have. A VPC's IPv4 CIDR
 * blocks are /16 at most, so a wider public IPv4 source is not one VPC's network; an IPv6 /32 is
 * a regional registry's usual allocation to a whole organization.
 */
export const WIDEST_PUBLIC_PREFIX: Record<Family, number> = { ipv4: 16, ipv6: 32 };

/** A public block wider than WIDEST_PUBLIC_PREFIX allows. */
export function isWidePublic(block: CidrBlock): boolean {
  return block.prefix < WIDEST_PUBLIC_PREFIX[block.family] && isPublic(block);
}
