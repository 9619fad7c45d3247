/**
 * What the rules are told about the topology's intent. The synthesized JSON alone cannot say
 * whether an external principal is a mistake or a spoke outside the organization, so the caller
 * (the stack base class, or scripts/check.ts) states it here. Every optional field, when absent,
 * makes its rule fall back to the strict, topology-independent check.
 */
export interface RuleContext {
  /** Workspace (stack) name, as printed in findings. */
  readonly stack: string;
  /** The topology's `protect`: critical resources must carry lifecycle.prevent_destroy. */
  readonly protect: boolean;
  /** Some spoke is outside the organization, so the RAM share must allow external principals. */
  readonly allowExternalPrincipals: boolean;
  /** Sharing with a whole organization or OU (ARN principals) is configured, not a mistake. */
  readonly allowOrganizationPrincipals?: boolean;
  /** The account ids the hub may share with (the spokes'). Absent: any 12-digit account id. */
  readonly principals?: readonly string[];
  /** Tag keys every provider's default_tags must carry. Absent: default_tags must be non-empty. */
  readonly requiredTagKeys?: readonly string[];
  /** Minimum CloudWatch Logs retention; 365 unless the topology asks for more. */
  readonly minLogRetentionDays?: number;
  /** A KMS key for log groups is configured, so every log group must name one. */
  readonly requireLogKms?: boolean;
  /** Provider aliases that belong to this stack. Absent: any alias declared in the stack's JSON. */
  readonly providerAliases?: readonly string[];
  /** Expected account per provider alias (allowed_account_ids pinning). Absent: any pin. */
  readonly accountIds?: Readonly<Record<string, string>>;
  /** A spoke's client CIDRs: the only CIDR sources its ingress rules may name. */
  readonly clientCidrs?: readonly string[];
}

export const DEFAULT_MIN_LOG_RETENTION_DAYS = 365;

/** The strictest context: for checking JSON whose topology is unknown. */
export function strictContext(stack: string): RuleContext {
  return { stack, protect: true, allowExternalPrincipals: false };
}

/**
 * The topology as the guard reads it: the fields of config/loader's Topology that set the rules'
 * expectations (structural, so the guard depends on no stack code).
 */
export interface GuardTopology {
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly hub: { readonly accountId: string; readonly logKmsKeyArn?: string };
  readonly dns: { readonly accountId: string };
  readonly spokes: readonly {
    readonly name: string;
    readonly accountId: string;
    readonly inOrganization: boolean;
    readonly vpcs: readonly { readonly clientCidrs?: readonly string[] }[];
  }[];
}

/** Tag key the stacks add to every provider's default_tags, besides the topology's own tags. */
export const MANAGED_BY_TAG = "ManagedBy";
export const HUB_WORKSPACE = "hub";
export const DNS_WORKSPACE = "dns";
export const spokeWorkspace = (spoke: string) => `spoke-${spoke}`;
/** The dns workspace's provider alias for a spoke account (Terraform identifiers have no "-"). */
export const spokeProviderAlias = (spoke: string) => `spoke_${spoke.replace(/-/g, "_")}`;

/**
 * What a workspace of `topology` is expected to contain, for the rules. Workspace names follow the
 * stacks' convention (hub, dns, spoke-<name>); an unknown name gets the strict context.
 */
export function guardContext(topology: GuardTopology, stack: string): RuleContext {
  const common = {
    stack,
    protect: topology.protect,
    allowExternalPrincipals: topology.spokes.some((s) => !s.inOrganization && s.accountId !== topology.hub.accountId),
    requiredTagKeys: [...Object.keys(topology.tags), MANAGED_BY_TAG],
    requireLogKms: topology.hub.logKmsKeyArn !== undefined,
  };
  if (stack === HUB_WORKSPACE) {
    return {
      ...common,
      principals: [...new Set(topology.spokes.map((s) => s.accountId))].filter((a) => a !== topology.hub.accountId),
      providerAliases: ["hub"],
      accountIds: { hub: topology.hub.accountId },
    };
  }
  if (stack === DNS_WORKSPACE) {
    // Spokes in the Route 53 account use the dns provider itself.
    const crossAccount = topology.spokes.filter((s) => s.accountId !== topology.dns.accountId);
    return {
      ...common,
      providerAliases: ["dns", ...crossAccount.map((s) => spokeProviderAlias(s.name))],
      accountIds: Object.fromEntries([["dns", topology.dns.accountId], ...crossAccount.map((s) => [spokeProviderAlias(s.name), s.accountId])]),
    };
  }
  const spoke = topology.spokes.find((s) => spokeWorkspace(s.name) === stack);
  if (spoke) {
    return {
      ...common,
      providerAliases: ["spoke"],
      accountIds: { spoke: spoke.accountId },
      clientCidrs: spoke.vpcs.flatMap((v) => v.clientCidrs ?? []),
    };
  }
  return strictContext(stack);
}
