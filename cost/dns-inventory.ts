/**
 * The DNS inventory: the document of the estate's private DNS that `npm run report` writes, as a
 * Markdown table in report.md and as dns-inventory.json. One entry per fully qualified vendor
 * hostname: its zone (created, or adopted with its id), record, the hub output the record follows,
 * TTL, and the spoke VPCs that resolve it. Derived from the estate only, sorted, so that the same
 * topology gives the same bytes and a pull request's diff shows what changes.
 *
 * Endpoint-mode VPCs (`access: endpoint`, docs/endpoint-access.md) resolve every hostname too, but not
 * through the entry's zone: through a private hosted zone of their spoke's account whose record points
 * at the VPC's own resource endpoint. Their resolvers carry `mode: "endpoint"` and the spoke
 * workspace's addresses; the entry's other fields keep describing the dns workspace's zone and record.
 */
import { HUB_WORKSPACE } from "../config/contract";
import type { Estate, SpokeFacts } from "../config/estate";

/** A VPC that resolves the entry's own zone (the dns workspace's record). */
export interface DnsInventorySharedZoneResolver {
  readonly spoke: string;
  readonly accountId: string;
  readonly vpcId: string;
  /** How the VPC resolves the zone: its own zone association, or the Route 53 Profile. */
  readonly mode: "association" | "profile";
}

/**
 * An endpoint-mode VPC: it resolves the hostname through a zone of its spoke's account (created with
 * that VPC only), whose CNAME points at the VPC's own VPC endpoint of type Resource. Addresses are of
 * the spoke's workspace.
 */
export interface DnsInventoryEndpointResolver {
  readonly spoke: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly mode: "endpoint";
  /** The spoke's workspace (`spoke-<name>`), which holds the zone, the record and the endpoint. */
  readonly workspace: string;
  /** The private hosted zone (the entry's zone name, in the spoke's account): `aws_route53_zone.access_zones["<zone>/<vpc id>"]`. */
  readonly zoneAddress: string;
  /** The CNAME: `aws_route53_record.access_records["<hostname>/<vpc id>"]`. */
  readonly recordAddress: string;
  /** What the record's value follows, in `workspace`: `aws_vpc_endpoint.access_endpoints["<endpoint>/<vpc id>"].dns_entry[0].dns_name`. */
  readonly target: string;
}

export type DnsInventoryResolver = DnsInventorySharedZoneResolver | DnsInventoryEndpointResolver;

export interface DnsInventoryEntry {
  readonly hostname: string;
  readonly endpoint: string;
  /** The dns workspace's zone (endpoint-mode VPCs have zones of their own: see their resolvers). */
  readonly zone: { readonly name: string; readonly origin: "created" | "adopted"; readonly id?: string };
  /** The record's name in the zone ("*" leftmost for a wildcard). */
  readonly record: string;
  readonly type: "CNAME";
  /** The hub workspace's output the record's value follows. */
  readonly target: string;
  /** The TTL of the record, and of the endpoint-mode VPCs' records (the topology's dns.ttl). */
  readonly ttl: number;
  /** Every VPC that resolves the hostname, sorted by spoke, then VPC id. */
  readonly resolvedBy: readonly DnsInventoryResolver[];
}

