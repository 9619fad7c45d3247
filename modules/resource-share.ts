import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { Fn, TerraformIterator, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { booleanValue, isVariable, type ValueOrVariable } from "./expressions";

export interface ResourceShareProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  /** The shared resource's ARN, and its name in the association's id ("<id>_<resourceName>"). */
  readonly resourceArn: string;
  readonly resourceName: string;
  /** Accounts the resource is shared with (RAM principals). */
  readonly accounts: readonly string[];
  /** Only when an account outside the organization must accept the share. */
  readonly allowExternalPrincipals: ValueOrVariable<boolean>;
  /** prevent_destroy on the share. */
  readonly protect: boolean;
}

/**
 * A RAM share of one resource with explicit accounts, never the organization: a future account
 * gets nothing by default. Its three resources are created in `scope` with ids `<id>`,
 * `<id>_<resourceName>` and `<id>_principals` (addresses are a contract).
 */
export function addResourceShare(scope: Construct, id: string, props: ResourceShareProps): RamResourceShare {
  const { provider } = props;
  const share = new RamResourceShare(scope, id, {
    provider,
    name: props.name,
    allowExternalPrincipals: booleanValue(props.allowExternalPrincipals),
    lifecycle: { preventDestroy: props.protect },
  });
  new RamResourceAssociation(scope, `${id}_${props.resourceName}`, {
    provider,
    resourceShareArn: share.arn,
    resourceArn: props.resourceArn,
  });
  const account = TerraformIterator.fromList(props.accounts as string[]);
  new RamPrincipalAssociation(scope, `${id}_principals`, {
    provider,
    forEach: account,
    resourceShareArn: share.arn,
    principal: account.value,
  });
  return share;
}

/**
 * The acceptance of a RAM share by an account outside the organization (inside it there is no
 * invitation, and an accepter would fail). Nothing for `false`; for a module variable, a `count` of
 * 1 or 0. Resources that need the share depend on what this returns.
 */
export function addShareAccepter(scope: Construct, id: string, props: {
  readonly provider: TerraformProvider;
  readonly shareArn: string;
  readonly accept: ValueOrVariable<boolean>;
}): RamResourceShareAccepter | undefined {
  if (props.accept === false) return undefined;
  return new RamResourceShareAccepter(scope, id, {
    provider: props.provider,
    shareArn: props.shareArn,
    count: isVariable(props.accept) ? Fn.conditional(props.accept.booleanValue, 1, 0) : undefined,
  });
}
