/** The cost comparison as a text table, Markdown or JSON. */
import { NOT_MODELLED, type Analysis } from "./analysis";
import { MAX_SPOKE_VPCS, type BreakEven } from "./break-even";
import { accessGb, DESIGN_LABELS, DESIGNS, ITEM_LABELS, totalGb, type Design, type EndpointAccessCounts, type Item } from "./model";

export const FORMATS = ["table", "markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];

const usdFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const usd = (amount: number): string => usdFormat.format(amount);
const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
export const num = (n: number): string => numberFormat.format(n);
const plural = (n: number, one: string, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The line items any design has, in display order. */
function itemsShown(a: Analysis): Item[] {
  return (Object.keys(ITEM_LABELS) as Item[]).filter((item) => DESIGNS.some((d) => a.costs[d].items[item] !== undefined));
}

export function cheapest(a: Analysis): Design {
  return DESIGNS.reduce((best, d) => (a.costs[d].total < a.costs[best].total ? d : best));
}

export function inputsLine(a: Analysis): string {
  const c = a.counts;
  return [
    `V = ${plural(c.spokeVpcs, "spoke VPC")}`,
    `S = ${plural(c.endpoints, "endpoint")}`,
    `A = ${plural(c.hubAzs, "hub AZ")} (${a.azSource})`,
    `Z = ${plural(c.zones, "zone")}`,
    `DNS mode ${c.dnsMode}${c.dnsMode === "profile" ? ` (P = V = ${plural(c.spokeVpcs, "Profile association")})` : ""}`,
    `G = ${num(c.gbPerPair)} GB/month per (VPC, endpoint) pair (${a.gbSource})`,
    `T = ${num(totalGb(c))} GB/month`,
    ...(c.monitoring ? [`monitoring: ${plural(c.monitoring.alarms, "alarm")}, ${plural(c.monitoring.dashboards, "dashboard")}, ` +
      `${plural(c.monitoring.topics, "SNS topic")}, ${plural(c.monitoring.kmsKeys, "KMS key")}`] : []),
    ...(c.endpointAccess ? [endpointAccessText(c.endpointAccess)] : []),
  ].join(", ");
}

/** The endpoint-mode VPCs, outside V (docs/endpoint-access.md). */
export function endpointAccessText(e: EndpointAccessCounts): string {
  return `endpoint access: ${plural(e.vpcs, "VPC")} outside V with ${plural(e.endpoints, "resource endpoint")} in ${plural(e.endpointAzs, "endpoint-AZ")} ` +
    `(one AZ per subnet), ${plural(e.zones, "zone")} of their own, ${plural(e.resolvers, "Resolver endpoint")} with ${plural(e.resolverIps, "IP address", "IP addresses")}`;
}

export function sheetLine(a: Analysis): string {
  const where = a.sheetSource === "built-in" ? "built-in sheet" : `file ${a.sheetSource}`;
  return `Prices: "${a.sheet.name}" (${where}; ${a.sheet.region}, ${num(a.sheet.hoursPerMonth.value)} hours a month)`;
}

export function spokeBreakEvenText(be: BreakEven, a: Analysis): string {
  const at = `at ${num(a.counts.gbPerPair)} GB/month per pair`;
  if (be === "always") return `Lattice is cheaper than per-VPC endpoints at any number of spoke VPCs (${at}).`;
  if (be === "never") return `Lattice is not cheaper than per-VPC endpoints up to ${num(MAX_SPOKE_VPCS)} spoke VPCs (${at}).`;
  return `Lattice is cheaper than per-VPC endpoints from ${plural(be, "spoke VPC")} on (${at}).`;
}

export function trafficBreakEvenText(be: BreakEven, a: Analysis): string {
  const size = `with ${plural(a.counts.spokeVpcs, "spoke VPC")} and ${plural(a.counts.endpoints, "endpoint")}`;
  if (be === "always") return `Per-VPC endpoints are cheaper than Lattice at any traffic, even 0 GB (${size}).`;
  if (be === "never") return `Per-VPC endpoints are never cheaper than Lattice, whatever the traffic (${size}).`;
  return `Per-VPC endpoints are cheaper than Lattice above ${num(be)} GB/month per pair (${size}).`;
}

function verdict(a: Analysis): string {
  const best = cheapest(a);
  const others = DESIGNS.filter((d) => d !== best)
    .map((d) => `${DESIGN_LABELS[d]} +${usd(a.costs[d].total - a.costs[best].total)}`)
    .join(", ");
  return `Cheapest here: ${DESIGN_LABELS[best]} at ${usd(a.costs[best].total)}/month (${others}).`;
}

function title(a: Analysis): string {
  return `Monthly cost (USD) of reaching ${plural(a.counts.endpoints, "endpoint")} from ${plural(a.counts.spokeVpcs, "spoke VPC")}: ${a.topology.name} (${a.topology.region})`;
}

/** Rows of the comparison: the header, one per line item, and the total. */
function rows(a: Analysis, missing: string): string[][] {
  const header = ["Line item", ...DESIGNS.map((d) => DESIGN_LABELS[d])];
  const items = itemsShown(a).map((item) => [
    ITEM_LABELS[item],
    ...DESIGNS.map((d) => {
      const amount = a.costs[d].items[item];
      return amount === undefined ? missing : usd(amount);
    }),
  ]);
  const total = ["Total", ...DESIGNS.map((d) => usd(a.costs[d].total))];
  return [header, ...items, total];
}

export function formatTable(a: Analysis): string {
  const table = rows(a, "-");
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  const line = (row: string[]) =>
    row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join("   ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("   ");
  const body = table.map(line);
  return [
    title(a),
    inputsLine(a),
    sheetLine(a),
    "",
    body[0],
    rule,
    ...body.slice(1, -1),
    rule,
    body[body.length - 1],
    "",
    verdict(a),
    "Break-even:",
    `  spoke VPCs: ${spokeBreakEvenText(a.breakEven.spokeVpcs, a)}`,
    `  traffic:    ${trafficBreakEvenText(a.breakEven.gbPerPair, a)}`,
    "Not modelled:",
    ...NOT_MODELLED.map((n) => `  - ${n}`),
    "",
  ].join("\n");
}

/** The cost table alone, as Markdown (also used by the report). */
export function markdownCostTable(a: Analysis): string {
  const table = rows(a, "—");
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const line = (row: string[], bold = false) => `| ${row.map((c) => (bold ? `**${cell(c)}**` : cell(c))).join(" | ")} |`;
  return [
    line(table[0]),
    `|${table[0].map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...table.slice(1, -1).map((r) => line(r)),
    line(table[table.length - 1], true),
  ].join("\n");
}

export function markdownBreakEvens(a: Analysis): string {
  return [
    `- **Spoke VPCs**: ${spokeBreakEvenText(a.breakEven.spokeVpcs, a)}`,
    `- **Traffic**: ${trafficBreakEvenText(a.breakEven.gbPerPair, a)}`,
  ].join("\n");
}

export const markdownNotModelled = (): string => NOT_MODELLED.map((n) => `- ${n}`).join("\n");

export function formatMarkdown(a: Analysis): string {
  return [
    `## ${title(a)}`,
    "",
    `${inputsLine(a)}.`,
    "",
    `${sheetLine(a)}.`,
    "",
    markdownCostTable(a),
    "",
    verdict(a),
    "",
    "### Break-even",
    "",
    markdownBreakEvens(a),
    "",
    "### Not modelled",
    "",
    markdownNotModelled(),
    "",
  ].join("\n");
}

const jsonBreakEven = (be: BreakEven) => (typeof be === "number" ? round(be) : be);

/** One JSON object: each design's total and items (USD a month, to the cent), the break-evens, inputs and sheet. */
export function toJson(a: Analysis): Record<string, unknown> {
  const design = (d: Design) => ({
    total: round(a.costs[d].total),
    items: Object.fromEntries(Object.entries(a.costs[d].items).map(([k, v]) => [k, round(v ?? 0)])),
  });
  const c = a.counts;
  return {
    topology: a.topology.name,
    region: a.topology.region,
    currency: "USD",
    period: "month",
    price_sheet: { name: a.sheet.name, source: a.sheetSource, region: a.sheet.region, hours_per_month: a.sheet.hoursPerMonth.value },
    inputs: {
      spoke_vpcs: c.spokeVpcs,
      endpoints: c.endpoints,
      hub_azs: c.hubAzs,
      zones: c.zones,
      dns_mode: c.dnsMode,
      gb_per_pair: c.gbPerPair,
      total_gb: totalGb(c),
      ...(c.monitoring ? { monitoring: { ...c.monitoring } } : {}),
      ...(c.endpointAccess ? { endpoint_access: { ...endpointAccessJson(c.endpointAccess), total_gb: accessGb(c) } } : {}),
    },
    per_vpc_endpoints: design("per_vpc_endpoints"),
    transit_gateway: design("transit_gateway"),
    lattice: design("lattice"),
    break_even: {
      spoke_vpcs: jsonBreakEven(a.breakEven.spokeVpcs),
      gb_per_pair: jsonBreakEven(a.breakEven.gbPerPair),
    },
    not_modelled: NOT_MODELLED,
  };
}

const endpointAccessJson = (e: EndpointAccessCounts) => ({
  vpcs: e.vpcs,
  resource_endpoints: e.endpoints,
  endpoint_azs: e.endpointAzs,
  zones: e.zones,
  resolvers: e.resolvers,
  resolver_ips: e.resolverIps,
});

export function formatAnalysis(a: Analysis, format: Format): string {
  switch (format) {
    case "table":
      return formatTable(a);
    case "markdown":
      return formatMarkdown(a);
    case "json":
      return `${JSON.stringify(toJson(a), null, 2)}\n`;
  }
}
