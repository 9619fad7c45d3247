/**
 * The AWS API calls of a refresh (issue 26, "Count the calls"): generated estates of 2 and 30 spoke
 * accounts (2 VPCs each, one endpoint, so one zone of 4 and then 60 spoke VPCs: past Route 53's page
 * of 50 authorizations) are deployed offline by the apply simulator, and hub, dns and one spoke are
 * planned against those states with the provider's endpoints at the fake AWS services
 * (support/fake-aws), which count every call. Each plan must be a no-op without drift, every request
 * answered; the counts are asserted by what they mean, and their growth with each workspace's own
 * resources must be at most linear, except where today's design is known to be quadratic: the dns
 * workspace in associations mode, documented here by its exact count until the design changes.
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

const SIZES = [2, 30] as const;
const MODES = ["associations", "profile"] as const;
const WORKSPACES = ["hub", "dns", "spoke-spoke-0"] as const;
type Mode = (typeof MODES)[number];

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
  const sample = (mode: Mode, ws: string): RefreshSample[] => SIZES.map((n) => ({
    size: n,
    resources: managedInstances(get(mode, n).estate.states[ws]),
    calls: total(get(mode, n).results[ws].calls),
  }));

  beforeAll(async () => {
    // One estate after the other: the simulator and Terraform already use both cores.
    for (const mode of MODES) for (const n of SIZES) measured.set(`${mode}-${n}`, await measureEstate(mode, n, work));
  }, 40 * 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(MODES.flatMap((mode) => SIZES.flatMap((n) => WORKSPACES.map((ws) => [mode, n, ws] as const))))(
    "%s, %i spoke accounts, %s: a no-op plan, no drift, every request answered", (mode, n, ws) => {
      const r = get(mode, n).results[ws];
      expect({ changes: r.changes, drift: r.drift, unanswered: r.unanswered }).toEqual({ changes: [], drift: [], unanswered: [] });
      expect(total(r.calls)).toBeGreaterThan(0);
    });

  it("each workspace's calls go to its own account only", () => {
    for (const mode of MODES) {
      const { estate, results } = get(mode, SIZES[0]);
      for (const ws of WORKSPACES) {
        const account = estate.json[ws].provider.aws[0].allowed_account_ids[0];
        expect([...new Set(results[ws].calls.map((c) => c.account))]).toEqual([account]);
      }
    }
  });

  it("hub: one RAM association read per principal and per shared resource, whatever the number of spokes", () => {
    for (const n of SIZES) {
      const { estate, results } = get("associations", n);
      const associations = instancesOf(estate, "hub", "aws_ram_principal_association") + instancesOf(estate, "hub", "aws_ram_resource_association");
      expect(associations).toBe(n + 1);
      expect(ofAction(results.hub.calls, "ram", "GetResourceShareAssociations")).toBe(associations);
    }
  });

  it("spoke: one ListHostedZonesByVPC per zone association (one page: fewer than 100 zones per VPC), the same at every estate size", () => {
    for (const n of SIZES) {
      const { estate, results } = get("associations", n);
      const associations = instancesOf(estate, "spoke-spoke-0", "aws_route53_zone_association");
      expect(associations).toBe(2);
      expect(ofAction(results["spoke-spoke-0"].calls, "route53", "ListHostedZonesByVPC")).toBe(associations);
    }
  });

  it("dns: each record's read gets its zone and lists its record set; each zone's lists its NS records", () => {
    for (const mode of MODES) {
      for (const n of SIZES) {
        const { estate, results } = get(mode, n);
        const zones = instancesOf(estate, "dns", "aws_route53_zone");
        const records = instancesOf(estate, "dns", "aws_route53_record");
        expect([zones, records]).toEqual([1, 2]);
        expect(ofAction(results.dns.calls, "route53", "GetHostedZone")).toBe(zones + records);
        expect(ofAction(results.dns.calls, "route53", "ListResourceRecordSets")).toBe(zones + records);
      }
    }
  });

  it.each([
    ["hub", "associations"], ["hub", "profile"],
    ["spoke-spoke-0", "associations"], ["spoke-spoke-0", "profile"],
    ["dns", "profile"],
  ] as const)("%s (%s mode): refresh calls grow at most linearly with the workspace's resources", (ws, mode) => {
    expect(superlinearGrowth(sample(mode, ws))).toBeUndefined();
  });

  // Today's design (issue 26, section 2 will change it): the provider reads each authorization by
  // listing every page of its zone's authorizations, so a zone of N authorized VPCs costs
  // N × ⌈N/50⌉ calls. When the design becomes linear, this test is replaced by the linear one above.
  it("dns (associations mode), today: each authorization lists every page of its zone, N × ⌈N/50⌉ calls, quadratic", () => {
    const expected = (vpcs: number) => vpcs * Math.ceil(vpcs / AUTHORIZATIONS_PAGE);
    const counts = SIZES.map((n) => {
      const { estate, results } = get("associations", n);
      const vpcs = n * 2;
      expect(instancesOf(estate, "dns", "aws_route53_vpc_association_authorization")).toBe(vpcs);
      return ofAction(results.dns.calls, "route53", "ListVPCAssociationAuthorizations");
    });
    expect(counts).toEqual([expected(4), expected(60)]);
    expect(counts).toEqual([4, 120]);
    // All of it on the dns account's Route 53.
    const { results } = get("associations", SIZES[1]);
    expect(busiestAccount(results.dns.calls, "route53")).toEqual({ account: "100000000002", count: total(results.dns.calls, "route53") });
    expect(superlinearGrowth(sample("associations", "dns"))).toMatch(/calls per resource grow/);
  });
});
