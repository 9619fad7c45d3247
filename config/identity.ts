/**
 * Who deploys (the topology's `identity`), as facts of the estate: the deploy roles each account's
 * identity workspace creates (`npm run bootstrap`), whom each role trusts, and for HCP Terraform the
 * workspaces, state sharing and run triggers of the `hcp` workspace. Trust conditions follow the
 * issuers' documentation: HCP Terraform's "Dynamic credentials with the AWS provider" and GitHub's
 * "Configuring OpenID Connect in Amazon Web Services".
 */
import { HCP_WORKSPACE, hcpWorkspaceName, TERRAFORM_VERSION } from "./contract";
import type { Topology } from "./topology";
import type { Workspace } from "./workspace";
import { ROLE_ARN } from "./rules";

export type Identity = NonNullable<Topology["identity"]>;

export const HCP_DEFAULT_HOSTNAME = "app.terraform.io";
/** The audience of HCP Terraform's workload identity tokens for AWS (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE's default). */
export const HCP_AUDIENCE = "aws.workload.identity";
export const GITHUB_ISSUER_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_AUDIENCE = "sts.amazonaws.com";
/** `npm run synth`'s default output: where an HCP Terraform workspace finds its stack. */
export const PRODUCT_OUTPUT_DIR = "cdktf.out";

/** An OIDC token issuer: IAM's provider URL is https://<host>, its condition keys <host>:aud and <host>:sub. */
export interface OidcIssuer {
  readonly host: string;
  readonly audience: string;
}

/** An identity that signs in with an OIDC token (every type but `principal`). */
export type OidcIdentity = Exclude<Identity, { readonly type: "principal" }>;

/** The issuer of an OIDC identity's tokens. */
export function oidcIssuer(identity: OidcIdentity): OidcIssuer {
  return identity.type === "hcp-terraform"
    ? { host: identity.hostname ?? HCP_DEFAULT_HOSTNAME, audience: HCP_AUDIENCE }
    : { host: GITHUB_ISSUER_HOST, audience: GITHUB_AUDIENCE };
}

/** Who may assume a deploy role. */
export type Trust =
  | {
    readonly kind: "oidc";
    readonly providerArn: string;
    readonly issuer: OidcIssuer;
    /** Values of the token's sub claim that may assume the role. */
    readonly subjects: readonly string[];
    /** StringLike where a subject ends in a wildcard (HCP Terraform's run phase), StringEquals otherwise. */
    readonly subjectOperator: "StringEquals" | "StringLike";
  }
  | { readonly kind: "principal"; readonly arn: string; readonly externalId?: string };

export interface DeployRoleFacts {
  readonly arn: string;
  readonly name: string;
  /** "/" or "/<path>/". */
  readonly path: string;
  /** The product workspaces that act as this role. */
  readonly workspaces: readonly string[];
  readonly trust: Trust;
}

/** One account's identity workspace. */
export interface IdentityAccount {
  readonly accountId: string;
  /** `identity-<account id>`: an administrator's credentials, no role. */
  readonly workspace: Workspace;
  /** The issuer's IAM OIDC provider in this account (OIDC identities): created here unless adopted. */
  readonly oidcProvider?: { readonly arn: string; readonly url: string; readonly audience: string; readonly adopted: boolean };
  readonly roles: readonly DeployRoleFacts[];
}

export interface HcpWorkspaceFacts {
  /** The product stack it runs. */
  readonly stack: string;
  /** The stack's earlier names (a renamed spoke's): its tfe resources move from their keys. */
  readonly formerStacks: readonly string[];
  /** Its HCP Terraform name, as the stack's cloud backend names it. */
  readonly name: string;
  readonly workingDirectory: string;
  /** TFC_AWS_RUN_ROLE_ARN: the role HCP Terraform's dynamic credentials give its runs. */
  readonly roleArn: string;
  /** Stacks that read its outputs: the only consumers of its state. */
  readonly readers: readonly string[];
}

/** The `hcp` workspace (identity type hcp-terraform). */
export interface HcpFacts {
  readonly workspace: string;
  readonly hostname: string;
  readonly organization: string;
  readonly project: string;
  readonly terraformVersion: string;
  /** In deploy order. */
  readonly workspaces: readonly HcpWorkspaceFacts[];
  /** After each apply of `source`, a run of `target`: the deploy order's edges. */
  readonly runTriggers: readonly { readonly source: string; readonly target: string }[];
}

export interface IdentityFacts {
  readonly type: Identity["type"];
  /** Every account a deploy role lives in, in deploy order of its first workspace. */
  readonly accounts: readonly IdentityAccount[];
  readonly permissionsBoundaryArn?: string;
  readonly maxSessionDuration?: number;
  readonly hcp?: HcpFacts;
}

/** A role ARN's name and path: arn:aws:iam::1:role/a/b/name → { path: "/a/b/", name: "name" }. */
export function roleNameAndPath(arn: string): { name: string; path: string } {
  const resource = arn.slice(arn.indexOf(":role/") + ":role/".length);
  const slash = resource.lastIndexOf("/");
  return { name: resource.slice(slash + 1), path: `/${resource.slice(0, slash + 1)}` };
}

