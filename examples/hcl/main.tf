# The architecture of examples/basic.yaml, written by an HCL team with the generated modules:
# one provider configuration per account, values passed between modules as outputs. Order: the hub,
# then dns (zones, records, authorizations), then the spokes, which wait for dns through zone_ids.

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
  region        = "us-east-1"
  name          = "acme-endpoints"
  snowflake_dns = "privatelink.snowflakecomputing.com"
  default_tags  = { owner = "platform", "cost-center" = "1234", ManagedBy = "lattice-endpoints/acme-endpoints" }

  endpoints = {
    snowflake = {
      service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
      ports        = ["443"]
    }
  }

  spokes = {
    payments = {
      account_id = "222222222222"
      vpcs       = { "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16"] } }
    }
    analytics = {
      account_id = "444444444444"
      vpcs       = { "vpc-0d1b2c3d4e5f60718" = { security_group_ids = ["sg-0a1b2c3d4e5f60718"] } }
    }
  }
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
  allowed_account_ids = ["333333333333"]
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
  allowed_account_ids = [local.spokes.payments.account_id]
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/lattice-deploy"
  }
  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias               = "analytics"
  region              = local.region
  allowed_account_ids = [local.spokes.analytics.account_id]
  assume_role {
    role_arn = "arn:aws:iam::444444444444:role/lattice-deploy"
  }
  default_tags {
    tags = local.default_tags
  }
}

module "hub" {
  source = "../../dist/modules/hub"
  providers = {
    aws = aws.hub
  }

  name                = local.name
  vpc_id              = "vpc-0a1b2c3d4e5f60718"
  subnet_ids          = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  endpoints           = local.endpoints
  share_with_accounts = [for spoke in local.spokes : spoke.account_id]
}

module "dns" {
  source = "../../dist/modules/dns"
  providers = {
    aws = aws.dns
  }

  zones  = [local.snowflake_dns]
  vpc_id = "vpc-0e1b2c3d4e5f60718"
  records = [
    for name in ["xy12345.us-east-1", "xy12345-app.us-east-1"] : {
      zone   = local.snowflake_dns
      name   = name
      target = module.hub.endpoints["snowflake"].lattice_dns_name
    }
  ]
  # Every spoke VPC may associate with the zone: the spoke modules do, with their own credentials.
  authorized_vpcs = flatten([
    for spoke in local.spokes : [for vpc_id in keys(spoke.vpcs) : { zone = local.snowflake_dns, vpc_id = vpc_id }]
  ])
}

module "spoke_payments" {
  source = "../../dist/modules/spoke"
  providers = {
    aws = aws.payments
  }

  name                = local.name
  spoke_name          = "payments"
  service_network_arn = module.hub.service_network_arn
  ports               = flatten([for e in local.endpoints : e.ports])
  vpcs                = local.spokes.payments.vpcs
  # The spoke's VPCs resolve every zone, associated with the spoke's own credentials.
  zone_ids                    = module.dns.zone_ids
  zone_association_exclusions = module.dns.creation_vpc_associations
}

module "spoke_analytics" {
  source = "../../dist/modules/spoke"
  providers = {
    aws = aws.analytics
  }

  name                = local.name
  spoke_name          = "analytics"
  service_network_arn = module.hub.service_network_arn
  ports               = flatten([for e in local.endpoints : e.ports])
  vpcs                = local.spokes.analytics.vpcs
  # The spoke's VPCs resolve every zone, associated with the spoke's own credentials.
  zone_ids                    = module.dns.zone_ids
  zone_association_exclusions = module.dns.creation_vpc_associations
}

output "endpoints" {
  description = "Per endpoint: the hub's endpoint and Lattice DNS names"
  value       = module.hub.endpoints
}
