/**
 * The Route 53 account, read as the dns workspace's role: the zones the topology adopts, and the
 * VPC that zones are created with.
 */
import type { GetHostedZoneCommandOutput } from "@aws-sdk/client-route-53";
import type { Estate } from "../../config/estate";
import { failedWith } from "../errors";
import { vpcExists } from "../facts";
import { fail, pass, Skip, type CheckDefinition, type Outcome, type Reader, type Subject } from "../model";

/** The adopted zone as the Route 53 account sees it; undefined when it does not exist there. */
export async function adoptedZone(r: Reader, id: string): Promise<GetHostedZoneCommandOutput | undefined> {
  try {
    return await r.read("route53:GetHostedZone", { Id: id });
  } catch (e) {
    if (failedWith(e, "NoSuchHostedZone")) return undefined;
    throw e;
  }
}

type ZoneJudge = (zone: GetHostedZoneCommandOutput, name: string, id: string) => Outcome;

/** One subject per adopted zone; every check but PF-DNS-001 needs the zone to exist. */
const perAdoptedZone = (judge: ZoneJudge | "exists") => (estate: Estate): Subject[] =>
  [...estate.dns.adoptedZones].map(([name, id]) => ({
    principal: estate.dns.workspace,
    subject: name,
    run: async (r: Reader) => {
      const zone = await adoptedZone(r, id);
      if (judge === "exists") {
        return zone ? pass(`${id} exists`) : fail(`${id} does not exist in account ${estate.dns.workspace.accountId}: fix dns.zones or create the zone`);
      }
      if (!zone) throw new Skip(`zone ${id} does not exist (PF-DNS-001)`);
      return judge(zone, name, id);
    },
  }));

export const DNS_CHECKS: readonly CheckDefinition[] = [
  {
    id: "PF-DNS-001",
    title: "each adopted zone exists in the Route 53 account",
    reads: ["route53:GetHostedZone"],
    subjects: perAdoptedZone("exists"),
  },
  {
    id: "PF-DNS-002",
    title: "each adopted zone is a private hosted zone",
    reads: ["route53:GetHostedZone"],
    subjects: perAdoptedZone((zone, _name, id) => zone.HostedZone?.Config?.PrivateZone
      ? pass(`${id} is private`)
      : fail(`${id} is a public zone: the vendor names must resolve privately; adopt a private zone`)),
  },
  {
    id: "PF-DNS-003",
    title: "each adopted zone has the name the topology gives it",
    reads: ["route53:GetHostedZone"],
    subjects: perAdoptedZone((zone, name, id) => {
      const actual = (zone.HostedZone?.Name ?? "").replace(/\.$/, "").toLowerCase();
      return actual === name ? pass(`${id} is ${name}`) : fail(`${id} is ${actual || "unnamed"}, not ${name}: fix dns.zones`);
    }),
  },
  {
    id: "PF-DNS-004",
    title: "dns.vpcId, the VPC zones are created with, exists in the Route 53 account",
    reads: ["ec2:DescribeVpcs"],
    subjects: (estate) => (estate.dns.creationVpcId ? [{
      principal: estate.dns.workspace,
      subject: estate.dns.creationVpcId,
      run: async (r: Reader) => (await vpcExists(r, estate.dns.creationVpcId!))
        ? pass(`exists: the ${estate.dns.createdZones.length} created zone(s) are made with it`)
        : fail(`not found in account ${estate.dns.workspace.accountId} in ${estate.topology.region}: a private zone is created with a VPC of its own account`),
    }] : []),
  },
];
