// TEMPORARY STUB (replaced by the force-new table being researched)
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  aws_vpc_endpoint: ["service_name", "vpc_endpoint_type", "vpc_id"],
  aws_vpclattice_resource_gateway: ["subnet_ids", "vpc_id", "name", "ip_address_type"],
  aws_vpclattice_resource_configuration: ["resource_configuration_definition.dns_resource.domain_name", "resource_gateway_identifier", "type"],
  aws_vpclattice_service_network_resource_association: ["resource_configuration_identifier", "service_network_identifier"],
  aws_vpclattice_service_network_vpc_association: ["vpc_identifier", "service_network_identifier"],
  aws_route53_zone_association: ["zone_id", "vpc_id", "vpc_region"],
  aws_route53_vpc_association_authorization: ["zone_id", "vpc_id", "vpc_region"],
  aws_route53_zone: ["name"],
  aws_route53_record: ["name", "zone_id"],
  aws_security_group: ["name", "description", "vpc_id"],
  aws_vpc_security_group_ingress_rule: ["security_group_id"],
  aws_vpc_security_group_egress_rule: ["security_group_id"],
  aws_ram_principal_association: ["principal", "resource_share_arn"],
  aws_ram_resource_association: ["resource_arn", "resource_share_arn"],
  aws_ram_resource_share: [],
  aws_ram_resource_share_accepter: ["share_arn"],
  aws_vpclattice_service_network: ["name"],
  aws_vpclattice_access_log_subscription: ["resource_identifier", "destination_arn", "service_network_log_type"],
  aws_cloudwatch_log_group: ["name"],
};
export function forcesReplacement(type: string, path: string): boolean {
  return (FORCE_NEW[type] ?? []).some((p) => path === p || path.startsWith(`${p}.`));
}
