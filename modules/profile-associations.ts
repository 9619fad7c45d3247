import { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { Route53ProfilesAssociation } from "@cdktf/provider-aws/lib/route53profiles-association";
import { Fn, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { isVariable, keyedIterator, type KeyedInput, type ValueOrVariable } from "./expressions";

/** A VPC associated with the profile; keyed by VPC id. */
export interface ProfileAssociationSpec {
  readonly name: string;
}

export interface ProfileAssociationsProps {
  /** Credentials of the VPCs' account. */
  readonly provider: TerraformProvider;
  /** The dns workspace's `route53_profile_id` output. */
  readonly profileId: string;
  /** Accept the profile's RAM share: only for an account outside the organization. */
  readonly acceptShare: ValueOrVariable<boolean>;
  /** The dns workspace's `route53_profile_share_arn` output; needed to accept. */
  readonly resourceShareArn: string;
  readonly vpcs: KeyedInput<ProfileAssociationSpec>;
}

/** Profile mode: a spoke account's VPCs resolve every zone through the shared Route 53 Profile. */
export class ProfileAssociations extends Construct {
  constructor(scope: Construct, id: string, props: ProfileAssociationsProps) {
    super(scope, id);
    const { provider } = props;
    let accepter: RamResourceShareAccepter | undefined;
    if (props.acceptShare !== false) {
      accepter = new RamResourceShareAccepter(this, "share_accepter", {
        provider,
        shareArn: props.resourceShareArn,
        count: isVariable(props.acceptShare) ? Fn.conditional(props.acceptShare.booleanValue, 1, 0) : undefined,
      });
    }
    const vpc = keyedIterator(props.vpcs);
    new Route53ProfilesAssociation(this, "associations", {
      provider,
      forEach: vpc,
      name: vpc.getString("name"),
      profileId: props.profileId,
      resourceId: vpc.key,
      dependsOn: accepter ? [accepter] : undefined,
    });
  }
}
