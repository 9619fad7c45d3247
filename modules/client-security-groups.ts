import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { coalesce, eachValue, instanceAttribute, keyedIterator, text, type KeyedInput } from "./expressions";

/** A security group created for a VPC's clients; keyed by VPC id. */
export interface ClientGroupSpec {
  readonly name: string;
}

/** One client network on one port range; keyed "<vpc id>/<cidr>/<ports>". */
export interface ClientRuleSpec {
  readonly vpc_id: string;
  /** Exactly one of the two is set. */
  readonly cidr_ipv4: string | null;
  readonly cidr_ipv6: string | null;
  readonly from_port: number;
  readonly to_port: number;
  /** "443" or "8000-8100", for the rule's description. */
  readonly ports: string;
}

export interface ClientSecurityGroupsProps {
  readonly provider: TerraformProvider;
  readonly groups: KeyedInput<ClientGroupSpec>;
  readonly rules: KeyedInput<ClientRuleSpec>;
  /** What the groups front, for their description ("VPC Lattice association"). */
  readonly purpose: string;
}

/**
 * The security groups created for VPCs given client CIDRs, and their inbound TCP rules on the
 * endpoints' ports, in `scope` with ids `client_security_groups` and `client_ingress` (addresses are a
 * contract). No egress rule: the groups front VPC Lattice, which answers on the same connection.
 */
export function addClientSecurityGroups(scope: Construct, props: ClientSecurityGroupsProps): { groups: SecurityGroup; ingress: VpcSecurityGroupIngressRule } {
  const { provider } = props;
  const group = keyedIterator(scope, "client_security_groups", props.groups);
  const groups = new SecurityGroup(scope, "client_security_groups", {
    provider,
    forEach: group,
    name: group.getString("name"),
    description: `${props.purpose}: clients allowed to reach the shared endpoints`,
    vpcId: group.key,
    tags: { Name: group.getString("name") },
  });
  const rule = keyedIterator(scope, "client_ingress", props.rules);
  const ingress = new VpcSecurityGroupIngressRule(scope, "client_ingress", {
    provider,
    forEach: rule,
    securityGroupId: instanceAttribute(groups, eachValue("vpc_id"), "id"),
    cidrIpv4: rule.getString("cidr_ipv4"),
    cidrIpv6: rule.getString("cidr_ipv6"),
    ipProtocol: "tcp",
    fromPort: rule.getNumber("from_port"),
    toPort: rule.getNumber("to_port"),
    description: text`TCP ${eachValue("ports")} from clients in ${coalesce(eachValue("cidr_ipv4"), eachValue("cidr_ipv6"))}`,
  });
  return { groups, ingress };
}
