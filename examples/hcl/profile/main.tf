# The architecture of examples/profile.yaml (dns.mode: profile), written by an HCL team with the
# generated modules: the Route 53 account carries every zone in one Route 53 Profile shared with the
# spoke accounts, and each spoke VPC takes one profile association. Order: the hub, then dns and
# route53_profile, then the spokes, which wait for the profile through route53_profile_id.

terraform {
  required_version = ">= 1.9.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 7.0.0"
    }
  }
}

locals {
  region       = "us-east-2"
  name         = "umbrella-vendors"
  default_tags = { owner = "cloud-network", ManagedBy = "lattice-endpoints/umbrella-vendors" }

  endpoints = {
    snowflake = {
      service_name = "com.amazonaws.vpce.us-east-2.vpce-svc-0123456789abcdef0"
      ports        = ["443"]
      zone         = "privatelink.snowflakecomputing.com"
      records      = ["um12345.us-east-2", "um12345-app.us-east-2"]
    }
    mongodb-atlas = {
      service_name = "com.amazonaws.vpce.us-east-2.vpce-svc-0223456789abcdef0"
      ports        = ["1024-1074"]
      zone         = "mongodb.net"
      records      = ["pl-0-us-east-2.xyzab"]
    }
  }
  # mongodb.net exists already in the Route 53 account: adopted, not created.
  adopted_zones = { "mongodb.net" = "Z0423456789ABCDEFGHIJ" }
  dns_account   = "333333333333"
  # vendor-sandbox is outside the organization; dns-tools is the Route 53 account itself.
  spoke_accounts = ["222222222222", "555555555555", local.dns_account]
}

provider "aws" {
  alias               = "hub"
  region              = local.region
  allowed_account_ids = ["111111111111"]
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/lattice-deploy"
  }
  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias               = "dns"
  region              = local.region
  allowed_account_ids = [local.dns_account]
  assume_role {
    role_arn = "arn:aws:iam::333333333333:role/lattice-deploy"
  }
  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias               = "payments"
  region              = local.region
  allowed_account_ids = ["222222222222"]
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/lattice-deploy"
  }
  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias               = "vendor_sandbox"
  region              = local.region
  allowed_account_ids = ["555555555555"]
  assume_role {
    role_arn = "arn:aws:iam::555555555555:role/lattice-deploy"
  }
  default_tags {
    tags = local.default_tags
  }
}

module "hub" {
  source = "../../../dist/modules/hub"
  providers = {
    aws = aws.hub
  }

  name            = local.name
  vpc_id          = "vpc-0a1b2c3d4e5f60718"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718", "subnet-0c1b2c3d4e5f60718"]
  ip_address_type = "DUALSTACK"
  endpoints = {
    for name, e in local.endpoints : name => { service_name = e.service_name, ports = e.ports }
  }
  share_with_accounts       = local.spoke_accounts
  allow_external_principals = true
}

module "dns" {
  source = "../../../dist/modules/dns"
  providers = {
    aws = aws.dns
  }

  zones         = [for e in local.endpoints : e.zone if !contains(keys(local.adopted_zones), e.zone)]
  vpc_id        = "vpc-0e1b2c3d4e5f60718"
  adopted_zones = local.adopted_zones
  records = flatten([
    for name, e in local.endpoints : [
      for record in e.records : { zone = e.zone, name = record, target = module.hub.endpoints[name].lattice_dns_name }
    ]
  ])
  # No authorizations in profile mode: the profile carries the zones to the spokes.
}

module "route53_profile" {
  source = "../../../dist/modules/route53-profile"
  providers = {
    aws = aws.dns
  }

  name                      = local.name
  zone_ids                  = module.dns.zone_ids
  share_with_accounts       = [for a in local.spoke_accounts : a if a != local.dns_account]
  allow_external_principals = true
}

module "spoke_payments" {
  source = "../../../dist/modules/spoke"
  providers = {
    aws = aws.payments
  }

  name                = local.name
  spoke_name          = "payments"
  service_network_arn = module.hub.service_network_arn
  ports               = flatten([for e in local.endpoints : e.ports])
  vpcs = {
    "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16", "2600:1f14:abc::/56"] }
    "vpc-0d1b2c3d4e5f60718" = { security_group_ids = ["sg-0a1b2c3d4e5f60718"] }
  }
  dns_mode           = "profile"
  route53_profile_id = module.route53_profile.route53_profile_id
}

module "spoke_vendor_sandbox" {
  source = "../../../dist/modules/spoke"
  providers = {
    aws = aws.vendor_sandbox
  }

  name                = local.name
  spoke_name          = "vendor-sandbox"
  service_network_arn = module.hub.service_network_arn
  ports               = flatten([for e in local.endpoints : e.ports])
  vpcs = {
    "vpc-0f1b2c3d4e5f60718" = { client_cidrs = ["172.31.0.0/16"] }
  }
  # Outside the organization: the account accepts both shares.
  accept_resource_share        = true
  resource_share_arn           = module.hub.resource_share_arn
  dns_mode                     = "profile"
  route53_profile_id           = module.route53_profile.route53_profile_id
  accept_route53_profile_share = true
  route53_profile_share_arn    = module.route53_profile.route53_profile_share_arn
}

module "spoke_dns_tools" {
  source = "../../../dist/modules/spoke"
  providers = {
    aws = aws.dns
  }

  name                = local.name
  spoke_name          = "dns-tools"
  service_network_arn = module.hub.service_network_arn
  ports               = flatten([for e in local.endpoints : e.ports])
  vpcs = {
    "vpc-101b2c3d4e5f60718" = { security_group_ids = ["sg-0b1b2c3d4e5f60718"] }
  }
  dns_mode           = "profile"
  route53_profile_id = module.route53_profile.route53_profile_id
}

output "endpoints" {
  description = "Per endpoint: the hub's endpoint and Lattice DNS names"
  value       = module.hub.endpoints
}
