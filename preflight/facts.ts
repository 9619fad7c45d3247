/**
 * Reads that several checks share, each with the same input so that the reader's memo makes it
 * one call per run: the hub's subnets, a VPC, a VPC attribute, an endpoint service.
 */
import type { ServiceDetail, Subnet } from "@aws-sdk/client-ec2";
import type { Estate } from "../config/estate";
import { failedWith } from "./errors";
import { Skip, type Reader } from "./model";

/** The hub subnets that exist in the hub account's view, by id. */
export async function hubSubnets(r: Reader, estate: Estate): Promise<Map<string, Subnet>> {
  const ids = [...estate.topology.hub.subnetIds].sort();
  const out = await r.read("ec2:DescribeSubnets", { Filters: [{ Name: "subnet-id", Values: ids }] });
  return new Map((out.Subnets ?? []).map((s) => [s.SubnetId ?? "", s]));
}

/** A hub subnet; a missing one is SKIP for every check but the one that reports it. */
export async function hubSubnet(r: Reader, estate: Estate, id: string): Promise<Subnet> {
  const subnet = (await hubSubnets(r, estate)).get(id);
  if (!subnet) throw new Skip("the subnet does not exist (PF-HUB-001)");
  return subnet;
}

/**
 * The Availability Zones the resource gateway and the endpoints will be in: those of the hub
 * subnets that exist in the hub VPC. Zone ids name the same zone in every account; names do not.
 */
export async function hubZones(r: Reader, estate: Estate): Promise<{ ids: Set<string>; names: Set<string> }> {
  const subnets = [...(await hubSubnets(r, estate)).values()].filter((s) => s.VpcId === estate.topology.hub.vpcId);
  if (subnets.length === 0) throw new Skip("no hub subnet exists in the hub VPC (PF-HUB-001, PF-HUB-002)");
  return {
    ids: new Set(subnets.map((s) => s.AvailabilityZoneId ?? "").filter(Boolean)),
    names: new Set(subnets.map((s) => s.AvailabilityZone ?? "").filter(Boolean)),
  };
}

export async function vpcExists(r: Reader, vpcId: string): Promise<boolean> {
  const out = await r.read("ec2:DescribeVpcs", { Filters: [{ Name: "vpc-id", Values: [vpcId] }] });
  return (out.Vpcs ?? []).some((v) => v.VpcId === vpcId);
}

/** Throws SKIP naming the check that reports a missing VPC. */
export async function requireVpc(r: Reader, vpcId: string, reportedBy: string): Promise<void> {
  if (!(await vpcExists(r, vpcId))) throw new Skip(`the VPC does not exist (${reportedBy})`);
}

export async function vpcAttribute(r: Reader, vpcId: string, attribute: "enableDnsSupport" | "enableDnsHostnames"): Promise<boolean> {
  const out = await r.read("ec2:DescribeVpcAttribute", { VpcId: vpcId, Attribute: attribute });
  return (attribute === "enableDnsSupport" ? out.EnableDnsSupport : out.EnableDnsHostnames)?.Value === true;
}

/** The endpoint service as the hub account sees it; undefined when it is not visible to that account. */
export async function endpointService(r: Reader, serviceName: string): Promise<ServiceDetail | undefined> {
  try {
    const out = await r.read("ec2:DescribeVpcEndpointServices", { ServiceNames: [serviceName] });
    return (out.ServiceDetails ?? []).find((d) => d.ServiceName === serviceName);
  } catch (e) {
    if (failedWith(e, "InvalidServiceName")) return undefined;
    throw e;
  }
}

export async function requireEndpointService(r: Reader, serviceName: string): Promise<ServiceDetail> {
  const service = await endpointService(r, serviceName);
  if (!service) throw new Skip("the endpoint service is not visible to the hub account (PF-EPS-001)");
  return service;
}

/** "a, b and c" */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
