/**
 * The architecture of a topology as a Mermaid flowchart, drawn from its estate (config/estate.ts):
 * accounts, the workspaces deployed into them, VPCs, endpoints and their vendor services, the
 * service network and its RAM share, the dns workspace's zones and records with either its
 * association authorizations or its Route 53 Profile and the Profile's RAM share, each spoke's
 * zone or Profile associations, each spoke's endpoint-mode VPCs (their resource endpoints, zones
 * and Resolver), and the outputs each workspace reads through remote state from those deployed
 * before it (hub → dns → spokes).
 *
 * Node ids are derived from indexes (never from names), and every label is quoted and escaped,
 * so no name in a topology can break the syntax. Long lists are summarized: the diagram stays
 * readable and within Mermaid's default limits (500 edges, 50,000 characters).
 */
import { DNS_OUTPUTS, DNS_WORKSPACE, HUB_OUTPUTS, HUB_WORKSPACE, type DnsOutputName } from "../config/contract";
import type { Estate, SpokeFacts, ZoneVpc } from "../config/estate";
import type { Workspace } from "../config/workspace";

/** Shown one by one up to these counts; beyond, the first (count − 1) and a "… N more" node. */
export const MAX_ENDPOINTS = 20;
export const MAX_SPOKES = 12;
export const MAX_VPCS_PER_SPOKE = 6;
const MAX_RECORDS_LISTED = 4;

/** The node that stands for each workspace's outputs, by workspace name: the targets of remote-state reads. */
const OUTPUT_NODES: Readonly<Record<string, string>> = { [HUB_WORKSPACE]: "out_hub", [DNS_WORKSPACE]: "out_dns" };

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
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** "N zone associations (V VPCs × Z zones)" for a spoke's (zone, VPC) pairs. */
const pairsLabel = (pairs: readonly ZoneVpc[]) =>
  `${plural(pairs.length, "zone association")} (${plural(unique(pairs.map((p) => p.vpcId)).length, "VPC")} × ${plural(unique(pairs.map((p) => p.zone)).length, "zone")})`;

/** What the account of a workspace is called in the diagram. */
const ROLE_NAMES: Record<Workspace["kind"], string> = { hub: "hub", dns: "Route 53", spoke: "spoke", identity: "identity" };

