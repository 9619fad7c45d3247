/**
 * The DNS inventory: the document of the estate's private DNS that `npm run report` writes, as a
 * Markdown table in report.md and as dns-inventory.json. One entry per fully qualified vendor
 * hostname: its zone (created, or adopted with its id), record, the hub output the record follows,
 * TTL, and the spoke VPCs that resolve it. Derived from the estate only, sorted, so that the same
 * topology gives the same bytes and a pull request's diff shows what changes.
 */
import { HUB_WORKSPACE } from "../config/contract";
import type { Estate } from "../config/estate";

export interface DnsInventoryResolver {
  readonly spoke: string;
  readonly accountId: string;
  readonly vpcId: string;
  /** How the VPC resolves the zone: its own zone association, or the Route 53 Profile. */
  readonly mode: "association" | "profile";
}

export interface DnsInventoryEntry {
  readonly hostname: string;
  readonly endpoint: string;
  readonly zone: { readonly name: string; readonly origin: "created" | "adopted"; readonly id?: string };
  /** The record's name in the zone ("*" leftmost for a wildcard). */
  readonly record: string;
  readonly type: "CNAME";
  /** The hub workspace's output the record's value follows. */
  readonly target: string;
  readonly ttl: number;
  readonly resolvedBy: readonly DnsInventoryResolver[];
}

export interface DnsInventory {
  readonly mode: "associations" | "profile";
  /** Profile mode: the Route 53 Profile that carries every zone. */
  readonly profile?: string;
  readonly entries: readonly DnsInventoryEntry[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function dnsInventory(estate: Estate): DnsInventory {
  const { dns } = estate;
  // Every active spoke VPC resolves every zone, by one mechanism (retired spokes have no VPCs left).
  const mode = dns.mode === "profile" ? "profile" : "association";
  const resolvedBy = estate.spokes
    .flatMap((s) => s.vpcs.map((v): DnsInventoryResolver => ({ spoke: s.spoke.name, accountId: s.workspace.accountId, vpcId: v.vpcId, mode })))
    .sort((a, b) => cmp(a.spoke, b.spoke) || cmp(a.vpcId, b.vpcId));
  const entries = estate.endpoints.flatMap((e) => e.records.map((record): DnsInventoryEntry => {
    const adopted = dns.adoptedZones.get(e.zone);
    return {
      hostname: `${record}.${e.zone}`,
      endpoint: e.name,
      zone: adopted ? { name: e.zone, origin: "adopted", id: adopted } : { name: e.zone, origin: "created" },
      record,
      type: "CNAME",
      target: `${HUB_WORKSPACE}.endpoints[${JSON.stringify(e.name)}].lattice_dns_name`,
      ttl: estate.topology.dns.ttl,
      resolvedBy,
    };
  })).sort((a, b) => cmp(a.hostname, b.hostname));
  return { mode: dns.mode, ...(dns.profile ? { profile: dns.profile.name } : {}), entries };
}

/** dns-inventory.json: the inventory, two-space indented, one trailing newline. */
export function dnsInventoryJson(estate: Estate): string {
  return `${JSON.stringify(dnsInventory(estate), null, 2)}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The inventory as a Markdown table (and a line saying how the spoke VPCs resolve the zones). */
export function markdownDnsInventory(estate: Estate): string {
  const inventory = dnsInventory(estate);
  const how = inventory.profile
    ? `Spoke VPCs resolve the zones through the Route 53 Profile \`${inventory.profile}\` (\`dns.mode: profile\`).`
    : "Spoke VPCs resolve the zones through their own zone associations (`dns.mode: associations`).";
  const rows = inventory.entries.map((e) => [
    `\`${e.hostname}\``,
    `\`${e.zone.name}\` (${e.zone.origin}${e.zone.id ? `, \`${e.zone.id}\`` : ""})`,
    `\`${e.record}\``,
    e.type,
    `\`${e.target}\``,
    String(e.ttl),
    e.resolvedBy.length === 0 ? "none" : e.resolvedBy.map((r) => `\`${r.vpcId}\` (${r.spoke}, ${r.mode})`).join(", "),
  ]);
  return [
    how,
    "",
    "| hostname | zone | record | type | target | TTL | resolved by |",
    "| --- | --- | --- | --- | --- | ---: | --- |",
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}
