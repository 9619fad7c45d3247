/**
 * Which attribute changes make Terraform replace a resource rather than update it in place, for
 * every resource type the product emits: `npm run changes` (changes/predict.ts) asks it when it
 * diffs two synthesized Terraform JSON documents offline.
 *
 * Each entry is read from the provider's source: `ForceNew: true` in SDKv2 resources,
 * `RequiresReplace` plan modifiers in Plugin-Framework ones. The product pins hashicorp/aws 5.100.0
 * (@cdktf/provider-aws 20.1.0) and hashicorp/tfe 0.71.0 (@cdktf/provider-tfe 12.5.1). The stored
 * copies of the source are of nearby versions (commits named per type), so the aws_* entries were
 * also checked against the 5.100.0 binary: an offline plan of a change to each argument, read from
 * its replace_paths (all but aws_vpclattice_resource_configuration's protocol, whose only value is
 * TCP, and resource_configuration_group_id). tfe_* entries rest on the source alone (no tfe
 * provider offline).
 *
 * Paths are dot-joined names through nested blocks, without list indexes: cdktf writes a single
 * nested block as a one-element array, which the caller descends without an index. A path inside a
 * listed one counts (a block whose every change replaces). Not expressible here: replacements that
 * depend on two values at once (noted per type), and that removing an Optional+Computed argument
 * (a name, vpc_region, service_region) from the configuration keeps its old value: no change at all.
 */

