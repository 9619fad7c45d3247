/**
 * The quotas an apply would hit, as the accounts apply them, against the topology's counts and its
 * `quotas` block (which the validator trusts). Sources of the codes: docs/preflight.md.
 */
import { DEFAULT_QUOTAS } from "../../config/rules";
import type { Estate } from "../../config/estate";
import type { Topology } from "../../config/topology";
import { failedWith } from "../errors";
import { fail, pass, Skip, warn, type CheckDefinition, type Outcome, type Reader } from "../model";
import { adoptedZone } from "./dns";

/** Service Quotas: VPC Lattice "VPC associations per service network" (AWS General Reference, VPC Lattice quotas). */
export const VPC_ASSOCIATIONS_QUOTA = { ServiceCode: "vpc-lattice", QuotaCode: "L-EF6E2D62" } as const;

interface Quota {
  readonly value: number;
  /** "applied" (the account's value) or "default" (AWS's, when the account has none applied). */
  readonly source: string;
}

/** The applied value of a Service Quotas quota, else AWS's default (GetServiceQuota has no value for a quota never changed). */
async function serviceQuota(r: Reader, quota: { ServiceCode: string; QuotaCode: string }): Promise<Quota> {
  try {
    const value = (await r.read("servicequotas:GetServiceQuota", quota)).Quota?.Value;
    if (value !== undefined) return { value, source: "applied" };
  } catch (e) {
    if (!failedWith(e, "NoSuchResourceException")) throw e;
  }
  const value = (await r.read("servicequotas:GetAWSDefaultServiceQuota", quota)).Quota?.Value;
  if (value === undefined) throw new Skip(`Service Quotas returned no value for ${quota.ServiceCode} ${quota.QuotaCode}`);
  return { value, source: "default" };
}

/** A count against a quota and the topology's declaration of it. */
export function judgeQuota(count: number, quota: Quota, declared: number, field: keyof Topology["quotas"], what: string, where: string): Outcome {
  if (count > quota.value) {
    return fail(`${count} ${what} exceed the ${quota.source} quota of ${quota.value} (${where}): have it raised, then set quotas.${field}`);
  }
  // Only a raised declaration is the user's claim; the default is AWS's, which the account may have lowered.
  if (declared > DEFAULT_QUOTAS[field] && declared > quota.value) {
    return warn(`quotas.${field} declares ${declared}, but the ${quota.source} quota is ${quota.value} (${where}): ` +
      `the validator trusts the declaration; lower it or have the quota raised`);
  }
  if (count >= Math.ceil(quota.value * 0.8)) {
    return warn(`${count} ${what} are ${Math.round((count / quota.value) * 100)} % of the ${quota.source} quota of ${quota.value} (${where})`);
  }
  return pass(`${count} ${what}, within the ${quota.source} quota of ${quota.value} (${where})`);
}

export const QUOTA_CHECKS: readonly CheckDefinition[] = [
  {
    id: "PF-QTA-001",
    title: "VPC associations per service network: the spoke VPCs fit the hub account's quota",
    reads: ["servicequotas:GetServiceQuota", "servicequotas:GetAWSDefaultServiceQuota"],
    subjects: (estate) => [{
      principal: estate.hub.workspace,
      subject: estate.hub.names.serviceNetwork,
      run: async (r: Reader) => judgeQuota(estate.spokeVpcCount, await serviceQuota(r, VPC_ASSOCIATIONS_QUOTA),
        estate.topology.quotas.vpcAssociationsPerServiceNetwork, "vpcAssociationsPerServiceNetwork", "spoke VPCs",
        `Service Quotas ${VPC_ASSOCIATIONS_QUOTA.ServiceCode} ${VPC_ASSOCIATIONS_QUOTA.QuotaCode}`),
    }],
  },
  {
    id: "PF-QTA-002",
    title: "VPCs per private hosted zone: each zone's VPCs fit its limit (associations mode)",
    reads: ["route53:GetHostedZone", "route53:GetHostedZoneLimit"],
    subjects: (estate) => (estate.dns.mode === "profile" ? [] : estate.dns.zones.map((zone) => {
      const id = estate.dns.adoptedZones.get(zone);
      const declared = estate.topology.quotas.vpcsPerHostedZone;
      const field = "vpcsPerHostedZone";
      if (!id) {
        // Route 53 limits VPCs per zone, zone by zone (GetHostedZoneLimit): a zone the apply creates starts at AWS's default.
        return {
          principal: estate.dns.workspace,
          subject: zone,
          reads: [],
          run: async () => judgeQuota(estate.dns.vpcsPerZone.get(zone) ?? 0, { value: DEFAULT_QUOTAS.vpcsPerHostedZone, source: "default" },
            declared, field, "VPCs", "a zone the apply creates; its limit can be raised once it exists"),
        };
      }
      return {
        principal: estate.dns.workspace,
        subject: zone,
        run: async (r: Reader) => {
          const existing = await adoptedZone(r, id);
          if (!existing) throw new Skip(`zone ${id} does not exist (PF-DNS-001)`);
          const limit = await r.read("route53:GetHostedZoneLimit", { HostedZoneId: id, Type: "MAX_VPCS_ASSOCIATED_BY_ZONE" });
          if (limit.Limit?.Value === undefined) throw new Skip(`Route 53 returned no MAX_VPCS_ASSOCIATED_BY_ZONE limit for ${id}`);
          // The VPCs it already has, and those the apply adds.
          const vpcs = new Set([...(existing.VPCs ?? []).map((v) => v.VPCId ?? ""), ...vpcsOfZone(estate, zone)]);
          vpcs.delete("");
          return judgeQuota(vpcs.size, { value: limit.Limit.Value, source: "applied" }, declared, field, "VPCs",
            `Route 53 MAX_VPCS_ASSOCIATED_BY_ZONE of ${id}`);
        },
      };
    })),
  },
  {
    id: "PF-QTA-003",
    title: "VPCs per Route 53 Profile: the spoke VPCs fit the Route 53 account's quota (profile mode)",
    reads: [],
    subjects: (estate) => (estate.dns.mode === "profile" ? [{
      principal: estate.dns.workspace,
      subject: estate.dns.profile?.name ?? "route53-profile",
      run: async () => {
        // No Service Quotas code for it could be confirmed from AWS's documentation (docs/preflight.md): say so, never guess.
        throw new Skip(`the Service Quotas code of VPC associations per Route 53 Profile is not recorded in preflight; ` +
          `compare ${estate.spokeVpcCount} spoke VPCs and quotas.vpcsPerRoute53Profile ` +
          `(${estate.topology.quotas.vpcsPerRoute53Profile}) with the Route 53 account's Service Quotas console`);
      },
    }] : []),
  },
];

function vpcsOfZone(estate: Estate, zone: string): string[] {
  return estate.dns.zoneVpcs.filter((p) => p.zone === zone).map((p) => p.vpcId);
}
