/**
 * Declared quotas (AWS's defaults unless raised in the topology's `quotas`), judged on the estate's
 * counts: past a quota the apply would fail (an error naming the quota, the count and the field to
 * set once it is raised); at 80 % a warning. And one limit of our own: the refresh of the dns workspace
 * in associations mode stays linear (at most one page of authorizations per zone).
 */
import type { Estate } from "./estate";
import { AUTHORIZATIONS_PER_PAGE, DEFAULT_QUOTAS } from "./rules";
import type { Problem } from "./problems";

type Quota = keyof typeof DEFAULT_QUOTAS;

/** @param asDeployed the topology describes what is deployed (config/loader.ts LoadOptions): our own limits only warn */
export function quotaFindings(estate: Estate, asDeployed = false): { problems: Problem[]; warnings: Problem[] } {
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
  judgeRefresh(estate, asDeployed ? warnings : problems, warnings);
  return { problems, warnings };
}

/** Route 53's documented rate: five requests per second per account (docs/refresh-calls.md). */
const ROUTE53_REQUESTS_PER_SECOND = 5;

/**
 * Associations mode past one page of authorizations in a zone makes every refresh quadratic (config/rules.ts
 * AUTHORIZATIONS_PER_PAGE): an error in associations mode, which profile mode avoids (`refusals`: a
 * warning for a topology as deployed); while leaving associations mode (dns.retiringMode) a warning,
 * since the switch is how an estate gets out of it.
 */
function judgeRefresh(estate: Estate, refusals: Problem[], warnings: Problem[]): void {
  const { dns } = estate;
  if (!dns.usesAssociations) return;
  const perZone = new Map<string, number>();
  for (const a of dns.authorizations) perZone.set(a.zone, (perZone.get(a.zone) ?? 0) + 1);
  if (perZone.size === 0) return;
  const [zone, most] = [...perZone].reduce((a, b) => (b[1] > a[1] ? b : a));
  const calls = [...perZone.values()].reduce((sum, n) => sum + n * Math.ceil(n / AUTHORIZATIONS_PER_PAGE), 0);
  const cost = `${calls.toLocaleString("en-US")} Route 53 calls per refresh (N × ⌈N/${AUTHORIZATIONS_PER_PAGE}⌉ a zone), ` +
    `${duration(calls / ROUTE53_REQUESTS_PER_SECOND)} at ${ROUTE53_REQUESTS_PER_SECOND} a second`;
  const busiest = `${most} spoke VPCs of other accounts are authorized in zone ${zone}`;
  if (dns.mode === "associations") {
    if (most > AUTHORIZATIONS_PER_PAGE) {
      refusals.push({ path: ["dns", "mode"], message: `${busiest}, more than one page (${AUTHORIZATIONS_PER_PAGE}) of authorizations: every refresh ` +
        `of the dns workspace would list every page for each of them, ${cost}; set dns.mode: profile (deployed in associations mode: ` +
        "with dns.retiringMode: associations until every spoke has applied, docs/dns-modes.md)" });
    } else if (most >= Math.ceil(AUTHORIZATIONS_PER_PAGE * 0.8)) {
      warnings.push({ path: ["dns", "mode"], message: `${busiest}; past ${AUTHORIZATIONS_PER_PAGE} every refresh is quadratic and associations mode ` +
        "is refused: plan the switch to dns.mode: profile (docs/dns-modes.md)" });
    }
  } else if (most > AUTHORIZATIONS_PER_PAGE) {
    warnings.push({ path: ["dns", "retiringMode"], message: `${busiest} until associations mode is retired: ${cost}; ` +
      "remove dns.retiringMode once every spoke has applied" });
  }
}

const duration = (seconds: number) =>
  seconds < 60 ? `${Math.ceil(seconds)} s` : seconds < 3600 ? `${(seconds / 60).toFixed(1)} min` : `${(seconds / 3600).toFixed(1)} h`;