/** Attributes whose change replaces the resource (AWS provider 5.100.0 / tfe 0.71.0), each from the provider's source. */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  // cloudwatch/dashboard.go (dashboard_name Required, ForceNew; dashboard_body in place).
  aws_cloudwatch_dashboard: ["dashboard_name"],
  // cloudwatch/metric_alarm.go @055611a6: only alarm_name ForceNew; every other argument updates in place (PutMetricAlarm).
  aws_cloudwatch_metric_alarm: ["alarm_name"],
  // logs/group.go @0073593e (v6; same ForceNew as @b11fc0fd of v4, plus log_group_class). retention_in_days, kms_key_id in place.
  aws_cloudwatch_log_group: ["log_group_class", "name", "name_prefix"],
  // iam/openid_connect_provider.go @01606926 (v6; client_id_list a set updated in place, as in 5.100.0's schema).
  aws_iam_openid_connect_provider: ["url"],
  // iam/role.go @32773292 (v4; 5.100.0 plans the same). inline_policy blocks, policies, description in place.
  aws_iam_role: ["name", "name_prefix", "path"],
  // iam/role_policy.go @33aa0b5e (v4; 5.100.0 plans the same). policy in place.
  aws_iam_role_policy: ["name", "name_prefix", "role"],
  // kms/key.go @00a35305: custom_key_store_id, customer_master_key_spec, key_usage, multi_region, xks_key_id ForceNew; policy, rotation, description in place.
  aws_kms_key: ["custom_key_store_id", "customer_master_key_spec", "key_usage", "multi_region", "xks_key_id"],
  // ram/principal_association.go @30b8cc6d: no Update; both arguments ForceNew.
  aws_ram_principal_association: ["principal", "resource_share_arn"],
  // ram/resource_association.go @8160ecc4: no Update; both arguments ForceNew.
  aws_ram_resource_association: ["resource_arn", "resource_share_arn"],
  // ram/resource_share.go @a8f0c196: name, allow_external_principals in place.
  aws_ram_resource_share: ["permission_arns"],
  // ram/resource_share_accepter.go @f841a633: no Update.
  aws_ram_resource_share_accepter: ["share_arn"],
  // route53/record.go @6f9f4734 (v4) and @00655c16 (v6) agree: type and set_identifier change in place (one DELETE+CREATE batch); routing-policy and alias blocks in place.
  aws_route53_record: ["name", "zone_id"],
  // route53/vpc_association_authorization.go @feb8a96e (v4): no Update. vpc_region is Optional+Computed.
  // route53resolver/endpoint.go (5.x; not re-read for this entry): name, ip_address, protocols and the type change in place.
  aws_route53_resolver_endpoint: ["direction", "security_group_ids"],
  aws_route53_vpc_association_authorization: ["vpc_id", "vpc_region", "zone_id"],
  // route53/zone.go @7348a903, @036631a1 (v4; 5.100.0 plans the same): the vpc blocks change in place (associate, then disassociate), even all of them.
  aws_route53_zone: ["delegation_set_id", "name"],
  // route53/zone_association.go @26511610: no Update. vpc_region is Optional+Computed.
  aws_route53_zone_association: ["vpc_id", "vpc_region", "zone_id"],
  // route53profiles/association.go (the stored copy with tags, as 5.100.0's schema): RequiresReplace; only tags update.
  aws_route53profiles_association: ["name", "profile_id", "resource_id"],
  // route53profiles/profile.go @5f56c172: RequiresReplace on name; only tags update.
  aws_route53profiles_profile: ["name"],
  // route53profiles/resource_association.go @3d35ee58, @01f43111: resource_properties plans an update (WithNoUpdate: that apply fails).
  aws_route53profiles_resource_association: ["name", "profile_id", "resource_arn"],
  // sns/topic.go @00a35305: name, name_prefix, fifo_topic ForceNew; kms_master_key_id and the other attributes in place (SetTopicAttributes).
  aws_sns_topic: ["fifo_topic", "name", "name_prefix"],
  // ec2/vpc_security_group.go @01606926 (v6) and @cc0fff0e (v4) agree: the ingress and egress blocks change in place.
  aws_security_group: ["description", "name", "name_prefix", "vpc_id"],
  // ec2/vpc_endpoint.go @2de0beea (v4) and @008db85a (v6.3x, which adds a ForceNew private_dns_enabled for non-Interface endpoints): in 5.100.0 private_dns_enabled and the dns_options and subnet_configuration blocks change in place.
  aws_vpc_endpoint: ["resource_configuration_arn", "service_name", "service_network_arn", "service_region", "vpc_endpoint_type", "vpc_id"],
  // ec2/vpc_security_group_ingress_rule.go @d2b7f56a (the shared rule schema); ModifyPlan also replaces when the source kind changes (cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id: one removed, another set).
  aws_vpc_security_group_egress_rule: ["security_group_id"],
  // ec2/vpc_security_group_ingress_rule.go @d2b7f56a: as the egress rule, source-kind switch included.
  aws_vpc_security_group_ingress_rule: ["security_group_id"],
  // vpclattice/access_log_subscription.go (the stored copy with service_network_log_type, as 5.100.0): tags only update.
  aws_vpclattice_access_log_subscription: ["destination_arn", "resource_identifier", "service_network_log_type"],
  // vpclattice/resource_configuration.go @010c6f63 (5.100.0's schema): arn_resource and dns_resource blocks RequiresReplace (and their attributes); ip_resource, port_ranges in place. protocol, resource_gateway_identifier: RequiresReplaceIfConfigured.
  aws_vpclattice_resource_configuration: [
    "name",
    "protocol",
    "resource_configuration_definition.arn_resource",
    "resource_configuration_definition.dns_resource",
    "resource_configuration_group_id",
    "resource_gateway_identifier",
    "type",
  ],
  // vpclattice/resource_gateway.go @c6f5eee0 (5.100.0's schema; later copies add ipv4_addresses_per_eni): only security_group_ids update.
  aws_vpclattice_resource_gateway: ["ip_address_type", "name", "subnet_ids", "vpc_id"],
  // vpclattice/service_network.go @02483418: auth_type in place.
  aws_vpclattice_service_network: ["name"],
  // vpclattice/service_network_resource_association.go @1e67cc5d: WithNoOpUpdate; tags only.
  aws_vpclattice_service_network_resource_association: ["resource_configuration_identifier", "service_network_identifier"],
  // vpclattice/service_network_vpc_association.go @02483418: security_group_ids in place.
  aws_vpclattice_service_network_vpc_association: ["service_network_identifier", "vpc_identifier"],
  // tfe internal/provider/resource_tfe_project.go @09e9fea1, @a0d7c762 (copies near 0.71.0): organization ForceNew.
  tfe_project: ["organization"],
  // tfe internal/provider/resource_tfe_run_trigger.go @13d45ff8: no Update.
  tfe_run_trigger: ["sourceable_id", "workspace_id"],
  // tfe internal/provider/resource_tfe_variable.go @002bdbe9 (2025): also replaces on a key change of a sensitive variable, and on sensitive true → false.
  tfe_variable: ["category", "variable_set_id", "workspace_id"],
  // tfe internal/provider/resource_tfe_workspace.go @01a4069d (before 0.71.0): organization, source_name, source_url ForceNew; a later copy keeps only organization: both kept.
  tfe_workspace: ["organization", "source_name", "source_url"],
  // tfe internal/provider/resource_tfe_workspace_settings.go @06283ee1 (2026): RequiresReplace on workspace_id.
  tfe_workspace_settings: ["workspace_id"],
};

/** Whether the table has an entry for `type`. */
export function knowsType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(FORCE_NEW, type);
}

/**
 * Whether a change at `path` (dot-joined, no indexes) of a resource of `type` forces its replacement.
 * A path inside a force-new attribute counts (a change in "a.b" when "a" is force-new). Unknown
 * type: throws (a type the table lacks is a bug).
 */
export function forcesReplacement(type: string, path: string): boolean {
  if (!knowsType(type)) {
    throw new Error(`changes/force-new.ts has no entry for resource type ${type}: add the attributes that force its replacement, from the provider's source`);
  }
  const bare = path.replace(/\[\d+\]/g, "");
  return FORCE_NEW[type].some((a) => bare === a || bare.startsWith(`${a}.`));
}
