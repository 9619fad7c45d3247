import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strictContext, type RuleContext } from "../../guard/context";
import { formatFinding, runRules, type Finding } from "../../guard/engine";
import { RULES } from "../../guard/rules";
import { TAGGABLE_TYPES } from "../../guard/rules/providers-and-tags";
import { renderRulesDoc } from "../../guard/rules-doc";
import {
  dnsContext, dnsDoc, dnsForEachDoc, editPolicy, hubContext, hubDoc, identityContext, identityDoc, mutate, spokeContext, spokeDoc, type Doc,
} from "./fixtures/workspaces";

const only = (id: string, doc: unknown, ctx: RuleContext) => runRules(doc, ctx).filter((f) => f.ruleId === id);

interface Case {
  readonly name: string;
  readonly doc: Doc;
  readonly ctx: RuleContext;
  /** Expected offending address (fail) — omitted for passing cases. */
  readonly address?: string;
  /** A fragment of the expected message. */
  readonly says?: string;
}

interface RuleCases {
  readonly pass: readonly Case[];
  readonly fail: readonly Case[];
}

const hub = hubDoc();
const spoke = spokeDoc();
const dns = dnsDoc();
const dnsForEach = dnsForEachDoc();
const identity = identityDoc();
const base = [
  { name: "compliant hub", doc: hub, ctx: hubContext },
  { name: "compliant spoke", doc: spoke, ctx: spokeContext },
  { name: "compliant dns", doc: dns, ctx: dnsContext },
  { name: "compliant dns (for_each)", doc: dnsForEach, ctx: dnsContext },
  { name: "compliant identity workspace", doc: identity, ctx: identityContext },
];

/**
 * The spoke's client groups as the stacks write them: one for_each group per VPC, and one for_each
 * rule whose instances name their group by `[each.value.vpc]` (`cidrs`: rule key → CIDR; the VPC
 * is the key up to any "/").
 */
function perVpcGroups(d: Doc, cidrs: Record<string, string>): void {
  d.resource.aws_security_group = { clients: { provider: "aws.spoke", for_each: { "vpc-a": {}, "vpc-b": {} }, name: "c-${each.key}", description: "clients" } };
  d.resource.aws_vpc_security_group_ingress_rule = {
    clients: {
      provider: "aws.spoke", ip_protocol: "tcp", from_port: 443, to_port: 443, description: "clients",
      for_each: Object.fromEntries(Object.entries(cidrs).map(([k, cidr]) => [k, { vpc: k.split("/")[0], cidr }])),
      security_group_id: "${aws_security_group.clients[each.value.vpc].id}",
      cidr_ipv4: "${each.value.cidr}",
    },
  };
}

