/**
 * The architecture of a topology as a Mermaid flowchart: accounts, the workspaces deployed into
 * them, VPCs, endpoints and their vendor services, the service network and its RAM share, zones
 * and records, and the hub outputs the other workspaces read through remote state.
 *
 * Node ids are derived from indexes (never from names), and every label is quoted and escaped,
 * so no name in a topology can break the syntax. Long lists are summarized: the diagram stays
 * readable and within Mermaid's default limits (500 edges, 50,000 characters).
 */
import type { Topology } from "../config/loader";

/** Hub outputs read by each kind of workspace through terraform_remote_state. */
export const SPOKE_READS = ["service_network_arn", "resource_share_arn"] as const;
export const DNS_READS = ["endpoints"] as const;

/** Shown one by one up to these counts; beyond, the first (count − 1) and a "… N more" node. */
export const MAX_ENDPOINTS = 20;
export const MAX_SPOKES = 12;
export const MAX_VPCS_PER_SPOKE = 6;
const MAX_RECORDS_LISTED = 4;

/** Escapes text for a quoted Mermaid label: entity codes for the characters Mermaid or HTML would read. */
export function escapeLabel(text: string): string {
  return text
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;")
    .replace(/[\r\n]+/g, " ");
}

/** A quoted label of one or more lines. */
const label = (...lines: string[]) => `"${lines.map(escapeLabel).join("<br/>")}"`;

