# terraform test for dist/modules/route53-profile.
mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

variables {
  name = "acme-endpoints"
  zone_ids = {
    "privatelink.snowflakecomputing.com" = "Z0123456789ABCDEFGHIJ"
    "mongodb.net"                        = "Z0423456789ABCDEFGHIJ"
  }
  share_with_accounts = ["222222222222", "555555555555"]
}

run "valid_input_plans" {
  command = plan

  assert {
    condition     = length(aws_route53profiles_resource_association.route53_profile_zones) == 2
    error_message = "every zone attached to the profile"
  }
  assert {
    condition     = aws_route53profiles_resource_association.route53_profile_zones["mongodb.net"].resource_arn == "arn:aws:route53:::hostedzone/Z0423456789ABCDEFGHIJ"
    error_message = "a zone is attached by its ARN"
  }
  assert {
    # Expected values: config/aws-names.ts awsName of the same parts (a zone name's dots make it hashed).
    condition     = aws_route53profiles_profile.route53_profile.name == "acme-endpoints-endpoints" && aws_route53profiles_resource_association.route53_profile_zones["mongodb.net"].name == "acme-endpoints-mongodb-net-f21308"
    error_message = "the profile and its zone associations are named as the stacks name them"
  }
  assert {
    condition     = length(aws_ram_principal_association.route53_profile_share_principals) == 2 && aws_ram_resource_share.route53_profile_share.allow_external_principals == false
    error_message = "shared with each account, inside the organization by default"
  }
}

run "no_zone_is_rejected" {
  command = plan
  variables {
    zone_ids = {}
  }
  expect_failures = [var.zone_ids]
}

run "eleven_digit_account_is_rejected" {
  command = plan
  variables {
    share_with_accounts = ["22222222222"]
  }
  expect_failures = [var.share_with_accounts]
}
