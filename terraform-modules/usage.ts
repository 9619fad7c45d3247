/** Usage examples in the modules' READMEs (examples/hcl/ is the whole, validated version). */
const SOURCE = "git::https://example.com/platform/lattice-endpoints.git//dist/modules";

export const USAGE = {
  hub: `
module "hub" {
  source = "${SOURCE}/hub?ref=v0.1.0"

  name       = "acme-endpoints"
  vpc_id     = "vpc-0a1b2c3d4e5f60718"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  endpoints = {
    snowflake = {
      service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
      ports        = ["443"]
    }
  }
  share_with_accounts = ["222222222222", "444444444444"]

  providers = { aws = aws.hub }
}
`,
  spoke: `
module "spoke_payments" {
  source = "${SOURCE}/spoke?ref=v0.1.0"

  name                = "acme-endpoints"
  spoke_name          = "payments"
  service_network_arn = module.hub.service_network_arn
  ports               = ["443"]
  vpcs = {
    "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16"] }
  }
  # After the dns module: zone_ids is known once it has authorized this account's VPCs.
  zone_ids                    = module.dns.zone_ids
  zone_association_exclusions = module.dns.creation_vpc_associations

  providers = { aws = aws.payments }
}
`,
  dns: `
module "dns" {
  source = "${SOURCE}/dns?ref=v0.1.0"

  zones  = ["privatelink.snowflakecomputing.com"]
  vpc_id = "vpc-0e1b2c3d4e5f60718"
  records = [
    for name in ["xy12345.us-east-1", "xy12345-app.us-east-1"] : {
      zone   = "privatelink.snowflakecomputing.com"
      name   = name
      target = module.hub.endpoints["snowflake"].lattice_dns_name
    }
  ]
  authorized_vpcs = [
    for vpc in ["vpc-0c1b2c3d4e5f60718", "vpc-0d1b2c3d4e5f60718"] : { zone = "privatelink.snowflakecomputing.com", vpc_id = vpc }
  ]

  providers = { aws = aws.dns }
}
`,
  "route53-profile": `
# Profile mode: the dns module without authorized_vpcs, this module next to it, and
# dns_mode = "profile" with route53_profile_id = module.route53_profile.route53_profile_id in the spokes.
module "route53_profile" {
  source = "${SOURCE}/route53-profile?ref=v0.1.0"

  name                = "acme-endpoints"
  zone_ids            = module.dns.zone_ids
  share_with_accounts = ["222222222222", "444444444444"]

  providers = { aws = aws.dns }
}
`,
} as const;
