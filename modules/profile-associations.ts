import { Route53ProfilesAssociation } from "@cdktf/provider-aws/lib/route53profiles-association";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { keyedIterator, type KeyedInput, type ValueOrVariable } from "./expressions";
import { addShareAccepter } from "./resource-share";

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
    const accepter = addShareAccepter(this, "share_accepter", { provider, shareArn: props.resourceShareArn, accept: props.acceptShare });
    const vpc = keyedIterator(this, "associations", props.vpcs);
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
