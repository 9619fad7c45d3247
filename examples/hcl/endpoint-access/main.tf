# The architecture of examples/endpoint-access.yaml, written by an HCL team with the generated modules:
# VPCs that cannot join the hub's service network (access: endpoint, docs/endpoint-access.md) reach
# each vendor through a VPC endpoint of type Resource and resolve the vendors' hostnames through
# private hosted zones of their own account; payments also has a VPC that joins the service network,
# and a Route 53 Resolver inbound endpoint for on-premises forwarders. Order: the hub (its RAM share
# also carries every resource configuration), then dns (zones, records, the authorizations of the one
# association-mode VPC), then the spokes. The Resource endpoints wait for the share through
# module.hub.endpoints: the hub module's output depends on the share, its principals and the shared
# resource configurations, as the workspaces' apply order (hub before every spoke) guarantees.

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
  region       = "us-east-1"
  name         = "globex-endpoints"
  default_tags = { owner = "platform", ManagedBy = "lattice-endpoints/globex-endpoints" }

  endpoints = {
    snowflake = {
      service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
      ports        = ["443"]
      zone         = "privatelink.snowflakecomputing.com"
      records      = ["gx12345.us-east-1", "gx12345-app.us-east-1"]
    }
    mongodb-atlas = {
      service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0223456789abcdef0"
      ports        = ["1024-1074"]
      zone         = "mongodb.net"
      records      = ["pl-0-us-east-1.gxab1"]
    }
  }
  # Every vendor hostname, naming its endpoint: the dns module takes them with the hub's Lattice DNS
  # names as targets, the spoke modules' endpoint-mode VPCs with their own endpoints.
  records = flatten([
    for name, e in local.endpoints : [for record in e.records : { endpoint = name, zone = e.zone, name = record }]
  ])
  ports = flatten([for e in local.endpoints : e.ports])

  # The VPCs that join the service network (access: association), by spoke: only these are authorized
  # to associate with the dns module's zones. Endpoint-mode VPCs never appear in dns.
  association_vpcs = {
    payments = { "vpc-0c1b2c3d4e5f60718" = { client_cidrs = ["10.20.0.0/16"] } }
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
  allowed_account_ids = ["222222222222"]
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/lattice-deploy"
  }
  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias               = "platform"
  region              = local.region
  allowed_account_ids = ["444444444444"]
  assume_role {
    role_arn = "arn:aws:iam::444444444444:role/lattice-deploy"
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

  name       = local.name
  vpc_id     = "vpc-0a1b2c3d4e5f60718"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1b2c3d4e5f60718"]
  endpoints = {
    for name, e in local.endpoints : name => { service_name = e.service_name, ports = e.ports }
  }
  # platform is outside the organization: it accepts the share.
  share_with_accounts       = ["222222222222", "444444444444"]
  allow_external_principals = true
  # Endpoint-mode VPCs need the resource configurations themselves shared, not only the service network.
  share_resource_configurations = true
}

module "dns" {
  source = "../../../dist/modules/dns"
  providers = {
    aws = aws.dns
  }

  zones   = distinct([for e in local.endpoints : e.zone])
  vpc_id  = "vpc-0f1b2c3d4e5f60718"
  records = [for r in local.records : { zone = r.zone, name = r.name, target = module.hub.endpoints[r.endpoint].lattice_dns_name }]
  # Only the VPCs that join the service network associate with these zones.
  authorized_vpcs = flatten([
    for spoke, vpcs in local.association_vpcs : [
      for pair in setproduct(distinct([for e in local.endpoints : e.zone]), keys(vpcs)) : { zone = pair[0], vpc_id = pair[1] }
    ]
  ])
}

module "spoke_payments" {
  source = "../../../dist/modules/spoke"
  providers = {
    aws = aws.payments
  }

  name                = local.name
  spoke_name          = "payments"
  service_network_arn = module.hub.service_network_arn
  ports               = local.ports
  vpcs                = local.association_vpcs.payments
  # The association-mode VPC resolves the dns module's zones, associated with the spoke's own credentials.
  zone_ids                    = module.dns.zone_ids
  zone_association_exclusions = module.dns.creation_vpc_associations
  # Already in a service network of its own: a Resource endpoint per vendor, zones of this account, and
  # the on-premises forwarders' inbound endpoint.
  endpoint_access_vpcs = [{
    vpc_id       = "vpc-0d1b2c3d4e5f60718"
    subnet_ids   = ["subnet-0c1b2c3d4e5f60718", "subnet-0d1b2c3d4e5f60718"]
    client_cidrs = ["10.30.0.0/16"]
    resolver = {
      inbound_subnet_ids = ["subnet-0c1b2c3d4e5f60718", "subnet-0d1b2c3d4e5f60718"]
      allowed_cidrs      = ["192.168.0.0/20", "172.16.8.0/24"]
    }
  }]
  endpoints               = module.hub.endpoints
  endpoint_access_records = local.records
}

module "spoke_platform" {
  source = "../../../dist/modules/spoke"
  providers = {
    aws = aws.platform
  }

  name                = local.name
  spoke_name          = "platform"
  service_network_arn = module.hub.service_network_arn
  ports               = local.ports
  # Outside the organization: the account accepts the hub's share; the endpoints wait for it.
  accept_resource_share = true
  resource_share_arn    = module.hub.resource_share_arn
  # Only endpoint access: no service-network association, nothing in dns.
  endpoint_access_vpcs = [{
    vpc_id             = "vpc-0e1b2c3d4e5f60718"
    subnet_ids         = ["subnet-0e1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }]
  endpoints               = module.hub.endpoints
  endpoint_access_records = local.records
}

output "endpoints" {
  description = "Per endpoint: the hub's endpoint and Lattice DNS names"
  value       = module.hub.endpoints
}

output "resolver_addresses" {
  description = "VPC id → the inbound endpoint's IP addresses: forward the vendor domains to them from on-premises"
  value       = module.spoke_payments.resolver_addresses
}
