/**
 * Endpoint access (docs/endpoint-access.md): the spoke VPCs of `access: endpoint`, read as their
 * spoke's role. They are in no service network (VF-SNA-002 fails one that is): each reaches each
 * vendor through a VPC endpoint of type Resource of its own, on the hub's resource configuration, and
 * resolves the vendor hostnames through private zones of its spoke's account whose CNAMEs point at
 * that VPC's endpoints. The resolver inbound endpoint is not read (no Route 53 Resolver client here).
 */
import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import { MANAGED_BY_TAG } from "../../config/contract";
import type { AccessEndpoint, Estate, SpokeFacts } from "../../config/estate";
import type { SpokeVpc } from "../../config/topology";
import { listOf } from "../../preflight/facts";
import { fail, pass, Skip, type CheckDefinition, type Reader, type Subject } from "../../preflight/model";
import { allPages, dnsName, resourceEndpoints, zoneRecords } from "../facts";
import { answeringRecord, decidingZone, describeZone } from "../resolution";
import { visibleZones } from "./dns";
import { ENDPOINT_STATES } from "./hub";
import { expectedGroups } from "./network";

/** The endpoint of this estate for one vendor in one VPC: tagged with its ManagedBy and its key as Name, as the spoke creates it. */
function ourEndpoint(endpoints: readonly VpcEndpoint[], estate: Estate, key: string): VpcEndpoint | undefined {
  const tag = (v: VpcEndpoint, k: string) => v.Tags?.find((t) => t.Key === k)?.Value;
  return endpoints.find((v) => tag(v, MANAGED_BY_TAG) === estate.defaultTags[MANAGED_BY_TAG] && tag(v, "Name") === key);
}

/** The hub's resource configurations, read as the hub (the same call as VF-HUB-003, so one per run). */
const hubConfigurations = (r: Reader, estate: Estate) =>
  allPages((nextToken) => r.as(estate.hub.workspace).read("vpc-lattice:ListResourceConfigurations", { nextToken }));

const vpcOf = (spoke: SpokeFacts, vpcId: string): SpokeVpc => spoke.endpointAccess.vpcs.find((v) => v.vpcId === vpcId)!;

/** One subject per (vendor, endpoint-mode VPC), keyed as the spoke's endpoint: "<endpoint>/<vpc id>". */
function endpointSubject(a: AccessEndpoint, spoke: SpokeFacts, estate: Estate): Subject {
  const vpc = vpcOf(spoke, a.vpcId);
  const workspace = spoke.workspace.name;
  return {
    principal: spoke.workspace,
    subject: a.key,
    // Given security groups are compared by id: no read of EC2's groups.
    reads: vpc.securityGroupIds ? ["ec2:DescribeVpcEndpoints"] : undefined,
    run: async (r: Reader) => {
      const endpoint = ourEndpoint(await resourceEndpoints(r, a.vpcId), estate, a.key);
      if (!endpoint) return fail(`no VPC endpoint of type Resource tagged Name=${a.key} in ${a.vpcId}: apply the ${workspace} workspace`);
      const id = endpoint.VpcEndpointId ?? "?";
      const name = estate.endpoints.find((e) => e.name === a.endpoint)!.resourceConfigurationName;
      const configurations = await hubConfigurations(r, estate);
      const expected = configurations.find((c) => c.name === name)?.arn;
      if (!expected) throw new Skip(`the resource configuration ${name} does not exist (VF-HUB-003)`);

      const problems: string[] = [];
      const state = (endpoint.State ?? "unknown").toLowerCase();
      if (state !== "available") {
        problems.push(`${id} is ${endpoint.State ?? "in no state"}${endpoint.FailureReason ? ` (${endpoint.FailureReason})` : ""}: ` +
          `${ENDPOINT_STATES[state] ?? "it carries no traffic"}`);
      }
      // A replaced configuration has a new ARN: an endpoint on the old one reaches nothing the hub serves.
      const target = endpoint.ResourceConfigurationArn;
      if (target !== expected) {
        const other = configurations.find((c) => c.arn === target)?.name;
        problems.push(`${id} targets ${target ?? "no resource configuration"}${other ? ` (${other})` : ""}, not ${expected}, the hub's resource configuration ${name}`);
      }
      const groups = (endpoint.Groups ?? []).map((g) => g.GroupId ?? "").filter(Boolean).sort();
      const wanted = await expectedGroups(r, vpc, spoke, spoke.endpointAccess.clientGroupNames);
      if (groups.join(",") !== wanted.join(",")) {
        problems.push(`${id} has security groups ${groups.length ? listOf(groups) : "none"}, not ${listOf(wanted)}: the clients it admits are not the topology's`);
      }
      return problems.length === 0
        ? pass(`${id} is available, on ${name}, with ${listOf(groups)}`)
        : fail(`${problems.join("; ")}; apply the ${workspace} workspace`);
    },
  };
}

