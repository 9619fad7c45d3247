# terraform test for dist/modules/dns.
mock_provider "aws" {}

variables {
  zones  = ["privatelink.snowflakecomputing.com"]
  vpc_id = "vpc-0e1b2c3d4e5f60718"
  records = [
    { zone = "privatelink.snowflakecomputing.com", name = "xy12345.us-east-1", target = "snra-0.rcfg-0.4232ccc.vpc-lattice-rsc.us-east-1.on.aws" },
    { zone = "datadoghq.eu", name = "*.trace", target = "snra-1.rcfg-1.4232ccc.vpc-lattice-rsc.us-east-1.on.aws" },
  ]
  adopted_zones   = { "datadoghq.eu" = "Z04123456789ABCDEFGHI" }
  authorized_vpcs = [{ zone = "privatelink.snowflakecomputing.com", vpc_id = "vpc-0c1b2c3d4e5f60718" }]
}

run "valid_input_plans" {
  command = plan

  assert {
    condition     = length(aws_route53_zone.dns_zones) == 1
    error_message = "only the zone that is not adopted is created"
  }
  assert {
    condition     = aws_route53_record.dns_records["*.trace.datadoghq.eu"].zone_id == "Z04123456789ABCDEFGHI"
    error_message = "records in an adopted zone use its id"
  }
  assert {
    condition     = aws_route53_record.dns_records["xy12345.us-east-1.privatelink.snowflakecomputing.com"].records == toset(["snra-0.rcfg-0.4232ccc.vpc-lattice-rsc.us-east-1.on.aws"])
    error_message = "a record points at its target"
  }
  assert {
    condition     = length(aws_route53_vpc_association_authorization.dns_authorizations) == 1
    error_message = "one authorization per (zone, VPC)"
  }
  assert {
    condition     = output.zone_ids["datadoghq.eu"] == "Z04123456789ABCDEFGHI" && length(output.zone_ids) == 2
    error_message = "zone_ids has created and adopted zones alike"
  }
  assert {
    condition     = output.creation_vpc_associations == ["privatelink.snowflakecomputing.com/vpc-0e1b2c3d4e5f60718"]
    error_message = "a created zone is associated with its creation VPC, which the spokes must not associate again"
  }
}

run "duplicate_record_is_rejected" {
  command = plan
  variables {
    records = [
      { zone = "privatelink.snowflakecomputing.com", name = "xy12345", target = "a.on.aws" },
      { zone = "privatelink.snowflakecomputing.com", name = "xy12345", target = "b.on.aws" },
    ]
  }
  expect_failures = [var.records]
}

run "record_at_the_apex_is_rejected" {
  command = plan
  variables {
    records = [{ zone = "privatelink.snowflakecomputing.com", name = "@", target = "a.on.aws" }]
  }
  expect_failures = [var.records]
}

run "record_in_an_unknown_zone_is_rejected" {
  command = plan
  variables {
    records = [{ zone = "example.com", name = "api", target = "a.on.aws" }]
  }
  expect_failures = [var.records]
}

run "creating_a_zone_needs_a_vpc" {
  command = plan
  variables {
    vpc_id = null
  }
  expect_failures = [var.vpc_id]
}

run "adopted_zone_id_must_be_a_hosted_zone_id" {
  command = plan
  variables {
    adopted_zones = { "datadoghq.eu" = "datadog" }
  }
  expect_failures = [var.adopted_zones]
}

# The provider reads each authorization by listing every page of its zone's (50 a page): past one page
# every refresh is quadratic, so the module takes at most 50 per zone (the route53-profile module past it).
run "one_page_of_authorizations_per_zone_plans" {
  command = plan
  variables {
    authorized_vpcs = [for i in range(50) : { zone = "privatelink.snowflakecomputing.com", vpc_id = format("vpc-%017x", i) }]
  }
  assert {
    condition     = length(aws_route53_vpc_association_authorization.dns_authorizations) == 50
    error_message = "50 authorizations in one zone are one page"
  }
}

run "more_than_a_page_of_authorizations_in_a_zone_is_rejected" {
  command = plan
  variables {
    authorized_vpcs = [for i in range(51) : { zone = "privatelink.snowflakecomputing.com", vpc_id = format("vpc-%017x", i) }]
  }
  expect_failures = [var.authorized_vpcs]
}
