/** What a Terraform workspace is, as the estate derives it (estate.ts) and the identity facts name it (identity.ts). */

/** Product workspaces (hub, spoke, dns) and the identity workspaces `npm run bootstrap` writes. */
export type WorkspaceKind = "hub" | "spoke" | "dns" | "identity";

/** One Terraform workspace: one account, one AWS provider. */
export interface Workspace {
  readonly kind: WorkspaceKind;
  /** The stack name: hub, dns, spoke-<name>. */
  readonly name: string;
  /** Its earlier stack names, oldest first (a spoke's `renamedFrom`). */
  readonly formerNames: readonly string[];
  /**
   * Where its state lives (local file, S3 key, HCP Terraform workspace): the oldest stack name, so
   * that a renamed spoke keeps its state.
   */
  readonly stateName: string;
  readonly accountId: string;
  /** The deploy role it acts as; absent: the caller's own credentials. */
  readonly roleArn?: string;
  /**
   * Its provider assumes roleArn (sts:AssumeRole). False when the run already holds the role's
   * credentials (HCP Terraform's dynamic credentials, a GitHub Actions job that assumed it with its
   * OIDC token): assuming it again would need the role to trust itself.
   */
  readonly assumesRole: boolean;
  /** sts:ExternalId its provider passes (identity type principal with an external id). */
  readonly externalId?: string;
  /** Alias of its AWS provider configuration. */
  readonly providerAlias: string;
  /** STS session name of its provider, so CloudTrail says which workspace acted. */
  readonly sessionName: string;
  /** Workspaces applied before it (their outputs are its inputs). */
  readonly dependsOn: readonly string[];
  /** Workspaces whose outputs it reads through remote state. */
  readonly reads: readonly string[];
}