/** Per rule: fixtures that pass and fixtures that fail (one change each from a compliant workspace). */
const CASES: Record<string, RuleCases> = {
  LAT001: {
    pass: [...base, { name: "a /16 source", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "10.0.0.0/16"; }), ctx: hubContext }],
    fail: [
      { name: "ingress from 0.0.0.0/0", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "0.0.0.0/0"; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0", says: "ingress rule is open to 0.0.0.0/0" },
      { name: "ingress from ::/0", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; delete r.cidr_ipv4; r.cidr_ipv6 = "::/0"; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0", says: "::/0" },
      { name: "egress to 0.0.0.0/0", doc: mutate(hub, (d) => { const r = d.resource.aws_vpc_security_group_egress_rule.gateway_to_snowflake_443; delete r.referenced_security_group_id; r.cidr_ipv4 = "0.0.0.0/0"; }), ctx: hubContext, address: "aws_vpc_security_group_egress_rule.gateway_to_snowflake_443", says: "egress" },
      { name: "inline ingress block", doc: mutate(spoke, (d) => { d.resource.aws_security_group.clients_vpc0.ingress = [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], description: "x" }]; }), ctx: spokeContext, address: "aws_security_group.clients_vpc0", says: "inline ingress[0]" },
      { name: "a for_each instance", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; r.for_each = ["10.20.0.0/16", "0.0.0.0/0"]; r.cidr_ipv4 = "${each.value}"; }), ctx: spokeContext, address: 'aws_vpc_security_group_ingress_rule.clients_vpc0_0["0.0.0.0/0"]' },
      { name: "legacy aws_security_group_rule", doc: mutate(spoke, (d) => { d.resource.aws_security_group_rule = { open: { type: "ingress", security_group_id: "${aws_security_group.clients_vpc0.id}", from_port: 443, to_port: 443, protocol: "tcp", ipv6_cidr_blocks: ["::/0"], description: "x" } }; }), ctx: spokeContext, address: "aws_security_group_rule.open" },
    ],
  },
  LAT002: {
    pass: base,
    fail: [
      { name: "no description", doc: mutate(hub, (d) => { delete d.resource.aws_vpc_security_group_ingress_rule.snowflake_from_gateway_443.description; }), ctx: hubContext, address: "aws_vpc_security_group_ingress_rule.snowflake_from_gateway_443", says: "no description" },
      { name: "provider placeholder", doc: mutate(hub, (d) => { d.resource.aws_vpc_security_group_egress_rule.gateway_to_snowflake_443.description = "Managed by Terraform"; }), ctx: hubContext, address: "aws_vpc_security_group_egress_rule.gateway_to_snowflake_443" },
      { name: "blank description", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.description = "  "; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0" },
    ],
  },
  LAT003: {
    pass: [...base,
      // One expression that yields the list: still the gateway's group, read through the reference.
      { name: "security_group_ids as one expression", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_resource_gateway.main.security_group_ids = "${[aws_security_group.gateway.id]}"; }), ctx: hubContext }],
    fail: [
      { name: "gateway group with ingress", doc: mutate(hub, (d) => { d.resource.aws_vpc_security_group_ingress_rule.gw_in = { provider: "aws.hub", security_group_id: "${aws_security_group.gateway.id}", cidr_ipv4: "10.0.0.0/8", ip_protocol: "tcp", from_port: 443, to_port: 443, description: "x" }; }), ctx: hubContext, address: "aws_vpc_security_group_ingress_rule.gw_in", says: "needs none" },
      { name: "gateway egress to a CIDR", doc: mutate(hub, (d) => { const r = d.resource.aws_vpc_security_group_egress_rule.gateway_to_snowflake_443; delete r.referenced_security_group_id; r.cidr_ipv4 = "10.0.0.0/8"; }), ctx: hubContext, address: "aws_vpc_security_group_egress_rule.gateway_to_snowflake_443", says: "10.0.0.0/8" },
      { name: "gateway egress to a non-endpoint group", doc: mutate(hub, (d) => { d.resource.aws_security_group.other = { provider: "aws.hub", name: "o", description: "o" }; d.resource.aws_vpc_security_group_egress_rule.gateway_to_snowflake_443.referenced_security_group_id = "${aws_security_group.other.id}"; }), ctx: hubContext, says: "aws_security_group.other, which is not an interface endpoint's" },
      { name: "gateway without groups", doc: mutate(hub, (d) => { delete d.resource.aws_vpclattice_resource_gateway.main.security_group_ids; }), ctx: hubContext, address: "aws_vpclattice_resource_gateway.main", says: "default security group" },
      { name: "gateway with null groups", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_resource_gateway.main.security_group_ids = [null]; }), ctx: hubContext, address: "aws_vpclattice_resource_gateway.main", says: "has no security_group_ids" },
      { name: "gateway egress to a prefix list", doc: mutate(hub, (d) => { const r = d.resource.aws_vpc_security_group_egress_rule.gateway_to_snowflake_443; delete r.referenced_security_group_id; r.prefix_list_id = "pl-0123"; }), ctx: hubContext, address: "aws_vpc_security_group_egress_rule.gateway_to_snowflake_443", says: 'lets the resource gateway\'s group aws_security_group.gateway send to "pl-0123"; only endpoint' },
      { name: "gateway egress to itself, inline", doc: mutate(hub, (d) => { d.resource.aws_security_group.gateway.egress = [{ from_port: 443, to_port: 443, protocol: "tcp", self: true, description: "x" }]; }), ctx: hubContext, address: "aws_security_group.gateway", says: "aws_security_group.gateway inline egress[0] lets the resource gateway's group aws_security_group.gateway send to self" },
      { name: "gateway egress to a group id outside the workspace", doc: mutate(hub, (d) => { d.resource.aws_vpc_security_group_egress_rule.gateway_to_snowflake_443.referenced_security_group_id = "sg-0123456789abcdef0"; }), ctx: hubContext, says: 'send to "sg-0123456789abcdef0", which is not' },
      { name: "gateway with an unmanaged group", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_resource_gateway.main.security_group_ids = ["sg-0123456789abcdef0"]; }), ctx: hubContext, says: "cannot be verified" },
      { name: "inline ingress on the gateway group", doc: mutate(hub, (d) => { d.resource.aws_security_group.gateway.ingress = [{ from_port: 0, to_port: 0, protocol: "-1", self: true, description: "x" }]; }), ctx: hubContext, address: "aws_security_group.gateway", says: "inline ingress[0]" },
    ],
  },
  LAT004: {
    pass: [...base, { name: "external spoke declared", doc: mutate(hub, (d) => { d.resource.aws_ram_resource_share.main.allow_external_principals = true; }), ctx: { ...hubContext, allowExternalPrincipals: true } }],
    fail: [
      { name: "external principals without an external spoke", doc: mutate(hub, (d) => { d.resource.aws_ram_resource_share.main.allow_external_principals = true; }), ctx: hubContext, address: "aws_ram_resource_share.main", says: "every spoke is in the organization" },
      { name: "unverifiable expression", doc: mutate(hub, (d) => { d.resource.aws_ram_resource_share.main.allow_external_principals = "${var.external}"; }), ctx: hubContext, address: "aws_ram_resource_share.main", says: "cannot be verified" },
    ],
  },
  LAT005: {
    pass: [...base,
      { name: "a for_each set of spoke accounts (cdktf's toset form)", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.for_each = '${toset(["222222222222"])}'; d.resource.aws_ram_principal_association.payments.principal = "${each.value}"; }), ctx: hubContext },
      { name: "organization sharing configured", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "arn:aws:organizations::111111111111:organization/o-abc123def4"; }), ctx: { ...hubContext, allowOrganizationPrincipals: true } },
      { name: "organization sharing configured, in another partition", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "arn:aws-us-gov:organizations::111111111111:ou/o-abc123def4/ou-ab12-cdef3456"; }), ctx: { ...hubContext, allowOrganizationPrincipals: true } }],
    fail: [
      { name: "whole organization", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "arn:aws:organizations::111111111111:organization/o-abc123def4"; }), ctx: hubContext, address: "aws_ram_principal_association.payments", says: "every current and future account" },
      { name: "an organization inside a for_each set", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.for_each = '${toset(["222222222222", "arn:aws:organizations::111111111111:organization/o-abc123def4"])}'; d.resource.aws_ram_principal_association.payments.principal = "${each.value}"; }), ctx: hubContext, address: 'aws_ram_principal_association.payments["arn:aws:organizations::111111111111:organization/o-abc123def4"]' },
      { name: "a for_each the guard cannot read", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.for_each = "${toset(var.accounts)}"; d.resource.aws_ram_principal_association.payments.principal = "${each.value}"; }), ctx: hubContext, says: "cannot be verified" },
      { name: "an OU", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "arn:aws:organizations::111111111111:ou/o-abc123def4/ou-ab12-cdef3456"; }), ctx: hubContext, address: "aws_ram_principal_association.payments" },
      { name: "an account that is not a spoke", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "999999999999"; }), ctx: hubContext, says: "not a spoke of the topology" },
      { name: "not an account id", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "22222222222"; }), ctx: hubContext, says: "not a 12-digit account id" },
      // Without a list of spokes (strict context) the 12-digit shape is the whole check.
      { name: "13 digits, no spoke list", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "2222222222223"; }), ctx: strictContext("hub"), says: 'principal "2222222222223" is not a 12-digit account id' },
      { name: "an organization ARN inside a longer string, even with organization sharing on", doc: mutate(hub, (d) => { d.resource.aws_ram_principal_association.payments.principal = "x-arn:aws:organizations::111111111111:organization/o-abc123def4"; }), ctx: { ...hubContext, allowOrganizationPrincipals: true }, says: "is not a 12-digit account id" },
      { name: "no principal at all", doc: mutate(hub, (d) => { delete d.resource.aws_ram_principal_association.payments.principal; }), ctx: hubContext, address: "aws_ram_principal_association.payments", says: "principal null is not a literal account id and cannot be verified" },
    ],
  },
  LAT006: {
    pass: base,
    fail: [
      { name: "no subscription", doc: mutate(hub, (d) => { delete d.resource.aws_vpclattice_access_log_subscription; }), ctx: hubContext, address: "aws_vpclattice_service_network.main", says: "no access-log subscription" },
      { name: "SERVICE logs only", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_access_log_subscription.resource_logs.service_network_log_type = "SERVICE"; }), ctx: hubContext, address: "aws_vpclattice_service_network.main", says: "has access-log subscriptions (aws_vpclattice_access_log_subscription.resource_logs) but none with" },
      // Each network needs its own subscription: another network's does not count.
      { name: "a second network without one", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_service_network.other = { ...d.resource.aws_vpclattice_service_network.main, name: "other" }; }), ctx: hubContext, address: "aws_vpclattice_service_network.other", says: "has no access-log subscription" },
      { name: "destination outside the workspace", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_access_log_subscription.resource_logs.destination_arn = "arn:aws:s3:::some-bucket"; }), ctx: hubContext, address: "aws_vpclattice_access_log_subscription.resource_logs", says: 'destination_arn "arn:aws:s3:::some-bucket" is not a log group of this workspace' },
    ],
  },
  LAT007: {
    pass: [...base, { name: "never expire, explicitly", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = 0; }), ctx: hubContext },
      // Hand-written JSON may quote numbers; Terraform converts them.
      { name: "400 days written as a string", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = "400"; }), ctx: hubContext }],
    fail: [
      { name: "30 days", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = 30; }), ctx: hubContext, address: "aws_cloudwatch_log_group.access_logs", says: "keeps logs 30 days" },
      { name: "retention null", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = null; }), ctx: hubContext, says: "sets no retention_in_days" },
      { name: "no retention", doc: mutate(hub, (d) => { delete d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days; }), ctx: hubContext, says: "sets no retention_in_days" },
      { name: "a string that is not a whole number of days", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = "400 days"; }), ctx: hubContext, says: 'retention_in_days "400 days" cannot be verified' },
      { name: "a string that ends in a number of days", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = "v400"; }), ctx: hubContext, says: "cannot be verified" },
      { name: "30 days written as a string", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = "30"; }), ctx: hubContext, says: "keeps logs 30 days" },
      { name: "a retention only known at plan", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = "${var.days}"; }), ctx: hubContext, says: 'retention_in_days "${var.days}" cannot be verified' },
      { name: "below a stricter minimum", doc: hub, ctx: { ...hubContext, minLogRetentionDays: 400 }, says: "at least 400" },
    ],
  },
  LAT008: {
    pass: [...base, { name: "key set when configured", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_log_group.access_logs.kms_key_id = "arn:aws:kms:us-east-1:111111111111:key/abc"; }), ctx: { ...hubContext, requireLogKms: true } }],
    fail: [{ name: "key configured but not set", doc: hub, ctx: { ...hubContext, requireLogKms: true }, address: "aws_cloudwatch_log_group.access_logs", says: "no kms_key_id" }],
  },
  LAT009: {
    // A Gateway endpoint has no private DNS at all.
    pass: [...base, { name: "a Gateway endpoint", doc: mutate(hub, (d) => { d.resource.aws_vpc_endpoint.s3 = { provider: "aws.hub", vpc_id: "vpc-0123", service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" }; }), ctx: hubContext }],
    fail: [
      { name: "private DNS on", doc: mutate(hub, (d) => { d.resource.aws_vpc_endpoint.snowflake.private_dns_enabled = true; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake", says: "= true" },
      { name: "private DNS left to the default", doc: mutate(hub, (d) => { delete d.resource.aws_vpc_endpoint.snowflake.private_dns_enabled; }), ctx: hubContext, says: "does not set" },
    ],
  },
  LAT010: {
    // A Gateway endpoint is not accepted by anyone: nothing to wait for.
    pass: [...base, { name: "a Gateway endpoint without a postcondition", doc: mutate(hub, (d) => { d.resource.aws_vpc_endpoint.s3 = { provider: "aws.hub", vpc_id: "vpc-0123", service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" }; }), ctx: hubContext }],
    fail: [
      { name: "a postcondition on the state, but not on available", doc: mutate(hub, (d) => { d.resource.aws_vpc_endpoint.snowflake.lifecycle.postcondition = [{ condition: "${self.state != \"failed\"}", error_message: "x" }]; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake", says: "self.state == \"available\"" },
      { name: "no postcondition", doc: mutate(hub, (d) => { delete d.resource.aws_vpc_endpoint.snowflake.lifecycle.postcondition; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake" },
      { name: "no lifecycle block at all", doc: mutate(hub, (d) => { delete d.resource.aws_vpc_endpoint.snowflake.lifecycle; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake", says: "has no lifecycle postcondition" },
      { name: "a postcondition on available, but not on the state", doc: mutate(hub, (d) => { d.resource.aws_vpc_endpoint.snowflake.lifecycle.postcondition = [{ condition: "${var.available}", error_message: "x" }]; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake" },
      { name: "a postcondition without a condition", doc: mutate(hub, (d) => { d.resource.aws_vpc_endpoint.snowflake.lifecycle.postcondition = [{ error_message: "self.state == available" }]; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake" },
      { name: "a postcondition on something else", doc: mutate(hub, (d) => { d.resource.aws_vpc_endpoint.snowflake.lifecycle.postcondition = [{ condition: "${self.id != \"\"}", error_message: "x" }]; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake" },
    ],
  },
  LAT011: {
    pass: [
      ...base,
      { name: "an empty default tag value is still carried", doc: mutate(hub, (d) => { d.provider.aws[0].default_tags[0].tags.topology = ""; }), ctx: hubContext },
      { name: "a resource may set a tag the defaults leave empty", doc: mutate(hub, (d) => { d.provider.aws[0].default_tags[0].tags.topology = ""; d.resource.aws_vpclattice_service_network.main.tags = { topology: "" }; }), ctx: hubContext },
      { name: "a resource's empty tag that no default sets", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_service_network.main.tags = { note: "", owner: "team-b" }; }), ctx: hubContext },
    ],
    fail: [
      { name: "no default_tags", doc: mutate(hub, (d) => { delete d.provider.aws[0].default_tags; }), ctx: hubContext, address: "provider.aws.hub", says: "has no default_tags" },
      // Each provider answers for the resources that use it.
      { name: "a second provider without default_tags", doc: mutate(hub, (d) => { d.provider.aws.push({ alias: "other", region: "us-east-1", allowed_account_ids: ["111111111111"] }); d.resource.aws_vpclattice_service_network.main.provider = "aws.other"; }), ctx: hubContext, address: "provider.aws.other", says: "has no default_tags; 1 taggable resource would be untagged" },
      { name: "a required key missing", doc: mutate(spoke, (d) => { d.provider.aws[0].default_tags = [{ tags: { owner: "platform" } }]; }), ctx: spokeContext, address: "provider.aws.spoke", says: "lack topology" },
      { name: "a resource blanks a default tag", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_service_network.main.tags = { owner: "" }; }), ctx: hubContext, address: "aws_vpclattice_service_network.main", says: "blank the default tag owner" },
      { name: "a resource blanks two default tags with null", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_service_network.main.tags = { owner: null, topology: null }; }), ctx: hubContext, address: "aws_vpclattice_service_network.main", says: "tags blank the default tags owner, topology" },
      // A required key the defaults lack is reported on the provider; blanking it on a resource as well.
      { name: "a resource blanks a required key the defaults lack", doc: mutate(hub, (d) => { delete d.provider.aws[0].default_tags[0].tags.topology; d.resource.aws_vpclattice_service_network.main.tags = { topology: "" }; }), ctx: hubContext, address: "aws_vpclattice_service_network.main", says: "blank the default tag topology" },
    ],
  },
  LAT012: {
    pass: base,
    fail: [
      { name: "no provider", doc: mutate(hub, (d) => { delete d.resource.aws_vpclattice_service_network.main.provider; }), ctx: hubContext, address: "aws_vpclattice_service_network.main", says: "names no provider" },
      { name: "another stack's provider", doc: mutate(spoke, (d) => { d.resource.aws_security_group.clients_vpc0.provider = "aws.hub"; }), ctx: spokeContext, address: "aws_security_group.clients_vpc0", says: "not declared in this stack" },
      { name: "a declared alias that is not the stack's", doc: mutate(dns, (d) => { d.provider.aws.push({ alias: "hub", region: "us-east-1", allowed_account_ids: ["111111111111"], default_tags: [{ tags: { owner: "platform", topology: "acme-endpoints" } }] }); d.resource.aws_route53_record.snowflake_xy12345.provider = "aws.hub"; }), ctx: dnsContext, address: "aws_route53_record.snowflake_xy12345", says: "not one of this stack's" },
      { name: "the default provider named explicitly", doc: mutate(hub, (d) => { d.resource.aws_vpclattice_service_network.main.provider = "aws"; }), ctx: hubContext, says: "is not an aliased aws configuration" },
      { name: "a data source without provider", doc: mutate(hub, (d) => { d.data = { aws_caller_identity: { me: {} } }; }), ctx: hubContext, address: "data.aws_caller_identity.me" },
    ],
  },
  LAT013: {
    pass: [...base, { name: "a role and a profile are not credentials", doc: mutate(hub, (d) => { d.provider.aws[0].profile = "deploy"; }), ctx: hubContext },
      { name: "credential keys left empty and skip flags off", doc: mutate(hub, (d) => { Object.assign(d.provider.aws[0], { access_key: "", secret_key: null, token: false, skip_credentials_validation: false, insecure: false }); }), ctx: hubContext }],
    fail: [
      { name: "static keys", doc: mutate(hub, (d) => { Object.assign(d.provider.aws[0], { access_key: "AKIAIOSFODNN7EXAMPLE", secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }); }), ctx: hubContext, address: "provider.aws.hub", says: "sets access_key" },
      { name: "skip flags", doc: mutate(hub, (d) => { d.provider.aws[0].skip_credentials_validation = true; }), ctx: hubContext, address: "provider.aws.hub", says: "skip_credentials_validation = true" },
      { name: "TLS verification off", doc: mutate(hub, (d) => { d.provider.aws[0].insecure = true; }), ctx: hubContext, address: "provider.aws.hub", says: "insecure = true" },
      { name: "string-typed skip flag", doc: mutate(hub, (d) => { d.provider.aws[0].skip_metadata_api_check = "true"; }), ctx: hubContext, says: "skip_metadata_api_check" },
      { name: "backend keys", doc: mutate(hub, (d) => { d.terraform.backend = { s3: { bucket: "b", key: "k", secret_key: "x", access_key: "y" } }; }), ctx: hubContext, address: "terraform.backend.s3" },
      { name: "an HCP Terraform token in the cloud block", doc: mutate(hub, (d) => { d.terraform = { cloud: { organization: "acme", token: "xxxxxx.atlasv1.yyyy", workspaces: { name: "hub" } } }; }), ctx: hubContext, address: "terraform.cloud", says: "sets token" },
      { name: "remote state keys", doc: mutate(spoke, (d) => { d.data.terraform_remote_state.hub = { backend: "s3", config: { bucket: "b", key: "k", token: "t" } }; }), ctx: spokeContext, address: "data.terraform_remote_state.hub", says: "config.token" },
      { name: "a nested block written as an object", doc: mutate(hub, (d) => { d.provider.aws[0].assume_role_with_web_identity = { role_arn: "arn:aws:iam::111111111111:role/x", web_identity_token: "eyJ" }; }), ctx: hubContext, says: "sets assume_role_with_web_identity.web_identity_token" },
      { name: "a session token", doc: mutate(hub, (d) => { d.provider.aws[0].session_token = "IQoJ"; }), ctx: hubContext, says: "sets session_token" },
      { name: "nested assume_role token", doc: mutate(hub, (d) => { d.provider.aws[0].assume_role_with_web_identity = [{ role_arn: "arn:aws:iam::111111111111:role/x", web_identity_token: "eyJ" }]; }), ctx: hubContext, says: "assume_role_with_web_identity.web_identity_token" },
    ],
  },
  LAT014: {
    pass: [...base, { name: "protect off", doc: mutate(hub, (d) => { delete d.resource.aws_vpclattice_service_network.main.lifecycle; }), ctx: { ...hubContext, protect: false } }],
    fail: [
      { name: "service network unprotected", doc: mutate(hub, (d) => { delete d.resource.aws_vpclattice_service_network.main.lifecycle; }), ctx: hubContext, address: "aws_vpclattice_service_network.main", says: "prevent_destroy" },
      { name: "zone unprotected", doc: mutate(dns, (d) => { d.resource.aws_route53_zone.snowflake.lifecycle.prevent_destroy = false; }), ctx: dnsContext, address: "aws_route53_zone.snowflake" },
      { name: "endpoint unprotected", doc: mutate(hub, (d) => { delete d.resource.aws_vpc_endpoint.snowflake.lifecycle.prevent_destroy; }), ctx: hubContext, address: "aws_vpc_endpoint.snowflake" },
    ],
  },
  LAT015: {
    pass: [...base, { name: "all changes ignored", doc: mutate(dns, (d) => { d.resource.aws_route53_zone.snowflake.lifecycle.ignore_changes = "all"; }), ctx: dnsContext },
      { name: "all changes ignored, as a list", doc: mutate(dns, (d) => { d.resource.aws_route53_zone.snowflake.lifecycle.ignore_changes = ["tags", "all"]; }), ctx: dnsContext },
      // Only a zone with separate associations drifts; one that keeps its inline VPC needs nothing.
      { name: "a zone without separate associations", doc: mutate(dns, (d) => { delete d.resource.aws_route53_zone.snowflake.lifecycle; delete d.resource.aws_route53_zone_association; delete d.resource.aws_route53_vpc_association_authorization; }), ctx: dnsContext }],
    fail: [
      { name: "zone without ignore_changes", doc: mutate(dns, (d) => { delete d.resource.aws_route53_zone.snowflake.lifecycle.ignore_changes; }), ctx: dnsContext, address: "aws_route53_zone.snowflake", says: "ignore_changes" },
      { name: "zone without any lifecycle block", doc: mutate(dns, (d) => { delete d.resource.aws_route53_zone.snowflake.lifecycle; }), ctx: dnsContext, address: "aws_route53_zone.snowflake" },
      { name: "zone that ignores other changes only", doc: mutate(dns, (d) => { d.resource.aws_route53_zone.snowflake.lifecycle.ignore_changes = ["tags"]; }), ctx: dnsContext, address: "aws_route53_zone.snowflake" },
      { name: "zone with a cross-account authorization only", doc: mutate(dns, (d) => { delete d.resource.aws_route53_zone.snowflake.lifecycle.ignore_changes; delete d.resource.aws_route53_zone_association; d.resource.aws_route53_vpc_association_authorization = { other: { provider: "aws.dns", zone_id: "${aws_route53_zone.snowflake.zone_id}", vpc_id: "vpc-0123456789abcdef0" } }; }), ctx: dnsContext, address: "aws_route53_zone.snowflake" },
      { name: "zone without ignore_changes, for_each associations", doc: mutate(dnsForEach, (d) => { delete d.resource.aws_route53_zone.snowflake.lifecycle.ignore_changes; }), ctx: dnsContext, address: "aws_route53_zone.snowflake" },
    ],
  },
  LAT016: {
    pass: [...base,
      // The context comes from a validated topology; an entry that is no CIDR is skipped, not a crash.
      { name: "a client CIDR list with an unreadable entry", doc: spoke, ctx: { ...spokeContext, clientCidrs: ["not-a-cidr", ...(spokeContext.clientCidrs ?? [])] } },
      { name: "a narrower CIDR", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "10.20.1.0/24"; }), ctx: spokeContext },
      // Client CIDRs bound who may come in; where the group may send to is not this rule's.
      { name: "an egress rule to a CIDR outside the client CIDRs", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_egress_rule = { out: { ...d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0, cidr_ipv4: "10.0.0.0/8" } }; }), ctx: spokeContext }],
    fail: [{ name: "a wider CIDR", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "10.0.0.0/8"; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0", says: "not within the topology's client CIDRs" },
      // What cannot be read cannot be shown to be inside: reported, not skipped.
      { name: "a CIDR that does not parse", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "10.20.0.0/99"; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0", says: "admits 10.20.0.0/99, which is not within" }],
  },
  // A resolver endpoint in the spoke, behind its own group: DNS from the resolver networks only.
  LAT027: (() => {
    const withResolver = mutate(spoke, (d) => {
      d.resource.aws_security_group.resolver = { name: "resolver", vpc_id: "vpc-0c1b2c3d4e5f60718", description: "resolver" };
      d.resource.aws_vpc_security_group_ingress_rule.dns_udp = { security_group_id: "${aws_security_group.resolver.id}", cidr_ipv4: "192.168.0.0/20", ip_protocol: "udp", from_port: 53, to_port: 53, description: "DNS" };
      d.resource.aws_route53_resolver_endpoint = { inbound: { direction: "INBOUND", security_group_ids: ["${aws_security_group.resolver.id}"], ip_address: [{ subnet_id: "subnet-0a" }, { subnet_id: "subnet-0b" }] } };
    });
    const ctx = { ...spokeContext, resolverCidrs: ["192.168.0.0/20"] };
    return {
      pass: [...base, { name: "DNS from the resolver networks", doc: withResolver, ctx }],
      fail: [
        { name: "a wider source", doc: mutate(withResolver, (d) => { d.resource.aws_vpc_security_group_ingress_rule.dns_udp.cidr_ipv4 = "192.168.0.0/16"; }), ctx, address: "aws_vpc_security_group_ingress_rule.dns_udp", says: "not within the topology's resolver networks" },
        { name: "another port", doc: mutate(withResolver, (d) => { d.resource.aws_vpc_security_group_ingress_rule.dns_udp.to_port = 54; }), ctx, address: "aws_vpc_security_group_ingress_rule.dns_udp", says: "TCP and UDP 53 only" },
        { name: "a group of another workspace", doc: mutate(withResolver, (d) => { d.resource.aws_route53_resolver_endpoint.inbound.security_group_ids = ["sg-0123456789abcdef0"]; }), ctx, address: "aws_route53_resolver_endpoint.inbound", says: "cannot be verified" },
        { name: "no resolver networks in the context", doc: withResolver, ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.dns_udp", says: "resolver networks (none)" },
      ],
    };
  })(),
  LAT017: {
    pass: base,
    fail: [
      { name: "no pin", doc: mutate(hub, (d) => { delete d.provider.aws[0].allowed_account_ids; }), ctx: hubContext, address: "provider.aws.hub", says: "no allowed_account_ids" },
      { name: "pinned to its account and another", doc: mutate(hub, (d) => { d.provider.aws[0].allowed_account_ids = ["111111111111", "333333333333"]; }), ctx: hubContext, address: "provider.aws.hub", says: 'should be ["111111111111"]' },
      { name: "pinned to the wrong account", doc: mutate(dns, (d) => { d.provider.aws[1].allowed_account_ids = ["333333333333"]; }), ctx: dnsContext, address: "provider.aws.spoke_payments", says: "should be [\"222222222222\"]" },
    ],
  },
  LAT018: {
    pass: base,
    fail: [
      { name: "inline ingress", doc: mutate(hub, (d) => { d.resource.aws_security_group.endpoint_snowflake.ingress = [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"], description: "x" }]; }), ctx: hubContext, address: "aws_security_group.endpoint_snowflake" },
      { name: "inline egress", doc: mutate(hub, (d) => { d.resource.aws_security_group.endpoint_snowflake.egress = [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"], description: "x" }]; }), ctx: hubContext, address: "aws_security_group.endpoint_snowflake" }],
  },
  LAT019: {
    pass: [...base,
      { name: "two halves of 10.0.0.0/8", doc: mutate(spoke, (d) => { const rules = d.resource.aws_vpc_security_group_ingress_rule; rules.clients_vpc0_0.cidr_ipv4 = "10.0.0.0/9"; rules.clients_vpc0_1 = { ...rules.clients_vpc0_0, cidr_ipv4: "10.128.0.0/9" }; }), ctx: spokeContext },
      { name: "the halves of the space on two different groups", doc: mutate(spoke, (d) => { const rules = d.resource.aws_vpc_security_group_ingress_rule; d.resource.aws_security_group.other = { provider: "aws.spoke", name: "o", description: "o" }; rules.clients_vpc0_0.cidr_ipv4 = "0.0.0.0/1"; rules.other_0 = { ...rules.clients_vpc0_0, security_group_id: "${aws_security_group.other.id}", cidr_ipv4: "128.0.0.0/1" }; }), ctx: spokeContext },
      { name: "the halves of the space in two directions", doc: mutate(spoke, (d) => { const rule = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; rule.cidr_ipv4 = "0.0.0.0/1"; d.resource.aws_vpc_security_group_egress_rule = { out: { ...rule, cidr_ipv4: "128.0.0.0/1" } }; }), ctx: spokeContext },
      { name: "the halves on two instances of a for_each group", doc: mutate(spoke, (d) => { perVpcGroups(d, { "vpc-a": "0.0.0.0/1", "vpc-b": "128.0.0.0/1" }); }), ctx: spokeContext },
      { name: "0.0.0.0/0 alone (LAT001's)", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "0.0.0.0/0"; }), ctx: spokeContext },
    ],
    fail: [
      { name: "0.0.0.0/1 + 128.0.0.0/1 in two rule resources", doc: mutate(spoke, (d) => { const rules = d.resource.aws_vpc_security_group_ingress_rule; rules.clients_vpc0_0.cidr_ipv4 = "0.0.0.0/1"; rules.clients_vpc0_1 = { ...rules.clients_vpc0_0, cidr_ipv4: "128.0.0.0/1" }; }), ctx: spokeContext, address: "aws_security_group.clients_vpc0", says: "ingress rules admit 0.0.0.0/1, 128.0.0.0/1, which together cover the whole IPv4 address space" },
      { name: "the halves as for_each instances", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; r.for_each = '${toset(["0.0.0.0/1", "128.0.0.0/1"])}'; r.cidr_ipv4 = "${each.value}"; }), ctx: spokeContext, address: "aws_security_group.clients_vpc0", says: "whole IPv4 address space" },
      { name: "the IPv6 halves", doc: mutate(spoke, (d) => { const rules = d.resource.aws_vpc_security_group_ingress_rule; delete rules.clients_vpc0_0.cidr_ipv4; rules.clients_vpc0_0.cidr_ipv6 = "::/1"; rules.clients_vpc0_1 = { ...rules.clients_vpc0_0, cidr_ipv6: "8000::/1" }; }), ctx: spokeContext, says: "together cover the whole IPv6 address space" },
      { name: "an inline block and a rule resource", doc: mutate(spoke, (d) => { d.resource.aws_security_group.clients_vpc0.ingress = [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/2", "64.0.0.0/2"], description: "x" }]; d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "128.0.0.0/1"; }), ctx: spokeContext, address: "aws_security_group.clients_vpc0", says: "whole IPv4 address space" },
      { name: "four quarters in a legacy rule, on the gateway's egress", doc: mutate(hub, (d) => { d.resource.aws_security_group_rule = { wide: { type: "egress", security_group_id: "${aws_security_group.gateway.id}", from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"], description: "x" } }; }), ctx: hubContext, address: "aws_security_group.gateway", says: "egress rules admit" },
      // The finding lists the blocks of the family it is about.
      { name: "the IPv4 halves next to an IPv6 block", doc: mutate(spoke, (d) => { const rules = d.resource.aws_vpc_security_group_ingress_rule; rules.clients_vpc0_0.cidr_ipv4 = "0.0.0.0/1"; rules.clients_vpc0_1 = { ...rules.clients_vpc0_0, cidr_ipv4: "128.0.0.0/1" }; rules.clients_vpc0_2 = { ...rules.clients_vpc0_0, cidr_ipv4: undefined, cidr_ipv6: "fd00::/64" }; }), ctx: spokeContext, says: "ingress rules admit 0.0.0.0/1, 128.0.0.0/1, which together cover the whole IPv4 address space" },
      { name: "the halves next to a CIDR that does not parse", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; r.for_each = ["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/99"]; r.cidr_ipv4 = "${each.value}"; }), ctx: spokeContext, says: "ingress rules admit 0.0.0.0/1, 128.0.0.0/1, which together cover the whole IPv4" },
      { name: "eight /3 blocks, listed in full", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; r.for_each = Array.from({ length: 8 }, (_, i) => `${i * 32}.0.0.0/3`); r.cidr_ipv4 = "${each.value}"; }), ctx: spokeContext, says: "160.0.0.0/3, 192.0.0.0/3, 224.0.0.0/3, which together cover" },
      // Long lists are cut to eight and counted: a finding stays one line.
      { name: "sixteen /4 blocks", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; r.for_each = Array.from({ length: 16 }, (_, i) => `${i * 16}.0.0.0/4`); r.cidr_ipv4 = "${each.value}"; }), ctx: spokeContext, address: "aws_security_group.clients_vpc0", says: "ingress rules admit 0.0.0.0/4, 16.0.0.0/4, 32.0.0.0/4, 48.0.0.0/4, 64.0.0.0/4, 80.0.0.0/4, 96.0.0.0/4, 112.0.0.0/4, … (16 in all), which together cover the whole IPv4" },
      { name: "the halves on one instance of a for_each group", doc: mutate(spoke, (d) => { perVpcGroups(d, { "vpc-a": "0.0.0.0/1", "vpc-b": "10.0.0.0/8", "vpc-a/2": "128.0.0.0/1" }); }), ctx: spokeContext, address: 'aws_security_group.clients["vpc-a"]', says: "whole IPv4 address space" },
      { name: "rules of a group the workspace does not define", doc: mutate(spoke, (d) => { const rules = d.resource.aws_vpc_security_group_ingress_rule; rules.clients_vpc0_0.security_group_id = "sg-0123456789abcdef0"; rules.clients_vpc0_0.cidr_ipv4 = "0.0.0.0/1"; rules.clients_vpc0_1 = { ...rules.clients_vpc0_0, cidr_ipv4: "128.0.0.0/1" }; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0", says: "whole IPv4 address space" },
    ],
  },
  LAT020: {
    pass: [...base,
      { name: "a public /16", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "52.94.0.0/16"; }), ctx: spokeContext },
      { name: "a private /8", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "10.0.0.0/8"; }), ctx: spokeContext },
      { name: "the shared address space", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "100.64.0.0/10"; }), ctx: spokeContext },
      { name: "unique-local IPv6", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; delete r.cidr_ipv4; r.cidr_ipv6 = "fc00::/7"; }), ctx: spokeContext },
      { name: "0.0.0.0/0 alone (LAT001's)", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "0.0.0.0/0"; }), ctx: spokeContext },
      { name: "a public IPv6 /32", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; delete r.cidr_ipv4; r.cidr_ipv6 = "2600:1f00::/32"; }), ctx: spokeContext },
    ],
    fail: [
      { name: "a public /8", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "52.0.0.0/8"; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0", says: "admits 52.0.0.0/8, a public range wider than /16" },
      { name: "a /8 that holds a private block but is mostly public", doc: mutate(spoke, (d) => { d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0.cidr_ipv4 = "172.0.0.0/8"; }), ctx: spokeContext, says: "172.0.0.0/8, a public range" },
      { name: "a public IPv6 /12", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; delete r.cidr_ipv4; r.cidr_ipv6 = "2600::/12"; }), ctx: spokeContext, says: "wider than /32" },
      { name: "an inline egress block", doc: mutate(hub, (d) => { d.resource.aws_security_group.gateway.egress = [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["64.0.0.0/10"], description: "x" }]; }), ctx: hubContext, address: "aws_security_group.gateway", says: "inline egress[0] admits 64.0.0.0/10" },
    ],
  },
  LAT021: {
    pass: [...base,
      { name: "a port range short of every port", doc: mutate(spoke, (d) => { Object.assign(d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0, { from_port: 1024, to_port: 65535 }); }), ctx: spokeContext },
      { name: "ICMP, whose ports are types and codes", doc: mutate(spoke, (d) => { Object.assign(d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0, { ip_protocol: "icmp", from_port: -1, to_port: -1 }); }), ctx: spokeContext },
    ],
    fail: [
      { name: "protocol -1", doc: mutate(spoke, (d) => { const r = d.resource.aws_vpc_security_group_ingress_rule.clients_vpc0_0; r.ip_protocol = "-1"; delete r.from_port; delete r.to_port; }), ctx: spokeContext, address: "aws_vpc_security_group_ingress_rule.clients_vpc0_0", says: "admits every port: all protocols (protocol -1)" },
      { name: "tcp 0-65535", doc: mutate(hub, (d) => { Object.assign(d.resource.aws_vpc_security_group_egress_rule.gateway_to_snowflake_443, { from_port: 0, to_port: 65535 }); }), ctx: hubContext, address: "aws_vpc_security_group_egress_rule.gateway_to_snowflake_443", says: "tcp 0-65535" },
      { name: "a legacy rule with protocol all", doc: mutate(spoke, (d) => { d.resource.aws_security_group_rule = { any: { type: "ingress", security_group_id: "${aws_security_group.clients_vpc0.id}", from_port: 0, to_port: 0, protocol: "all", cidr_blocks: ["10.20.0.0/16"], description: "x" } }; }), ctx: spokeContext, address: "aws_security_group_rule.any", says: "protocol all" },
      { name: "an inline block 1-65535 written as strings", doc: mutate(spoke, (d) => { d.resource.aws_security_group.clients_vpc0.ingress = [{ from_port: "1", to_port: "65535", protocol: "6", cidr_blocks: ["10.20.0.0/16"], description: "x" }]; }), ctx: spokeContext, address: "aws_security_group.clients_vpc0", says: "inline ingress[0] admits every port: 6 1-65535" },
    ],
  },
  LAT022: {
    pass: [...base,
      { name: "a principal's trust", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Principal = { AWS: "arn:aws:iam::999999999999:role/ci" }; s.Action = "sts:AssumeRole"; delete s.Condition; })), ctx: identityContext },
      { name: "a Deny statement for everyone", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (_, p) => { p.Statement.push({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }); })), ctx: identityContext },
    ],
    fail: [
      { name: "Principal \"*\"", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Principal = "*"; })), ctx: identityContext, address: "aws_iam_role.deploy", says: "trusts the wildcard principal \"*\"" },
      { name: "an AWS principal list with a wildcard account", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Principal = { AWS: ["arn:aws:iam::999999999999:role/ci", "arn:aws:iam::*:root"] }; })), ctx: identityContext, says: "arn:aws:iam::*:root" },
      { name: "NotPrincipal with Allow", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { delete s.Principal; s.NotPrincipal = { AWS: "arn:aws:iam::999999999999:root" }; })), ctx: identityContext, says: "NotPrincipal" },
      { name: "a trust policy that is an expression", doc: mutate(identity, (d) => { d.resource.aws_iam_role.deploy.assume_role_policy = "${data.aws_iam_policy_document.trust.json}"; }), ctx: identityContext, says: "assume_role_policy is an expression (${data.aws_iam_policy_document.trust.json}) and cannot be verified" },
      { name: "a trust policy that is not a string", doc: mutate(identity, (d) => { d.resource.aws_iam_role.deploy.assume_role_policy = { Version: "2012-10-17" }; }), ctx: identityContext, says: "assume_role_policy is not a JSON policy document string" },
      { name: "a trust policy that is a JSON array", doc: mutate(identity, (d) => { d.resource.aws_iam_role.deploy.assume_role_policy = "[]"; }), ctx: identityContext, says: "assume_role_policy is not a JSON object" },
      { name: "a statement named by its Sid", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Sid = "Anyone"; s.Principal = { AWS: "*" }; })), ctx: identityContext, says: 'statement Anyone trusts the wildcard principal "*"' },
    ],
  },
  LAT023: {
    pass: [...base,
      { name: "GitHub's exact sub with StringEquals", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => {
        s.Principal = { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" };
        s.Condition = { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/infra:environment:production" } };
      })), ctx: identityContext },
      // Not a web-identity trust: nothing to restrict by subject.
      { name: "an AWS principal's trust without conditions", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Principal = { AWS: "arn:aws:iam::999999999999:role/ci" }; s.Action = "sts:AssumeRole"; delete s.Condition; })), ctx: identityContext },
      { name: "a SAML federation", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Principal = { Federated: "arn:aws:iam::111111111111:saml-provider/Okta" }; s.Action = "sts:AssumeRoleWithSAML"; s.Condition = { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }; })), ctx: identityContext },
      { name: "Principal \"*\" with sts:AssumeRole (LAT022's)", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Principal = "*"; s.Action = "sts:AssumeRole"; delete s.Condition; })), ctx: identityContext },
    ],
    fail: [
      { name: "an audience but no sub", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { delete s.Condition.StringLike; })), ctx: identityContext, address: "aws_iam_role.deploy", says: "without a <issuer>:sub condition" },
      { name: "a sub that is only a wildcard", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Condition.StringLike["app.terraform.io:sub"] = "*"; })), ctx: identityContext, says: "allows the sub \"*\", which matches every token" },
      { name: "a sub under a negated operator", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Condition = { StringNotLike: { "app.terraform.io:sub": "organization:evil:*" } }; })), ctx: identityContext, says: "without a <issuer>:sub condition" },
      { name: "web identity by its action alone, whatever the principal", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Principal = { AWS: "arn:aws:iam::111111111111:root" }; s.Action = ["sts:TagSession", "STS:AssumeRoleWithWebIdentity"]; delete s.Condition; })), ctx: identityContext, says: "trusts a web identity without a <issuer>:sub condition" },
      { name: "an OIDC provider trusted for sts:*", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Action = "sts:*"; delete s.Condition; })), ctx: identityContext, says: "trusts arn:aws:iam::111111111111:oidc-provider/app.terraform.io without a <issuer>:sub condition" },
      { name: "a sub of wildcards only", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Condition.StringLike["app.terraform.io:sub"] = "*?*"; })), ctx: identityContext, says: 'allows the sub "*?*"' },
      { name: "a sub under IfExists, which passes a token without it", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Condition = { StringLikeIfExists: { "app.terraform.io:sub": "organization:acme:*" } }; })), ctx: identityContext, says: "without a <issuer>:sub condition" },
      { name: "a sub under ForAllValues, which passes a token without it", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role", "deploy", "assume_role_policy", (s) => { s.Condition = { "ForAllValues:StringLike": { "app.terraform.io:sub": "organization:acme:*" } }; })), ctx: identityContext, says: "without a <issuer>:sub condition" },
    ],
  },
  LAT024: {
    pass: [...base,
      { name: "a service-linked-role statement with a condition", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role_policy", "deploy", "policy", (_, p) => { p.Statement.push({ Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" } } }); })), ctx: identityContext },
      { name: "a Deny of everything", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role_policy", "deploy", "policy", (_, p) => { p.Statement.push({ Effect: "Deny", Action: "*", Resource: "*" }); })), ctx: identityContext },
      // IAM wildcards inside an action name narrow it; only a whole service or "*" is flagged.
      { name: "a wildcard inside action names", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role_policy", "deploy", "policy", (s) => { s.Action = ["ec2:*VpcEndpoint*", "ec2:Describe*"]; })), ctx: identityContext },
    ],
    fail: [
      { name: "Action \"*\"", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role_policy", "deploy", "policy", (s) => { s.Action = "*"; })), ctx: identityContext, address: "aws_iam_role_policy.deploy", says: "allows \"*\"; name the actions" },
      { name: "a whole service", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role_policy", "deploy", "policy", (s) => { s.Action = ["ec2:CreateVpcEndpoint", "iam:*"]; })), ctx: identityContext, says: "allows \"iam:*\"" },
      { name: "NotAction with Allow", doc: mutate(identity, (d) => editPolicy(d, "aws_iam_role_policy", "deploy", "policy", (s) => { delete s.Action; s.NotAction = "iam:*"; })), ctx: identityContext, says: "NotAction" },
      { name: "a role's inline_policy block", doc: mutate(identity, (d) => { d.resource.aws_iam_role.deploy.inline_policy = [{ name: "x", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }]; }), ctx: identityContext, address: "aws_iam_role.deploy", says: "allows \"*\"" },
      { name: "a policy that is not JSON", doc: mutate(identity, (d) => { d.resource.aws_iam_role_policy.deploy.policy = "{not json"; }), ctx: identityContext, says: "policy is not valid JSON" },
      ...(["aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"] as const).map((type) => ({
        name: `a ${type}`, doc: mutate(identity, (d) => { d.resource[type] = { extra: { provider: "aws.identity", name: "x", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }] }) } }; }), ctx: identityContext, address: `${type}.extra`, says: 'statement All allows "*"',
      })),
    ],
  },
  LAT025: {
    pass: [
      ...base,
      { name: "an alarm notifying a topic on ALARM and OK", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_metric_alarm = { drops: alarm({}) }; }), ctx: hubContext },
      { name: "actions given as one expression", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_metric_alarm = { drops: alarm({ alarm_actions: "${var.topics}", ok_actions: "${var.topics}" }) }; }), ctx: hubContext },
    ],
    fail: [
      { name: "no alarm_actions", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_metric_alarm = { drops: alarm({ alarm_actions: undefined }) }; }), ctx: hubContext, address: "aws_cloudwatch_metric_alarm.drops", says: "has no alarm_actions: it notifies nobody" },
      { name: "empty ok_actions", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_metric_alarm = { drops: alarm({ ok_actions: [] }) }; }), ctx: hubContext, says: "has no ok_actions" },
      { name: "neither, per for_each instance", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_metric_alarm = { drops: alarm({ for_each: { snowflake: {} }, alarm_actions: [""], ok_actions: undefined }) }; }), ctx: hubContext, address: 'aws_cloudwatch_metric_alarm.drops["snowflake"]', says: "has no alarm_actions and no ok_actions" },
      { name: "actions disabled", doc: mutate(hub, (d) => { d.resource.aws_cloudwatch_metric_alarm = { drops: alarm({ actions_enabled: false }) }; }), ctx: hubContext, says: "actions_enabled = false" },
    ],
  },
  LAT026: {
    pass: [...base,
      { name: "50 authorizations in one zone (one page)", doc: authorizations({ snowflake: 50 }), ctx: dnsContext },
      { name: "50 in each of two zones", doc: authorizations({ snowflake: 50, datadog: 50 }), ctx: dnsContext },
    ],
    fail: [
      { name: "51 in one zone", doc: authorizations({ snowflake: 51, datadog: 3 }), ctx: dnsContext, address: 'aws_route53_vpc_association_authorization.authorizations["snowflake/vpc-00000000000000000"]', says: "is one of 51 authorizations of its zone: every refresh makes 102 ListVPCAssociationAuthorizations calls" },
    ],
  },
};

