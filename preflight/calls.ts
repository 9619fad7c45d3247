/**
 * Every AWS call a check can make (preflight's and verify's), keyed by the IAM action that allows it.
 * The checks read through these keys only (preflight/aws.ts maps each to its SDK command), and the preflight IAM policy
 * (`npm run iam -- --preflight`) is built from the keys the planned checks declare: one table, so
 * code and policy cannot drift. Read-only by construction: Describe*, List*, Get*.
 *
 * Type imports only: loading this file loads no SDK.
 */
import type {
  DescribeSecurityGroupsCommandInput, DescribeSecurityGroupsCommandOutput,
  DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput,
  DescribeVpcAttributeCommandInput, DescribeVpcAttributeCommandOutput,
  DescribeVpcEndpointServicesCommandInput, DescribeVpcEndpointServicesCommandOutput,
  DescribeVpcEndpointsCommandInput, DescribeVpcEndpointsCommandOutput,
  DescribeVpcsCommandInput, DescribeVpcsCommandOutput,
} from "@aws-sdk/client-ec2";
import type {
  GetResourceShareAssociationsCommandInput, GetResourceShareAssociationsCommandOutput,
  GetResourceShareInvitationsCommandInput, GetResourceShareInvitationsCommandOutput,
  GetResourceSharesCommandInput, GetResourceSharesCommandOutput,
} from "@aws-sdk/client-ram";
import type {
  GetHostedZoneCommandInput, GetHostedZoneCommandOutput,
  GetHostedZoneLimitCommandInput, GetHostedZoneLimitCommandOutput,
  ListHostedZonesByVPCCommandInput, ListHostedZonesByVPCCommandOutput,
  ListResourceRecordSetsCommandInput, ListResourceRecordSetsCommandOutput,
} from "@aws-sdk/client-route-53";
import type {
  GetAWSDefaultServiceQuotaCommandInput, GetAWSDefaultServiceQuotaCommandOutput,
  GetServiceQuotaCommandInput, GetServiceQuotaCommandOutput,
} from "@aws-sdk/client-service-quotas";
import type {
  GetServiceNetworkVpcAssociationCommandInput, GetServiceNetworkVpcAssociationCommandOutput,
  ListAccessLogSubscriptionsCommandInput, ListAccessLogSubscriptionsCommandOutput,
  ListResourceConfigurationsCommandInput, ListResourceConfigurationsCommandOutput,
  ListResourceGatewaysCommandInput, ListResourceGatewaysCommandOutput,
  ListServiceNetworkResourceAssociationsCommandInput, ListServiceNetworkResourceAssociationsCommandOutput,
  ListServiceNetworksCommandInput, ListServiceNetworksCommandOutput,
  ListServiceNetworkVpcAssociationsCommandInput, ListServiceNetworkVpcAssociationsCommandOutput,
} from "@aws-sdk/client-vpc-lattice";
import type {
  GetProfileInput, GetProfileOutput, ListProfileAssociationsInput, ListProfileAssociationsOutput,
  ListProfileResourceAssociationsInput, ListProfileResourceAssociationsOutput, ListProfilesInput, ListProfilesOutput,
} from "./route53-profiles";