/** One subject per endpoint-mode VPC: the answer it gets for each vendor hostname. */
function resolutionSubject(vpc: SpokeVpc, spoke: SpokeFacts, estate: Estate): Subject {
  const account = spoke.workspace.accountId;
  const workspace = spoke.workspace.name;
  const zones = new Map(spoke.endpointAccess.zones.map((z) => [z.key, z.zone]));
  const records = spoke.endpointAccess.records.filter((x) => x.key === `${x.name}/${vpc.vpcId}`);
  return {
    principal: spoke.workspace,
    subject: vpc.vpcId,
    run: async (r: Reader) => {
      // Its own associations and any Route 53 Profile's (a landing zone's): the topology's zones are not among them.
      const visible = await visibleZones(r, estate, vpc.vpcId, new Map());
      const endpoints = await resourceEndpoints(r, vpc.vpcId);
      const problems: string[] = [];
      for (const record of records) {
        const fqdn = record.name;
        const zone = zones.get(record.zoneKey)!;
        const endpoint = ourEndpoint(endpoints, estate, record.endpointKey);
        const expected = dnsName(endpoint?.DnsEntries?.[0]?.DnsName);
        if (!expected) throw new Skip(`the resource endpoint ${record.endpointKey} does not exist or has no DNS name (VF-EPA-001)`);
        const deciding = decidingZone(fqdn, visible);
        if (!deciding) {
          problems.push(`${fqdn}: no zone of this VPC answers it, so it resolves outside (no zone ${zone} of account ${account}: apply the ${workspace} workspace)`);
          continue;
        }
        // The spoke's own zone: associated with the VPC itself, of the vendor domain's name, in the spoke's account.
        if (deciding.via !== "vpc" || deciding.owner !== account || deciding.name !== zone) {
          problems.push(`${fqdn}: answered by ${describeZone(deciding)}, owned by ${deciding.owner ?? "another account"}, ` +
            `not by account ${account}'s own zone ${zone}: disassociate it from the VPC, then apply the ${workspace} workspace`);
          continue;
        }
        const answer = answeringRecord(fqdn, await zoneRecords(r, deciding.id));
        if (!answer) problems.push(`${fqdn}: NXDOMAIN, ${describeZone(deciding)} has no record for it: apply the ${workspace} workspace`);
        else if (answer.type !== "CNAME") problems.push(`${fqdn}: ${answer.type} ${listOf([...answer.values])}, not a CNAME to ${expected}`);
        else if (answer.values[0] !== expected) {
          problems.push(`${fqdn}: CNAME to ${answer.values[0] || "nothing"}, not to ${expected}, the DNS name of ${endpoint!.VpcEndpointId} ` +
            `(${record.endpointKey}): apply the ${workspace} workspace`);
        }
      }
      return problems.length === 0
        ? pass(`every vendor hostname (${records.length}) resolves to this VPC's own resource endpoints`)
        : fail(problems.join("; "));
    },
  };
}

const activeSpokes = (estate: Estate) => estate.spokes.filter((s) => !s.retired);

export const ENDPOINT_ACCESS_CHECKS: readonly CheckDefinition[] = [
  {
    id: "VF-EPA-001",
    title: "each endpoint-mode VPC's resource endpoint is available, on the hub's resource configuration, with the expected security groups",
    reads: ["ec2:DescribeVpcEndpoints", "ec2:DescribeSecurityGroups"],
    subjects: (estate) => activeSpokes(estate).flatMap((spoke) => spoke.endpointAccess.endpoints.map((a) => endpointSubject(a, spoke, estate))),
  },
  {
    id: "VF-EPA-002",
    title: "each vendor hostname resolves, in each endpoint-mode VPC, to that VPC's own resource endpoint",
    reads: [
      "route53:ListHostedZonesByVPC", "route53profiles:ListProfileAssociations", "route53profiles:ListProfileResourceAssociations",
      "route53:GetHostedZone", "ec2:DescribeVpcEndpoints", "route53:ListResourceRecordSets",
    ],
    subjects: (estate) => activeSpokes(estate).flatMap((spoke) => spoke.endpointAccess.vpcs.map((vpc) => resolutionSubject(vpc, spoke, estate))),
  },
];
