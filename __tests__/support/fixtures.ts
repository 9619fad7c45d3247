/**
 * What the other workspaces would have published after their apply, as fixture state files: the
 * hub's outputs (read by dns and the spokes) and the dns workspace's (read by the spokes). Values are
 * distinct and realistic per endpoint and zone, so a reference to the wrong one shows in a plan.
 */
import { writeFileSync } from "node:fs";
import type { Estate } from "../../config/estate";
import type { Topology } from "../../config/topology";

export interface HubOutputs {
  readonly service_network_arn: string;
  readonly service_network_id: string;
  readonly resource_share_arn: string;
  readonly endpoints: Record<string, Record<
    "vpc_endpoint_id" | "vpc_endpoint_dns_name" | "resource_configuration_arn" | "lattice_dns_name" | "lattice_hosted_zone_id",
    string
  >>;
}

export interface DnsOutputs {
  readonly zone_ids: Record<string, string>;
  readonly route53_profile_id: string | null;
  readonly route53_profile_share_arn: string | null;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

export function fixtureHubOutputs(t: Topology): HubOutputs {
  const account = t.hub.accountId;
  const sn = `sn-0${hex(0xfeed, 16)}`;
  const endpoints: HubOutputs["endpoints"] = {};
  t.endpoints.forEach((e, i) => {
    const vpce = `vpce-0${hex(i + 1, 16)}`;
    const rcfg = `rcfg-0${hex(i + 1, 16)}`;
    endpoints[e.name] = {
      vpc_endpoint_id: vpce,
      vpc_endpoint_dns_name: `${vpce}-abcdefgh.${e.serviceName.split(".").pop()}.${t.region}.vpce.amazonaws.com`,
      resource_configuration_arn: `arn:aws:vpc-lattice:${t.region}:${account}:resourceconfiguration/${rcfg}`,
      lattice_dns_name: `snra-0${hex(i + 1, 16)}.${rcfg}.4232ccc.vpc-lattice-rsc.${t.region}.on.aws`,
      lattice_hosted_zone_id: "Z03924282GKLEX5JW8I2C",
    };
  });
  return {
    service_network_arn: `arn:aws:vpc-lattice:${t.region}:${account}:servicenetwork/${sn}`,
    service_network_id: sn,
    resource_share_arn: `arn:aws:ram:${t.region}:${account}:resource-share/8c2f5e1a-0000-4000-8000-00000000feed`,
    endpoints,
  };
}

/** Created zones get fixture ids; adopted ones keep the topology's. */
export function fixtureDnsOutputs(estate: Estate): DnsOutputs {
  const t = estate.topology;
  const zone_ids = Object.fromEntries(estate.dns.zones.map((z, i) => [z, estate.dns.adoptedZones.get(z) ?? `Z0FIXTURE${hex(i + 1, 12).toUpperCase()}`]));
  const profile = estate.dns.profile !== undefined;
  return {
    zone_ids,
    route53_profile_id: profile ? `rp-${hex(0xbeef, 16)}` : null,
    route53_profile_share_arn: profile
      ? `arn:aws:ram:${t.region}:${t.dns.accountId}:resource-share/5d1e0c2b-0000-4000-8000-00000000beef`
      : null,
  };
}

/** Terraform's type of a JSON value, as a state file records it. */
function typeOf(value: unknown): unknown {
  if (value === null) return "string";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  return ["object", Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, typeOf(v)]))];
}

/** A Terraform state (v4) holding only outputs, as a workspace's state would after apply. */
export function writeOutputsState(file: string, outputs: object): void {
  const state = {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "00000000-0000-4000-8000-000000000001",
    outputs: Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value, type: typeOf(value) }])),
    resources: [],
    check_results: null,
  };
  writeFileSync(file, JSON.stringify(state, null, 2));
}
