# terraform test for dist/modules/hub: valid input plans; each broken rule fails its variable's validation.
mock_provider "aws" {}

variables {
  name       = "acme-endpoints"
  vpc_id     = "vpc-0a1b2c3d4e5f60718"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  endpoints = {
    snowflake = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443"] }
    mongodb   = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1", ports = ["27015-27017", "27018"] }
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
    condition     = aws_vpclattice_resource_configuration.shared_resource_configurations["mongodb"].port_ranges == toset(["27015-27017", "27018"])
    error_message = "the port entries reach the resource configuration as written"
  }
  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.shared_ingress) == ["mongodb/27015", "snowflake/443"]
    error_message = "adjacent port entries merge into one rule, keyed by the merged range's first port"
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.shared_gateway_egress["mongodb/27015"].from_port == 27015 && aws_vpc_security_group_egress_rule.shared_gateway_egress["mongodb/27015"].to_port == 27018
    error_message = "the merged rule spans the merged range"
  }
  assert {
    condition     = aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"].name == "acme-endpoints-snowflake"
    error_message = "a name that fits AWS's rules stays as the topology writes it"
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

run "names_are_hashed_exactly_as_the_stacks_hash_them" {
  command = plan
  # Expected values: config/aws-names.ts awsName of the same parts.
  variables {
    name = "sn-prod"
  }
  assert {
    condition     = aws_vpclattice_service_network.lattice_service_network.name == "snprod-d2b15f"
    error_message = "a reserved prefix (sn-) loses its hyphen and the name gets the hash of the plain name"
  }
  assert {
    condition     = aws_vpclattice_resource_gateway.lattice_resource_gateway.name == "sn-prod-gateway"
    error_message = "the prefix is reserved only for the service network"
  }
}

run "names_beyond_40_characters_are_shortened_and_hashed" {
  command = plan
  variables {
    name      = "abcdefghijklmnopqrstuvwx"
    endpoints = { a-very-long-endpoint = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443"] } }
  }
  assert {
    condition     = aws_vpclattice_resource_configuration.shared_resource_configurations["a-very-long-endpoint"].name == "abcdefghijklmnopqrstuvwx-a-very-l-f79823"
    error_message = "a resource configuration name is cut to 40 characters with a hash"
  }
}

run "names_the_topology_accepts_are_accepted" {
  command = plan
  variables {
    name      = "9-lives--x"
    endpoints = { "-odd-" = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443"] } }
  }
}

run "upper_case_name_is_rejected" {
  command = plan
  variables {
    name = "Acme"
  }
  expect_failures = [var.name]
}

run "name_over_24_characters_is_rejected" {
  command = plan
  variables {
    name = "abcdefghijklmnopqrstuvwxy"
  }
  expect_failures = [var.name]
}

run "endpoint_name_with_underscore_is_rejected" {
  command = plan
  variables {
    endpoints = { snow_flake = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443"] } }
  }
  expect_failures = [var.endpoints]
}

run "overlapping_ports_of_an_endpoint_are_rejected" {
  command = plan
  variables {
    endpoints = { snowflake = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["443", "400-500"] } }
  }
  expect_failures = [var.endpoints]
}

run "malformed_port_is_rejected" {
  command = plan
  variables {
    endpoints = { snowflake = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports = ["https"] } }
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

run "kms_key_arn_is_checked" {
  command = plan
  variables {
    log_kms_key_arn = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

run "kms_key_that_is_not_an_arn_is_rejected" {
  command = plan
  variables {
    log_kms_key_arn = "1234abcd-12ab-34cd-56ef-1234567890ab"
  }
  expect_failures = [var.log_kms_key_arn]
}

run "resource_configurations_are_not_shared_by_default" {
  command = plan
  assert {
    condition     = length(aws_ram_resource_association.lattice_resource_share_configurations) == 0
    error_message = "without endpoint access the share carries the service network only"
  }
}

run "endpoint_access_shares_every_resource_configuration" {
  command = plan
  variables {
    share_resource_configurations = true
  }
  assert {
    condition     = keys(aws_ram_resource_association.lattice_resource_share_configurations) == ["mongodb", "snowflake"]
    error_message = "the share carries each endpoint's resource configuration, keyed by endpoint name as the stacks key it"
  }
}
