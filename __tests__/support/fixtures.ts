/** Hub outputs as a fixture state file: what the spoke and dns workspaces read in offline plans. */
import { writeFileSync } from "node:fs";
import type { Topology } from "../../config/loader";

export interface HubOutputs {
  readonly service_network_arn: string;
  readonly service_network_id: string;
  readonly resource_share_arn: string;
  readonly endpoints: Record<string, Record<
    "vpc_endpoint_id" | "vpc_endpoint_dns_name" | "resource_configuration_arn" | "lattice_dns_name" | "lattice_hosted_zone_id",
    string
  >>;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** Distinct, realistic values per endpoint, so a record pointing at the wrong endpoint shows. */
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

/** A Terraform state (v4) holding only outputs, as the hub's state would after apply. */
export function writeHubState(file: string, outputs: HubOutputs): void {
  const stringObject = (o: Record<string, string>) => ["object", Object.fromEntries(Object.keys(o).map((k) => [k, "string"]))];
  const state = {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "00000000-0000-4000-8000-000000000001",
    outputs: {
      service_network_arn: { value: outputs.service_network_arn, type: "string" },
      service_network_id: { value: outputs.service_network_id, type: "string" },
      resource_share_arn: { value: outputs.resource_share_arn, type: "string" },
      endpoints: {
        value: outputs.endpoints,
        type: ["object", Object.fromEntries(Object.entries(outputs.endpoints).map(([k, v]) => [k, stringObject(v)]))],
      },
    },
    resources: [],
    check_results: null,
  };
  writeFileSync(file, JSON.stringify(state, null, 2));
}
