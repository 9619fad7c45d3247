/**
 * Least-privilege deploy policies: the IAM actions that each account's role needs to plan, apply
 * and destroy exactly the resource types its workspaces contain (VPC Lattice user guide,
 * "Amazon VPC Lattice API permissions", and the AWS provider's create/read/update/delete calls).
 */
import { block, declarations, isObject, providerRefOf, providers, str, strings } from "../guard/terraform-json";

/** Service-linked roles that a first create in an account makes. */
const LATTICE_SLR = "vpc-lattice.amazonaws.com";
const LOG_DELIVERY_SLR = "delivery.logs.amazonaws.com";

const tags = (service: string) => [`${service}:TagResource`, `${service}:UntagResource`, `${service}:ListTagsForResource`];
const ec2Tags = ["ec2:CreateTags", "ec2:DeleteTags"];
const lattice = (noun: string) => [`Create${noun}`, `Get${noun}`, `Update${noun}`, `Delete${noun}`].map((a) => `vpc-lattice:${a}`);
const eni = [
  "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface",
  "ec2:DescribeNetworkInterfaces", "ec2:AssignPrivateIpAddresses", "ec2:AssignIpv6Addresses",
];

/** A VPC endpoint of type Resource (endpoint access): its own key in PERMISSIONS. */
const RESOURCE_ENDPOINT_KEY = "aws_vpc_endpoint/Resource";

export interface TypePermissions {
  readonly actions: readonly string[];
  readonly serviceLinkedRoles?: readonly string[];
}