/** Shortens a list for a label: the first `max` items, then "… N more". */
function listed(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} … ${items.length - max} more`;
}

/** The items shown one by one and how many are summarized. */
function capped<T>(items: readonly T[], max: number): { shown: T[]; hidden: T[] } {
  const cut = items.length <= max ? items.length : max - 1;
  return { shown: items.slice(0, cut), hidden: items.slice(cut) };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function architectureDiagram(t: Topology): string {
  const lines: string[] = ["flowchart LR"];
  const add = (indent: number, line: string) => lines.push(`${"  ".repeat(indent)}${line}`);
  const edges: string[] = [];
  const edge = (from: string, arrow: string, to: string, text?: string) =>
    edges.push(text === undefined ? `${from} ${arrow} ${to}` : `${from} ${arrow}|${label(text)}| ${to}`);

  const endpoints = capped(t.endpoints, MAX_ENDPOINTS);
  const spokes = capped(t.spokes, MAX_SPOKES);
  const zoneOf = (e: Topology["endpoints"][number]) => e.dns.zone;
  const zones = [...new Set(endpoints.shown.map(zoneOf))];
  const hiddenZones = [...new Set(endpoints.hidden.map(zoneOf))].filter((z) => !zones.includes(z));
  const vpcCount = (list: readonly Topology["spokes"][number][]) => list.reduce((n, s) => n + s.vpcs.length, 0);
  const allZones = zones.length + hiddenZones.length;

  // Accounts in order of appearance: hub, the spokes shown, Route 53.
  const accounts: string[] = [];
  for (const id of [t.hub.accountId, ...spokes.shown.map((s) => s.accountId), t.dns.accountId]) {
    if (!accounts.includes(id)) accounts.push(id);
  }

  const hubWorkspace = (indent: number) => {
    add(indent, `subgraph ws_hub[${label("workspace: hub")}]`);
    add(indent + 1, `subgraph hub_vpc[${label(`hub VPC ${t.hub.vpcId}`, `${plural(t.hub.subnetIds.length, "subnet")} (AZs), ${t.hub.ipAddressType}`)}]`);
    add(indent + 2, `rgw[${label("resource gateway")}]`);
    endpoints.shown.forEach((e, i) => add(indent + 2, `ep_${i}[${label(`interface endpoint: ${e.name}`, `ports ${listed(e.ports, 4)}`)}]`));
    if (endpoints.hidden.length) add(indent + 2, `ep_more[${label(`… ${plural(endpoints.hidden.length, "more interface endpoint")}`)}]`);
    add(indent + 1, "end");
    endpoints.shown.forEach((e, i) => add(indent + 1, `rc_${i}[${label(`resource configuration: ${e.name}`)}]`));
    if (endpoints.hidden.length) add(indent + 1, `rc_more[${label(`… ${plural(endpoints.hidden.length, "more resource configuration")}`)}]`);
    add(indent + 1, `sn{{${label(`service network: ${t.name}`, "auth NONE")}}}`);
    const principals = [...new Set(t.spokes.map((s) => s.accountId))].filter((a) => a !== t.hub.accountId);
    add(indent + 1, `ram[${label("RAM share", principals.length ? `to ${listed(principals, 3)}` : "no other account")}]`);
    add(indent + 1, `logs[(${label("access logs (RESOURCE)", `CloudWatch Logs, ${t.hub.logRetentionDays} days`)})]`);
    add(indent + 1, `out_hub[/${label("outputs", [...SPOKE_READS, ...DNS_READS].join(", "))}/]`);
    add(indent, "end");
  };

  const spokeWorkspace = (indent: number, i: number) => {
    const s = t.spokes[i];
    const vpcs = capped(s.vpcs, MAX_VPCS_PER_SPOKE);
    add(indent, `subgraph ws_spoke_${i}[${label(`workspace: spoke-${s.name}`)}]`);
    add(indent + 1, `rs_spoke_${i}[/${label("remote state: hub")}/]`);
    if (!s.inOrganization) add(indent + 1, `acc_${i}[${label("RAM share accepter", "(outside the organization)")}]`);
    vpcs.shown.forEach((v, j) => {
      const access = v.securityGroupIds ? `SGs ${listed(v.securityGroupIds, 2)}` : `clients ${listed(v.clientCidrs ?? [], 2)}`;
      add(indent + 1, `vpc_${i}_${j}[${label(`VPC ${v.vpcId}`, access)}]`);
    });
    if (vpcs.hidden.length) add(indent + 1, `vpc_${i}_more[${label(`… ${plural(vpcs.hidden.length, "more VPC")}`)}]`);
    add(indent, "end");
  };

  const dnsWorkspace = (indent: number) => {
    add(indent, `subgraph ws_dns[${label("workspace: dns")}]`);
    add(indent + 1, `rs_dns[/${label("remote state: hub")}/]`);
    if (t.dns.vpcId) add(indent + 1, `dns_vpc[${label(`VPC ${t.dns.vpcId}`, "keeps the zones alive")}]`);
    add(indent + 1, `assoc[${label("zone authorizations + VPC associations", `${plural(vpcCount(t.spokes), "spoke VPC")} × ${plural(allZones, "zone")}`)}]`);
    add(indent + 1, `subgraph zones[${label("private hosted zones")}]`);
    zones.forEach((zone, k) => {
      const adopted = Object.hasOwn(t.dns.zones, zone) ? t.dns.zones[zone] : undefined;
      add(indent + 2, `zone_${k}[${label(zone, adopted ? `adopted ${adopted}` : "created")}]`);
    });
    if (hiddenZones.length) add(indent + 2, `zone_more[${label(`… ${plural(hiddenZones.length, "more zone")}`)}]`);
    endpoints.shown.forEach((e, i) =>
      add(indent + 2, `rec_${i}[${label(`CNAME ${listed(e.dns.records, MAX_RECORDS_LISTED)}`, `TTL ${t.dns.ttl}`)}]`),
    );
    if (endpoints.hidden.length) add(indent + 2, `rec_more[${label(`… records of ${plural(endpoints.hidden.length, "more endpoint")}`)}]`);
    add(indent + 1, "end");
    add(indent, "end");
  };

  accounts.forEach((accountId, n) => {
    const roles = [
      accountId === t.hub.accountId ? "hub" : undefined,
      spokes.shown.some((s) => s.accountId === accountId) ? "spoke" : undefined,
      accountId === t.dns.accountId ? "Route 53" : undefined,
    ].filter(Boolean);
    add(1, `subgraph acct_${n}[${label(`account ${accountId} (${roles.join(", ")})`)}]`);
    if (accountId === t.hub.accountId) hubWorkspace(2);
    spokes.shown.forEach((s, i) => {
      if (s.accountId === accountId) spokeWorkspace(2, i);
    });
    if (accountId === t.dns.accountId) dnsWorkspace(2);
    add(1, "end");
  });
  if (spokes.hidden.length) {
    const hiddenAccounts = new Set(spokes.hidden.map((s) => s.accountId)).size;
    add(1, `subgraph acct_more[${label(`… ${plural(hiddenAccounts, "more account")}`)}]`);
    add(2, `subgraph ws_spoke_more[${label(`workspaces: ${plural(spokes.hidden.length, "more spoke")}`)}]`);
    add(3, `rs_spoke_more[/${label("remote state: hub")}/]`);
    add(3, `vpc_more[${label(plural(vpcCount(spokes.hidden), "VPC"))}]`);
    add(2, "end");
    add(1, "end");
  }

  // The vendors' endpoint services live outside every account of ours.
  endpoints.shown.forEach((e, i) => add(1, `svc_${i}([${label("vendor service", e.serviceName)}])`));
  if (endpoints.hidden.length) add(1, `svc_more([${label(`… ${plural(endpoints.hidden.length, "more vendor service")}`)}])`);

  // The data path: spoke VPC → service network → configuration → gateway → endpoint → vendor.
  const endpointIds = [...endpoints.shown.map((_, i) => `${i}`), ...(endpoints.hidden.length ? ["more"] : [])];
  for (const i of endpointIds) {
    edge("sn", "---", `rc_${i}`);
    edge(`rc_${i}`, "-->", "rgw");
    edge("rgw", "-->", `ep_${i}`);
    edge(`ep_${i}`, "-->", `svc_${i}`, "PrivateLink");
  }
  edge("sn", "-.->", "logs");
  edge("ram", "-.->", "sn", "shares");
  spokes.shown.forEach((s, i) => {
    // In the organization the share needs no accepter: the RAM node names the principals.
    if (!s.inOrganization) edge("ram", "-.->", `acc_${i}`, "invitation");
    const vpcs = capped(s.vpcs, MAX_VPCS_PER_SPOKE);
    const nodes = [...vpcs.shown.map((_, j) => `vpc_${i}_${j}`), ...(vpcs.hidden.length ? [`vpc_${i}_more`] : [])];
    nodes.forEach((node, j) => {
      // One label per spoke is enough to say what these arrows are.
      edge(node, "-->", "sn", j === 0 ? "VPC association" : undefined);
      edge("assoc", "-.->", node);
    });
  });
  if (spokes.hidden.length) {
    edge("vpc_more", "-->", "sn", "VPC associations");
    edge("assoc", "-.->", "vpc_more");
  }

  // DNS: each endpoint's records live in its zone and point at its Lattice DNS name.
  zones.forEach((_, k) => edge(`zone_${k}`, "---", "assoc"));
  if (hiddenZones.length) edge("zone_more", "---", "assoc");
  endpoints.shown.forEach((e, i) => {
    edge(`zone_${zones.indexOf(e.dns.zone)}`, "---", `rec_${i}`);
    edge(`rec_${i}`, "-->", `rc_${i}`, "→ Lattice DNS name");
  });
  if (endpoints.hidden.length) edge("rec_more", "-->", "rc_more", "→ Lattice DNS names");

  // What flows between workspaces: hub outputs read through terraform_remote_state.
  const spokeReaders = [...spokes.shown.map((_, i) => `rs_spoke_${i}`), ...(spokes.hidden.length ? ["rs_spoke_more"] : [])];
  for (const reader of spokeReaders) edge("out_hub", "==>", reader, SPOKE_READS.join(", "));
  edge("out_hub", "==>", "rs_dns", DNS_READS.join(", "));

  for (const e of edges) add(1, e);
  return `${lines.join("\n")}\n`;
}
