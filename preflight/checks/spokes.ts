/**
 * Each spoke VPC, read as its spoke workspace's role: the apply associates it with the service
 * network and, by zone associations or the Route 53 Profile, with the vendor zones.
 */
import type { VPCRegion } from "@aws-sdk/client-route-53";
import type { SpokeVpc } from "../../config/topology";
import type { Estate, SpokeFacts } from "../../config/estate";
import { hubZones, listOf, requireVpc, vpcAttribute, vpcExists } from "../facts";
import { fail, pass, Skip, warn, type CheckDefinition, type Outcome, type Reader, type Subject } from "../model";

type SpokeJudge = (vpc: SpokeVpc, spoke: SpokeFacts, estate: Estate, r: Reader) => Promise<Outcome>;

/** One subject per spoke VPC (of those `which` selects); every check but PF-SPK-001 needs the VPC to exist. */
const perVpc = (judge: SpokeJudge, which: (v: SpokeVpc) => boolean = () => true) =>
  (estate: Estate): Subject[] => estate.spokes.flatMap((spoke) => spoke.vpcs.filter(which).map((vpc) => ({
    principal: spoke.workspace,
    subject: vpc.vpcId,
    run: async (r: Reader) => {
      await requireVpc(r, vpc.vpcId, "PF-SPK-001");
      return judge(vpc, spoke, estate, r);
    },
  })));

const profileMode = (estate: Estate) => estate.dns.mode === "profile";

export const SPOKE_CHECKS: readonly CheckDefinition[] = [
  {
    id: "PF-SPK-001",
    title: "each spoke VPC exists in its account",
    reads: ["ec2:DescribeVpcs"],
    subjects: (estate) => estate.spokes.flatMap((spoke) => spoke.vpcs.map((vpc) => ({
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
    }),
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
          `disassociate it, or reach this one through a service-network VPC endpoint`);
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
        : fail(`${problems.join("; ")}: an association's security groups must be in its VPC`);
    }, (v) => Boolean(v.securityGroupIds)),
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
];
