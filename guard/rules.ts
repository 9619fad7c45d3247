/**
 * The rule pack: pure functions over one workspace's Terraform JSON and a RuleContext.
 *
 * Each rule has a stable id (LAT001…), a severity, a one-paragraph rationale (rendered into
 * docs/rules.md) and, where one exists, the equivalent checkov / trivy check. Rules never throw on
 * malformed input: hostile JSON yields findings or nothing, never a stack trace.
 */
import * as ipaddr from "ipaddr.js";
import { DEFAULT_MIN_LOG_RETENTION_DAYS, type RuleContext } from "./context";
import taggable from "./taggable-types.json";
import {
  block,
  blocks,
  isExpression,
  isFalse,
  isObject,
  isTrue,
  lifecycleOf,
  providerNameOf,
  providerRefOf,
  providers,
  referencedAddresses,
  resources,
  str,
  strings,
  type ProviderEntry,
  type ResourceEntry,
  type TerraformJson,
} from "./terraform-json";

export type Severity = "error" | "warning";

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  /** `<type>.<name>`, `data.<type>.<name>`, `provider.<name>.<alias>` or `terraform.backend.<type>`. */
  readonly address: string;
  readonly message: string;
}

/** What a rule reports; the engine adds the rule id, severity and stack. */
export interface Violation {
  readonly address: string;
  readonly message: string;
}

export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  /** Equivalent checkov check ids (empty when none exists). */
  readonly checkov: readonly string[];
  /** Equivalent trivy check ids (empty when none exists). */
  readonly trivy: readonly string[];
}

export interface Rule extends RuleInfo {
  readonly check: (ws: Workspace, ctx: RuleContext) => Violation[];
}

/** Resources whose loss breaks every spoke or cascades new DNS names: prevent_destroy when protect is on. */
export const PROTECTED_TYPES: readonly string[] = [
  "aws_vpclattice_service_network",
  "aws_ram_resource_share",
  "aws_vpclattice_resource_configuration",
  "aws_vpc_endpoint",
  "aws_route53_zone",
];

export const TAGGABLE_TYPES: ReadonlySet<string> = new Set(taggable.types);

/** One workspace, indexed once for all rules. */
export class Workspace {
  readonly resources: readonly ResourceEntry[];
  readonly dataSources: readonly ResourceEntry[];
  readonly providers: readonly ProviderEntry[];
  readonly addresses: ReadonlySet<string>;

  constructor(readonly doc: TerraformJson) {
    this.resources = resources(doc, "managed");
    this.dataSources = resources(doc, "data");
    this.providers = providers(doc);
    this.addresses = new Set(this.resources.map((r) => r.base));
  }

