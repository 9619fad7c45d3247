/**
 * Each spoke VPC, read as its spoke workspace's role: the apply associates it with the service
 * network and, by zone associations or the Route 53 Profile, with the vendor zones; or, with
 * `access: endpoint` (docs/endpoint-access.md), creates VPC endpoints, zones and an optional resolver
 * in its subnets (PF-SPK-008 to PF-SPK-010).
 */
import type { Subnet } from "@aws-sdk/client-ec2";
import type { VPCRegion } from "@aws-sdk/client-route-53";
import type { SpokeVpc } from "../../config/topology";
import type { Estate, SpokeFacts } from "../../config/estate";
import { hubZones, listOf, requireVpc, vpcAttribute, vpcExists } from "../facts";
import { fail, pass, principalKey, Skip, warn, type CheckDefinition, type Outcome, type Principal, type Reader, type Subject } from "../model";

type SpokeJudge = (vpc: SpokeVpc, spoke: SpokeFacts, estate: Estate, r: Reader) => Promise<Outcome>;

/** Which of a spoke's VPCs a check examines: those joining the service network, those with endpoint access, or both. */
type Modes = "association" | "endpoint" | "all";

const vpcsOf = (spoke: SpokeFacts, modes: Modes): readonly SpokeVpc[] =>
  modes === "association" ? spoke.vpcs : modes === "endpoint" ? spoke.endpointAccess.vpcs : [...spoke.vpcs, ...spoke.endpointAccess.vpcs];

/** One subject per spoke VPC (of those `which` selects); every check but PF-SPK-001 needs the VPC to exist. */
const perVpc = (judge: SpokeJudge, which: (v: SpokeVpc) => boolean = () => true, modes: Modes = "association") =>
  (estate: Estate): Subject[] => estate.spokes.flatMap((spoke) => vpcsOf(spoke, modes).filter(which).map((vpc) => ({
    principal: spoke.workspace,
    subject: vpc.vpcId,
    run: async (r: Reader) => {
      await requireVpc(r, vpc.vpcId, "PF-SPK-001");
      return judge(vpc, spoke, estate, r);
    },
  })));

const profileMode = (estate: Estate) => estate.dns.mode === "profile";

const endpointSubnetIds = (vpc: SpokeVpc): readonly string[] => vpc.subnetIds ?? [];
const resolverSubnetIds = (vpc: SpokeVpc): readonly string[] => vpc.resolver?.inboundSubnetIds ?? [];

/**
 * Every endpoint and resolver subnet of the endpoint-mode VPCs read with these credentials, as that
 * account sees them, by id: one ec2:DescribeSubnets call per spoke account (the reader's memo).
 */
async function accessSubnets(r: Reader, estate: Estate, principal: Principal): Promise<Map<string, Subnet>> {
  const key = principalKey(principal);
  const ids = [...new Set(estate.spokes.filter((s) => principalKey(s.workspace) === key)
    .flatMap((s) => s.endpointAccess.vpcs.flatMap((v) => [...endpointSubnetIds(v), ...resolverSubnetIds(v)])))].sort();
  const out = await r.read("ec2:DescribeSubnets", { Filters: [{ Name: "subnet-id", Values: ids }] });
  return new Map((out.Subnets ?? []).map((s) => [s.SubnetId ?? "", s]));
}

/** The given subnets that exist in the VPC, and those that do not (missing, or in another VPC: PF-SPK-008 reports them). */
function inVpc(ids: readonly string[], found: Map<string, Subnet>, vpcId: string): { subnets: Subnet[]; absent: string[] } {
  const subnets = ids.map((id) => found.get(id)).filter((s): s is Subnet => s !== undefined && s.VpcId === vpcId);
  return { subnets, absent: ids.filter((id) => found.get(id)?.VpcId !== vpcId) };
}

const zoneIdsOf = (subnets: readonly Subnet[]) => [...new Set(subnets.map((s) => s.AvailabilityZoneId ?? "").filter(Boolean))].sort();

