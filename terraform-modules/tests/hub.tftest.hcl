# terraform test for dist/modules/hub: valid input plans; each broken rule fails its variable's validation.
mock_provider "aws" {}

variables {
  name       = "acme-endpoints"
  vpc_id     = "vpc-0a1b2c3d4e5f60718"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  endpoints = {
    snowflake = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443"] }
    mongodb   = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1", ports = ["27015-27017"] }
  }
  share_with_accounts = ["222222222222", "444444444444"]
}

run "valid_input_plans" {
  command = plan

  assert {
    condition     = length(aws_vpc_endpoint.shared_vpc_endpoints) == 2
    error_message = "one interface endpoint per endpoint"
  }
  assert {
    condition     = aws_vpclattice_resource_configuration.shared_resource_configurations["mongodb"].port_ranges == toset(["27015-27017"])
    error_message = "port ranges reach the resource configuration"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.shared_ingress["mongodb/27015-27017"].to_port == 27017
    error_message = "a port range becomes one rule"
  }
  assert {
    condition     = length(aws_ram_principal_association.lattice_resource_share_principals) == 2
    error_message = "one principal per account"
  }
  assert {
    condition     = aws_ram_resource_share.lattice_resource_share.allow_external_principals == false
    error_message = "no external principals by default"
  }
}

run "port_zero_is_rejected" {
  command = plan
  variables {
    endpoints = { snowflake = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["0"] } }
  }
  expect_failures = [var.endpoints]
}

run "reversed_range_is_rejected" {
  command = plan
  variables {
    endpoints = { snowflake = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443-80"] } }
  }
  expect_failures = [var.endpoints]
}

run "eleven_digit_account_is_rejected" {
  command = plan
  variables {
    share_with_accounts = ["22222222222"]
  }
  expect_failures = [var.share_with_accounts]
}

run "reserved_name_prefix_is_rejected" {
  command = plan
  variables {
    name = "sn-prod"
  }
  expect_failures = [var.name]
}

run "names_beyond_40_characters_are_rejected" {
  command = plan
  variables {
    name      = "abcdefghijklmnopqrstuvwx"
    endpoints = { a-very-long-endpoint = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443"] } }
  }
  expect_failures = [var.endpoints]
}

run "retention_under_a_year_is_rejected" {
  command = plan
  variables {
    log_retention_days = 30
  }
  expect_failures = [var.log_retention_days]
}