export function architectureDiagram(estate: Estate): string {
  const { hub, dns } = estate;
  const t = estate.topology;
  const profile = dns.profile;
  const lines: string[] = ["flowchart LR"];
  const add = (indent: number, line: string) => lines.push(`${"  ".repeat(indent)}${line}`);
  const edges: string[] = [];
  const edge = (from: string, arrow: string, to: string, text?: string) =>
    edges.push(text === undefined ? `${from} ${arrow} ${to}` : `${from} ${arrow}|${label(text)}| ${to}`);

  const endpoints = capped(estate.endpoints, MAX_ENDPOINTS);
  const spokes = capped(estate.spokes, MAX_SPOKES);
  const zones = unique(endpoints.shown.map((e) => e.zone));
  const hiddenZones = dns.zones.filter((z) => !zones.includes(z));
  const vpcCount = (list: readonly SpokeFacts[]) => list.reduce((n, s) => n + s.vpcs.length, 0);
  const dnsOutputs = (Object.keys(DNS_OUTPUTS) as DnsOutputName[]).filter((name) => profile || name === "zone_ids");
  const remoteStateLabel = (reads: readonly string[]) => `remote state: ${reads.join(", ")}`;

  // Accounts in deploy order of the workspaces shown: hub, Route 53, spokes.
  const shownWorkspaces = [hub.workspace, dns.workspace, ...spokes.shown.map((s) => s.workspace)];
  const accounts = unique(shownWorkspaces.map((w) => w.accountId));

  const hubWorkspace = (indent: number) => {
    add(indent, `subgraph ws_hub[${label(`workspace: ${hub.workspace.name}`)}]`);
    add(indent + 1, `subgraph hub_vpc[${label(`hub VPC ${t.hub.vpcId}`, `${plural(t.hub.subnetIds.length, "subnet")} (AZs), ${t.hub.ipAddressType}`)}]`);
    add(indent + 2, `rgw[${label("resource gateway")}]`);
    endpoints.shown.forEach((e, i) => add(indent + 2, `ep_${i}[${label(`interface endpoint: ${e.name}`, `ports ${listed(e.ports, 4)}`)}]`));
    if (endpoints.hidden.length) add(indent + 2, `ep_more[${label(`… ${plural(endpoints.hidden.length, "more interface endpoint")}`)}]`);
    add(indent + 1, "end");
    endpoints.shown.forEach((e, i) => add(indent + 1, `rc_${i}[${label(`resource configuration: ${e.name}`)}]`));
    if (endpoints.hidden.length) add(indent + 1, `rc_more[${label(`… ${plural(endpoints.hidden.length, "more resource configuration")}`)}]`);
    add(indent + 1, `sn{{${label(`service network: ${hub.names.serviceNetwork}`, "auth NONE")}}}`);
    add(indent + 1, `ram[${label("RAM share", hub.sharePrincipals.length ? `to ${listed(hub.sharePrincipals, 3)}` : "no other account")}]`);
    add(indent + 1, `logs[(${label("access logs (RESOURCE)", `CloudWatch Logs, ${t.hub.logRetentionDays} days`)})]`);
    add(indent + 1, `out_hub[/${label("outputs", Object.keys(HUB_OUTPUTS).join(", "))}/]`);
    add(indent, "end");
  };

  const dnsWorkspace = (indent: number) => {
    add(indent, `subgraph ws_dns[${label(`workspace: ${dns.workspace.name}`)}]`);
    add(indent + 1, `rs_dns[/${label(remoteStateLabel(dns.workspace.reads))}/]`);
    if (dns.creationVpcId) add(indent + 1, `dns_vpc[${label(`VPC ${dns.creationVpcId}`, "creates the zones")}]`);
    add(indent + 1, `subgraph zones[${label("private hosted zones")}]`);
    zones.forEach((zone, k) => {
      const adopted = dns.adoptedZones.get(zone);
      add(indent + 2, `zone_${k}[${label(zone, adopted ? `adopted ${adopted}` : "created")}]`);
    });
    if (hiddenZones.length) add(indent + 2, `zone_more[${label(`… ${plural(hiddenZones.length, "more zone")}`)}]`);
    endpoints.shown.forEach((e, i) =>
      add(indent + 2, `rec_${i}[${label(`CNAME ${listed(e.records, MAX_RECORDS_LISTED)}`, `TTL ${t.dns.ttl}`)}]`),
    );
    if (endpoints.hidden.length) add(indent + 2, `rec_more[${label(`… records of ${plural(endpoints.hidden.length, "more endpoint")}`)}]`);
    add(indent + 1, "end");
    if (profile) {
      add(indent + 1, `r53p{{${label(`Route 53 Profile: ${profile.name}`, `carries ${plural(dns.zones.length, "zone")}`)}}}`);
      add(indent + 1, `pram[${label("RAM share of the Profile", profile.sharePrincipals.length ? `to ${listed(profile.sharePrincipals, 3)}` : "no other account")}]`);
    } else if (dns.authorizations.length) {
      add(indent + 1, `auth[${label("VPC association authorizations", `${plural(dns.authorizations.length, "(zone, VPC) pair")} of other accounts`)}]`);
    }
    add(indent + 1, `out_dns[/${label("outputs", dnsOutputs.join(", "))}/]`);
    add(indent, "end");
  };

  const spokeWorkspace = (indent: number, i: number) => {
    const s = estate.spokes[i];
    const vpcs = capped(s.vpcs, MAX_VPCS_PER_SPOKE);
    add(indent, `subgraph ws_spoke_${i}[${label(`workspace: ${s.workspace.name}`)}]`);
    add(indent + 1, `rs_spoke_${i}[/${label(remoteStateLabel(s.workspace.reads))}/]`);
    if (s.acceptsShare) add(indent + 1, `acc_${i}[${label("RAM share accepter: service network", "(outside the organization)")}]`);
    if (s.acceptsProfileShare) add(indent + 1, `pacc_${i}[${label("RAM share accepter: Route 53 Profile", "(outside the organization)")}]`);
    vpcs.shown.forEach((v, j) => {
      const access = v.securityGroupIds ? `SGs ${listed(v.securityGroupIds, 2)}` : `clients ${listed(v.clientCidrs ?? [], 2)}`;
      add(indent + 1, `vpc_${i}_${j}[${label(`VPC ${v.vpcId}`, access)}]`);
    });
    if (vpcs.hidden.length) add(indent + 1, `vpc_${i}_more[${label(`… ${plural(vpcs.hidden.length, "more VPC")}`)}]`);
    if (s.zoneVpcs.length) add(indent + 1, `zassoc_${i}[${label(pairsLabel(s.zoneVpcs))}]`);
    if (s.profileAssociationNames.size) add(indent + 1, `passoc_${i}[${label("Route 53 Profile associations", plural(s.profileAssociationNames.size, "VPC"))}]`);
    endpointAccessNodes(indent + 1, `${i}`, s);
    add(indent, "end");
  };

  // Endpoint access (docs/endpoint-access.md): VPCs that reach the resource configurations through
  // resource endpoints of their own, with zones of the spoke's account and an optional Resolver.
  const endpointAccessNodes = (indent: number, id: string, s: SpokeFacts) => {
    const a = s.endpointAccess;
    if (!a.vpcs.length) return;
    const vpcs = capped(a.vpcs, MAX_VPCS_PER_SPOKE);
    vpcs.shown.forEach((v, j) => add(indent, `evpc_${id}_${j}[${label(`VPC ${v.vpcId} (endpoint access)`, plural(v.subnetIds?.length ?? 0, "subnet"))}]`));
    if (vpcs.hidden.length) add(indent, `evpc_${id}_more[${label(`… ${plural(vpcs.hidden.length, "more VPC")} (endpoint access)`)}]`);
    add(indent, `rep_${id}[${label(`${plural(a.endpoints.length, "resource endpoint")}`, `(${plural(a.vpcs.length, "VPC")} × ${plural(estate.endpoints.length, "vendor")})`)}]`);
    add(indent, `azones_${id}[${label(`${plural(a.zones.length, "private hosted zone")} of this account`, `${plural(a.records.length, "CNAME")} → resource endpoints`)}]`);
    if (a.resolvers.length) {
      const ips = a.resolvers.reduce((n, r) => n + r.subnetIds.length, 0);
      add(indent, `resolver_${id}[${label(`${plural(a.resolvers.length, "Route 53 Resolver inbound endpoint")}`, `${plural(ips, "IP address", "IP addresses")}, for on-premises forwarders`)}]`);
    }
  };
  /** The arrows of a spoke's endpoint access: all point away from the spoke's VPCs, into the hub's gateway. */
  const endpointAccessEdges = (id: string, s: SpokeFacts) => {
    const a = s.endpointAccess;
    if (!a.vpcs.length) return;
    const vpcs = capped(a.vpcs, MAX_VPCS_PER_SPOKE);
    const nodes = [...vpcs.shown.map((_, j) => `evpc_${id}_${j}`), ...(vpcs.hidden.length ? [`evpc_${id}_more`] : [])];
    nodes.forEach((node, j) => edge(node, "-->", `rep_${id}`, j === 0 ? "resource endpoints" : undefined));
    edge(`rep_${id}`, "-->", "rgw", "resource configurations (RAM share)");
    edge(`azones_${id}`, "-.->", `rep_${id}`, "CNAME");
    if (a.resolvers.length) edge(`resolver_${id}`, "-.->", `azones_${id}`, "resolves");
  };

  accounts.forEach((accountId, n) => {
    const roles = unique(shownWorkspaces.filter((w) => w.accountId === accountId).map((w) => ROLE_NAMES[w.kind]));
    add(1, `subgraph acct_${n}[${label(`account ${accountId} (${roles.join(", ")})`)}]`);
    if (accountId === hub.workspace.accountId) hubWorkspace(2);
    if (accountId === dns.workspace.accountId) dnsWorkspace(2);
    spokes.shown.forEach((s, i) => {
      if (s.workspace.accountId === accountId) spokeWorkspace(2, i);
    });
    add(1, "end");
  });
  const hiddenPairs = spokes.hidden.flatMap((s) => s.zoneVpcs);
  const hiddenProfileVpcs = spokes.hidden.reduce((n, s) => n + s.profileAssociationNames.size, 0);
  const hiddenAccess = spokes.hidden.map((s) => s.endpointAccess);
  const hiddenAccessVpcs = hiddenAccess.reduce((n, a) => n + a.vpcs.length, 0);
  if (spokes.hidden.length) {
    const hiddenAccounts = new Set(spokes.hidden.map((s) => s.workspace.accountId)).size;
    add(1, `subgraph acct_more[${label(`… ${plural(hiddenAccounts, "more account")}`)}]`);
    add(2, `subgraph ws_spoke_more[${label(`workspaces: ${plural(spokes.hidden.length, "more spoke")}`)}]`);
    add(3, `rs_spoke_more[/${label(remoteStateLabel(unique(spokes.hidden.flatMap((s) => s.workspace.reads))))}/]`);
    add(3, `vpc_more[${label(plural(vpcCount(spokes.hidden), "VPC"))}]`);
    if (hiddenAccessVpcs) {
      add(3, `evpc_more[${label(`${plural(hiddenAccessVpcs, "VPC")} (endpoint access)`, `${plural(hiddenAccess.reduce((n, a) => n + a.endpoints.length, 0), "resource endpoint")}, ` +
        `${plural(hiddenAccess.reduce((n, a) => n + a.zones.length, 0), "zone")}, ${plural(hiddenAccess.reduce((n, a) => n + a.resolvers.length, 0), "Resolver endpoint")}`)}]`);
    }
    if (hiddenPairs.length) add(3, `zassoc_more[${label(pairsLabel(hiddenPairs))}]`);
    if (hiddenProfileVpcs) add(3, `passoc_more[${label("Route 53 Profile associations", plural(hiddenProfileVpcs, "VPC"))}]`);
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

  // Each spoke: its VPCs join the service network; they resolve the zones through its own
  // associations (authorized by the dns workspace when in another account) or the shared Profile.
  const spokeDns = (id: string, pairs: readonly ZoneVpc[], profileVpcs: number) => {
    // The authorization's arrow ties a spoke's associations to the zones; a second arrow between the
    // zones and every spoke makes Mermaid's layout fail past a few spokes ("Cannot set properties of
    // undefined (setting 'order')", __tests__/cost/mermaid-render.test.ts), so it is drawn only for a
    // spoke of the Route 53 account, which needs no authorization.
    if (pairs.some((p) => p.needsAuthorization)) edge("auth", "-.->", `zassoc_${id}`, "authorizes");
    else if (pairs.length) edge(`zassoc_${id}`, "-.->", "zones", "associates");
    if (profileVpcs) edge(`passoc_${id}`, "-.->", "r53p", "associates");
  };
  spokes.shown.forEach((s, i) => {
    // In the organization a share needs no accepter: the RAM nodes name the principals.
    if (s.acceptsShare) edge("ram", "-.->", `acc_${i}`, "invitation");
    if (s.acceptsProfileShare) edge("pram", "-.->", `pacc_${i}`, "invitation");
    const vpcs = capped(s.vpcs, MAX_VPCS_PER_SPOKE);
    const nodes = [...vpcs.shown.map((_, j) => `vpc_${i}_${j}`), ...(vpcs.hidden.length ? [`vpc_${i}_more`] : [])];
    // One label per spoke is enough to say what these arrows are.
    nodes.forEach((node, j) => edge(node, "-->", "sn", j === 0 ? "VPC association" : undefined));
    spokeDns(`${i}`, s.zoneVpcs, s.profileAssociationNames.size);
    endpointAccessEdges(`${i}`, s);
  });
  if (spokes.hidden.length) {
    edge("vpc_more", "-->", "sn", "VPC associations");
    if (hiddenAccessVpcs) edge("evpc_more", "-->", "rgw", "resource endpoints");
    spokeDns("more", hiddenPairs, hiddenProfileVpcs);
  }

  // DNS: each endpoint's records live in its zone and point at its Lattice DNS name.
  endpoints.shown.forEach((e, i) => {
    edge(`zone_${zones.indexOf(e.zone)}`, "---", `rec_${i}`);
    edge(`rec_${i}`, "-->", `rc_${i}`, "→ Lattice DNS name");
  });
  if (endpoints.hidden.length) edge("rec_more", "-->", "rc_more", "→ Lattice DNS names");
  if (profile) {
    zones.forEach((_, k) => edge("r53p", "---", `zone_${k}`));
    if (hiddenZones.length) edge("r53p", "---", "zone_more");
    edge("pram", "-.->", "r53p", "shares");
  }

  // What flows between workspaces, in deploy order: the outputs each reads through remote state.
  const readers: [string, readonly string[]][] = [
    ["rs_dns", dns.workspace.reads],
    ...spokes.shown.map((s, i): [string, readonly string[]] => [`rs_spoke_${i}`, s.workspace.reads]),
    ...(spokes.hidden.length ? [["rs_spoke_more", unique(spokes.hidden.flatMap((s) => s.workspace.reads))] as [string, readonly string[]]] : []),
  ];
  for (const [reader, reads] of readers) {
    for (const workspace of reads) {
      const outputs = OUTPUT_NODES[workspace];
      if (!outputs) throw new Error(`architectureDiagram: no outputs node for workspace "${workspace}"`);
      edge(outputs, "==>", reader);
    }
  }

  for (const e of edges) add(1, e);
  return `${lines.join("\n")}\n`;
}
