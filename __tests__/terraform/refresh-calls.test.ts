/**
 * The AWS API calls of a refresh (issue 26, "Count the calls"): generated estates of 2 spoke accounts
 * and of the largest each DNS mode takes at this size (2 VPCs each, one endpoint, so one zone): 25 in
 * associations mode (50 authorized VPCs, Route 53's page of authorizations; past it the topology is
 * refused, config/quotas.ts), 30 in profile mode. They are deployed offline by the apply simulator,
 * and hub, dns and one spoke are planned against those states with the provider's endpoints at the
 * fake AWS services (support/fake-aws), which count every call. Each plan must be a no-op without
 * drift, every request answered; the counts are asserted by what they mean, and for every workspace
 * in every mode their growth with the workspace's own resources must be at most linear.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateTopology } from "../../config/loader";
import { generatedTopology } from "../../scripts/generated-topology";
import { buildEstate, busiestAccount, ofAction, RefreshRoot, total, type BuiltEstate, type RefreshResult } from "../support/fake-aws/refresh";
import { AUTHORIZATIONS_PAGE } from "../support/fake-aws/route53";
import { FakeAws } from "../support/fake-aws/server";
import { managedInstances, superlinearGrowth, type RefreshSample } from "../support/fake-aws/shape";
import { describeRequiring, TERRAFORM } from "../support/requires";

describe("superlinearGrowth (the shape every workspace's refresh must keep)", () => {
  const samples = (calls: (resources: number) => number) => [10, 20, 40].map((r) => ({ size: r, resources: r, calls: calls(r) }));

  it("accepts calls proportional to the resources, with or without a fixed overhead", () => {
    expect(superlinearGrowth(samples((r) => 3 * r))).toBeUndefined();
    expect(superlinearGrowth(samples((r) => 3 * r + 7))).toBeUndefined();
    expect(superlinearGrowth(samples(() => 5))).toBeUndefined();
  });

  it("names the step where the calls per resource grow", () => {
    expect(superlinearGrowth(samples((r) => r * Math.ceil(r / 15)))).toMatch(/grow from 1\.00 \(size 10: 10 calls, 10 resources\) to 2\.00 \(size 20: 40 calls, 20 resources\)/);
    expect(superlinearGrowth(samples((r) => 3 * r + (r === 40 ? 1 : 0)))).toMatch(/size 40/);
  });
});

const MODES = ["associations", "profile"] as const;
type Mode = (typeof MODES)[number];
/** Spoke accounts of the small and the large estate of each mode. */
const SIZES: Record<Mode, readonly [number, number]> = { associations: [2, 25], profile: [2, 30] };
const WORKSPACES = ["hub", "dns", "spoke-spoke-0"] as const;

interface Measured {
  readonly estate: BuiltEstate;
  readonly results: Record<string, RefreshResult>;
}

/** Deploys the estate offline and measures one refresh of hub, dns and the first spoke. */
async function measureEstate(mode: Mode, spokes: number, work: string): Promise<Measured> {
  const topology = validateTopology(generatedTopology({ spokes, mode, endpoints: 1, name: `refresh-${mode}` })).topology;
  const dir = join(work, `${mode}-${spokes}`);
  const estate = await buildEstate(topology, ["spoke-spoke-0"], dir);
  const fake = await FakeAws.start(estate.world);
  try {
    const results: Record<string, RefreshResult> = {};
    for (const ws of WORKSPACES) {
      const root = new RefreshRoot(join(dir, `refresh-${ws}`), ws, estate.json[ws]);
      root.write(estate.states[ws], estate.stateFiles, fake.url);
      results[ws] = await root.measure(fake);
    }
    return { estate, results };
  } finally {
    await fake.stop();
  }
}

const instancesOf = (e: BuiltEstate, ws: string, type: string) =>
  e.states[ws].resources.filter((r) => r.mode === "managed" && r.type === type).reduce((n, r) => n + r.instances.length, 0);

