/**
 * The service network's VPC associations: each topology VPC's (read as its spoke) is ACTIVE with
 * the security groups the topology gives it, and the hub sees no other (read as the hub): a VPC
 * of an account the topology does not have is access through a share someone widened.
 */
import type { SpokeVpc } from "../../config/topology";
import type { Estate, SpokeFacts } from "../../config/estate";
import { listOf } from "../../preflight/facts";
import { fail, pass, Skip, type CheckDefinition, type Reader } from "../../preflight/model";
import { allPages, serviceNetwork } from "../facts";

/**
 * The security groups the topology gives a VPC's association (or, in endpoint mode, its endpoints): the
 * given ones, or the one created for its clients, found by its name in `groupNames` (VPC id → name).
 */
export async function expectedGroups(r: Reader, vpc: SpokeVpc, spoke: SpokeFacts, groupNames = spoke.clientGroupNames): Promise<string[]> {
  if (vpc.securityGroupIds) return [...vpc.securityGroupIds].sort();
  const name = groupNames.get(vpc.vpcId)!;
  const out = await r.read("ec2:DescribeSecurityGroups", {
    Filters: [{ Name: "vpc-id", Values: [vpc.vpcId] }, { Name: "group-name", Values: [name] }],
  });
  const ids = (out.SecurityGroups ?? []).map((g) => g.GroupId ?? "").filter(Boolean);
  if (ids.length === 0) throw new Skip(`the client security group ${name} does not exist in ${vpc.vpcId}: apply the ${spoke.workspace.name} workspace`);
  return ids.sort();
}

export const NETWORK_CHECKS: readonly CheckDefinition[] = [
  {
    id: "VF-SNA-001",
    title: "each topology VPC's service-network association is ACTIVE with the expected security groups",
    reads: ["vpc-lattice:ListServiceNetworkVpcAssociations", "vpc-lattice:GetServiceNetworkVpcAssociation", "ec2:DescribeSecurityGroups"],
    subjects: (estate) => estate.spokes.flatMap((spoke) => spoke.vpcs.map((vpc) => ({
      principal: spoke.workspace,
      subject: vpc.vpcId,
      // Given security groups are compared by id: no read of EC2.
      reads: vpc.securityGroupIds
        ? ["vpc-lattice:ListServiceNetworkVpcAssociations", "vpc-lattice:GetServiceNetworkVpcAssociation"] as const
        : undefined,
      run: async (r: Reader) => {
        const network = await serviceNetwork(r.as(estate.hub.workspace), estate).catch((e: unknown) => {
          throw e instanceof Skip ? e : new Skip(`the hub's service network is unknown: ${e instanceof Error ? e.message : e}`);
        });
        const all = await allPages((nextToken) => r.read("vpc-lattice:ListServiceNetworkVpcAssociations", { vpcIdentifier: vpc.vpcId, nextToken }));
        const ours = all.find((a) => a.serviceNetworkArn === network.arn || a.serviceNetworkId === network.id);
        if (!ours?.id) {
          const others = all.map((a) => `${a.serviceNetworkName ?? "?"} (${a.serviceNetworkId ?? "?"})`);
          return fail(`not associated with ${estate.hub.names.serviceNetwork}${others.length ? `, but with ${listOf(others)}` : ""}: ` +
            `apply the ${spoke.workspace.name} workspace`);
        }
        const association = await r.read("vpc-lattice:GetServiceNetworkVpcAssociation", { serviceNetworkVpcAssociationIdentifier: ours.id });
        if (association.status !== "ACTIVE") {
          return fail(`the association ${ours.id} is ${association.status ?? "in no status"}${association.failureMessage ? ` (${association.failureMessage})` : ""}, not ACTIVE`);
        }
        const expected = await expectedGroups(r, vpc, spoke);
        const live = [...(association.securityGroupIds ?? [])].sort();
        return live.join(",") === expected.join(",")
          ? pass(`${ours.id} is ACTIVE with ${listOf(live)}`)
          : fail(`${ours.id} has security groups ${live.length ? listOf(live) : "none"}, not ${listOf(expected)}: ` +
            `the clients it admits are not the topology's; apply the ${spoke.workspace.name} workspace`);
      },
    }))),
  },
  {
    id: "VF-SNA-002",
    title: "the service network has no VPC association that the topology does not have",
    reads: ["vpc-lattice:ListServiceNetworks", "vpc-lattice:ListServiceNetworkVpcAssociations"],
    subjects: (estate: Estate) => [{
      principal: estate.hub.workspace,
      subject: estate.hub.names.serviceNetwork,
      run: async (r: Reader) => {
        const network = await serviceNetwork(r, estate);
        const all = await allPages((nextToken) => r.read("vpc-lattice:ListServiceNetworkVpcAssociations", { serviceNetworkIdentifier: network.id, nextToken }));
        // Retired spokes' VPCs are not the topology's: once retired, they must have left. Nor are
        // endpoint-mode VPCs (spoke.vpcs holds association-mode VPCs only): they reach the vendors
        // through their own endpoints and must not be associated.
        const expected = new Map(estate.spokes.flatMap((s) => s.vpcs.map((v) => [v.vpcId, s.workspace.accountId] as const)));
        const endpointMode = new Map(estate.spokes.flatMap((s) => s.endpointAccess.vpcs.map((v) => [v.vpcId, s.workspace.name] as const)));
        const extra = all
          .filter((a) => a.status !== "DELETE_IN_PROGRESS")
          .filter((a) => expected.get(a.vpcId ?? "") !== (a.createdBy ?? expected.get(a.vpcId ?? "")) || !expected.has(a.vpcId ?? ""));
        const named = (list: typeof extra) => list.map((a) => `${a.vpcId ?? "?"} of account ${a.createdBy ?? "?"}`).sort();
        const unknown = named(extra.filter((a) => !endpointMode.has(a.vpcId ?? "")));
        const endpoints = extra.filter((a) => endpointMode.has(a.vpcId ?? ""));
        const workspaces = [...new Set(endpoints.map((a) => endpointMode.get(a.vpcId!)!))].sort();
        const problems = [
          ...(unknown.length ? [`associated with ${listOf(unknown)}, which the topology does not have: those VPCs reach every vendor; ` +
            `disassociate them and check the share's principals (VF-SHR-001)`] : []),
          ...(endpoints.length ? [`associated with ${listOf(named(endpoints))}, which the topology gives access: endpoint: ` +
            `disassociate ${endpoints.length === 1 ? "it" : "them"} (after a switch from association mode, apply the ${listOf(workspaces)} workspace)`] : []),
        ];
        return problems.length === 0
          ? pass(`${all.length} VPC association(s), every one the topology's`)
          : fail(problems.join("; "));
      },
    }],
  },
];
