# terraform test for dist/modules/spoke.
mock_provider "aws" {}

variables {
  name                = "acme-endpoints-payments"
  service_network_arn = "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0"
  ports               = ["443", "8000-8100"]
  vpcs = {
    "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16", "2001:db8::/32"] }
    "vpc-0d1b2c3d4e5f60718" = { security_group_ids = ["sg-0a1b2c3d4e5f60718"] }
  }
}

run "valid_input_plans" {
  command = plan

  assert {
    condition     = length(aws_vpclattice_service_network_vpc_association.spoke_vpc_associations) == 2
    error_message = "one association per VPC"
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.spoke_client_ingress) == 4
    error_message = "each client network on each port range"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.spoke_client_ingress["vpc-0c1b2c3d4e5f60718/2001:db8::/32/8000-8100"].cidr_ipv6 == "2001:db8::/32"
    error_message = "IPv6 networks get IPv6 rules"
  }
  assert {
    condition     = aws_vpclattice_service_network_vpc_association.spoke_vpc_associations["vpc-0d1b2c3d4e5f60718"].security_group_ids == tolist(["sg-0a1b2c3d4e5f60718"])
    error_message = "given security groups are used as they are"
  }
  assert {
    condition     = length(aws_ram_resource_share_accepter.spoke_resource_share_accepter) == 0
    error_message = "no accepter inside the organization"
  }
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