/** IAM action → [input, output] of the call it allows. */
export interface ReadCalls {
  "ec2:DescribeSubnets": [DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput];
  "ec2:DescribeVpcs": [DescribeVpcsCommandInput, DescribeVpcsCommandOutput];
  "ec2:DescribeVpcAttribute": [DescribeVpcAttributeCommandInput, DescribeVpcAttributeCommandOutput];
  "ec2:DescribeSecurityGroups": [DescribeSecurityGroupsCommandInput, DescribeSecurityGroupsCommandOutput];
  "ec2:DescribeVpcEndpointServices": [DescribeVpcEndpointServicesCommandInput, DescribeVpcEndpointServicesCommandOutput];
  "ec2:DescribeVpcEndpoints": [DescribeVpcEndpointsCommandInput, DescribeVpcEndpointsCommandOutput];
  "vpc-lattice:ListServiceNetworkVpcAssociations": [ListServiceNetworkVpcAssociationsCommandInput, ListServiceNetworkVpcAssociationsCommandOutput];
  "route53:GetHostedZone": [GetHostedZoneCommandInput, GetHostedZoneCommandOutput];
  "route53:GetHostedZoneLimit": [GetHostedZoneLimitCommandInput, GetHostedZoneLimitCommandOutput];
  "route53:ListHostedZonesByVPC": [ListHostedZonesByVPCCommandInput, ListHostedZonesByVPCCommandOutput];
  "servicequotas:GetServiceQuota": [GetServiceQuotaCommandInput, GetServiceQuotaCommandOutput];
  "servicequotas:GetAWSDefaultServiceQuota": [GetAWSDefaultServiceQuotaCommandInput, GetAWSDefaultServiceQuotaCommandOutput];
  "route53profiles:ListProfileAssociations": [ListProfileAssociationsInput, ListProfileAssociationsOutput];
  "route53profiles:GetProfile": [GetProfileInput, GetProfileOutput];
  // Verify's reads (verify/): the applied estate.
  "vpc-lattice:ListServiceNetworks": [ListServiceNetworksCommandInput, ListServiceNetworksCommandOutput];
  "vpc-lattice:ListResourceGateways": [ListResourceGatewaysCommandInput, ListResourceGatewaysCommandOutput];
  "vpc-lattice:ListResourceConfigurations": [ListResourceConfigurationsCommandInput, ListResourceConfigurationsCommandOutput];
  "vpc-lattice:ListServiceNetworkResourceAssociations": [ListServiceNetworkResourceAssociationsCommandInput, ListServiceNetworkResourceAssociationsCommandOutput];
  "vpc-lattice:ListAccessLogSubscriptions": [ListAccessLogSubscriptionsCommandInput, ListAccessLogSubscriptionsCommandOutput];
  "vpc-lattice:GetServiceNetworkVpcAssociation": [GetServiceNetworkVpcAssociationCommandInput, GetServiceNetworkVpcAssociationCommandOutput];
  "ram:GetResourceShares": [GetResourceSharesCommandInput, GetResourceSharesCommandOutput];
  "ram:GetResourceShareAssociations": [GetResourceShareAssociationsCommandInput, GetResourceShareAssociationsCommandOutput];
  "ram:GetResourceShareInvitations": [GetResourceShareInvitationsCommandInput, GetResourceShareInvitationsCommandOutput];
  "route53:ListResourceRecordSets": [ListResourceRecordSetsCommandInput, ListResourceRecordSetsCommandOutput];
  "route53profiles:ListProfiles": [ListProfilesInput, ListProfilesOutput];
  "route53profiles:ListProfileResourceAssociations": [ListProfileResourceAssociationsInput, ListProfileResourceAssociationsOutput];
}

export type ReadAction = keyof ReadCalls;

/** The same keys as a value (the type demands every one, and no other). */
const EVERY_READ: Record<ReadAction, true> = {
  "ec2:DescribeSubnets": true,
  "ec2:DescribeVpcs": true,
  "ec2:DescribeVpcAttribute": true,
  "ec2:DescribeSecurityGroups": true,
  "ec2:DescribeVpcEndpointServices": true,
  "ec2:DescribeVpcEndpoints": true,
  "vpc-lattice:ListServiceNetworkVpcAssociations": true,
  "route53:GetHostedZone": true,
  "route53:GetHostedZoneLimit": true,
  "route53:ListHostedZonesByVPC": true,
  "servicequotas:GetServiceQuota": true,
  "servicequotas:GetAWSDefaultServiceQuota": true,
  "route53profiles:ListProfileAssociations": true,
  "route53profiles:GetProfile": true,
  "vpc-lattice:ListServiceNetworks": true,
  "vpc-lattice:ListResourceGateways": true,
  "vpc-lattice:ListResourceConfigurations": true,
  "vpc-lattice:ListServiceNetworkResourceAssociations": true,
  "vpc-lattice:ListAccessLogSubscriptions": true,
  "vpc-lattice:GetServiceNetworkVpcAssociation": true,
  "ram:GetResourceShares": true,
  "ram:GetResourceShareAssociations": true,
  "ram:GetResourceShareInvitations": true,
  "route53:ListResourceRecordSets": true,
  "route53profiles:ListProfiles": true,
  "route53profiles:ListProfileResourceAssociations": true,
};
export const READ_ACTIONS = Object.keys(EVERY_READ) as ReadAction[];
