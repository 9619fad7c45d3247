# terraform test for dist/modules/spoke: valid input plans; each broken rule fails its variable's validation.
mock_provider "aws" {}

variables {
  name                = "acme-endpoints"
  spoke_name          = "payments"
  service_network_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0"
  # Two endpoints' ports: 8000-8100 and 8101 touch, 8050 lies inside.
  ports = ["443", "8000-8100", "8101", "8050"]
  vpcs = {
    "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16", "2001:db8::/32"] }
    "vpc-0d1b2c3d4e5f60718" = { security_group_ids = ["sg-0a1b2c3d4e5f60718"] }
  }
  zone_ids = {
    "privatelink.snowflakecomputing.com" = "Z0123456789ABCDEFGHIJ"
    "mongodb.net"                        = "Z0423456789ABCDEFGHIJ"
  }
  # Endpoint access: nothing is planned from these without endpoint_access_vpcs; with them, a broken
  # endpoint_access_vpcs is the only invalid input of its run.
  endpoints               = { snowflake = { resource_configuration_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0" } }
  endpoint_access_records = [{ endpoint = "snowflake", zone = "privatelink.snowflakecomputing.com", name = "xy12345.us-east-1" }]
}

run "valid_input_plans" {
  command = plan

  assert {
    condition     = length(aws_vpclattice_service_network_vpc_association.spoke_vpc_associations) == 2
    error_message = "one association per VPC"
  }
  assert {
    condition = keys(aws_vpc_security_group_ingress_rule.spoke_client_ingress) == [
      "vpc-0c1b2c3d4e5f60718/10.20.0.0/16/443", "vpc-0c1b2c3d4e5f60718/10.20.0.0/16/8000",
      "vpc-0c1b2c3d4e5f60718/2001:db8::/32/443", "vpc-0c1b2c3d4e5f60718/2001:db8::/32/8000",
    ]
    error_message = "each client network on each merged port range, keyed by its first port"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.spoke_client_ingress["vpc-0c1b2c3d4e5f60718/2001:db8::/32/8000"].cidr_ipv6 == "2001:db8::/32"
    error_message = "IPv6 networks get IPv6 rules"
  }
  assert {
    condition     = aws_security_group.spoke_client_security_groups["vpc-0c1b2c3d4e5f60718"].name == "acme-endpoints-payments-lattice-clients-vpc-0c1b2c3d4e5f60718"
    error_message = "the client group is named as the stacks name it"
  }
  assert {
    condition     = aws_vpclattice_service_network_vpc_association.spoke_vpc_associations["vpc-0d1b2c3d4e5f60718"].security_group_ids == tolist(["sg-0a1b2c3d4e5f60718"])
    error_message = "given security groups are used as they are"
  }
  assert {
    condition     = length(aws_ram_resource_share_accepter.spoke_resource_share_accepter) == 0
    error_message = "no accepter inside the organization"
  }
  assert {
    condition     = length(aws_route53_zone_association.zone_associations) == 4
    error_message = "every VPC with every zone"
  }
  assert {
    condition     = aws_route53_zone_association.zone_associations["mongodb.net/vpc-0d1b2c3d4e5f60718"].zone_id == "Z0423456789ABCDEFGHIJ"
    error_message = "an association takes its zone's id"
  }
  assert {
    condition     = length(aws_route53profiles_association.profile_associations) == 0
    error_message = "no profile association in associations mode"
  }
}

run "names_are_hashed_exactly_as_the_stacks_hash_them" {
  command = plan
  # Expected value: config/aws-names.ts awsName(["sg-team", "9lives", "lattice-clients", <vpc>], securityGroup).
  variables {
    name       = "sg-team"
    spoke_name = "9lives"
  }
  assert {
    condition     = aws_security_group.spoke_client_security_groups["vpc-0c1b2c3d4e5f60718"].name == "sgteam-9lives-lattice-clients-vpc-0c1b2c3d4e5f60718-3dd570"
    error_message = "a reserved prefix (sg-) loses its hyphen and the name gets a hash"
  }
}

run "pairs_associated_at_zone_creation_are_left_out" {
  command = plan
  variables {
    zone_association_exclusions = ["mongodb.net/vpc-0d1b2c3d4e5f60718"]
  }
  assert {
    condition     = !contains(keys(aws_route53_zone_association.zone_associations), "mongodb.net/vpc-0d1b2c3d4e5f60718") && length(aws_route53_zone_association.zone_associations) == 3
    error_message = "an excluded pair is not associated, the others are"
  }
}

run "profile_mode_associates_each_vpc_with_the_profile" {
  command = plan
  variables {
    dns_mode                     = "profile"
    route53_profile_id           = "rp-0123456789abcdef"
    accept_route53_profile_share = true
    route53_profile_share_arn    = "arn:aws:ram:us-east-1:333333333333:resource-share/0123abcd-0123-abcd-0123-0123456789ab"
  }
  assert {
    condition     = length(aws_route53_zone_association.zone_associations) == 0
    error_message = "no zone association in profile mode"
  }
  assert {
    condition     = aws_route53profiles_association.profile_associations["vpc-0c1b2c3d4e5f60718"].name == "acme-endpoints-vpc-0c1b2c3d4e5f60718"
    error_message = "one profile association per VPC, named as the stacks name it"
  }
  assert {
    condition     = length(aws_route53profiles_association.profile_associations) == 2 && length(aws_ram_resource_share_accepter.profile_share_accepter) == 1
    error_message = "every VPC associated, and the profile's share accepted when asked"
  }
}

run "profile_mode_needs_the_profile" {
  command = plan
  variables {
    dns_mode = "profile"
  }
  expect_failures = [var.route53_profile_id]
}

run "unknown_dns_mode_is_rejected" {
  command = plan
  variables {
    dns_mode = "resolver"
  }
  expect_failures = [var.dns_mode]
}

run "spoke_name_longer_than_20_is_rejected" {
  command = plan
  variables {
    spoke_name = "payments-and-billing-x"
  }
  expect_failures = [var.spoke_name]
}

run "bad_zone_id_is_rejected" {
  command = plan
  variables {
    zone_ids = { "mongodb.net" = "mongodb" }
  }
  expect_failures = [var.zone_ids]
}

run "cidrs_and_groups_together_are_rejected" {
  command = plan
  variables {
    vpcs = { "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] } }
  }
  expect_failures = [var.vpcs]
}

run "whole_address_space_is_rejected" {
  command = plan
  variables {
    vpcs = { "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["0.0.0.0/0"] } }
  }
  expect_failures = [var.vpcs]
}

run "port_zero_is_rejected" {
  command = plan
  variables {
    ports = ["0"]
  }
  expect_failures = [var.ports]
}

run "no_endpoint_access_by_default" {
  command = plan
  assert {
    condition = (length(aws_vpc_endpoint.access_endpoints) + length(aws_route53_zone.access_zones) + length(aws_route53_record.access_records) +
    length(aws_route53_resolver_endpoint.access_resolvers) + length(aws_security_group.access_client_security_groups) + length(aws_security_group.access_resolver_security_groups)) == 0
    error_message = "without endpoint_access_vpcs the module plans what it planned before"
  }
  assert {
    condition     = output.resolver_addresses == {}
    error_message = "no resolver, no addresses"
  }
}

# Endpoint access (docs/endpoint-access.md): one VPC in the service network, one through Resource endpoints.
run "endpoint_access_vpc_plans_resource_endpoints_zones_records_and_resolver" {
  command = plan
  variables {
    vpcs = { "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16"] } }
    endpoint_access_vpcs = [
      {
        vpc_id       = "vpc-0d1b2c3d4e5f60718"
        subnet_ids   = ["subnet-0c1b2c3d4e5f60718", "subnet-0d1b2c3d4e5f60718"]
        client_cidrs = ["10.30.0.0/16"]
        resolver = {
          inbound_subnet_ids = ["subnet-0c1b2c3d4e5f60718", "subnet-0d1b2c3d4e5f60718"]
          allowed_cidrs      = ["192.168.0.0/20", "2001:db8::/32"]
        }
      },
      {
        vpc_id             = "vpc-0e1b2c3d4e5f60718"
        subnet_ids         = ["subnet-0e1b2c3d4e5f60718"]
        security_group_ids = ["sg-0a1b2c3d4e5f60718"]
      },
    ]
    endpoints = {
      snowflake       = { resource_configuration_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0" }
      "mongodb-atlas" = { resource_configuration_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0223456789abcdef0" }
    }
    endpoint_access_records = [
      { endpoint = "snowflake", zone = "privatelink.snowflakecomputing.com", name = "xy12345.us-east-1" },
      { endpoint = "snowflake", zone = "privatelink.snowflakecomputing.com", name = "xy12345-app.us-east-1" },
      { endpoint = "mongodb-atlas", zone = "mongodb.net", name = "pl-0-us-east-1.ab1" },
    ]
    ttl = 60
  }

  assert {
    condition     = length(aws_vpclattice_service_network_vpc_association.spoke_vpc_associations) == 1 && length(aws_route53_zone_association.zone_associations) == 2
    error_message = "only the association-mode VPC joins the service network and the shared zones"
  }
  assert {
    condition = keys(aws_vpc_endpoint.access_endpoints) == [
      "mongodb-atlas/vpc-0d1b2c3d4e5f60718", "mongodb-atlas/vpc-0e1b2c3d4e5f60718",
      "snowflake/vpc-0d1b2c3d4e5f60718", "snowflake/vpc-0e1b2c3d4e5f60718",
    ]
    error_message = "one endpoint per vendor and endpoint-mode VPC, keyed <endpoint>/<vpc id>"
  }
  assert {
    condition = alltrue([for k, e in aws_vpc_endpoint.access_endpoints : e.vpc_endpoint_type == "Resource"]) && (
      aws_vpc_endpoint.access_endpoints["snowflake/vpc-0d1b2c3d4e5f60718"].resource_configuration_arn == "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0"
    ) && aws_vpc_endpoint.access_endpoints["snowflake/vpc-0d1b2c3d4e5f60718"].subnet_ids == toset(["subnet-0c1b2c3d4e5f60718", "subnet-0d1b2c3d4e5f60718"])
    error_message = "type Resource, to the vendor's resource configuration, in the VPC's subnets"
  }
  assert {
    condition     = aws_vpc_endpoint.access_endpoints["snowflake/vpc-0e1b2c3d4e5f60718"].security_group_ids == toset(["sg-0a1b2c3d4e5f60718"])
    error_message = "given security groups are used as they are"
  }
  assert {
    condition = keys(aws_security_group.access_client_security_groups) == ["vpc-0d1b2c3d4e5f60718"] && (
      aws_security_group.access_client_security_groups["vpc-0d1b2c3d4e5f60718"].name == "acme-endpoints-payments-endpoint-clients-vpc-0d1b2c3d4e5f60718"
    )
    error_message = "a client group for the VPC given client_cidrs, named as the stacks name it"
  }
  assert {
    condition = keys(aws_vpc_security_group_ingress_rule.access_client_ingress) == [
      "vpc-0d1b2c3d4e5f60718/10.30.0.0/16/443", "vpc-0d1b2c3d4e5f60718/10.30.0.0/16/8000",
    ]
    error_message = "each client network on each merged port range"
  }
  assert {
    condition = keys(aws_route53_zone.access_zones) == [
      "mongodb.net/vpc-0d1b2c3d4e5f60718", "mongodb.net/vpc-0e1b2c3d4e5f60718",
      "privatelink.snowflakecomputing.com/vpc-0d1b2c3d4e5f60718", "privatelink.snowflakecomputing.com/vpc-0e1b2c3d4e5f60718",
    ]
    error_message = "a zone per vendor domain and endpoint-mode VPC, keyed <zone>/<vpc id>"
  }
  assert {
    condition = [for v in aws_route53_zone.access_zones["mongodb.net/vpc-0e1b2c3d4e5f60718"].vpc : v.vpc_id] == ["vpc-0e1b2c3d4e5f60718"] && (
      aws_route53_zone.access_zones["mongodb.net/vpc-0e1b2c3d4e5f60718"].name == "mongodb.net"
    )
    error_message = "each zone is created with its VPC only"
  }
  assert {
    condition     = length(aws_route53_record.access_records) == 6
    error_message = "every record in every endpoint-mode VPC"
  }
  assert {
    condition = (
      aws_route53_record.access_records["xy12345-app.us-east-1.privatelink.snowflakecomputing.com/vpc-0e1b2c3d4e5f60718"].name == "xy12345-app.us-east-1.privatelink.snowflakecomputing.com"
      && aws_route53_record.access_records["xy12345-app.us-east-1.privatelink.snowflakecomputing.com/vpc-0e1b2c3d4e5f60718"].type == "CNAME"
      && aws_route53_record.access_records["xy12345-app.us-east-1.privatelink.snowflakecomputing.com/vpc-0e1b2c3d4e5f60718"].ttl == 60
    )
    error_message = "records keyed <fqdn>/<vpc id>: a CNAME with the given ttl"
  }
  assert {
    condition     = keys(aws_route53_resolver_endpoint.access_resolvers) == ["vpc-0d1b2c3d4e5f60718"]
    error_message = "a resolver only where one is asked for"
  }
  assert {
    condition = (aws_route53_resolver_endpoint.access_resolvers["vpc-0d1b2c3d4e5f60718"].direction == "INBOUND"
    && aws_route53_resolver_endpoint.access_resolvers["vpc-0d1b2c3d4e5f60718"].name == "acme-endpoints-payments-inbound-vpc-0d1b2c3d4e5f60718")
    error_message = "an INBOUND resolver, named as the stacks name it"
  }
  assert {
    condition     = aws_security_group.access_resolver_security_groups["vpc-0d1b2c3d4e5f60718"].name == "acme-endpoints-payments-resolver-vpc-0d1b2c3d4e5f60718"
    error_message = "the resolver's group is named as the stacks name it"
  }
  assert {
    condition = keys(aws_vpc_security_group_ingress_rule.access_resolver_ingress) == [
      "vpc-0d1b2c3d4e5f60718/192.168.0.0/20/tcp", "vpc-0d1b2c3d4e5f60718/192.168.0.0/20/udp",
      "vpc-0d1b2c3d4e5f60718/2001:db8::/32/tcp", "vpc-0d1b2c3d4e5f60718/2001:db8::/32/udp",
    ]
    error_message = "DNS over TCP and UDP from each allowed network, nothing else"
  }
  assert {
    condition = alltrue([for r in aws_vpc_security_group_ingress_rule.access_resolver_ingress : r.from_port == 53 && r.to_port == 53 && contains(["192.168.0.0/20", "2001:db8::/32"], coalesce(r.cidr_ipv4, r.cidr_ipv6))]) && (
      aws_vpc_security_group_ingress_rule.access_resolver_ingress["vpc-0d1b2c3d4e5f60718/2001:db8::/32/udp"].cidr_ipv6 == "2001:db8::/32"
    )
    error_message = "the resolver's group admits port 53 only, from allowed_cidrs only"
  }
}

run "records_point_at_their_vpcs_endpoint" {
  # The endpoint's dns_entry is known after apply: overridden here during the plan (an apply could not be torn
  # down, as the module protects its endpoints and zones with prevent_destroy).
  command = plan
  variables {
    endpoint_access_vpcs = [{
      vpc_id   = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], security_group_ids = ["sg-0a1b2c3d4e5f60718"]
      resolver = { inbound_subnet_ids = ["subnet-0e1b2c3d4e5f60718", "subnet-0f1b2c3d4e5f60718"], allowed_cidrs = ["192.168.0.0/20"] }
    }]
    endpoints               = { snowflake = { resource_configuration_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0" } }
    endpoint_access_records = [{ endpoint = "snowflake", zone = "privatelink.snowflakecomputing.com", name = "xy12345.us-east-1" }]
  }
  override_resource {
    target          = aws_vpc_endpoint.access_endpoints
    values          = { dns_entry = [{ dns_name = "vpce-0123-snowflake.rcfg-0123.vpc-lattice-rsc.us-east-1.on.aws", hosted_zone_id = "Z7HUB3ZXYJ4XSM" }] }
    override_during = plan
  }
  assert {
    condition     = aws_route53_record.access_records["xy12345.us-east-1.privatelink.snowflakecomputing.com/vpc-0e1b2c3d4e5f60718"].records == toset(["vpce-0123-snowflake.rcfg-0123.vpc-lattice-rsc.us-east-1.on.aws"])
    error_message = "the CNAME targets its VPC's endpoint's dns_entry"
  }
  assert {
    condition     = keys(output.resolver_addresses) == ["vpc-0e1b2c3d4e5f60718"]
    error_message = "resolver_addresses: the addresses of each VPC's resolver"
  }
}

run "endpoint_access_only_spoke_needs_no_vpcs" {
  command = plan
  variables {
    vpcs                    = {}
    endpoint_access_vpcs    = [{ vpc_id = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] }]
    endpoints               = { snowflake = { resource_configuration_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0" } }
    endpoint_access_records = [{ endpoint = "snowflake", zone = "privatelink.snowflakecomputing.com", name = "xy12345.us-east-1" }]
  }
  assert {
    condition     = length(aws_vpclattice_service_network_vpc_association.spoke_vpc_associations) == 0 && length(aws_route53_zone_association.zone_associations) == 0 && length(aws_vpc_endpoint.access_endpoints) == 1
    error_message = "no association, no shared zone, one Resource endpoint"
  }
}

run "no_vpc_at_all_is_rejected" {
  command = plan
  variables {
    vpcs = {}
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "endpoint_access_bad_subnet_id_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [{ vpc_id = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-xyz"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] }]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "endpoint_access_without_subnets_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [{ vpc_id = "vpc-0e1b2c3d4e5f60718", subnet_ids = [], security_group_ids = ["sg-0a1b2c3d4e5f60718"] }]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "endpoint_access_vpc_also_in_vpcs_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [{ vpc_id = "vpc-0d1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] }]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "endpoint_access_vpc_twice_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [
      { vpc_id = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] },
      { vpc_id = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0f1b2c3d4e5f60718"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] },
    ]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "a_subnet_in_two_vpcs_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [
      { vpc_id = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] },
      { vpc_id = "vpc-0f1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] },
    ]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "resolver_with_one_subnet_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [{
      vpc_id   = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], client_cidrs = ["10.30.0.0/16"]
      resolver = { inbound_subnet_ids = ["subnet-0e1b2c3d4e5f60718"], allowed_cidrs = ["192.168.0.0/20"] }
    }]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "resolver_open_to_every_ipv4_address_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [{
      vpc_id   = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718", "subnet-0f1b2c3d4e5f60718"], client_cidrs = ["10.30.0.0/16"]
      resolver = { inbound_subnet_ids = ["subnet-0e1b2c3d4e5f60718", "subnet-0f1b2c3d4e5f60718"], allowed_cidrs = ["0.0.0.0/0"] }
    }]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "resolver_open_to_every_ipv6_address_is_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [{
      vpc_id   = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718", "subnet-0f1b2c3d4e5f60718"], client_cidrs = ["10.30.0.0/16"]
      resolver = { inbound_subnet_ids = ["subnet-0e1b2c3d4e5f60718", "subnet-0f1b2c3d4e5f60718"], allowed_cidrs = ["::/0"] }
    }]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "endpoint_access_cidrs_and_groups_together_are_rejected" {
  command = plan
  variables {
    endpoint_access_vpcs = [{ vpc_id = "vpc-0e1b2c3d4e5f60718", subnet_ids = ["subnet-0e1b2c3d4e5f60718"], client_cidrs = ["10.30.0.0/16"], security_group_ids = ["sg-0a1b2c3d4e5f60718"] }]
  }
  expect_failures = [var.endpoint_access_vpcs]
}

run "record_of_an_unknown_endpoint_is_rejected" {
  command = plan
  variables {
    endpoints               = { snowflake = { resource_configuration_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0" } }
    endpoint_access_records = [{ endpoint = "mongodb-atlas", zone = "mongodb.net", name = "pl-0-us-east-1.ab1" }]
  }
  expect_failures = [var.endpoint_access_records]
}
