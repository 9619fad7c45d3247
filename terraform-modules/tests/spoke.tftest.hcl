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