/** The dns workspace with `count` authorizations per zone (for_each, as the stacks write them). */
function authorizations(count: Record<string, number>): Doc {
  return mutate(dnsForEachDoc(), (d) => {
    const each = Object.entries(count).flatMap(([zone, n]) => Array.from({ length: n }, (_, i) => {
      const vpc = `vpc-${i.toString(16).padStart(17, "0")}`;
      return [`${zone}/${vpc}`, { vpc_id: vpc, zone }] as const;
    }));
    d.resource.aws_route53_vpc_association_authorization.authorizations.for_each = Object.fromEntries(each);
    d.resource.aws_route53_vpc_association_authorization.authorizations.zone_id = "${local.zone_ids[each.value.zone]}";
    delete d.resource.aws_route53_zone_association;
  });
}

/** A metric alarm of the hub as the monitoring module writes it, with `change` applied (undefined removes). */
function alarm(change: Record<string, unknown>): Record<string, unknown> {
  const a: Record<string, unknown> = {
    provider: "aws.hub", alarm_name: "x-drops", namespace: "AWS/PrivateLinkEndpoints", metric_name: "PacketsDropped",
    statistic: "Sum", period: 60, evaluation_periods: 5, threshold: 10, comparison_operator: "GreaterThanThreshold",
    alarm_actions: ["${aws_sns_topic.alarms.arn}"], ok_actions: ["${aws_sns_topic.alarms.arn}"],
  };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete a[k];
    else a[k] = v;
  }
  return a;
}