export interface DnsInventory {
  readonly mode: "associations" | "profile";
  /** Profile mode: the Route 53 Profile that carries every zone. */
  readonly profile?: string;
  readonly entries: readonly DnsInventoryEntry[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The spoke workspace's resources of endpoint access, as its construct `access` names them (modules/endpoint-access.ts). */
const ACCESS_ZONES = "aws_route53_zone.access_zones";
const ACCESS_RECORDS = "aws_route53_record.access_records";
const ACCESS_ENDPOINTS = "aws_vpc_endpoint.access_endpoints";
const indexed = (block: string, key: string) => `${block}[${JSON.stringify(key)}]`;

/** Hostname → the spoke's endpoint-mode VPCs that resolve it through their own zone (retired spokes have none). */
function endpointResolvers(s: SpokeFacts): Map<string, DnsInventoryEndpointResolver[]> {
  const zones = new Map(s.endpointAccess.zones.map((z) => [z.key, z]));
  const byHostname = new Map<string, DnsInventoryEndpointResolver[]>();
  for (const r of s.endpointAccess.records) {
    const zone = zones.get(r.zoneKey)!;
    const resolvers = byHostname.get(r.name) ?? [];
    resolvers.push({
      spoke: s.spoke.name,
      accountId: s.workspace.accountId,
      vpcId: zone.vpcId,
      mode: "endpoint",
      workspace: s.workspace.name,
      zoneAddress: indexed(ACCESS_ZONES, zone.key),
      recordAddress: indexed(ACCESS_RECORDS, r.key),
      target: `${indexed(ACCESS_ENDPOINTS, r.endpointKey)}.dns_entry[0].dns_name`,
    });
    byHostname.set(r.name, resolvers);
  }
  return byHostname;
}

const byVpc = (a: DnsInventoryResolver, b: DnsInventoryResolver) => cmp(a.spoke, b.spoke) || cmp(a.vpcId, b.vpcId);

export function dnsInventory(estate: Estate): DnsInventory {
  const { dns } = estate;
  // Every active spoke VPC that joins the service network resolves every zone, by one mechanism
  // (retired spokes have no VPCs left); an endpoint-mode VPC resolves every hostname through its own zone.
  const mode = dns.mode === "profile" ? "profile" : "association";
  const resolvedBy = estate.spokes
    .flatMap((s) => s.vpcs.map((v): DnsInventoryResolver => ({ spoke: s.spoke.name, accountId: s.workspace.accountId, vpcId: v.vpcId, mode })))
    .sort(byVpc);
  const endpointMode = estate.spokes.map(endpointResolvers);
  const entries = estate.endpoints.flatMap((e) => e.records.map((record): DnsInventoryEntry => {
    const adopted = dns.adoptedZones.get(e.zone);
    const hostname = `${record}.${e.zone}`;
    const own = endpointMode.flatMap((m) => m.get(hostname) ?? []);
    return {
      hostname,
      endpoint: e.name,
      zone: adopted ? { name: e.zone, origin: "adopted", id: adopted } : { name: e.zone, origin: "created" },
      record,
      type: "CNAME",
      target: `${HUB_WORKSPACE}.endpoints[${JSON.stringify(e.name)}].lattice_dns_name`,
      ttl: estate.topology.dns.ttl,
      resolvedBy: own.length === 0 ? resolvedBy : [...resolvedBy, ...own].sort(byVpc),
    };
  })).sort((a, b) => cmp(a.hostname, b.hostname));
  return { mode: dns.mode, ...(dns.profile ? { profile: dns.profile.name } : {}), entries };
}

/** dns-inventory.json: the inventory, two-space indented, one trailing newline. */
export function dnsInventoryJson(estate: Estate): string {
  return `${JSON.stringify(dnsInventory(estate), null, 2)}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The inventory as a Markdown table (and a line saying how the spoke VPCs resolve the zones); with
 * endpoint-mode VPCs, a second table of their own zones, records and endpoints.
 */
export function markdownDnsInventory(estate: Estate): string {
  const inventory = dnsInventory(estate);
  const own = inventory.entries.flatMap((e) => e.resolvedBy
    .filter((r): r is DnsInventoryEndpointResolver => r.mode === "endpoint")
    .map((r) => ({ hostname: e.hostname, ...r })));
  // Without endpoint-mode VPCs, the words of every earlier report.
  const who = own.length === 0 ? "Spoke VPCs" : "Spoke VPCs that join the service network";
  const how = inventory.profile
    ? `${who} resolve the zones through the Route 53 Profile \`${inventory.profile}\` (\`dns.mode: profile\`).`
    : `${who} resolve the zones through their own zone associations (\`dns.mode: associations\`).`;
  const rows = inventory.entries.map((e) => [
    `\`${e.hostname}\``,
    `\`${e.zone.name}\` (${e.zone.origin}${e.zone.id ? `, \`${e.zone.id}\`` : ""})`,
    `\`${e.record}\``,
    e.type,
    `\`${e.target}\``,
    String(e.ttl),
    e.resolvedBy.length === 0 ? "none" : e.resolvedBy.map((r) => `\`${r.vpcId}\` (${r.spoke}, ${r.mode})`).join(", "),
  ]);
  const table = (header: readonly string[], align: readonly string[], body: readonly (readonly string[])[]) => [
    `| ${header.join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...body.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
  return [
    how,
    "",
    ...table(["hostname", "zone", "record", "type", "target", "TTL", "resolved by"], ["---", "---", "---", "---", "---", "---:", "---"], rows),
    ...(own.length === 0 ? [] : [
      "",
      "Endpoint-mode VPCs (`access: endpoint`) resolve each hostname through a private hosted zone of their spoke's account, " +
        "associated with that VPC only, whose CNAME (same TTL) points at the VPC's own VPC endpoint of type Resource; " +
        "the addresses are of the spoke's workspace (docs/endpoint-access.md):",
      "",
      ...table(["hostname", "VPC", "workspace", "zone", "record", "target"], ["---", "---", "---", "---", "---", "---"],
        own.map((r) => [`\`${r.hostname}\``, `\`${r.vpcId}\` (${r.spoke})`, `\`${r.workspace}\``, `\`${r.zoneAddress}\``,
          `\`${r.recordAddress}\``, `\`${r.target}\``])),
    ]),
  ].join("\n");
}
