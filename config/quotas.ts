/**
 * Declared quotas (AWS's defaults unless raised in the topology's `quotas`), judged on the estate's
 * counts: past a quota the apply would fail (an error naming the quota, the count and the field to
 * set once it is raised); at 80 % a warning.
 */
import type { Estate } from "./estate";
import { DEFAULT_QUOTAS } from "./rules";
import type { Problem } from "./problems";

type Quota = keyof typeof DEFAULT_QUOTAS;

export function quotaFindings(estate: Estate): { problems: Problem[]; warnings: Problem[] } {
  const t = estate.topology;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const judge = (field: Quota, count: number, what: string) => {
    const limit = t.quotas[field];
    const raised = limit !== DEFAULT_QUOTAS[field];
    if (count > limit) {
      problems.push({ path: ["quotas", field], message: `${count} ${what} exceed the ${raised ? "declared" : "default"} quota of ${limit}; ` +
        `raise it in Service Quotas, then set quotas.${field}` });
    } else if (count >= Math.ceil(limit * 0.8)) {
      warnings.push({ path: ["quotas", field], message: `${count} ${what} are ${Math.round((count / limit) * 100)} % of the quota of ${limit}` });
    }
  };
  judge("vpcAssociationsPerServiceNetwork", estate.spokeVpcCount, "spoke VPCs (VPC associations of the service network)");
  if (estate.dns.profile) {
    judge("vpcsPerRoute53Profile", estate.spokeVpcCount, "spoke VPCs (associations of the Route 53 Profile)");
  } else {
    // The busiest zone: every spoke VPC, and a created zone's creation VPC.
    judge("vpcsPerHostedZone", Math.max(0, ...estate.dns.vpcsPerZone.values()), "VPCs per private hosted zone");
  }
  return { problems, warnings };
}
