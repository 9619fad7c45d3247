/**
 * The resources whose loss cuts clients off: one list for the plan gate (which blocks deletes and
 * replacements of every type here) and for LAT014 (which wants lifecycle.prevent_destroy on the
 * ones marked `preventDestroy` when `protect` is on).
 *
 * prevent_destroy stays on the few resources that no routine topology change removes: retiring a
 * spoke deletes associations, accepters and authorizations, and must remain a plain apply (with
 * --allow-replace at the gate) rather than a change to the code. Removing an endpoint is refused
 * while `protect` is on (npm run changes: the prevent-destroy hazard).
 */

export interface CriticalType {
  readonly type: string;
  /** `protect` puts lifecycle.prevent_destroy on it (and LAT014 checks that it does). */
  readonly preventDestroy: boolean;
  /** What its loss does to clients. */
  readonly reason: string;
}

export const CRITICAL_TYPES: readonly CriticalType[] = [
  { type: "aws_vpclattice_service_network", preventDestroy: true, reason: "every spoke reaches every endpoint through it" },
  { type: "aws_vpclattice_service_network_resource_association", preventDestroy: false, reason: "its DNS name is what every record of the endpoint points at" },
  { type: "aws_vpclattice_service_network_vpc_association", preventDestroy: false, reason: "a spoke VPC's only way into the service network" },
  { type: "aws_ram_resource_share", preventDestroy: true, reason: "shares the service network with every spoke account" },
  { type: "aws_ram_resource_association", preventDestroy: false, reason: "puts the service network into the share" },
  { type: "aws_ram_principal_association", preventDestroy: false, reason: "gives a spoke account the share" },
  { type: "aws_ram_resource_share_accepter", preventDestroy: false, reason: "an account outside the organization holds the share only while it accepts it" },
  { type: "aws_vpclattice_resource_configuration", preventDestroy: true, reason: "the endpoint as VPC Lattice serves it; a new one brings new DNS names" },
  { type: "aws_vpclattice_resource_gateway", preventDestroy: false, reason: "every resource configuration's path into the hub VPC" },
  { type: "aws_vpc_endpoint", preventDestroy: true, reason: "the connection to the vendor; a new one needs the vendor's acceptance again" },
  { type: "aws_route53_zone", preventDestroy: true, reason: "answers the vendor's names in every spoke VPC" },
  { type: "aws_route53_zone_association", preventDestroy: false, reason: "makes a zone answer in one spoke VPC" },
  { type: "aws_route53profiles_profile", preventDestroy: true, reason: "carries the zones to every VPC associated with it" },
  { type: "aws_route53profiles_association", preventDestroy: false, reason: "makes the profile's zones answer in one VPC" },
  { type: "aws_route53profiles_resource_association", preventDestroy: false, reason: "puts a zone into the profile" },
  { type: "aws_route53_record", preventDestroy: false, reason: "the name clients use for the vendor" },
];

const CRITICAL = new Set(CRITICAL_TYPES.map((c) => c.type));

/** Types whose delete or replacement the plan gate blocks. */
export function isCriticalType(type: string): boolean {
  return CRITICAL.has(type);
}

/** Types that carry lifecycle.prevent_destroy when `protect` is on. */
export const PREVENT_DESTROY_TYPES: readonly string[] = CRITICAL_TYPES.filter((c) => c.preventDestroy).map((c) => c.type);
