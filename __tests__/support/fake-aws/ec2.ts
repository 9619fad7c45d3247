/**
 * EC2 (query protocol, XML answers): the describe calls the provider makes to refresh security
 * groups, their rules and interface endpoints. Unknown ids answer EC2's own NotFound errors.
 */
import type { FakeRequest, FakeResponse } from "./server";
import { tagsOf, type Attributes, type World } from "./world";
import { document, type XmlNode } from "./xml";

const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const REQUEST_ID = "00000000-0000-4000-8000-000000000000";

const ok = (action: string, body: XmlNode): FakeResponse => ({
  action,
  body: document(`${action}Response`, NS, { requestId: REQUEST_ID, ...body }),
  contentType: "text/xml;charset=UTF-8",
});

const error = (action: string, code: string, message: string): FakeResponse => ({
  action,
  status: 400,
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${REQUEST_ID}</RequestID></Response>`,
  contentType: "text/xml;charset=UTF-8",
});

/** `Prefix.1`, `Prefix.2`, … of a query request. */
const listParam = (p: URLSearchParams, prefix: string) => {
  const out: string[] = [];
  for (let i = 1; p.has(`${prefix}.${i}`); i++) out.push(p.get(`${prefix}.${i}`)!);
  return out;
};

/** Filter.N.Name / Filter.N.Value.M */
const filters = (p: URLSearchParams) => {
  const out = new Map<string, string[]>();
  for (let i = 1; p.has(`Filter.${i}.Name`); i++) out.set(p.get(`Filter.${i}.Name`)!, listParam(p, `Filter.${i}.Value`));
  return out;
};

const tagSet = (a: Attributes) => Object.entries(tagsOf(a)).map(([key, value]) => ({ item: { key, value } }));

function securityGroup(a: Attributes, account: string): XmlNode {
  return {
    item: {
      ownerId: a.owner_id ?? account,
      groupId: a.id,
      groupName: a.name,
      groupDescription: a.description,
      vpcId: a.vpc_id,
      securityGroupArn: a.arn,
      ipPermissions: [],
      ipPermissionsEgress: [],
      tagSet: tagSet(a),
    },
  };
}

function securityGroupRule(a: Attributes, account: string, egress: boolean): XmlNode {
  return {
    item: {
      securityGroupRuleId: a.id,
      groupId: a.security_group_id,
      groupOwnerId: account,
      isEgress: egress,
      ipProtocol: a.ip_protocol,
      fromPort: a.from_port,
      toPort: a.to_port,
      cidrIpv4: a.cidr_ipv4,
      cidrIpv6: a.cidr_ipv6,
      prefixListId: a.prefix_list_id,
      // AWS adds the group's account (userId); the provider then writes "<account>/<group>" unless the
      // account is its own, which it does not know with skip_requesting_account_id: left out.
      referencedGroupInfo: a.referenced_security_group_id ? { groupId: String(a.referenced_security_group_id).split("/").pop() } : undefined,
      description: a.description,
      securityGroupRuleArn: a.arn,
      tagSet: tagSet(a),
    },
  };
}

function vpcEndpoint(a: Attributes): XmlNode {
  return {
    item: {
      vpcEndpointId: a.id,
      vpcEndpointType: a.vpc_endpoint_type,
      vpcId: a.vpc_id,
      serviceName: a.service_name,
      state: a.state,
      policyDocument: a.policy,
      routeTableIdSet: (a.route_table_ids ?? []).map((id: string) => ({ item: id })),
      subnetIdSet: (a.subnet_ids ?? []).map((id: string) => ({ item: id })),
      groupSet: (a.security_group_ids ?? []).map((id: string) => ({ item: { groupId: id, groupName: id } })),
      ipAddressType: a.ip_address_type,
      dnsOptions: { dnsRecordIpType: a.dns_options?.[0]?.dns_record_ip_type ?? "ipv4" },
      privateDnsEnabled: a.private_dns_enabled,
      requesterManaged: a.requester_managed,
      networkInterfaceIdSet: (a.network_interface_ids ?? []).map((id: string) => ({ item: id })),
      dnsEntrySet: (a.dns_entry ?? []).map((d: Attributes) => ({ item: { dnsName: d.dns_name, hostedZoneId: d.hosted_zone_id } })),
      creationTimestamp: "2025-01-01T00:00:00.000Z",
      tagSet: tagSet(a),
      ownerId: a.owner_id,
      serviceRegion: a.service_region ?? undefined,
    },
  };
}

/** The interface endpoint an ENI belongs to, and its subnet configuration. */
function endpointEni(w: World, id: string) {
  for (const i of w.all("aws_vpc_endpoint")) {
    const enis: string[] = [...(i.attributes.network_interface_ids ?? [])].sort();
    const k = enis.indexOf(id);
    if (k < 0) continue;
    const subnets: Attributes[] = [...(i.attributes.subnet_configuration ?? [])].sort((a, b) => String(a.subnet_id).localeCompare(String(b.subnet_id)));
    return { id, endpoint: i.attributes, account: i.account, subnet: subnets[k] as Attributes | undefined };
  }
  return undefined;
}

export function ec2(req: FakeRequest): FakeResponse | undefined {
  const p = new URLSearchParams(req.body);
  const action = p.get("Action") ?? "";
  const w = req.world;
  switch (action) {
    case "DescribeSecurityGroups": {
      const ids = listParam(p, "GroupId");
      const found = ids.map((id) => w.byId("aws_security_group", id)).filter((i) => i !== undefined);
      if (found.length < ids.length) return error(action, "InvalidGroup.NotFound", `The security group '${ids.join(",")}' does not exist`);
      return ok(action, { securityGroupInfo: found.map((i) => securityGroup(i.attributes, i.account)) });
    }
    case "DescribeSecurityGroupRules": {
      const ids = listParam(p, "SecurityGroupRuleId");
      const f = filters(p);
      const rules = [
        ...w.all("aws_vpc_security_group_ingress_rule").map((i) => ({ i, egress: false })),
        ...w.all("aws_vpc_security_group_egress_rule").map((i) => ({ i, egress: true })),
      ].filter(({ i }) => (ids.length === 0 || ids.includes(i.attributes.id)) &&
        (!f.has("security-group-rule-id") || f.get("security-group-rule-id")!.includes(i.attributes.id)) &&
        (!f.has("group-id") || f.get("group-id")!.includes(i.attributes.security_group_id)));
      if (ids.length > 0 && rules.length < ids.length) return error(action, "InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${ids.join(",")}' does not exist`);
      return ok(action, { securityGroupRuleSet: rules.map(({ i, egress }) => securityGroupRule(i.attributes, i.account, egress)) });
    }
    case "DescribeVpcEndpoints": {
      const ids = listParam(p, "VpcEndpointId");
      const found = ids.map((id) => w.byId("aws_vpc_endpoint", id)).filter((i) => i !== undefined);
      if (found.length < ids.length) return error(action, "InvalidVpcEndpointId.NotFound", `The Vpc Endpoint Id '${ids.join(",")}' does not exist`);
      return ok(action, { vpcEndpointSet: found.map((i) => vpcEndpoint(i.attributes)) });
    }
    case "DescribeVpcEndpointServices": {
      // The service's record, as its owner publishes it (the vendor's: nothing in any state).
      const names = listParam(p, "ServiceName");
      return ok(action, {
        serviceNameSet: names.map((n) => ({ item: n })),
        serviceDetailSet: names.map((n) => ({
          item: {
            serviceName: n, serviceId: n.split(".").pop(), serviceType: [{ item: { serviceType: "Interface" } }],
            availabilityZoneSet: ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => ({ item: z })),
            owner: "999999999999", baseEndpointDnsNameSet: [{ item: `${n.split(".").pop()}.${w.region}.vpce.amazonaws.com` }],
            vpcEndpointPolicySupported: false, acceptanceRequired: true, managesVpcEndpoints: false,
            supportedIpAddressTypeSet: [{ item: "ipv4" }],
          },
        })),
      });
    }
    case "DescribeNetworkInterfaces": {
      // An interface endpoint's ENIs, one per subnet (the endpoint's k-th ENI in the k-th subnet configuration).
      const ids = listParam(p, "NetworkInterfaceId");
      const enis = ids.map((id) => endpointEni(w, id)).filter((e) => e !== undefined);
      if (enis.length < ids.length) return error(action, "InvalidNetworkInterfaceID.NotFound", `The networkInterface ID '${ids.join(",")}' does not exist`);
      return ok(action, {
        networkInterfaceSet: enis.map(({ id, endpoint, account, subnet }) => ({
          item: {
            networkInterfaceId: id, subnetId: subnet?.subnet_id, vpcId: endpoint.vpc_id, ownerId: account, requesterManaged: true,
            interfaceType: "vpc_endpoint", status: "in-use", privateIpAddress: subnet?.ipv4, sourceDestCheck: true,
            description: `VPC Endpoint Interface ${endpoint.id}`, groupSet: (endpoint.security_group_ids ?? []).map((g: string) => ({ item: { groupId: g, groupName: g } })),
            privateIpAddressesSet: subnet?.ipv4 ? [{ item: { privateIpAddress: subnet.ipv4, primary: true } }] : [],
            ipv6AddressesSet: subnet?.ipv6 ? [{ item: { ipv6Address: subnet.ipv6 } }] : [],
            tagSet: [],
          },
        })),
      });
    }
    case "DescribePrefixLists":
      // Only gateway endpoints' services (S3, DynamoDB) have a prefix list: none of the product's.
      return ok(action, { prefixListSet: [] });
    default:
      return undefined;
  }
}
