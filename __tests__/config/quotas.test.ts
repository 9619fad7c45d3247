import type { Estate } from "../../config/estate";
import { quotaFindings } from "../../config/quotas";
import { DEFAULT_QUOTAS } from "../../config/rules";

// Past a quota the apply fails half way (some VPCs associated, the rest refused); the warning at 80 %
// gives time to raise it. The loader's tests check the same lines through a whole topology.
const estate = (spokeVpcCount: number, vpcsPerZone: number[], quotas: Partial<Record<keyof typeof DEFAULT_QUOTAS, number>> = {}, profile = false) =>
  ({
    topology: { quotas: { ...DEFAULT_QUOTAS, ...quotas } },
    spokeVpcCount,
    dns: { profile: profile ? {} : undefined, vpcsPerZone: new Map(vpcsPerZone.map((n, i) => [`z${i}.example`, n])) },
  }) as unknown as Estate;
const lines = (f: ReturnType<typeof quotaFindings>) => ({
  problems: f.problems.map((p) => `${p.path.join(".")}: ${p.message}`),
  warnings: f.warnings.map((p) => `${p.path.join(".")}: ${p.message}`),
});

test("below 80 % of every quota: nothing", () => {
  expect(lines(quotaFindings(estate(399, [239, 10])))).toEqual({ problems: [], warnings: [] });
});

test("the busiest zone is judged, at exactly the quota a warning of 100 %", () => {
  expect(lines(quotaFindings(estate(10, [12, 300, 5])))).toEqual({
    problems: [],
    warnings: ["quotas.vpcsPerHostedZone: 300 VPCs per private hosted zone are 100 % of the quota of 300"],
  });
});

test("one past the default quota: an error naming the quota, the count and the field", () => {
  expect(lines(quotaFindings(estate(501, [50])))).toEqual({
    problems: ["quotas.vpcAssociationsPerServiceNetwork: 501 spoke VPCs (VPC associations of the service network) exceed the default quota of 500; raise it in Service Quotas, then set quotas.vpcAssociationsPerServiceNetwork"],
    warnings: [],
  });
});

test("a raised quota is called declared; the percentage is rounded", () => {
  expect(lines(quotaFindings(estate(10, [601], { vpcsPerHostedZone: 600 })))).toEqual({
    problems: ["quotas.vpcsPerHostedZone: 601 VPCs per private hosted zone exceed the declared quota of 600; raise it in Service Quotas, then set quotas.vpcsPerHostedZone"],
    warnings: [],
  });
  expect(lines(quotaFindings(estate(417, [10])))).toEqual({
    problems: [],
    warnings: ["quotas.vpcAssociationsPerServiceNetwork: 417 spoke VPCs (VPC associations of the service network) are 83 % of the quota of 500"],
  });
});

test("80 % is ceil(quota × 0.8): 4 of a quota of 5 warns, 3 does not", () => {
  expect(lines(quotaFindings(estate(4, [], { vpcAssociationsPerServiceNetwork: 5 }))).warnings).toEqual([
    "quotas.vpcAssociationsPerServiceNetwork: 4 spoke VPCs (VPC associations of the service network) are 80 % of the quota of 5",
  ]);
  expect(lines(quotaFindings(estate(3, [], { vpcAssociationsPerServiceNetwork: 5 }))).warnings).toEqual([]);
  // ceil, not round: 7 × 0.8 = 5.6 → 6.
  expect(lines(quotaFindings(estate(5, [], { vpcAssociationsPerServiceNetwork: 7 }))).warnings).toEqual([]);
});

test("profile mode judges the Route 53 Profile's quota instead of the zones'", () => {
  expect(lines(quotaFindings(estate(800, [900], {}, true)))).toEqual({
    problems: ["quotas.vpcAssociationsPerServiceNetwork: 800 spoke VPCs (VPC associations of the service network) exceed the default quota of 500; raise it in Service Quotas, then set quotas.vpcAssociationsPerServiceNetwork"],
    warnings: ["quotas.vpcsPerRoute53Profile: 800 spoke VPCs (associations of the Route 53 Profile) are 80 % of the quota of 1000"],
  });
});

test("no zones: no zone finding", () => {
  expect(lines(quotaFindings(estate(0, [], { vpcsPerHostedZone: 1 })))).toEqual({ problems: [], warnings: [] });
});
