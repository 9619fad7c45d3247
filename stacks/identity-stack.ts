import type { Construct } from "constructs";
import type { IdentityAccount } from "../config/identity";
import { trustPolicy } from "../iam/trust-policies";
import { DeployRoles, type DeployRoleSpec } from "../modules/deploy-role";
import { WorkspaceStack, type WorkspaceStackProps } from "./workspace-stack";

/** IAM's limit on a role's inline policies, in characters (whitespace aside: the JSON has none). */
const INLINE_POLICY_LIMIT = 10240;

export interface IdentityStackProps extends WorkspaceStackProps {
  readonly account: IdentityAccount;
  /** Role ARN → its permissions policy: what `npm run iam` computes for it (deployRoles). */
  readonly policies: ReadonlyMap<string, object>;
}

/**
 * `identity-<account id>`: the account's deploy roles, created with an administrator's credentials
 * (its provider assumes no role), and the CI's OIDC provider unless adopted.
 */
export class IdentityStack extends WorkspaceStack {
  constructor(scope: Construct, props: IdentityStackProps) {
    super(scope, props.account.workspace, props);
    const { account } = props;
    const identity = this.estate.identity!;
    const roles = Object.fromEntries(account.roles.map((role): [string, DeployRoleSpec] => {
      const policy = props.policies.get(role.arn);
      if (!policy) throw new Error(`no deploy policy computed for ${role.arn}`);
      const policyJson = JSON.stringify(policy);
      if (policyJson.length > INLINE_POLICY_LIMIT) {
        throw new Error(`the deploy policy of ${role.arn} is ${policyJson.length} characters; IAM allows ${INLINE_POLICY_LIMIT} in a role's inline policies`);
      }
      return [role.name, {
        path: role.path,
        description: `Deploys ${role.workspaces.join(", ")} of ${this.estate.topology.name} (lattice-endpoints)`.slice(0, 1000),
        trust_policy: JSON.stringify(trustPolicy(role.trust)),
        policy: policyJson,
      }];
    }));
    const oidc = account.oidcProvider;
    new DeployRoles(this, "deploy", {
      provider: this.provider,
      roles,
      oidcProvider: oidc && !oidc.adopted ? { url: oidc.url, clientIds: [oidc.audience] } : undefined,
      permissionsBoundaryArn: identity.permissionsBoundaryArn,
      maxSessionDuration: identity.maxSessionDuration,
    });
  }
}
