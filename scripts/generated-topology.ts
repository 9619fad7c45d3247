/**
 * Topologies of any size, for the benchmark and the tests: `spokes` spoke accounts of `vpcsPerSpoke`
 * VPCs each, `endpoints` endpoints over `zones` zones. Quotas are declared raised where the size
 * needs it, so every size is a valid topology.
 */
import { AUTHORIZATIONS_PER_PAGE, DEFAULT_QUOTAS } from "../config/rules";

export interface GeneratedTopologyProps {
  readonly spokes: number;
  /** @default 2 */
  readonly vpcsPerSpoke?: number;
  /** @default 3 */
  readonly endpoints?: number;
  /** @default as many as endpoints */
  readonly zones?: number;
  /**
   * @default "associations" while a zone's authorizations fit one page (50 spoke VPCs), else "profile":
   * the mode a topology of that size must use (config/quotas.ts).
   */
  readonly mode?: "associations" | "profile";
  /** Every n-th spoke is outside the organization. @default none */
  readonly outsideEvery?: number;
  /**
   * Every n-th spoke's VPCs use `access: endpoint` (two subnets each, the first with a Resolver);
   * they count against no association quota. @default none
   */
  readonly endpointAccessEvery?: number;
  /** @default "generated" */
  readonly name?: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const account = (n: number) => String(100000000000 + n);

export function generatedTopology(props: GeneratedTopologyProps) {
  const { spokes } = props;
  const vpcsPerSpoke = props.vpcsPerSpoke ?? 2;
  const endpoints = props.endpoints ?? 3;
  const zones = props.zones ?? endpoints;
  const endpointAccess = (s: number) => props.endpointAccessEvery !== undefined && s % props.endpointAccessEvery === props.endpointAccessEvery - 1;
  const endpointSpokes = Array.from({ length: spokes }, (_, s) => s).filter(endpointAccess).length;
  // The VPCs associated with the service network, the zones or the profile: endpoint-mode VPCs are none of them.
  const spokeVpcs = (spokes - endpointSpokes) * vpcsPerSpoke;
  const raised = (quota: keyof typeof DEFAULT_QUOTAS, count: number) => Math.max(DEFAULT_QUOTAS[quota], Math.ceil(count * 1.25));
  return {
    name: props.name ?? "generated",
    region: "us-east-1",
    hub: { accountId: account(1), vpcId: `vpc-${hex(1, 17)}`, subnetIds: [1, 2, 3].map((n) => `subnet-${hex(n, 17)}`) },
    endpoints: Array.from({ length: endpoints }, (_, i) => ({
      name: `svc-${i}`,
      serviceName: `com.amazonaws.vpce.us-east-1.vpce-svc-${hex(i, 17)}`,
      ports: i % 3 === 1 ? ["27015-27017"] : ["443"],
      dns: { zone: `zone${i % zones}.example.com`, records: [`api-${i}`, `app-${i}`] },
    })),
    spokes: Array.from({ length: spokes }, (_, s) => ({
      name: `spoke-${s}`,
      accountId: account(1000 + s),
      roleArn: `arn:aws:iam::${account(1000 + s)}:role/deploy`,
      inOrganization: !(props.outsideEvery && s % props.outsideEvery === props.outsideEvery - 1),
      vpcs: Array.from({ length: vpcsPerSpoke }, (_, v) => {
        const subnets = [0, 1].map((n) => `subnet-${hex(0x1000000 + (s * 1000 + v) * 2 + n, 17)}`);
        return {
          vpcId: `vpc-${hex(0x1000 + s * 1000 + v, 17)}`,
          ...(v % 2 === 0 ? { clientCidrs: [`10.${s % 256}.${v % 256}.0/24`] } : { securityGroupIds: [`sg-${hex(0x1000 + s, 17)}`] }),
          ...(endpointAccess(s) ? { access: "endpoint", subnetIds: subnets } : {}),
          ...(endpointAccess(s) && v === 0 ? { resolver: { inboundSubnetIds: subnets, allowedCidrs: ["192.168.0.0/20"] } } : {}),
        };
      }),
    })),
    dns: { accountId: account(2), vpcId: `vpc-${hex(2, 17)}`, mode: props.mode ?? (spokeVpcs <= AUTHORIZATIONS_PER_PAGE ? "associations" : "profile") },
    quotas: {
      vpcAssociationsPerServiceNetwork: raised("vpcAssociationsPerServiceNetwork", spokeVpcs),
      vpcsPerHostedZone: raised("vpcsPerHostedZone", spokeVpcs + 1),
      vpcsPerRoute53Profile: raised("vpcsPerRoute53Profile", spokeVpcs),
    },
  };
}
