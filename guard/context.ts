import type { Estate } from "../config/estate";

/** Alias of the `hcp` workspace's tfe provider. */
export const HCP_PROVIDER_ALIAS = "hcp";
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
  /**
   * A spoke's resolver networks (endpoint access, `resolver.allowedCidrs`): the only CIDR sources the
   * groups of its Route 53 Resolver endpoints may name, on 53 only (LAT027); LAT016 leaves those groups out.
   */
  readonly resolverCidrs?: readonly string[];
  /**
   * Blocks whose every instance is on its way out (retired endpoints and their zones, a retiring
   * gateway's configurations, a profile the spokes are leaving): they carry no prevent_destroy, so
   * that dropping them later is a plain apply.
   */
  readonly leavingBlocks?: readonly string[];
}


/** Where retired endpoints and the zones only they use live (stacks/hub-stack.ts, stacks/dns-stack.ts). */
export const RETIRED_ENDPOINTS = ["aws_vpc_endpoint.shared_retired_vpc_endpoints", "aws_vpclattice_resource_configuration.shared_retired_resource_configurations"];
export const RETIRED_ZONES = ["aws_route53_zone.dns_retired_zones"];

/** The retiring gateway's configurations (stacks/hub-stack.ts, modules/shared-endpoints.ts): no prevent_destroy. */
export const RETIRING_CONFIGURATIONS = "aws_vpclattice_resource_configuration.shared_retiring_resource_configurations";

/** A profile the spokes are leaving (dns.retiringMode): the profile and its share, without prevent_destroy. */
export const RETIRING_PROFILE = ["aws_route53profiles_profile.route53_profile", "aws_ram_resource_share.route53_profile_share"];

/** The strictest context: for checking JSON whose topology is unknown. */
export function strictContext(stack: string): RuleContext {
  return { stack, protect: true, allowExternalPrincipals: false };
}

type EstateWorkspace = Estate["workspaces"][number];
type SpokeFacts = Estate["spokes"][number];

/**
 * guardContext is called once per workspace: searching the estate's lists each time made judging an
 * estate quadratic in its spokes. Indexed once per estate (estates are not changed once built).
 */
const indexes = new WeakMap<Estate, { workspaces: Map<string, EstateWorkspace>; spokes: Map<EstateWorkspace, SpokeFacts> }>();

function estateIndex(estate: Estate) {
  let index = indexes.get(estate);
  if (!index) {
    const workspaces = new Map<string, EstateWorkspace>();
    // The first workspace of a name wins, as a search would find it.
    for (const w of [...estate.workspaces, ...(estate.identity?.accounts.map((a) => a.workspace) ?? [])]) {
      if (!workspaces.has(w.name)) workspaces.set(w.name, w);
    }
    const spokes = new Map<EstateWorkspace, SpokeFacts>();
    for (const s of estate.spokes) if (!spokes.has(s.workspace)) spokes.set(s.workspace, s);
    index = { workspaces, spokes };
    indexes.set(estate, index);
  }
  return index;
}

/**
 * What a workspace of the estate is expected to contain, for the rules. An unknown workspace name
 * gets the strict context.
 */
export function guardContext(estate: Estate, stack: string): RuleContext {
  const t = estate.topology;
  if (stack === estate.identity?.hcp?.workspace) {
    // The tfe provider only: no AWS account, no tags.
    return { stack, protect: t.protect, allowExternalPrincipals: false, providerAliases: [HCP_PROVIDER_ALIAS] };
  }
  const { workspaces, spokes } = estateIndex(estate);
  const workspace = workspaces.get(stack);
  if (!workspace) return strictContext(stack);
  const common: RuleContext = {
    stack,
    protect: t.protect,
    // Only a workspace that shares something has principals (hub: the service network; dns: the profile).
    allowExternalPrincipals: false,
    requiredTagKeys: Object.keys(estate.defaultTags),
    requireLogKms: t.hub.logKmsKeyArn !== undefined,
    providerAliases: [workspace.providerAlias],
    accountIds: { [workspace.providerAlias]: workspace.accountId },
  };
  const leavingBlocks = [
    ...(estate.retiredEndpoints.length > 0 ? RETIRED_ENDPOINTS : []),
    ...(estate.dns.retiredZones.length > 0 ? RETIRED_ZONES : []),
    ...(estate.hub.retiringGateway ? [RETIRING_CONFIGURATIONS] : []),
    ...(estate.dns.retiringMode === "profile" ? RETIRING_PROFILE : []),
  ];
  switch (workspace.kind) {
    case "hub":
      return { ...common, principals: estate.hub.sharePrincipals, allowExternalPrincipals: estate.hub.allowExternalPrincipals, leavingBlocks };
    case "spoke": {
      const spoke = spokes.get(workspace)!;
      const resolvers = spoke.endpointAccess.resolvers;
      return {
        ...common,
        clientCidrs: [...spoke.vpcs, ...spoke.endpointAccess.vpcs].flatMap((v) => v.clientCidrs ?? []),
        ...(resolvers.length > 0 ? { resolverCidrs: resolvers.flatMap((r) => r.allowedCidrs) } : {}),
      };
    }
    case "dns":
      // Profile mode: the dns workspace shares the Route 53 Profile with the spoke accounts.
      return estate.dns.profile
        ? { ...common, principals: estate.dns.profile.sharePrincipals, allowExternalPrincipals: estate.dns.profile.allowExternalPrincipals, leavingBlocks }
        : { ...common, leavingBlocks };
    case "identity":
      return common;
  }
}
