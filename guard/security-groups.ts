/**
 * Security-group rules as the rule pack reads them. They come in four shapes: the two per-rule
 * resources (aws_vpc_security_group_ingress_rule / _egress_rule), the legacy aws_security_group_rule,
 * and inline ingress/egress blocks of aws_security_group; all become one SgRule.
 */
import type { Workspace } from "./rule";
import { blocks, isTrue, str, strings, type JsonObject } from "./terraform-json";

export type Direction = "ingress" | "egress";

export interface SgRule {
  /** Address of the resource that declares the rule (the group itself for inline blocks). */
  readonly address: string;
  readonly direction: Direction;
  /** The group the rule belongs to (its `security_group_id`), when it is a reference or the inline owner. */
  readonly group: string | undefined;
  /** That group's instance, `type.name["key"]` when the reference names one: where findings about the group point. */
  readonly groupInstance: string | undefined;
  /** What identifies the group when grouping rules: its instance, or its id as written. */
  readonly groupKey: string;
  readonly cidrs: readonly string[];
  /** Peer groups (referenced_security_group_id / source_security_group_id / security_groups). */
  readonly peers: readonly unknown[];
  readonly prefixLists: readonly unknown[];
  readonly self: boolean;
  readonly description: unknown;
  /** The address for a rule resource, `inline <direction>[i]` for an inline block. */
  readonly label: string;
  /** ip_protocol or protocol, from_port and to_port as written. */
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
}

/** Eight rules read the same list: it is built once per workspace. */
const rulesOf = new WeakMap<Workspace, readonly SgRule[]>();

/** Every security-group rule of the workspace, whatever its shape. */
export function securityGroupRules(ws: Workspace): readonly SgRule[] {
  let rules = rulesOf.get(ws);
  if (!rules) {
    rules = collectRules(ws);
    rulesOf.set(ws, rules);
  }
  return rules;
}

function collectRules(ws: Workspace): SgRule[] {
  const out: SgRule[] = [];
  const owner = (value: unknown) => {
    const group = ws.refs(value, "aws_security_group")[0];
    const groupInstance = group && instanceOf(group, value);
    return { group, groupInstance, groupKey: groupInstance ?? JSON.stringify(value ?? null) };
  };
  for (const r of ws.ofType("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) {
    const b = r.body;
    out.push({
      address: r.address,
      direction: r.type.endsWith("ingress_rule") ? "ingress" : "egress",
      ...owner(b.security_group_id),
      cidrs: [...strings(b.cidr_ipv4), ...strings(b.cidr_ipv6)],
      peers: b.referenced_security_group_id === undefined ? [] : [b.referenced_security_group_id],
      prefixLists: b.prefix_list_id === undefined ? [] : [b.prefix_list_id],
      self: false,
      description: b.description,
      label: r.address,
      protocol: b.ip_protocol,
      fromPort: b.from_port,
      toPort: b.to_port,
    });
  }
  for (const r of ws.ofType("aws_security_group_rule")) {
    out.push({
      ...legacyShape(r.body),
      address: r.address,
      direction: str(r.body.type) === "egress" ? "egress" : "ingress",
      ...owner(r.body.security_group_id),
      peers: r.body.source_security_group_id === undefined ? [] : [r.body.source_security_group_id],
      label: r.address,
    });
  }
  for (const g of ws.ofType("aws_security_group")) {
    for (const direction of ["ingress", "egress"] as const) {
      blocks(g.body[direction]).forEach((b, i) => {
        out.push({
          ...legacyShape(b),
          address: g.address,
          direction,
          group: g.base,
          groupInstance: g.address,
          groupKey: g.address,
          peers: Array.isArray(b.security_groups) ? b.security_groups : [],
          label: `inline ${direction}[${i}]`,
        });
      });
    }
  }
  return out;
}

const STRING_INDEX = /^\["(?:[^"\\]|\\.)*"\]/;

/**
 * The instance of `base` that `value` references: `base["k"]` for `${base["k"].id}` (a literal
 * index, or one the for_each expansion made literal), else `base` itself.
 */
function instanceOf(base: string, value: unknown): string {
  if (typeof value !== "string") return base;
  const at = value.indexOf(`${base}[`);
  const index = at < 0 ? undefined : STRING_INDEX.exec(value.slice(at + base.length))?.[0];
  return index ? `${base}${index}` : base;
}

/** The fields aws_security_group_rule and inline blocks spell alike. */
function legacyShape(b: JsonObject) {
  return {
    cidrs: [...strings(b.cidr_blocks), ...strings(b.ipv6_cidr_blocks)],
    prefixLists: strings(b.prefix_list_ids),
    self: isTrue(b.self),
    description: b.description,
    protocol: b.protocol,
    fromPort: b.from_port,
    toPort: b.to_port,
  };
}

/** `rule` for a rule resource, `inline ingress[0]` for an inline block: how messages name it. */
export function ruleName(rule: SgRule): string {
  return rule.label === rule.address ? `${rule.direction} rule` : rule.label;
}

/** A CIDR with prefix length 0 admits every address of its family. */
export function isWholeInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORTED_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);

function portNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  return typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * How a rule admits every port, e.g. "all protocols (protocol -1)" or "tcp 0-65535"; undefined
 * when it names a narrower range, a protocol without ports (ICMP) or values only known at plan.
 */
export function everyPortAdmitted(rule: SgRule): string | undefined {
  const protocol = typeof rule.protocol === "number" ? String(rule.protocol) : str(rule.protocol)?.trim().toLowerCase();
  if (protocol === undefined) return undefined;
  if (ALL_PROTOCOLS.has(protocol)) return `all protocols (protocol ${protocol})`;
  if (!PORTED_PROTOCOLS.has(protocol)) return undefined;
  const from = portNumber(rule.fromPort);
  const to = portNumber(rule.toPort);
  return from !== undefined && to !== undefined && from <= 1 && to >= 65535 ? `${protocol} ${from}-${to}` : undefined;
}