describe("rule pack", () => {
  test("every rule has passing and failing fixtures", () => {
    for (const rule of RULES) {
      expect(CASES[rule.id]?.pass.length).toBeGreaterThan(0);
      expect(CASES[rule.id]?.fail.length).toBeGreaterThan(0);
    }
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test("ids are unique, sequential LATnnn, and every rule is documented", () => {
    expect(RULES.map((r) => r.id)).toEqual(RULES.map((_, i) => `LAT${String(i + 1).padStart(3, "0")}`));
    for (const rule of RULES) {
      expect(rule.rationale.length).toBeGreaterThan(120);
      for (const id of rule.checkov) expect(id).toMatch(/^CKV2?_AWS_\d+$/);
      for (const id of rule.trivy) expect(id).toMatch(/^AVD-AWS-\d{4}$/);
    }
  });

  test("the compliant fixtures produce no finding at all", () => {
    for (const { doc, ctx } of base) expect(runRules(doc, ctx).map(formatFinding)).toEqual([]);
  });

  for (const rule of RULES) {
    describe(`${rule.id} ${rule.title}`, () => {
      for (const c of CASES[rule.id]?.pass ?? []) {
        test(`passes: ${c.name}`, () => {
          expect(only(rule.id, c.doc, c.ctx)).toEqual([]);
        });
      }
      for (const c of CASES[rule.id]?.fail ?? []) {
        test(`fails: ${c.name}`, () => {
          const findings = only(rule.id, c.doc, c.ctx);
          expect(findings.length).toBeGreaterThan(0);
          const f = findings[0] as Finding;
          expect(f).toMatchObject({ ruleId: rule.id, severity: rule.severity, stack: c.ctx.stack });
          if (c.address) expect(findings.map((x) => x.address)).toContain(c.address);
          if (c.says) expect(findings.map((x) => x.message).join("\n")).toContain(c.says);
        });
      }
    });
  }
});

describe("findings", () => {
  test("print as `<rule id> <stack> <address>: <message>`", () => {
    const doc = mutate(hubDoc(), (d) => { d.resource.aws_cloudwatch_log_group.access_logs.retention_in_days = 30; });
    expect(runRules(doc, hubContext).map(formatFinding)).toEqual([
      "LAT007 hub aws_cloudwatch_log_group.access_logs: keeps logs 30 days; at least 365 are required",
    ]);
  });

  test("the strict context (topology unknown) passes the compliant hub", () => {
    const ids = new Set(runRules(hubDoc(), strictContext("hub")).map((f) => f.ruleId));
    expect(ids).toEqual(new Set());
  });
});

describe("hostile input", () => {
  test.each([
    ["null", null], ["a number", 42], ["an array", [1, 2]], ["a string", "resource"],
  ])("%s is reported, not thrown", (_, doc) => {
    expect(runRules(doc, strictContext("x")).map(formatFinding)).toEqual(["LAT000 x (document): is not a Terraform JSON object"]);
  });

  test("odd shapes in the right places never throw", () => {
    const docs: unknown[] = [
      { resource: null, provider: "aws", data: 3 },
      { resource: { aws_security_group: [] } },
      { resource: { aws_security_group: { g: null, h: [1, "x", null] } } },
      { resource: { aws_vpc_endpoint: { e: { vpc_endpoint_type: "Interface", lifecycle: "nope" } } } },
      { provider: { aws: [null, { alias: 3, default_tags: "x" }] }, resource: { aws_s3_bucket: { b: { provider: 7, tags: [1] } } } },
      { resource: { aws_vpclattice_resource_gateway: { g: { security_group_ids: [null, { a: 1 }, "${"] } } } },
      JSON.parse('{"resource": {"__proto__": {"x": 1}, "constructor": {"prototype": {}}}}'),
    ];
    for (const doc of docs) expect(() => runRules(doc, strictContext("x"))).not.toThrow();
  });

  test("property: any JSON value yields findings, never an exception", () => {
    // Random JSON, and random JSON grafted into a compliant hub at a random resource.
    const graft = fc.tuple(fc.constantFrom(...Object.keys(hubDoc().resource)), fc.jsonValue()).map(([type, value]) =>
      mutate(hubDoc(), (d) => { const names = Object.keys(d.resource[type]); d.resource[type][names[0]] = value; }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), graft), (doc) => {
        const findings = runRules(doc, hubContext);
        return findings.every((f) => typeof f.message === "string" && !f.message.includes("could not be checked"));
      }),
      { numRuns: 500 },
    );
  });
});

describe("taggable types", () => {
  test("come from the provider schema and include what our stacks create", () => {
    expect(TAGGABLE_TYPES.size).toBeGreaterThan(500);
    for (const t of ["aws_vpclattice_service_network", "aws_vpc_endpoint", "aws_security_group", "aws_route53_zone", "aws_cloudwatch_log_group"]) {
      expect(TAGGABLE_TYPES.has(t)).toBe(true);
    }
    for (const t of ["aws_route53_record", "aws_ram_principal_association", "aws_route53_zone_association"]) {
      expect(TAGGABLE_TYPES.has(t)).toBe(false);
    }
  });
});

describe("docs/rules.md", () => {
  test("is up to date with the registry (regenerate: node --import tsx guard/rules-doc.ts > docs/rules.md)", () => {
    const committed = readFileSync(join(__dirname, "../../docs/rules.md"), "utf8");
    expect(committed).toBe(renderRulesDoc());
  });
});