describeRequiring(TERRAFORM, "refresh calls against the fake AWS services", () => {
  const work = mkdtempSync(join(tmpdir(), "lattice-refresh-calls-"));
  const measured = new Map<string, Measured>();
  const get = (mode: Mode, spokes: number) => measured.get(`${mode}-${spokes}`)!;
  const sample = (mode: Mode, ws: string): RefreshSample[] => SIZES[mode].map((n) => ({
    size: n,
    resources: managedInstances(get(mode, n).estate.states[ws]),
    calls: total(get(mode, n).results[ws].calls),
  }));

  beforeAll(async () => {
    // One estate after the other: the simulator and Terraform already use both cores.
    for (const mode of MODES) for (const n of SIZES[mode]) measured.set(`${mode}-${n}`, await measureEstate(mode, n, work));
  }, 40 * 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(MODES.flatMap((mode) => SIZES[mode].flatMap((n) => WORKSPACES.map((ws) => [mode, n, ws] as const))))(
    "%s, %i spoke accounts, %s: a no-op plan, no drift, every request answered", (mode, n, ws) => {
      const r = get(mode, n).results[ws];
      expect({ changes: r.changes, drift: r.drift, unanswered: r.unanswered }).toEqual({ changes: [], drift: [], unanswered: [] });
      expect(total(r.calls)).toBeGreaterThan(0);
    });

  it("each workspace's calls go to its own account only", () => {
    for (const mode of MODES) {
      const { estate, results } = get(mode, SIZES[mode][0]);
      for (const ws of WORKSPACES) {
        const account = estate.json[ws].provider.aws[0].allowed_account_ids[0];
        expect([...new Set(results[ws].calls.map((c) => c.account))]).toEqual([account]);
      }
    }
  });

  it("hub: one RAM association read per principal and per shared resource, whatever the number of spokes", () => {
    for (const n of SIZES.associations) {
      const { estate, results } = get("associations", n);
      const associations = instancesOf(estate, "hub", "aws_ram_principal_association") + instancesOf(estate, "hub", "aws_ram_resource_association");
      expect(associations).toBe(n + 1);
      expect(ofAction(results.hub.calls, "ram", "GetResourceShareAssociations")).toBe(associations);
    }
  });

  it("spoke: one ListHostedZonesByVPC per zone association (one page: fewer than 100 zones per VPC), the same at every estate size", () => {
    for (const n of SIZES.associations) {
      const { estate, results } = get("associations", n);
      const associations = instancesOf(estate, "spoke-spoke-0", "aws_route53_zone_association");
      expect(associations).toBe(2);
      expect(ofAction(results["spoke-spoke-0"].calls, "route53", "ListHostedZonesByVPC")).toBe(associations);
    }
  });

  it("dns: each record's read gets its zone and lists its record set; each zone's lists its NS records", () => {
    for (const mode of MODES) {
      for (const n of SIZES[mode]) {
        const { estate, results } = get(mode, n);
        const zones = instancesOf(estate, "dns", "aws_route53_zone");
        const records = instancesOf(estate, "dns", "aws_route53_record");
        expect([zones, records]).toEqual([1, 2]);
        expect(ofAction(results.dns.calls, "route53", "GetHostedZone")).toBe(zones + records);
        expect(ofAction(results.dns.calls, "route53", "ListResourceRecordSets")).toBe(zones + records);
      }
    }
  });

  it.each(MODES.flatMap((mode) => WORKSPACES.map((ws) => [ws, mode] as const)))(
    "%s (%s mode): refresh calls grow at most linearly with the workspace's resources", (ws, mode) => {
      expect(superlinearGrowth(sample(mode, ws))).toBeUndefined();
    });

  // The provider reads each authorization by listing every page of its zone's authorizations: a zone
  // of N costs N × ⌈N/50⌉ calls. Held to one page (the loader refuses more), that is N.
  it("dns (associations mode): one ListVPCAssociationAuthorizations per authorization, up to a whole page of them", () => {
    const counts = SIZES.associations.map((n) => {
      const { estate, results } = get("associations", n);
      const vpcs = n * 2;
      expect(instancesOf(estate, "dns", "aws_route53_vpc_association_authorization")).toBe(vpcs);
      return ofAction(results.dns.calls, "route53", "ListVPCAssociationAuthorizations");
    });
    expect(counts).toEqual([4, AUTHORIZATIONS_PAGE]);
    // All of it on the dns account's Route 53.
    const { results } = get("associations", SIZES.associations[1]);
    expect(busiestAccount(results.dns.calls, "route53")).toEqual({ account: "100000000002", count: total(results.dns.calls, "route53") });
  });

  it("one more authorized VPC than a page is refused before anything is built, naming dns.mode and the way out", () => {
    // 26 accounts × 2 VPCs = 52 authorizations in the zone: 52 × 2 calls per refresh.
    expect(() => validateTopology(generatedTopology({ spokes: 26, mode: "associations", endpoints: 1 })))
      .toThrow(/dns\.mode: 52 spoke VPCs of other accounts are authorized in zone zone0\.example\.com, more than one page \(50\).*104 Route 53 calls per refresh.*set dns\.mode: profile/);
  });
});