/** The HCP Terraform run's credentials are the role itself: its provider must not assume it again. */
export const runsAsDeployRole = (identity: Identity | undefined) =>
  identity?.type === "hcp-terraform" || identity?.type === "github-actions";

/**
 * The identity facts of a validated topology whose product workspaces are `workspaces` (each with
 * its roleArn, which validation requires when there is an identity).
 */
export function identityOf(
  t: Topology,
  partition: string,
  workspaces: readonly Workspace[],
  identityWorkspace: (accountId: string) => Workspace,
): IdentityFacts | undefined {
  const identity = t.identity;
  if (!identity) return undefined;
  const cloud = t.backend.type === "cloud" ? t.backend : undefined;
  if (identity.type === "hcp-terraform" && !cloud) throw new Error("identity type hcp-terraform needs the cloud backend (config/validate.ts)");

  // A renamed spoke keeps its HCP Terraform workspace (and state): named after its first stack name.
  const stateNames = new Map(workspaces.map((w) => [w.name, w.stateName]));
  // Values of the token's sub claim for the roles of `stacks`: the job or the workspaces' runs.
  const subjectsOf = (oidc: OidcIdentity, stacks: readonly string[]): string[] => oidc.type === "hcp-terraform"
    ? stacks.map((s) => `organization:${oidc.organization}:project:${oidc.project}:workspace:${hcpWorkspaceName(cloud!.workspacePrefix, stateNames.get(s) ?? s)}:run_phase:*`)
    : [oidc.environment !== undefined ? `repo:${oidc.repository}:environment:${oidc.environment}` : `repo:${oidc.repository}:ref:${oidc.ref}`];
  // The issuer's provider in an account: the adopted one the topology names, or the one its identity workspace creates.
  const oidcProviderOf = (oidc: OidcIdentity, accountId: string): NonNullable<IdentityAccount["oidcProvider"]> => {
    const issuer = oidcIssuer(oidc);
    const adopted = oidc.oidcProviderArn?.find((arn) => arn.split(":")[4] === accountId);
    const arn = adopted ?? `arn:${partition}:iam::${accountId}:oidc-provider/${issuer.host}`;
    return { arn, url: `https://${issuer.host}`, audience: issuer.audience, adopted: adopted !== undefined };
  };
  const trustOf = (oidcProvider: IdentityAccount["oidcProvider"], stacks: readonly string[]): Trust => identity.type === "principal"
    ? { kind: "principal", arn: identity.arn, externalId: identity.externalId }
    : {
      kind: "oidc",
      providerArn: oidcProvider!.arn,
      issuer: oidcIssuer(identity),
      subjects: subjectsOf(identity, stacks),
      subjectOperator: identity.type === "hcp-terraform" ? "StringLike" : "StringEquals",
    };

  // Role ARN → its workspaces, grouped by account, in deploy order.
  const byAccount = new Map<string, Map<string, string[]>>();
  for (const w of workspaces) {
    if (!w.roleArn) throw new Error(`workspace ${w.name} has no roleArn (config/validate.ts requires one with identity)`);
    const accountId = ROLE_ARN.exec(w.roleArn)![2];
    const roles = byAccount.get(accountId) ?? new Map<string, string[]>();
    byAccount.set(accountId, roles);
    roles.set(w.roleArn, [...(roles.get(w.roleArn) ?? []), w.name]);
  }
  const accounts: IdentityAccount[] = [...byAccount].map(([accountId, roles]) => {
    const oidcProvider = identity.type === "principal" ? undefined : oidcProviderOf(identity, accountId);
    return {
      accountId,
      workspace: identityWorkspace(accountId),
      oidcProvider,
      roles: [...roles].map(([arn, stacks]) => ({ arn, ...roleNameAndPath(arn), workspaces: stacks, trust: trustOf(oidcProvider, stacks) })),
    };
  });

  return {
    type: identity.type,
    accounts,
    permissionsBoundaryArn: identity.permissionsBoundaryArn,
    maxSessionDuration: identity.maxSessionDuration,
    hcp: identity.type === "hcp-terraform"
      ? {
        workspace: HCP_WORKSPACE,
        hostname: identity.hostname ?? HCP_DEFAULT_HOSTNAME,
        organization: identity.organization,
        project: identity.project,
        terraformVersion: TERRAFORM_VERSION,
        workspaces: workspaces.map((w) => ({
          stack: w.name,
          formerStacks: w.formerNames,
          name: hcpWorkspaceName(cloud!.workspacePrefix, w.stateName),
          workingDirectory: `${PRODUCT_OUTPUT_DIR}/stacks/${w.name}`,
          roleArn: w.roleArn!,
          readers: workspaces.filter((r) => r.reads.includes(w.name)).map((r) => r.name),
        })),
        runTriggers: workspaces.flatMap((w) => w.dependsOn.map((source) => ({ source, target: w.name }))),
      }
      : undefined,
  };
}
