/** Security groups: who may reach the data path, on which ports. */
import { FAMILY_NAME, isWidePublic, isWithin, WIDEST_PUBLIC_PREFIX, wholeFamiliesCovered, type CidrBlock, type Family } from "../../config/cidrs";
import { cidrBlock } from "../cidr-blocks";
import type { Rule, Violation, Workspace } from "../rule";
import { everyPortAdmitted, isWholeInternet, ruleName, securityGroupRules, type SgRule } from "../security-groups";
import { blocks, nonEmptyString } from "../terraform-json";

function endpointSecurityGroups(ws: Workspace): Set<string> {
  return new Set(ws.ofType("aws_vpc_endpoint").flatMap((e) => ws.refs(e.body.security_group_ids, "aws_security_group")));
}

/** The security groups of the workspace's Route 53 Resolver endpoints. */
function resolverSecurityGroups(ws: Workspace): Set<string> {
  return new Set(ws.ofType("aws_route53_resolver_endpoint").flatMap((e) => ws.refs(e.body.security_group_ids, "aws_security_group")));
}

function describePeers(ws: Workspace, peers: readonly unknown[]): string {
  const named = peers.flatMap((p) => ws.refs(p, "aws_security_group"));
  return named.length > 0 ? named.join(", ") : peers.map((p) => JSON.stringify(p)).join(", ");
}

const FAMILY_SIZE = { ipv4: 1n << 32n, ipv6: 1n << 128n };

/**
 * wholeFamiliesCovered(cidrs), asked only when the blocks of some family add up to at least its whole
 * space: blocks that cannot cover it even without overlaps do not (the common case, cheaply).
 */
function familiesCovered(cidrs: readonly string[]): Family[] {
  const total = { ipv4: 0n, ipv6: 0n };
  for (const c of cidrs) {
    const b = cidrBlock(c);
    if (b) total[b.family] += b.last - b.first + 1n;
  }
  return total.ipv4 >= FAMILY_SIZE.ipv4 || total.ipv6 >= FAMILY_SIZE.ipv6 ? wholeFamiliesCovered(cidrs) : [];
}

/** `cidr` parses and lies inside one of `allowed`. */
function within(cidr: string, allowed: readonly CidrBlock[]): boolean {
  const block = cidrBlock(cidr);
  return block !== undefined && isWithin(block, allowed);
}

/** The rules of each security group, per direction: the sets whose union LAT019 judges. */
function rulesPerGroupAndDirection(ws: Workspace): SgRule[][] {
  const sets = new Map<string, SgRule[]>();
  for (const rule of securityGroupRules(ws)) {
    const key = `${rule.groupKey} ${rule.direction}`;
    const set = sets.get(key);
    if (set) set.push(rule);
    else sets.set(key, [rule]);
  }
  return [...sets.values()];
}

/** At most `max` items, then how many there are in all: messages stay one readable line. */
function listed(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")}, … (${items.length} in all)`;
}

