/**
 * The hub VPC and its subnets, read as the hub workspace's role: where the interface endpoints and
 * the resource gateway go. docs/preflight.md says why each matters.
 */
import type { Subnet } from "@aws-sdk/client-ec2";
import type { Estate } from "../../config/estate";
import { hubSubnet, hubSubnets, listOf, vpcAttribute, vpcExists } from "../facts";
import { fail, pass, warn, type CheckDefinition, type Outcome, type Reader, type Subject } from "../model";

/** IPv4 addresses a resource gateway's network interface takes in each subnet (AWS's default; provider 5.100.0 cannot change it). */
export const GATEWAY_IPV4_PER_ENI = 16;

/** One subject per hub subnet, judged on the subnet as the hub account sees it. */
const perSubnet = (judge: (subnet: Subnet, estate: Estate, r: Reader) => Outcome | Promise<Outcome>) =>
  (estate: Estate): Subject[] => estate.topology.hub.subnetIds.map((id) => ({
    principal: estate.hub.workspace,
    subject: id,
    run: async (r) => judge(await hubSubnet(r, estate, id), estate, r),
  }));

const zoneOf = (s: Subnet) => `${s.AvailabilityZone ?? "?"} (${s.AvailabilityZoneId ?? "?"})`;

export const HUB_CHECKS: readonly CheckDefinition[] = [
  {
    id: "PF-HUB-001",
    title: "each hub subnet exists",
    reads: ["ec2:DescribeSubnets"],
    subjects: (estate) => estate.topology.hub.subnetIds.map((id) => ({
      principal: estate.hub.workspace,
      subject: id,
      run: async (r) => {
        const subnet = (await hubSubnets(r, estate)).get(id);
        return subnet
          ? pass(`exists in ${zoneOf(subnet)}`)
          : fail(`not found in account ${estate.hub.workspace.accountId} in ${estate.topology.region}`);
      },
    })),
  },
  {
    id: "PF-HUB-002",
    title: "each hub subnet is in the hub VPC",
    reads: ["ec2:DescribeSubnets"],
    subjects: perSubnet((s, estate) => s.VpcId === estate.topology.hub.vpcId
      ? pass(`in ${s.VpcId}`)
      : fail(`is in ${s.VpcId}, not in the hub VPC ${estate.topology.hub.vpcId}`)),
  },
  {
    id: "PF-HUB-003",
    title: "each hub subnet is owned by the hub account, not shared with it",
    reads: ["ec2:DescribeSubnets"],
    subjects: perSubnet((s, estate) => s.OwnerId === estate.hub.workspace.accountId
      ? pass(`owned by ${s.OwnerId}`)
      : fail(`is owned by ${s.OwnerId} and shared with ${estate.hub.workspace.accountId}: a resource gateway cannot use a shared subnet; ` +
        `run the hub in the subnet owner's account or use subnets the hub account owns`)),
  },
  {
    id: "PF-HUB-004",
    title: "the hub subnets are in distinct Availability Zones",
    reads: ["ec2:DescribeSubnets"],
    subjects: perSubnet(async (s, estate, r) => {
      const twins = [...(await hubSubnets(r, estate)).values()]
        .filter((o) => o.SubnetId !== s.SubnetId && o.AvailabilityZoneId === s.AvailabilityZoneId)
        .map((o) => o.SubnetId ?? "?").sort();
      return twins.length === 0
        ? pass(`the only hub subnet in ${zoneOf(s)}`)
        : fail(`shares ${zoneOf(s)} with ${listOf(twins)}: an endpoint and a gateway take one subnet per zone; keep one of them`);
    }),
  },
  {
    id: "PF-HUB-005",
    title: "each hub subnet has free addresses for the endpoints and the resource gateway",
    reads: ["ec2:DescribeSubnets"],
    subjects: perSubnet((s, estate) => {
      if (estate.topology.hub.ipAddressType === "IPV6") return pass("IPv6-only: a /64 does not run out of addresses");
      const free = s.AvailableIpAddressCount ?? 0;
      // One address per endpoint, a gateway interface's block, and one more block for the gateway to scale into.
      const needed = estate.endpoints.length + GATEWAY_IPV4_PER_ENI;
      if (free < needed) {
        return fail(`${free} free IPv4 addresses; the ${estate.endpoints.length} endpoint(s) and the resource gateway need ${needed}: use a larger subnet`);
      }
      return free < needed + GATEWAY_IPV4_PER_ENI
        ? warn(`${free} free IPv4 addresses: enough for ${needed}, but the resource gateway adds interfaces of ${GATEWAY_IPV4_PER_ENI} as connections grow`)
        : pass(`${free} free IPv4 addresses (${needed} needed)`);
    }),
  },
  {
    id: "PF-HUB-006",
    title: "each hub subnet has the address families hub.ipAddressType needs",
    reads: ["ec2:DescribeSubnets"],
    subjects: perSubnet((s, estate) => {
      const type = estate.topology.hub.ipAddressType;
      const ipv6 = (s.Ipv6CidrBlockAssociationSet ?? []).some((a) => (a.Ipv6CidrBlockState?.State ?? "associated") === "associated");
      const ipv4 = !s.Ipv6Native && Boolean(s.CidrBlock);
      const has = ipv4 && ipv6 ? "dual-stack" : ipv6 ? "IPv6-only" : "IPv4-only";
      // CreateResourceGateway: IPV4 needs IPv4 ranges, IPV6 IPv6-only subnets, DUALSTACK both.
      const fits = type === "IPV4" ? ipv4 : type === "IPV6" ? ipv6 && !ipv4 : ipv4 && ipv6;
      const wanted = type === "IPV4" ? "an IPv4 range" : type === "IPV6" ? "to be IPv6-only" : "IPv4 and IPv6 ranges";
      return fits ? pass(`${has}, as ${type} needs`) : fail(`is ${has}; hub.ipAddressType ${type} needs it ${type === "IPV6" ? "" : "to have "}${wanted}`);
    }),
  },
  {
    id: "PF-HUB-007",
    title: "the hub VPC exists and has DNS support on",
    reads: ["ec2:DescribeVpcs", "ec2:DescribeVpcAttribute"],
    subjects: (estate) => [{
      principal: estate.hub.workspace,
      subject: estate.topology.hub.vpcId,
      run: async (r) => {
        const vpcId = estate.topology.hub.vpcId;
        if (!(await vpcExists(r, vpcId))) return fail(`not found in account ${estate.hub.workspace.accountId} in ${estate.topology.region}`);
        return (await vpcAttribute(r, vpcId, "enableDnsSupport"))
          ? pass("DNS support is on")
          : fail("DNS support is off: the endpoints' DNS names do not resolve in it; turn on enableDnsSupport");
      },
    }],
  },
];
