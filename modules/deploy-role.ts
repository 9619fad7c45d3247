import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EACH_KEY, instanceAttribute, keyedIterator } from "./expressions";

/** A deploy role; keyed by role name. */
export interface DeployRoleSpec {
  /** "/" or "/<path>/". */
  readonly path: string;
  readonly description: string;
  /** Trust policy JSON: who may assume it. */
  readonly trust_policy: string;
  /** Permissions policy JSON: what its workspaces manage. */
  readonly policy: string;
}

/** An IAM OIDC identity provider for a CI's tokens. */
export interface OidcProviderSpec {
  /** https://<issuer host>, without a port or trailing slash. */
  readonly url: string;
  /** Audiences (client ids) the tokens carry. */
  readonly clientIds: readonly string[];
}

export interface DeployRolesProps {
  readonly provider: TerraformProvider;
  readonly roles: Readonly<Record<string, DeployRoleSpec>>;
  /**
   * The OIDC provider the roles' trust names, created before them.
   * @default none: the trust names a principal, or a provider that exists already
   */
  readonly oidcProvider?: OidcProviderSpec;
  /** @default no permissions boundary */
  readonly permissionsBoundaryArn?: string;
  /** In seconds. @default IAM's, 3600 */
  readonly maxSessionDuration?: number;
}

/** Name of each role's inline policy. */
export const DEPLOY_POLICY_NAME = "lattice-endpoints-deploy";

/**
 * The deploy roles of one account: each with its trust policy and, as its inline policy, what its
 * workspaces need. No thumbprint on the OIDC provider: the AWS provider 5.100.0 makes it optional
 * (hashicorp/terraform-provider-aws#37255) and IAM then verifies the issuer with its trusted CAs.
 */
export class DeployRoles extends Construct {
  readonly roles: IamRole;
  readonly oidcProvider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: DeployRolesProps) {
    super(scope, id);
    const { provider } = props;
    if (props.oidcProvider) {
      this.oidcProvider = new IamOpenidConnectProvider(this, "oidc_provider", {
        provider,
        url: props.oidcProvider.url,
        clientIdList: [...props.oidcProvider.clientIds],
      });
    }
    // Each resource iterates over the fields it uses only, so that a policy is written once.
    const pick = <K extends keyof DeployRoleSpec>(...fields: K[]) => Object.fromEntries(Object.entries(props.roles)
      .map(([name, spec]) => [name, Object.fromEntries(fields.map((f) => [f, spec[f]]))]));
    const role = keyedIterator(this, "roles", pick("path", "description", "trust_policy"));
    this.roles = new IamRole(this, "roles", {
      provider,
      forEach: role,
      name: role.key,
      path: role.getString("path"),
      description: role.getString("description"),
      assumeRolePolicy: role.getString("trust_policy"),
      permissionsBoundary: props.permissionsBoundaryArn,
      maxSessionDuration: props.maxSessionDuration,
      // The trust names the provider by ARN: create it first.
      dependsOn: this.oidcProvider ? [this.oidcProvider] : undefined,
    });
    const policy = keyedIterator(this, "policies", pick("policy"));
    new IamRolePolicy(this, "policies", {
      provider,
      forEach: policy,
      name: DEPLOY_POLICY_NAME,
      role: instanceAttribute(this.roles, EACH_KEY, "name"),
      policy: policy.getString("policy"),
    });
  }
}