export const NETWORK_RULES: readonly Rule[] = [
  {
    id: "LAT001",
    title: "No security group rule is open to 0.0.0.0/0 or ::/0",
    severity: "error",
    rationale:
      "Every hop of the data path (spoke association, resource gateway, hub endpoint) is filtered only by security " +
      "groups: service-network auth policies do not apply to resource configurations and endpoint policies do " +
      "nothing for third-party endpoint services. A rule open to the whole address space, in either direction, " +
      "turns that filter off and lets any network reach (or the gateway send to) anything on the port. Sources " +
      "are the topology's client CIDRs or peer security groups; destinations are the endpoint groups.",
    checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "CKV_AWS_382"],
    trivy: ["AVD-AWS-0107", "AVD-AWS-0104"],
    check: (ws) =>
      securityGroupRules(ws).flatMap((rule) =>
        rule.cidrs.filter(isWholeInternet).map((cidr) => ({
          address: rule.address,
          message: `${rule.direction} ${rule.label === rule.address ? "rule" : rule.label} is open to ${cidr}`,
        })),
      ),
  },
  {
    id: "LAT002",
    title: "Every security group rule has a description",
    severity: "error",
    rationale:
      "The rules are the access-control list of the design. A description that names the peer (\"clients of " +
      "spoke payments\", \"resource gateway to endpoint snowflake\") is what an auditor or an on-call engineer " +
      "reads in the console at 3 a.m.; a rule without one cannot be told apart from a manual exception. The " +
      "provider's placeholder \"Managed by Terraform\" counts as no description.",
    checkov: ["CKV_AWS_23"],
    trivy: ["AVD-AWS-0124"],
    check: (ws) =>
      securityGroupRules(ws)
        .filter((rule) => !nonEmptyString(rule.description) || rule.description === "Managed by Terraform")
        .map((rule) => ({ address: rule.address, message: `${ruleName(rule)} has no description` })),
  },
  {
    id: "LAT003",
    title: "The resource gateway's security groups have no ingress and egress only to endpoint groups",
    severity: "error",
    rationale:
      "A resource gateway's security groups filter the traffic leaving the gateway towards the resources; the " +
      "gateway needs no ingress at all. Egress from it should reach only the security groups of the hub's " +
      "interface endpoints, so a compromised or mis-shared configuration cannot use the gateway as a pivot into " +
      "the rest of the hub VPC. A gateway without security groups gets the VPC's default group, which this " +
      "workspace does not control; a group not defined in the workspace cannot be verified.",
    checkov: [],
    trivy: [],
    check: (ws) => {
      const endpointGroups = endpointSecurityGroups(ws);
      const sgRules = securityGroupRules(ws);
      const out: Violation[] = [];
      for (const gw of ws.ofType("aws_vpclattice_resource_gateway")) {
        const listedGroups = Array.isArray(gw.body.security_group_ids) ? gw.body.security_group_ids : [gw.body.security_group_ids];
        const given = listedGroups.filter((v) => v !== undefined && v !== null);
        if (given.length === 0) {
          out.push({ address: gw.address, message: "has no security_group_ids; the VPC's default security group would apply" });
        }
        const groups = ws.refs(given, "aws_security_group");
        for (const v of given) {
          if (ws.refs(v, "aws_security_group").length === 0) {
            out.push({ address: gw.address, message: `security group ${JSON.stringify(v)} is not defined in this workspace and cannot be verified` });
          }
        }
        for (const g of groups) {
          for (const rule of sgRules.filter((r) => r.group === g)) {
            const where = rule.label === rule.address ? rule.address : `${rule.address} ${rule.label}`;
            if (rule.direction === "ingress") {
              out.push({ address: rule.address, message: `${where} gives the resource gateway's group ${g} ingress; it needs none` });
              continue;
            }
            if (rule.cidrs.length > 0 || rule.prefixLists.length > 0 || rule.self) {
              const to = [...rule.cidrs, ...rule.prefixLists.map((p) => JSON.stringify(p)), ...(rule.self ? ["self"] : [])].join(", ");
              out.push({ address: rule.address, message: `${where} lets the resource gateway's group ${g} send to ${to}; only endpoint security groups are allowed` });
            }
            for (const peer of rule.peers) {
              const target = ws.refs(peer, "aws_security_group")[0];
              if (!target || !endpointGroups.has(target)) {
                out.push({
                  address: rule.address,
                  message: `${where} lets the resource gateway's group ${g} send to ${describePeers(ws, [peer])}, which is not an interface endpoint's security group`,
                });
              }
            }
          }
        }
      }
      return out;
    },
  },
  {
    id: "LAT016",
    title: "Spoke ingress admits only the topology's client CIDRs",
    severity: "error",
    rationale:
      "The security group of a spoke's service-network association is where the spoke decides which of its " +
      "networks may use the shared endpoints. Its CIDR sources must come from the topology's clientCidrs for that " +
      "VPC; anything wider (a whole /8, another spoke's range) widens access without a reviewable topology change.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) => {
      const allowed = ctx.clientCidrs;
      if (!allowed) return [];
      const allowedBlocks = allowed.map(cidrBlock).filter((b): b is CidrBlock => b !== undefined);
      // A resolver's group admits DNS forwarders, not clients: LAT027's.
      const resolverGroups = resolverSecurityGroups(ws);
      return securityGroupRules(ws)
        .filter((r) => r.direction === "ingress" && !(r.group && resolverGroups.has(r.group)))
        .flatMap((r) => r.cidrs
          .filter((c) => !isWholeInternet(c) && !within(c, allowedBlocks)) // /0 is LAT001's
          .map((c) => ({ address: r.address, message: `admits ${c}, which is not within the topology's client CIDRs (${allowed.join(", ")})` })));
    },
  },
  {
    id: "LAT027",
    title: "Route 53 Resolver endpoints admit only DNS (53) from the topology's resolver networks",
    severity: "error",
    rationale:
      "An inbound Resolver endpoint in an endpoint-mode spoke VPC answers the vendors' private names (and every " +
      "other name the VPC resolves) for on-premises forwarders. Its security groups must be defined in the workspace " +
      "and admit TCP and UDP port 53 only, from the resolver's allowedCidrs and nothing else: a wider source or " +
      "another port turns a DNS entry point into a path into the VPC.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) => {
      const out: Violation[] = [];
      const allowed = (ctx.resolverCidrs ?? []).map(cidrBlock).filter((b): b is CidrBlock => b !== undefined);
      for (const r of ws.ofType("aws_route53_resolver_endpoint")) {
        const given = Array.isArray(r.body.security_group_ids) ? r.body.security_group_ids : [r.body.security_group_ids];
        for (const v of given.filter((g) => g !== undefined && g !== null)) {
          if (ws.refs(v, "aws_security_group").length === 0) {
            out.push({ address: r.address, message: `security group ${JSON.stringify(v)} is not defined in this workspace and cannot be verified` });
          }
        }
      }
      const groups = resolverSecurityGroups(ws);
      for (const rule of securityGroupRules(ws).filter((x) => x.direction === "ingress" && x.group && groups.has(x.group))) {
        const protocol = String(rule.protocol ?? "").toLowerCase();
        if (!["tcp", "udp"].includes(protocol) || rule.fromPort !== 53 || rule.toPort !== 53) {
          out.push({ address: rule.address, message: `${ruleName(rule)} admits ${protocol || "?"} ${String(rule.fromPort)}-${String(rule.toPort)}; a resolver's group admits TCP and UDP 53 only` });
        }
        if (rule.peers.length > 0 || rule.prefixLists.length > 0 || rule.self) {
          out.push({ address: rule.address, message: `${ruleName(rule)} admits a security group or prefix list; a resolver's group names the resolver networks` });
        }
        for (const c of rule.cidrs.filter((c) => !isWholeInternet(c) && !(ctx.resolverCidrs && within(c, allowed)))) {
          out.push({ address: rule.address, message: `admits ${c}, which is not within the topology's resolver networks (${(ctx.resolverCidrs ?? []).join(", ") || "none"})` });
        }
      }
      return out;
    },
  },
  {
    id: "LAT018",
    title: "Security groups use separate rule resources, not inline rules",
    severity: "warning",
    rationale:
      "Inline ingress/egress blocks on aws_security_group and separate rule resources fight over the same rules " +
      "(perpetual diffs, rules removed on apply), and inline rules carry no id or tags. The provider documentation " +
      "recommends aws_vpc_security_group_ingress_rule / _egress_rule with one source per rule.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      ws.ofType("aws_security_group")
        .filter((g) => blocks(g.body.ingress).length > 0 || blocks(g.body.egress).length > 0)
        .map((g) => ({ address: g.address, message: "declares inline ingress/egress rules; use separate rule resources" })),
  },
  {
    id: "LAT019",
    title: "No security group's rules together cover the whole IPv4 or IPv6 address space",
    severity: "error",
    rationale:
      "LAT001 catches 0.0.0.0/0 and ::/0, but 0.0.0.0/1 plus 128.0.0.0/1, or any other set of blocks that tiles " +
      "the address space, opens the group just as wide. The rules of one security group in one direction (every " +
      "rule resource and inline block, each for_each instance of a literal for_each) are judged by the union of " +
      "their CIDRs: if it covers every IPv4 or every IPv6 address, the filter is off. A /0 on its own is left to LAT001.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      rulesPerGroupAndDirection(ws).flatMap((rules) => {
        const cidrs = [...new Set(rules.flatMap((r) => r.cidrs.filter((c) => !isWholeInternet(c))))];
        const { groupInstance, direction, address } = rules[0];
        return familiesCovered(cidrs).map((family) => ({
          address: groupInstance ?? address,
          message: `${direction} rules admit ${listed(cidrs.filter((c) => cidrBlock(c)?.family === family))}, which together cover the whole ${FAMILY_NAME[family]} address space`,
        }));
      }),
  },
  {
    id: "LAT020",
    title: `No security group rule admits a public range wider than /${WIDEST_PUBLIC_PREFIX.ipv4} (IPv4) or /${WIDEST_PUBLIC_PREFIX.ipv6} (IPv6)`,
    severity: "error",
    rationale:
      "Clients are the networks of spoke VPCs. A VPC's IPv4 CIDR blocks are /16 at most, so a public (globally " +
      "reachable) IPv4 source wider than /16 is not a VPC network but a slice of the Internet; for IPv6, a /32 is " +
      "already a regional registry's allocation to a whole organization. Private, shared, loopback, link-local, " +
      "unique-local, documentation and other special-purpose blocks (the IANA special-purpose registries) are not " +
      "public; which of them a spoke admits is LAT016's question. A /0 is LAT001's.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      securityGroupRules(ws).flatMap((rule) =>
        rule.cidrs
          .filter((c) => !isWholeInternet(c))
          .flatMap((c) => {
            const block = cidrBlock(c);
            return block && isWidePublic(block)
              ? [{ address: rule.address, message: `${ruleName(rule)} admits ${c}, a public range wider than /${WIDEST_PUBLIC_PREFIX[block.family]}` }]
              : [];
          }),
      ),
  },
  {
    id: "LAT021",
    title: "Security group rules name their ports rather than every port",
    severity: "warning",
    rationale:
      "Each endpoint serves a few ports, and every rule the stacks write names exactly those. A rule for every " +
      "port (protocol -1 or \"all\", or TCP/UDP 0–65535 or 1–65535) lets a client or the gateway reach whatever " +
      "else listens behind the group, such as management ports, and hides which ports the design needs. It is a " +
      "warning because an operator's own group may have reasons the JSON cannot show.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      securityGroupRules(ws).flatMap((rule) => {
        const how = everyPortAdmitted(rule);
        return how ? [{ address: rule.address, message: `${ruleName(rule)} admits every port: ${how}` }] : [];
      }),
  },
];
