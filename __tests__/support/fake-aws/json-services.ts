/**
 * The JSON services: VPC Lattice, RAM and Route 53 Profiles (REST JSON), CloudWatch Logs (JSON 1.1,
 * X-Amz-Target), and STS GetCallerIdentity (query, XML). Each answers from the World; an unknown id
 * answers the service's own not-found error.
 */
import type { FakeRequest, FakeResponse } from "./server";
import { tagsOf, type Attributes, type Instance, type World } from "./world";
import { document } from "./xml";

const CREATED = "2025-01-01T00:00:00Z";
/** The same instant in epoch seconds (Route 53 Profiles and RAM write timestamps as numbers). */
const EPOCH = 1735689600;

const json = (action: string, body: unknown, status = 200, contentType = "application/json"): FakeResponse =>
  ({ action, status, body: JSON.stringify(body), contentType });

const restError = (action: string, status: number, type: string, message: string): FakeResponse =>
  ({ action, status, body: JSON.stringify({ message }), contentType: "application/json", headers: { "x-amzn-errortype": type } });

/**
 * The instance whose `arn` is this one, among these types; else the one whose id ends the ARN (the
 * provider builds some ARNs itself, with the account it does not know under skip_requesting_account_id).
 */
function byArn(w: World, types: readonly string[], arn: string): Instance | undefined {
  for (const t of types) {
    const found = w.find(t, (a) => a.arn === arn);
    if (found) return found;
  }
  const id = arn.split("/").pop()!;
  for (const t of types) {
    const found = w.byId(t, id);
    if (found) return found;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// VPC Lattice

const LATTICE_TYPES = ["aws_vpclattice_service_network", "aws_vpclattice_resource_gateway", "aws_vpclattice_resource_configuration",
  "aws_vpclattice_service_network_resource_association", "aws_vpclattice_service_network_vpc_association", "aws_vpclattice_access_log_subscription"];

const idOf = (identifier: string) => identifier.split("/").pop()!;

export function lattice(req: FakeRequest): FakeResponse | undefined {
  const w = req.world;
  if (req.method !== "GET") return undefined;
  let m: RegExpExecArray | null;
  const notFound = (action: string, id: string) => restError(action, 404, "ResourceNotFoundException", `${id} not found`);
  const get = (type: string, id: string) => w.byId(type, idOf(id)) ?? w.find(type, (a) => a.arn === id);

  if ((m = /^\/tags\/(.+)$/.exec(req.rawPath))) {
    const arn = decodeURIComponent(m[1]);
    const found = byArn(w, LATTICE_TYPES, arn);
    return found ? json("ListTagsForResource", { tags: tagsOf(found.attributes) }) : notFound("ListTagsForResource", arn);
  }
  if ((m = /^\/servicenetworks\/([^/]+)$/.exec(req.path))) {
    const i = get("aws_vpclattice_service_network", m[1]);
    if (!i) return notFound("GetServiceNetwork", m[1]);
    const a = i.attributes;
    const vpcs = w.all("aws_vpclattice_service_network_vpc_association").length;
    return json("GetServiceNetwork", {
      arn: a.arn, id: a.id, name: a.name, authType: a.auth_type, createdAt: CREATED, lastUpdatedAt: CREATED,
      numberOfAssociatedServices: 0, numberOfAssociatedVPCs: vpcs, numberOfAssociatedResourceConfigurations: w.all("aws_vpclattice_service_network_resource_association").length,
      sharingConfig: { enabled: true },
    });
  }
  if ((m = /^\/resourcegateways\/([^/]+)$/.exec(req.path))) {
    const i = get("aws_vpclattice_resource_gateway", m[1]);
    if (!i) return notFound("GetResourceGateway", m[1]);
    const a = i.attributes;
    return json("GetResourceGateway", {
      arn: a.arn, id: a.id, name: a.name, status: "ACTIVE", vpcId: a.vpc_id, subnetIds: a.subnet_ids, securityGroupIds: a.security_group_ids,
      ipAddressType: a.ip_address_type, createdAt: CREATED, lastUpdatedAt: CREATED,
    });
  }
  if ((m = /^\/resourceconfigurations\/([^/]+)$/.exec(req.path))) {
    const i = get("aws_vpclattice_resource_configuration", m[1]);
    if (!i) return notFound("GetResourceConfiguration", m[1]);
    const a = i.attributes;
    const def = a.resource_configuration_definition?.[0] ?? {};
    const dns = def.dns_resource?.[0];
    const ip = def.ip_resource?.[0];
    const arnResource = def.arn_resource?.[0];
    return json("GetResourceConfiguration", {
      arn: a.arn, id: a.id, name: a.name, type: a.type, status: "ACTIVE", protocol: a.protocol, portRanges: a.port_ranges,
      resourceGatewayId: a.resource_gateway_identifier, resourceConfigurationGroupId: a.resource_configuration_group_id ?? undefined,
      allowAssociationToShareableServiceNetwork: a.allow_association_to_shareable_service_network, amazonManaged: false,
      resourceConfigurationDefinition: dns ? { dnsResource: { domainName: dns.domain_name, ipAddressType: dns.ip_address_type } }
        : ip ? { ipResource: { ipAddress: ip.ip_address } } : arnResource ? { arnResource: { arn: arnResource.arn } } : undefined,
      createdAt: CREATED, lastUpdatedAt: CREATED,
    });
  }
  if ((m = /^\/servicenetworkresourceassociations\/([^/]+)$/.exec(req.path))) {
    const i = get("aws_vpclattice_service_network_resource_association", m[1]);
    if (!i) return notFound("GetServiceNetworkResourceAssociation", m[1]);
    const a = i.attributes;
    const sn = w.byId("aws_vpclattice_service_network", idOf(a.service_network_identifier))?.attributes;
    const rc = w.byId("aws_vpclattice_resource_configuration", idOf(a.resource_configuration_identifier))?.attributes;
    return json("GetServiceNetworkResourceAssociation", {
      arn: a.arn, id: a.id, status: "ACTIVE", createdBy: i.account, createdAt: CREATED, lastUpdatedAt: CREATED, isManagedAssociation: false,
      serviceNetworkId: sn?.id ?? idOf(a.service_network_identifier), serviceNetworkArn: sn?.arn, serviceNetworkName: sn?.name,
      resourceConfigurationId: rc?.id ?? idOf(a.resource_configuration_identifier), resourceConfigurationArn: rc?.arn, resourceConfigurationName: rc?.name,
      dnsEntry: a.dns_entry?.[0] ? { domainName: a.dns_entry[0].domain_name, hostedZoneId: a.dns_entry[0].hosted_zone_id } : undefined,
    });
  }
  if ((m = /^\/servicenetworkvpcassociations\/([^/]+)$/.exec(req.path))) {
    const i = get("aws_vpclattice_service_network_vpc_association", m[1]);
    if (!i) return notFound("GetServiceNetworkVpcAssociation", m[1]);
    const a = i.attributes;
    const snArn: string = String(a.service_network_identifier).startsWith("arn:") ? a.service_network_identifier : `arn:aws:vpc-lattice:${w.region}:${i.account}:servicenetwork/${a.service_network_identifier}`;
    return json("GetServiceNetworkVpcAssociation", {
      arn: a.arn, id: a.id, status: a.status ?? "ACTIVE", createdBy: a.created_by ?? i.account, createdAt: CREATED, lastUpdatedAt: CREATED,
      serviceNetworkArn: snArn, serviceNetworkId: idOf(snArn), serviceNetworkName: "shared", vpcId: a.vpc_identifier, securityGroupIds: a.security_group_ids ?? [],
    });
  }
  if ((m = /^\/accesslogsubscriptions\/([^/]+)$/.exec(req.path))) {
    const i = get("aws_vpclattice_access_log_subscription", m[1]);
    if (!i) return notFound("GetAccessLogSubscription", m[1]);
    const a = i.attributes;
    return json("GetAccessLogSubscription", {
      arn: a.arn, id: a.id, resourceArn: a.resource_arn, resourceId: idOf(a.resource_arn), destinationArn: a.destination_arn,
      serviceNetworkLogType: a.service_network_log_type ?? undefined, createdAt: CREATED, lastUpdatedAt: CREATED,
    });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// RAM

export function ram(req: FakeRequest): FakeResponse | undefined {
  const w = req.world;
  if (req.method !== "POST") return undefined;
  const body = (req.body ? JSON.parse(req.body) : {}) as Attributes;
  const shares = () => w.all("aws_ram_resource_share");
  if (req.path === "/getresourceshares") {
    const arns: string[] | undefined = body.resourceShareArns;
    const own = body.resourceOwner === "SELF";
    const found = shares().filter((s) => (!arns || arns.includes(s.attributes.arn)) && (body.name === undefined || s.attributes.name === body.name) &&
      (own ? s.account === req.account : s.account !== req.account));
    return json("GetResourceShares", {
      resourceShares: found.map((s) => ({
        resourceShareArn: s.attributes.arn, name: s.attributes.name, owningAccountId: s.account, allowExternalPrincipals: s.attributes.allow_external_principals,
        status: "ACTIVE", featureSet: "STANDARD", creationTime: 1735689600, lastUpdatedTime: 1735689600,
        tags: Object.entries(tagsOf(s.attributes)).map(([key, value]) => ({ key, value })),
      })),
    });
  }
  if (req.path === "/getresourceshareassociations") {
    const arns: string[] | undefined = body.resourceShareArns;
    const principal = body.associationType === "PRINCIPAL";
    const type = principal ? "aws_ram_principal_association" : "aws_ram_resource_association";
    const found = w.all(type).filter((i) => (!arns || arns.includes(i.attributes.resource_share_arn)) &&
      (body.principal === undefined || i.attributes.principal === body.principal) &&
      (body.resourceArn === undefined || i.attributes.resource_arn === body.resourceArn));
    return json("GetResourceShareAssociations", {
      resourceShareAssociations: found.map((i) => ({
        resourceShareArn: i.attributes.resource_share_arn,
        resourceShareName: shares().find((s) => s.attributes.arn === i.attributes.resource_share_arn)?.attributes.name,
        associatedEntity: principal ? i.attributes.principal : i.attributes.resource_arn,
        associationType: body.associationType, status: "ASSOCIATED", external: false, creationTime: 1735689600, lastUpdatedTime: 1735689600,
      })),
    });
  }
  if (req.path === "/listresourcesharepermissions") {
    return json("ListResourceSharePermissions", { permissions: [] });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// CloudWatch Logs (JSON 1.1)

export function logs(req: FakeRequest): FakeResponse | undefined {
  const w = req.world;
  const action = req.target?.split(".").pop() ?? "";
  const body = (req.body ? JSON.parse(req.body) : {}) as Attributes;
  const amz = "application/x-amz-json-1.1";
  switch (action) {
    case "DescribeLogGroups": {
      const prefix: string = body.logGroupNamePrefix ?? "";
      const groups = w.all("aws_cloudwatch_log_group").filter((g) => g.account === req.account && String(g.attributes.name).startsWith(prefix));
      return json(action, {
        logGroups: groups.map((g) => ({
          logGroupName: g.attributes.name, arn: `${g.attributes.arn}:*`, logGroupArn: g.attributes.arn, creationTime: 1735689600000,
          retentionInDays: g.attributes.retention_in_days || undefined, storedBytes: 0, metricFilterCount: 0,
          logGroupClass: g.attributes.log_group_class ?? "STANDARD", kmsKeyId: g.attributes.kms_key_id ?? undefined,
        })),
      }, 200, amz);
    }
    case "ListTagsForResource": {
      const arn = String(body.resourceArn ?? "").replace(/:\*$/, "");
      const g = w.find("aws_cloudwatch_log_group", (a) => a.arn === arn);
      if (!g) return { action, status: 400, body: JSON.stringify({ __type: "ResourceNotFoundException", message: "not found" }), contentType: amz };
      return json(action, { tags: tagsOf(g.attributes) }, 200, amz);
    }
    case "ListTagsLogGroup": {
      const g = w.find("aws_cloudwatch_log_group", (a) => a.name === body.logGroupName);
      return json(action, { tags: g ? tagsOf(g.attributes) : {} }, 200, amz);
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Route 53 Profiles

export function profiles(req: FakeRequest): FakeResponse | undefined {
  const w = req.world;
  if (req.method !== "GET") return undefined;
  let m: RegExpExecArray | null;
  const notFound = (action: string, id: string) => restError(action, 404, "ResourceNotFoundException", `${id} not found`);
  const TYPES = ["aws_route53profiles_profile", "aws_route53profiles_association", "aws_route53profiles_resource_association"];
  if ((m = /^\/tags\/(.+)$/.exec(req.rawPath))) {
    const arn = decodeURIComponent(m[1]);
    const found = byArn(w, TYPES, arn);
    return found ? json("ListTagsForResource", { Tags: tagsOf(found.attributes) }) : notFound("ListTagsForResource", arn);
  }
  if ((m = /^\/profile\/([^/]+)$/.exec(req.path))) {
    const i = w.byId("aws_route53profiles_profile", m[1]);
    if (!i) return notFound("GetProfile", m[1]);
    const a = i.attributes;
    const shared = w.all("aws_ram_resource_association").some((r) => r.attributes.resource_arn === a.arn);
    return json("GetProfile", {
      Profile: {
        Arn: a.arn, Id: a.id, Name: a.name, OwnerId: a.owner_id ?? i.account, ShareStatus: shared ? "SHARED_BY_ME" : "NOT_SHARED",
        Status: "COMPLETE", StatusMessage: a.status_message ?? "", CreationTime: EPOCH, ModificationTime: EPOCH, ClientToken: a.id,
      },
    });
  }
  if ((m = /^\/profileassociation\/([^/]+)$/.exec(req.path))) {
    const i = w.byId("aws_route53profiles_association", m[1]);
    if (!i) return notFound("GetProfileAssociation", m[1]);
    const a = i.attributes;
    return json("GetProfileAssociation", {
      ProfileAssociation: {
        Id: a.id, Name: a.name, OwnerId: a.owner_id ?? i.account, ProfileId: a.profile_id, ResourceId: a.resource_id,
        Status: "COMPLETE", StatusMessage: a.status_message ?? "", CreationTime: EPOCH, ModificationTime: EPOCH,
      },
    });
  }
  if ((m = /^\/profileresourceassociation\/([^/]+)$/.exec(req.path))) {
    const i = w.byId("aws_route53profiles_resource_association", m[1]);
    if (!i) return notFound("GetProfileResourceAssociation", m[1]);
    const a = i.attributes;
    return json("GetProfileResourceAssociation", {
      ProfileResourceAssociation: {
        Id: a.id, Name: a.name, OwnerId: a.owner_id ?? i.account, ProfileId: a.profile_id, ResourceArn: a.resource_arn,
        ResourceType: a.resource_type, ResourceProperties: a.resource_properties ?? undefined,
        Status: "COMPLETE", StatusMessage: a.status_message ?? "", CreationTime: EPOCH, ModificationTime: EPOCH,
      },
    });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// STS

export function sts(req: FakeRequest): FakeResponse | undefined {
  if (new URLSearchParams(req.body).get("Action") !== "GetCallerIdentity") return undefined;
  return {
    action: "GetCallerIdentity",
    body: document("GetCallerIdentityResponse", "https://sts.amazonaws.com/doc/2011-06-15/", {
      GetCallerIdentityResult: { Arn: `arn:aws:iam::${req.account}:user/fake`, UserId: "AIDAFAKE", Account: req.account },
      ResponseMetadata: { RequestId: "00000000-0000-4000-8000-000000000000" },
    }),
    contentType: "text/xml",
  };
}