  ofType(...types: string[]): ResourceEntry[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /** Resources of `type` referenced by `value` (e.g. a security_group_ids list). */
  refs(value: unknown, type?: string): string[] {
    return referencedAddresses(value, this.addresses).filter((a) => !type || a.startsWith(`${type}.`));
  }
}

// ---------------------------------------------------------------------------------------------
// Security group helpers. Rules come in four shapes: the two per-rule resources, the legacy
// aws_security_group_rule, and inline ingress/egress blocks of aws_security_group.

type Direction = "ingress" | "egress";

interface SgRule {
  /** Address of the resource that declares the rule (the group itself for inline blocks). */
  readonly address: string;
  readonly direction: Direction;
  /** The group the rule belongs to (its `security_group_id`), when it is a reference or the inline owner. */
  readonly group: string | undefined;
  readonly cidrs: readonly string[];
  /** Peer groups (referenced_security_group_id / source_security_group_id / security_groups). */
  readonly peers: readonly unknown[];
  readonly prefixLists: readonly unknown[];
  readonly self: boolean;
  readonly description: unknown;
  readonly label: string;
}

function securityGroupRules(ws: Workspace): SgRule[] {
  const out: SgRule[] = [];
  const groupOf = (value: unknown) => ws.refs(value, "aws_security_group")[0];
  for (const r of ws.ofType("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) {
    const b = r.body;
    out.push({
      address: r.address,
      direction: r.type.endsWith("ingress_rule") ? "ingress" : "egress",
      group: groupOf(b.security_group_id),
      cidrs: [...strings(b.cidr_ipv4), ...strings(b.cidr_ipv6)],
      peers: b.referenced_security_group_id === undefined ? [] : [b.referenced_security_group_id],
      prefixLists: b.prefix_list_id === undefined ? [] : [b.prefix_list_id],
      self: false,
      description: b.description,
      label: r.address,
    });
  }
  for (const r of ws.ofType("aws_security_group_rule")) {
    const b = r.body;
    out.push({
      address: r.address,
      direction: str(b.type) === "egress" ? "egress" : "ingress",
      group: groupOf(b.security_group_id),
      cidrs: [...strings(b.cidr_blocks), ...strings(b.ipv6_cidr_blocks)],
      peers: b.source_security_group_id === undefined ? [] : [b.source_security_group_id],
      prefixLists: strings(b.prefix_list_ids),
      self: isTrue(b.self),
      description: b.description,
      label: r.address,
    });
  }
  for (const g of ws.ofType("aws_security_group")) {
    for (const direction of ["ingress", "egress"] as const) {
      blocks(g.body[direction]).forEach((b, i) => {
        out.push({
          address: g.address,
          direction,
          group: g.base,
          cidrs: [...strings(b.cidr_blocks), ...strings(b.ipv6_cidr_blocks)],
          peers: Array.isArray(b.security_groups) ? b.security_groups : [],
          prefixLists: strings(b.prefix_list_ids),
          self: isTrue(b.self),
          description: b.description,
          label: `inline ${direction}[${i}]`,
        });
      });
    }
  }
  return out;
}

/** A CIDR with prefix length 0 admits every address of its family. */
function isWholeInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/** Whether `cidr` lies inside one of `allowed` (both parsed; unparsable never matches). */
function cidrWithin(cidr: string, allowed: readonly string[]): boolean {
  let inner: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    inner = ipaddr.parseCIDR(cidr);
  } catch {
    return false;
  }
  return allowed.some((a) => {
    try {
      const outer = ipaddr.parseCIDR(a);
      return inner[0].kind() === outer[0].kind() && inner[1] >= outer[1] && inner[0].match(outer);
    } catch {
      return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The rules.

const CREDENTIAL_KEYS = new Set(["access_key", "secret_key", "token", "session_token", "web_identity_token"]);

/** Credential keys and truthy skip_* / insecure flags anywhere inside a configuration block. */
function credentialProblems(body: unknown, path = ""): string[] {
  const out: string[] = [];
  for (const b of blocks(body)) {
    for (const [key, value] of Object.entries(b)) {
      const at = path ? `${path}.${key}` : key;
      if (CREDENTIAL_KEYS.has(key) && value !== null && value !== "" && value !== false) {
        out.push(`sets ${at} (credentials belong in the environment or an assumed role, never in the configuration)`);
      } else if ((key.startsWith("skip_") || key === "insecure") && isTrue(value)) {
        out.push(`sets ${at} = true (validation and TLS checks must stay on outside tests)`);
      } else if (isObject(value) || (Array.isArray(value) && value.some(isObject))) {
        out.push(...credentialProblems(value, at));
      }
    }
  }
  return out;
}

function endpointSecurityGroups(ws: Workspace): Set<string> {
  return new Set(ws.ofType("aws_vpc_endpoint").flatMap((e) => ws.refs(e.body.security_group_ids, "aws_security_group")));
}

function describePeers(ws: Workspace, peers: readonly unknown[]): string {
  const named = peers.flatMap((p) => ws.refs(p, "aws_security_group"));
  return named.length > 0 ? named.join(", ") : peers.map((p) => JSON.stringify(p)).join(", ");
}

const ORG_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:(organization|ou)\//;

export const RULES: readonly Rule[] = [
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
        .map((rule) => ({
          address: rule.address,
          message: `${rule.label === rule.address ? `${rule.direction} rule` : rule.label} has no description`,
        })),
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
        const listed = Array.isArray(gw.body.security_group_ids) ? gw.body.security_group_ids : [gw.body.security_group_ids];
        const given = listed.filter((v) => v !== undefined && v !== null);
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
    id: "LAT004",
    title: "RAM shares do not allow external principals unless a spoke is outside the organization",
    severity: "error",
    rationale:
      "With allow_external_principals on, the share can be associated with any AWS account, inside the " +
      "organization or not, and an invitation is all that stands between the service network and a stranger. " +
      "Only a spoke declared outside the organization (inOrganization: false) justifies it; otherwise the share " +
      "must stay inside the organization, where RAM sharing needs no invitation and SCPs apply.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      ws.ofType("aws_ram_resource_share").flatMap((share) => {
        const value = share.body.allow_external_principals;
        if (isExpression(value)) return [{ address: share.address, message: `allow_external_principals is an expression (${String(value)}) and cannot be verified` }];
        if (isTrue(value) && !ctx.allowExternalPrincipals) {
          return [{ address: share.address, message: "allows external principals, but every spoke is in the organization" }];
        }
        return [];
      }),
  },
  {
    id: "LAT005",
    title: "RAM principals are explicit spoke accounts, not the whole organization",
    severity: "error",
    rationale:
      "Sharing the service network with an organization or OU ARN admits every account that exists or will " +
      "ever join it: a new sandbox account could associate a VPC and reach every third-party endpoint. " +
      "Principals are the 12-digit ids of the spokes that the topology lists (least privilege, and a reviewable " +
      "diff when a spoke is added). Organization-wide sharing is accepted only when the topology configures it.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      ws.ofType("aws_ram_principal_association").flatMap((assoc) => {
        const principal = assoc.body.principal;
        const p = str(principal);
        if (p === undefined || isExpression(p)) {
          return [{ address: assoc.address, message: `principal ${JSON.stringify(principal ?? null)} is not a literal account id and cannot be verified` }];
        }
        if (ORG_ARN.test(p)) {
          return ctx.allowOrganizationPrincipals
            ? []
            : [{ address: assoc.address, message: `shares with ${p}, i.e. every current and future account of an organization or OU; name the spoke accounts` }];
        }
        if (!/^\d{12}$/.test(p)) return [{ address: assoc.address, message: `principal ${JSON.stringify(p)} is not a 12-digit account id` }];
        if (ctx.principals && !ctx.principals.includes(p)) {
          return [{ address: assoc.address, message: `shares with account ${p}, which is not a spoke of the topology` }];
        }
        return [];
      }),
  },
  {
    id: "LAT006",
    title: "The service network has a RESOURCE access-log subscription to a log group of the workspace",
    severity: "error",
    rationale:
      "Resource traffic through VPC Lattice (spoke client → resource configuration) is only visible in access " +
      "logs of type RESOURCE on the service network; the default SERVICE logs do not include it. Without them " +
      "there is no record of which spoke reached which third-party endpoint, when, or how much. The destination " +
      "must be a log group this workspace manages so that its retention (LAT007) and encryption (LAT008) are checked.",
    checkov: [],
    trivy: [],
    check: (ws) => {
      const subscriptions = ws.ofType("aws_vpclattice_access_log_subscription");
      return ws.ofType("aws_vpclattice_service_network").flatMap((sn) => {
        const mine = subscriptions.filter((s) => ws.refs(s.body.resource_identifier, sn.type).includes(sn.base));
        const resource = mine.filter((s) => s.body.service_network_log_type === "RESOURCE");
        if (resource.length === 0) {
          return [{
            address: sn.address,
            message: mine.length === 0
              ? "has no access-log subscription (service_network_log_type = \"RESOURCE\")"
              : `has access-log subscriptions (${mine.map((s) => s.address).join(", ")}) but none with service_network_log_type = "RESOURCE"`,
          }];
        }
        return resource
          .filter((s) => ws.refs(s.body.destination_arn, "aws_cloudwatch_log_group").length === 0)
          .map((s) => ({ address: s.address, message: `destination_arn ${JSON.stringify(s.body.destination_arn ?? null)} is not a log group of this workspace` }));
      });
    },
  },
  {
    id: "LAT007",
    title: "Log groups keep logs at least 365 days",
    severity: "error",
    rationale:
      "Access logs are the evidence for an incident review or an audit, which commonly happens months after " +
      "the fact; most frameworks (and AWS Config's managed rule cw-loggroup-retention-period-check, by default) ask for at least a year. The " +
      "retention must be explicit: an absent retention_in_days means \"never expire\", which hides an unbounded " +
      "cost rather than stating a decision. 0 (never expire) is accepted when written explicitly.",
    checkov: ["CKV_AWS_338", "CKV_AWS_66"],
    trivy: [],
    check: (ws, ctx) => {
      const min = ctx.minLogRetentionDays ?? DEFAULT_MIN_LOG_RETENTION_DAYS;
      return ws.ofType("aws_cloudwatch_log_group").flatMap((g) => {
        const days = g.body.retention_in_days;
        const n = typeof days === "string" && /^\d+$/.test(days) ? Number(days) : days;
        if (n === undefined || n === null) return [{ address: g.address, message: `sets no retention_in_days; keep logs at least ${min} days` }];
        if (typeof n !== "number") return [{ address: g.address, message: `retention_in_days ${JSON.stringify(days)} cannot be verified` }];
        if (n !== 0 && n < min) return [{ address: g.address, message: `keeps logs ${n} days; at least ${min} are required` }];
        return [];
      });
    },
  },
  {
    id: "LAT008",
    title: "Log groups are encrypted with the configured KMS key",
    severity: "error",
    rationale:
      "CloudWatch Logs encrypts every log group with a service key; a customer-managed KMS key adds key " +
      "policy, rotation control and CloudTrail records of every decrypt. When the topology configures a key, " +
      "every log group of the workspace must name it, so that no log group silently falls back to the service key.",
    checkov: ["CKV_AWS_158"],
    trivy: ["AVD-AWS-0017"],
    check: (ws, ctx) =>
      !ctx.requireLogKms
        ? []
        : ws.ofType("aws_cloudwatch_log_group")
            .filter((g) => !nonEmptyString(g.body.kms_key_id))
            .map((g) => ({ address: g.address, message: "has no kms_key_id, but a log KMS key is configured" })),
  },
  {
    id: "LAT009",
    title: "Interface endpoints have private DNS off",
    severity: "error",
    rationale:
      "The vendor's names are served by the central Route 53 zones, which point them at the Lattice DNS names. " +
      "Private DNS on the hub endpoint would also answer those names inside the hub VPC (and, for many vendors, " +
      "claim a zone name that the central zone also uses), so the same hostname resolves differently depending on " +
      "where the client runs. It must be off, and written explicitly so a provider default cannot change it.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      ws.ofType("aws_vpc_endpoint")
        .filter((e) => e.body.vpc_endpoint_type === "Interface" && !isFalse(e.body.private_dns_enabled))
        .map((e) => ({
          address: e.address,
          message: isTrue(e.body.private_dns_enabled) ? "has private_dns_enabled = true" : "does not set private_dns_enabled = false",
        })),
  },
  {
    id: "LAT010",
    title: "Interface endpoints fail the apply until the vendor has accepted them",
    severity: "error",
    rationale:
      "The provider treats an endpoint in state pendingAcceptance as created: the apply is green and nothing " +
      "works until the vendor accepts the connection. A lifecycle postcondition on self.state == \"available\" " +
      "turns that silent half-success into a failed apply with an actionable message.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      ws.ofType("aws_vpc_endpoint")
        .filter((e) => e.body.vpc_endpoint_type === "Interface")
        .filter((e) => !blocks(lifecycleOf(e)?.postcondition).some((c) => {
          const condition = str(c.condition) ?? "";
          return condition.includes("self.state") && condition.includes("available");
        }))
        .map((e) => ({ address: e.address, message: "has no lifecycle postcondition on self.state == \"available\"" })),
  },
  {
    id: "LAT011",
    title: "Every taggable resource carries the default tags",
    severity: "error",
    rationale:
      "Cost allocation, ownership and incident routing rely on tags, and the stacks apply them once through the " +
      "provider's default_tags. A provider configuration without them leaves every resource it creates untagged; " +
      "a resource that sets one of those keys to an empty value blanks it (an empty value in default_tags itself is a " +
      "tag AWS accepts, and counts as carried). The taggable types are the AWS " +
      "provider 5.100.0 resources with a tags_all attribute (guard/taggable-types.json, generated from the schema).",
    checkov: [],
    trivy: [],
    check: (ws, ctx) => {
      const out: Violation[] = [];
      const taggableUsers = new Map<string, ResourceEntry[]>();
      for (const r of ws.resources.filter((r) => TAGGABLE_TYPES.has(r.type))) {
        const ref = providerRefOf(r);
        taggableUsers.set(ref, [...(taggableUsers.get(ref) ?? []), r]);
      }
      for (const [ref, users] of taggableUsers) {
        const provider = ws.providers.find((p) => p.ref === ref);
        if (!provider) continue; // reported by LAT012
        const tags = block(block(provider.body.default_tags)?.tags) ?? {};
        const required = ctx.requiredTagKeys ?? [];
        // AWS allows empty tag values: a key with "" is carried; only an absent key is missing.
        const missing = required.filter((k) => typeof tags[k] !== "string");
        const count = `${users.length} taggable resource${users.length === 1 ? "" : "s"}`;
        if (Object.keys(tags).length === 0) {
          out.push({ address: provider.address, message: `has no default_tags; ${count} would be untagged` });
        } else if (missing.length > 0) {
          out.push({ address: provider.address, message: `default_tags lack ${missing.join(", ")} (${count})` });
        }
        // Blanking: a resource's own tags override a non-empty default with "" or null.
        const defaults = new Set([...Object.keys(tags).filter((k) => nonEmptyString(tags[k])), ...required.filter((k) => tags[k] === undefined)]);
        for (const r of users) {
          const own = block(r.body.tags);
          if (!own) continue;
          const blanked = Object.entries(own).filter(([k, v]) => defaults.has(k) && (v === "" || v === null)).map(([k]) => k);
          if (blanked.length > 0) out.push({ address: r.address, message: `tags blank the default tag${blanked.length === 1 ? "" : "s"} ${blanked.join(", ")}` });
        }
      }
      return out;
    },
  },
  {
    id: "LAT012",
    title: "Every resource names an explicit provider of its own stack",
    severity: "error",
    rationale:
      "Each workspace deploys into several accounts through aliased providers (the dns workspace has one per " +
      "spoke). A resource that falls back to the default provider, or names an alias that this workspace does " +
      "not declare (cdktf writes it silently when a construct gets another stack's provider), is created in the " +
      "wrong account or fails only at plan time. Every resource and data source names \"<provider>.<alias>\" of a " +
      "configuration declared in the same file.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) => {
      const declared = new Set(ws.providers.map((p) => p.ref));
      const out: Violation[] = [];
      for (const r of [...ws.resources, ...ws.dataSources]) {
        const name = providerNameOf(r.type);
        if (name === "terraform") continue; // built-in: terraform_remote_state, terraform_data
        const ref = str(r.body.provider);
        if (ref === undefined) {
          out.push({ address: r.address, message: `names no provider; it would use the default ${name} configuration` });
          continue;
        }
        const [refName, alias] = ref.split(".", 2);
        if (refName !== name || !alias) {
          out.push({ address: r.address, message: `provider ${JSON.stringify(ref)} is not an aliased ${name} configuration ("${name}.<alias>")` });
        } else if (!declared.has(ref)) {
          out.push({ address: r.address, message: `provider ${ref} is not declared in this stack (another stack's provider?)` });
        } else if (ctx.providerAliases && !ctx.providerAliases.includes(alias)) {
          out.push({ address: r.address, message: `provider ${ref} is not one of this stack's (${ctx.providerAliases.map((a) => `${name}.${a}`).join(", ")})` });
        }
      }
      return out;
    },
  },
  {
    id: "LAT013",
    title: "No credentials or skip flags in provider, backend, cloud or remote-state configuration",
    severity: "error",
    rationale:
      "Synthesized JSON is committed, printed in CI logs and uploaded to HCP Terraform: a key in it is a leaked " +
      "key. Credentials come from the environment and assumed roles. The skip_* flags (credentials validation, " +
      "account id lookup, metadata API, region validation) and insecure exist for offline tests; in real " +
      "output they hide a wrong account or a man-in-the-middle, so test-only provider overrides must never reach " +
      "the synthesized workspaces.",
    checkov: ["CKV_AWS_41"],
    trivy: [],
    check: (ws) => {
      const out: Violation[] = [];
      for (const p of ws.providers) {
        for (const message of credentialProblems(p.body)) out.push({ address: p.address, message });
      }
      for (const t of blocks(ws.doc.terraform)) {
        for (const backends of blocks(t.backend)) {
          for (const [type, body] of Object.entries(backends)) {
            for (const message of credentialProblems(body)) out.push({ address: `terraform.backend.${type}`, message });
          }
        }
        for (const message of credentialProblems(t.cloud)) out.push({ address: "terraform.cloud", message });
      }
      for (const d of ws.dataSources.filter((d) => d.type === "terraform_remote_state")) {
        for (const message of credentialProblems(d.body.config, "config")) out.push({ address: d.address, message });
      }
      return out;
    },
  },
  {
    id: "LAT014",
    title: "Critical resources carry prevent_destroy when protect is on",
    severity: "error",
    rationale:
      "Destroying the service network, the RAM share, a resource configuration, an endpoint or a hosted zone " +
      "cuts every spoke off at once, and recreating a configuration or an endpoint produces new DNS names that " +
      "every record must follow. With protect on (the default), lifecycle.prevent_destroy makes Terraform refuse " +
      "such a plan outright; the plan gate (npm run guard) is the second line for replacements.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      !ctx.protect
        ? []
        : ws.ofType(...PROTECTED_TYPES)
            .filter((r) => !isTrue(lifecycleOf(r)?.prevent_destroy))
            .map((r) => ({ address: r.address, message: "has no lifecycle.prevent_destroy, but protect is on" })),
  },
  {
    id: "LAT015",
    title: "Hosted zones with separate VPC associations ignore changes to their inline vpc",
    severity: "error",
    rationale:
      "A private zone must be created with one VPC (inline), while the spoke VPCs are attached by separate " +
      "aws_route53_zone_association resources. Without lifecycle.ignore_changes = [vpc] on the zone, every plan " +
      "sees the extra associations as drift and removes them: each apply cuts the spokes' name resolution until " +
      "the associations are recreated (provider issues #14872, #33071).",
    checkov: [],
    trivy: [],
    check: (ws) => {
      const associated = new Set(
        ws.ofType("aws_route53_zone_association", "aws_route53_vpc_association_authorization")
          .flatMap((a) => ws.refs(a.body.zone_id, "aws_route53_zone")),
      );
      return ws.ofType("aws_route53_zone")
        .filter((z) => associated.has(z.base))
        .filter((z) => {
          const ignore = lifecycleOf(z)?.ignore_changes;
          return !(ignore === "all" || strings(ignore).some((k) => k === "vpc" || k === "all"));
        })
        .map((z) => ({ address: z.address, message: "has separate VPC associations but no lifecycle.ignore_changes = [\"vpc\"]" }));
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
      return securityGroupRules(ws)
        .filter((r) => r.direction === "ingress")
        .flatMap((r) => r.cidrs
          .filter((c) => !isWholeInternet(c) && !cidrWithin(c, allowed)) // /0 is LAT001's
          .map((c) => ({ address: r.address, message: `admits ${c}, which is not within the topology's client CIDRs (${allowed.join(", ")})` })));
    },
  },
  {
    id: "LAT017",
    title: "Every AWS provider is pinned to its account",
    severity: "error",
    rationale:
      "Each provider configuration assumes a role in one account. allowed_account_ids makes Terraform refuse to " +
      "plan when the credentials resolve to any other account, so a wrong profile or a mistyped role ARN fails " +
      "before it creates a service network, a share or a zone in the wrong place.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      ws.providers.filter((p) => p.name === "aws").flatMap((p) => {
        const pinned = strings(p.body.allowed_account_ids);
        if (pinned.length === 0) return [{ address: p.address, message: "sets no allowed_account_ids" }];
        const expected = p.alias ? ctx.accountIds?.[p.alias] : undefined;
        if (expected && (pinned.length !== 1 || pinned[0] !== expected)) {
          return [{ address: p.address, message: `allowed_account_ids ${JSON.stringify(pinned)} should be ["${expected}"]` }];
        }
        return [];
      }),
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
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/**
 * Runs every rule over one workspace. The document may be anything JSON.parse returns: a rule
 * that trips over a shape nobody anticipated reports that as an error finding instead of throwing.
 */
export function runRules(doc: unknown, ctx: RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  if (!isObject(doc)) {
    return [{ ruleId: "LAT000", severity: "error", stack: ctx.stack, address: "(document)", message: "is not a Terraform JSON object" }];
  }
  const ws = new Workspace(doc as TerraformJson);
  return rules.flatMap((rule) => {
    let violations: Violation[];
    try {
      violations = rule.check(ws, ctx);
    } catch (e) {
      violations = [{ address: "(document)", message: `could not be checked: ${(e as Error).message}` }];
    }
    return violations.map((v) => ({ ruleId: rule.id, severity: rule.severity, stack: ctx.stack, ...v }));
  });
}

/** `<rule id> <stack> <resource address>: <message>` — the contract's one line per finding. */
export function formatFinding(f: Finding): string {
  return `${f.ruleId} ${f.stack} ${f.address}: ${f.message}`;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