export const SPOKE_CHECKS: readonly CheckDefinition[] = [
  {
    id: "PF-SPK-001",
    title: "each spoke VPC exists in its account",
    reads: ["ec2:DescribeVpcs"],
    subjects: (estate) => estate.spokes.flatMap((spoke) => vpcsOf(spoke, "all").map((vpc) => ({
      principal: spoke.workspace,
      subject: vpc.vpcId,
      run: async (r: Reader) => (await vpcExists(r, vpc.vpcId))
        ? pass(`exists (spoke ${spoke.spoke.name})`)
        : fail(`not found in account ${spoke.workspace.accountId} in ${estate.topology.region} (spoke ${spoke.spoke.name})`),
    }))),
  },
  {
    id: "PF-SPK-002",
    title: "each spoke VPC has DNS support and DNS hostnames on",
    reads: ["ec2:DescribeVpcs", "ec2:DescribeVpcAttribute"],
    subjects: perVpc(async (vpc, _spoke, _estate, r) => {
      const off = [];
      if (!(await vpcAttribute(r, vpc.vpcId, "enableDnsSupport"))) off.push("enableDnsSupport");
      if (!(await vpcAttribute(r, vpc.vpcId, "enableDnsHostnames"))) off.push("enableDnsHostnames");
      return off.length === 0
        ? pass("DNS support and DNS hostnames are on")
        : fail(`${listOf(off)} ${off.length === 1 ? "is" : "are"} off: private hosted zones resolve only with both on`);
    }, undefined, "all"),
  },
  {
    id: "PF-SPK-003",
    title: "each spoke VPC is not associated with another service network",
    reads: ["ec2:DescribeVpcs", "vpc-lattice:ListServiceNetworkVpcAssociations"],
    subjects: perVpc(async (vpc, _spoke, estate, r) => {
      const out = await r.read("vpc-lattice:ListServiceNetworkVpcAssociations", { vpcIdentifier: vpc.vpcId });
      const live = (out.items ?? []).filter((a) => a.status !== "DELETE_IN_PROGRESS");
      const ours = estate.hub.names.serviceNetwork;
      const others = live.filter((a) => a.serviceNetworkName !== ours);
      if (others.length > 0) {
        const names = others.map((a) => `${a.serviceNetworkName ?? "?"} (${a.serviceNetworkId ?? a.serviceNetworkArn ?? "?"})`);
        return fail(`already associated with service network ${listOf(names)}: a VPC joins one service network; ` +
          `disassociate it, or set access: endpoint on this VPC in the topology to reach the vendors through VPC endpoints ` +
          `instead (docs/endpoint-access.md)`);
      }
      return live.length > 0 ? pass(`associated with this topology's service network ${ours}`) : pass("not associated with any service network");
    }),
  },
  {
    id: "PF-SPK-004",
    title: "the security groups given for a spoke VPC exist in that VPC",
    reads: ["ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"],
    subjects: perVpc(async (vpc, _spoke, _estate, r) => {
      const ids = [...(vpc.securityGroupIds ?? [])].sort();
      const out = await r.read("ec2:DescribeSecurityGroups", { Filters: [{ Name: "group-id", Values: ids }] });
      const found = new Map((out.SecurityGroups ?? []).map((g) => [g.GroupId ?? "", g]));
      const problems = ids.flatMap((id) => {
        const group = found.get(id);
        if (!group) return [`${id} does not exist`];
        return group.VpcId === vpc.vpcId ? [] : [`${id} is in ${group.VpcId}`];
      });
      return problems.length === 0
        ? pass(`${listOf(ids)} ${ids.length === 1 ? "is" : "are"} in the VPC`)
        : fail(`${problems.join("; ")}: the security groups of an association or of VPC endpoints must be in its VPC`);
    }, (v) => Boolean(v.securityGroupIds), "all"),
  },
  {
    id: "PF-SPK-005",
    title: "each spoke VPC's Availability Zones are served by the resource gateway",
    reads: ["ec2:DescribeVpcs", "ec2:DescribeSubnets"],
    subjects: perVpc(async (vpc, _spoke, estate, r) => {
      const out = await r.read("ec2:DescribeSubnets", { Filters: [{ Name: "vpc-id", Values: [vpc.vpcId] }] });
      const zones = [...new Set((out.Subnets ?? []).map((s) => s.AvailabilityZoneId ?? "").filter(Boolean))].sort();
      if (zones.length === 0) return warn("has no subnets yet: nothing to compare with the gateway's zones");
      const hub = await hubZones(r.as(estate.hub.workspace), estate).catch((e: unknown) => {
        throw new Skip(`the hub's zones are unknown: ${e instanceof Error ? e.message : e}`);
      });
      const served = zones.filter((z) => hub.ids.has(z));
      const unserved = zones.filter((z) => !hub.ids.has(z));
      const gateway = listOf([...hub.ids].sort());
      if (served.length === 0) return fail(`its zones (${listOf(zones)}) share none with the resource gateway's (${gateway}): add a hub subnet in one of them`);
      return unserved.length > 0
        ? warn(`clients in ${listOf(unserved)} are in zones the resource gateway does not serve (${gateway}): add hub subnets there`)
        : pass(`every zone (${listOf(zones)}) is one of the gateway's`);
    }),
  },
  {
    id: "PF-SPK-006",
    title: "no private hosted zone named like a vendor zone is already associated with a spoke VPC",
    reads: ["ec2:DescribeVpcs", "route53:ListHostedZonesByVPC"],
    subjects: perVpc(async (vpc, _spoke, estate, r) => {
      const vendorZones = new Set(estate.dns.zones);
      const clashes: string[] = [];
      let ours = 0;
      let token: string | undefined;
      do {
        const out = await r.read("route53:ListHostedZonesByVPC", { VPCId: vpc.vpcId, VPCRegion: estate.topology.region as VPCRegion, NextToken: token });
        for (const z of out.HostedZoneSummaries ?? []) {
          const name = (z.Name ?? "").replace(/\.$/, "").toLowerCase();
          if (!vendorZones.has(name)) continue;
          // The Route 53 account's zone of that name is this topology's (adopted, or created by an earlier apply).
          if (z.Owner?.OwningAccount === estate.dns.workspace.accountId) ours++;
          else clashes.push(`${name} (${z.HostedZoneId}, owned by ${z.Owner?.OwningAccount ?? z.Owner?.OwningService ?? "?"})`);
        }
        token = out.NextToken;
      } while (token);
      if (clashes.length > 0) {
        return fail(`already resolves ${listOf(clashes)}: the vendor names would resolve there, and a second zone of the same name ` +
          `cannot be associated; disassociate it, or adopt it in dns.zones if it is yours`);
      }
      return pass(ours > 0 ? "only the Route 53 account's zones of the vendor names are associated" : "no zone of a vendor name is associated");
    }),
  },
  {
    id: "PF-SPK-007",
    title: "in profile mode, no other Route 53 Profile is associated with a spoke VPC",
    reads: ["ec2:DescribeVpcs", "route53profiles:ListProfileAssociations", "route53profiles:GetProfile"],
    subjects: (estate) => (profileMode(estate) ? perVpc(async (vpc, _spoke, estate, r) => {
      const out = await r.read("route53profiles:ListProfileAssociations", { ResourceId: vpc.vpcId });
      const associations = (out.ProfileAssociations ?? []).filter((a) => a.ResourceId === undefined || a.ResourceId === vpc.vpcId);
      const others: string[] = [];
      for (const a of associations) {
        const { Profile: profile } = await r.read("route53profiles:GetProfile", { ProfileId: a.ProfileId ?? "" });
        const ours = profile?.OwnerId === estate.dns.workspace.accountId && profile?.Name === estate.dns.profile?.name;
        if (!ours) others.push(`${profile?.Name ?? "?"} (${a.ProfileId}, owned by ${profile?.OwnerId ?? "?"})`);
      }
      if (others.length > 0) {
        return fail(`already associated with Route 53 Profile ${listOf(others)}: a VPC takes one profile; ` +
          `carry the vendor zones in that profile, or use dns.mode associations`);
      }
      return pass(associations.length > 0 ? "associated with this topology's profile" : "no Route 53 Profile is associated");
    })(estate) : []),
  },
  {
    id: "PF-SPK-008",
    title: "each endpoint-mode VPC's endpoint and resolver subnets exist in that VPC",
    reads: ["ec2:DescribeVpcs", "ec2:DescribeSubnets"],
    subjects: perVpc(async (vpc, spoke, estate, r) => {
      const found = await accessSubnets(r, estate, spoke.workspace);
      const ids = [...new Set([...endpointSubnetIds(vpc), ...resolverSubnetIds(vpc)])].sort();
      const problems = ids.flatMap((id) => {
        const subnet = found.get(id);
        if (!subnet) return [`${id} does not exist`];
        return subnet.VpcId === vpc.vpcId ? [] : [`${id} is in ${subnet.VpcId}`];
      });
      const resolver = resolverSubnetIds(vpc).length > 0 ? ` and ${resolverSubnetIds(vpc).length} resolver` : "";
      return problems.length === 0
        ? pass(`its ${endpointSubnetIds(vpc).length} endpoint${resolver} subnet(s) are in the VPC`)
        : fail(`${problems.join("; ")} (account ${spoke.workspace.accountId}, ${estate.topology.region}): the VPC's endpoints and resolver ` +
          `are created in subnets of that VPC; fix subnetIds or resolver.inboundSubnetIds`);
    }, undefined, "endpoint"),
  },
  {
    id: "PF-SPK-009",
    title: "each endpoint-mode VPC has an endpoint subnet in an Availability Zone of the resource gateway",
    reads: ["ec2:DescribeVpcs", "ec2:DescribeSubnets"],
    subjects: perVpc(async (vpc, spoke, estate, r) => {
      const { subnets, absent } = inVpc(endpointSubnetIds(vpc), await accessSubnets(r, estate, spoke.workspace), vpc.vpcId);
      if (subnets.length === 0) throw new Skip("no endpoint subnet exists in the VPC (PF-SPK-008)");
      const hub = await hubZones(r.as(estate.hub.workspace), estate).catch((e: unknown) => {
        throw new Skip(`the hub's zones are unknown: ${e instanceof Error ? e.message : e}`);
      });
      const zones = zoneIdsOf(subnets);
      const served = zones.filter((z) => hub.ids.has(z));
      const unserved = zones.filter((z) => !hub.ids.has(z));
      const gateway = listOf([...hub.ids].sort());
      if (served.length === 0) {
        // A subnet PF-SPK-008 reports might have been in one of the gateway's zones: no verdict then.
        if (absent.length > 0) throw new Skip(`${listOf(absent)} not in the VPC (PF-SPK-008); the others' zones (${listOf(zones)}) are not the resource gateway's (${gateway})`);
        return fail(`its endpoint subnets' zones (${listOf(zones)}) share none with the resource gateway's (${gateway}): ` +
          `put an endpoint subnet in one of the gateway's zones, or add a hub subnet in one of these`);
      }
      return unserved.length > 0
        ? warn(`endpoint subnets in ${listOf(unserved)} are in zones the resource gateway does not serve (${gateway}): traffic from them crosses zones; add hub subnets there`)
        : pass(`every endpoint subnet's zone (${listOf(zones)}) is one of the gateway's`);
    }, undefined, "endpoint"),
  },
  {
    id: "PF-SPK-010",
    title: "each resolver of an endpoint-mode VPC has subnets in at least two Availability Zones",
    reads: ["ec2:DescribeVpcs", "ec2:DescribeSubnets"],
    subjects: perVpc(async (vpc, spoke, estate, r) => {
      const { subnets, absent } = inVpc(resolverSubnetIds(vpc), await accessSubnets(r, estate, spoke.workspace), vpc.vpcId);
      if (absent.length > 0) throw new Skip(`${listOf(absent)} not in the VPC (PF-SPK-008)`);
      const zones = zoneIdsOf(subnets);
      return zones.length >= 2
        ? pass(`the resolver's subnets span ${zones.length} zones (${listOf(zones)})`)
        : warn(`the resolver's subnets are all in ${zones[0] ?? "one zone"}: Route 53 recommends IP addresses in at least two ` +
          `Availability Zones for redundancy; add a subnet of another zone to resolver.inboundSubnetIds`);
    }, (v) => v.resolver !== undefined, "endpoint"),
  },
];