/** Resource type → what managing it takes. A type missing here fails the tests. */
export const PERMISSIONS: Readonly<Record<string, TypePermissions>> = {
  aws_security_group: {
    actions: ["ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules",
      // Terraform removes the default allow-all egress rule of a new group.
      "ec2:RevokeSecurityGroupEgress", "ec2:DescribeNetworkInterfaces", ...ec2Tags],
  },
  aws_vpc_security_group_ingress_rule: {
    actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:ModifySecurityGroupRules", "ec2:DescribeSecurityGroupRules", ...ec2Tags],
  },
  aws_vpc_security_group_egress_rule: {
    actions: ["ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:DescribeSecurityGroupRules", ...ec2Tags],
  },
  aws_vpc_endpoint: {
    actions: ["ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DeleteVpcEndpoints", "ec2:DescribeVpcEndpoints",
      "ec2:DescribeVpcEndpointServices", "ec2:DescribePrefixLists", "ec2:DescribeNetworkInterfaces", ...ec2Tags],
  },
  // Endpoint access (docs/endpoint-access.md): a Resource endpoint in a spoke VPC reads the shared
  // resource configuration and creates its association (PrivateLink guide, "Access a resource through a
  // resource VPC endpoint"); the aws_vpc_endpoint entry above covers the EC2 side.
  [RESOURCE_ENDPOINT_KEY]: {
    actions: ["ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DeleteVpcEndpoints", "ec2:DescribeVpcEndpoints",
      "ec2:DescribeVpcEndpointAssociations", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", ...ec2Tags,
      "vpc-lattice:GetResourceConfiguration", "vpc-lattice:CreateResourceEndpointAssociation",
      "vpc-lattice:DeleteResourceEndpointAssociation", "vpc-lattice:ListResourceEndpointAssociations"],
    serviceLinkedRoles: [LATTICE_SLR],
  },
  aws_route53_resolver_endpoint: {
    actions: ["route53resolver:CreateResolverEndpoint", "route53resolver:GetResolverEndpoint", "route53resolver:UpdateResolverEndpoint",
      "route53resolver:DeleteResolverEndpoint", "route53resolver:ListResolverEndpointIpAddresses",
      "route53resolver:AssociateResolverEndpointIpAddress", "route53resolver:DisassociateResolverEndpointIpAddress",
      ...tags("route53resolver"), ...eni, "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"],
  },
  aws_vpclattice_resource_gateway: {
    actions: [...lattice("ResourceGateway"), ...tags("vpc-lattice"), ...eni, "ec2:UnassignPrivateIpAddresses",
      "ec2:ModifyNetworkInterfaceAttribute", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets"],
    serviceLinkedRoles: [LATTICE_SLR],
  },
  aws_vpclattice_resource_configuration: {
    actions: [...lattice("ResourceConfiguration"), ...tags("vpc-lattice"), "ec2:DescribeSubnets"],
  },
  aws_vpclattice_service_network: {
    actions: [...lattice("ServiceNetwork"), ...tags("vpc-lattice")],
    serviceLinkedRoles: [LATTICE_SLR],
  },
  aws_vpclattice_service_network_resource_association: {
    actions: ["vpc-lattice:CreateServiceNetworkResourceAssociation", "vpc-lattice:GetServiceNetworkResourceAssociation",
      "vpc-lattice:DeleteServiceNetworkResourceAssociation", ...tags("vpc-lattice"),
      "ec2:AssignIpv6Addresses", "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DescribeNetworkInterfaces"],
  },
  aws_vpclattice_access_log_subscription: {
    actions: [...lattice("AccessLogSubscription"), ...tags("vpc-lattice"), "logs:CreateLogDelivery", "logs:GetLogDelivery",
      "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
    serviceLinkedRoles: [LOG_DELIVERY_SLR],
  },
  aws_cloudwatch_log_group: {
    actions: ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:DescribeLogGroups", "logs:PutRetentionPolicy",
      "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey", ...tags("logs")],
  },
  // Monitoring (docs/monitoring.md): alarms, the dashboard, the topic they notify and its key.
  aws_cloudwatch_metric_alarm: {
    actions: ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms", ...tags("cloudwatch")],
  },
  aws_cloudwatch_dashboard: {
    actions: ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
  },
  aws_sns_topic: {
    // The provider reads every attribute (and tags) after create; a KMS-encrypted topic needs no kms: action of the caller.
    actions: ["sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:DeleteTopic", ...tags("sns")],
  },
  aws_kms_key: {
    actions: ["kms:CreateKey", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus",
      "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion",
      "kms:TagResource", "kms:UntagResource", "kms:ListResourceTags"],
  },
  aws_ram_resource_share: {
    actions: ["ram:CreateResourceShare", "ram:UpdateResourceShare", "ram:DeleteResourceShare", "ram:GetResourceShares", "ram:TagResource", "ram:UntagResource"],
  },
  aws_ram_resource_association: {
    // RAM writes the service network's resource policy on the caller's behalf.
    actions: ["ram:AssociateResourceShare", "ram:DisassociateResourceShare", "ram:GetResourceShareAssociations",
      "vpc-lattice:PutResourcePolicy", "vpc-lattice:GetResourcePolicy", "vpc-lattice:DeleteResourcePolicy"],
  },
  aws_ram_principal_association: {
    actions: ["ram:AssociateResourceShare", "ram:DisassociateResourceShare", "ram:GetResourceShareAssociations"],
  },
  aws_ram_resource_share_accepter: {
    actions: ["ram:AcceptResourceShareInvitation", "ram:GetResourceShareInvitations", "ram:GetResourceShares",
      "ram:ListResources", "ram:DisassociateResourceShare"],
  },
  aws_vpclattice_service_network_vpc_association: {
    actions: [...lattice("ServiceNetworkVpcAssociation"), ...tags("vpc-lattice"), "ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"],
    serviceLinkedRoles: [LATTICE_SLR],
  },
  aws_route53_zone: {
    actions: ["route53:CreateHostedZone", "route53:GetHostedZone", "route53:DeleteHostedZone", "route53:UpdateHostedZoneComment",
      "route53:ListResourceRecordSets", "route53:ChangeTagsForResource", "route53:ListTagsForResource", "route53:GetChange",
      "route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone", "ec2:DescribeVpcs"],
  },
  aws_route53_vpc_association_authorization: {
    actions: ["route53:CreateVPCAssociationAuthorization", "route53:DeleteVPCAssociationAuthorization", "route53:ListVPCAssociationAuthorizations"],
  },
  aws_route53_zone_association: {
    actions: ["route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone", "route53:ListHostedZonesByVPC",
      "route53:GetChange", "ec2:DescribeVpcs"],
  },
  aws_route53_record: {
    actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:GetHostedZone", "route53:GetChange"],
  },
  // Route 53 Profiles (Route 53 developer guide, "Route 53 Profiles API permissions"): associating a
  // hosted zone reads it, associating a VPC describes it.
  aws_route53profiles_profile: {
    actions: ["route53profiles:CreateProfile", "route53profiles:GetProfile", "route53profiles:DeleteProfile", ...tags("route53profiles")],
  },
  aws_route53profiles_resource_association: {
    actions: ["route53profiles:AssociateResourceToProfile", "route53profiles:GetProfileResourceAssociation",
      "route53profiles:UpdateProfileResourceAssociation", "route53profiles:DisassociateResourceFromProfile", "route53:GetHostedZone"],
  },
  aws_route53profiles_association: {
    actions: ["route53profiles:AssociateProfile", "route53profiles:GetProfileAssociation", "route53profiles:DisassociateProfile",
      ...tags("route53profiles"), "ec2:DescribeVpcs"],
  },
};

/**
 * The PERMISSIONS key of a declaration: its type, except a VPC endpoint of type Resource (endpoint
 * access), which also needs VPC Lattice's side: `aws_vpc_endpoint/Resource`.
 */
function permissionKey(type: string, body: Readonly<Record<string, unknown>>): string {
  return type === "aws_vpc_endpoint" && body.vpc_endpoint_type === "Resource" ? RESOURCE_ENDPOINT : type;
}
const RESOURCE_ENDPOINT = RESOURCE_ENDPOINT_KEY;

export interface DeployRole {
  readonly accountId: string;
  /** The role the providers assume; undefined: the caller's own credentials. */
  readonly roleArn?: string;
  /** "<workspace>/<provider alias>" that act as this role. */
  readonly usedBy: string[];
  readonly resourceTypes: string[];
  readonly policy: object;
}

/**
 * One policy per (account, role) across the workspaces, with the actions of the types each one
 * manages. Workspaces are Terraform JSON documents, read defensively (anything else reads as empty).
 * `runRoles`: workspace → the role its runs already hold when its provider assumes none (HCP
 * Terraform's dynamic credentials: estate `runRoles`).
 */
export function deployRoles(workspaces: Readonly<Record<string, unknown>>, runRoles: Readonly<Record<string, string>> = {}): DeployRole[] {
  const roles = new Map<string, { accountId: string; roleArn?: string; usedBy: Set<string>; types: Set<string> }>();
  for (const [workspace, json] of Object.entries(workspaces)) {
    const doc = isObject(json) ? json : {};
    // Declared blocks, not instances: a for_each that is empty today still needs its permissions to destroy.
    const declared = declarations(doc);
    for (const provider of providers(doc).filter((p) => p.name === "aws")) {
      const accountId = strings(provider.body.allowed_account_ids)[0] ?? "unknown";
      const roleArn = str(block(provider.body.assume_role)?.role_arn) ?? (Object.hasOwn(runRoles, workspace) ? runRoles[workspace] : undefined);
      const key = `${accountId} ${roleArn ?? ""}`;
      const role = roles.get(key) ?? { accountId, roleArn, usedBy: new Set<string>(), types: new Set<string>() };
      roles.set(key, role);
      role.usedBy.add(`${workspace}/${provider.alias ?? provider.ref}`);
      for (const d of declared) if (providerRefOf(d) === provider.ref) role.types.add(permissionKey(d.type, d.body));
    }
  }
  return [...roles.values()]
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || (a.roleArn ?? "").localeCompare(b.roleArn ?? ""))
    .map((r) => {
      const types = [...r.types].sort();
      return { accountId: r.accountId, roleArn: r.roleArn, usedBy: [...r.usedBy].sort(), resourceTypes: types, policy: policyFor(types) };
    });
}

/** An IAM policy document for these resource types. Throws on a type with no entry above. */
export function policyFor(resourceTypes: readonly string[]): object {
  const unknown = resourceTypes.filter((t) => !PERMISSIONS[t]);
  if (unknown.length > 0) throw new Error(`no deploy permissions recorded for ${unknown.join(", ")} (iam/deploy-policies.ts)`);
  const actions = new Set(resourceTypes.flatMap((t) => PERMISSIONS[t].actions));
  const linked = [...new Set(resourceTypes.flatMap((t) => PERMISSIONS[t].serviceLinkedRoles ?? []))].sort();
  return {
    Version: "2012-10-17",
    Statement: [
      ...(actions.size > 0 ? [{ Sid: "ManageWorkspaceResources", Effect: "Allow", Action: [...actions].sort(), Resource: "*" }] : []),
      ...(linked.length > 0 ? [{
        Sid: "CreateServiceLinkedRoles",
        Effect: "Allow",
        Action: "iam:CreateServiceLinkedRole",
        Resource: "*",
        Condition: { StringEquals: { "iam:AWSServiceName": linked } },
      }] : []),
    ],
  };
}
