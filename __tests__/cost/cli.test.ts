/**
 * The commands as a user runs them: `node --import tsx scripts/cost.ts` (what `npm run cost` runs)
 * with LATTICE_CONFIG, checked by exit status and output. All runs start at once (beforeAll).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILT_IN_PRICES } from "../../cost/prices";
import { fixture, runScript, wellFormedElements, type Run } from "./support";

const tmp = mkdtempSync(join(tmpdir(), "cost-cli-"));
const negotiated = join(tmp, "negotiated.json");
const incomplete = join(tmp, "incomplete.json");
const reportDir = join(tmp, "report");
const badTopology = join(tmp, "bad.yaml");
const hugePrices = join(tmp, "huge-prices.json");
const hugeTraffic = join(tmp, "huge-traffic.yaml");
const notOurs = join(tmp, "not-ours");

const sheet = JSON.parse(JSON.stringify(BUILT_IN_PRICES));
sheet.name = "negotiated eu-west-1";
sheet.region = "eu-west-1";
sheet.prices.interfaceEndpointHour.value = 0.011;
writeFileSync(negotiated, JSON.stringify(sheet));
const partial = JSON.parse(JSON.stringify(BUILT_IN_PRICES));
delete partial.prices.transitGatewayDataGb;
writeFileSync(incomplete, JSON.stringify(partial));
writeFileSync(badTopology, "name: x\nregion: us-east-1\n");
const huge = JSON.parse(JSON.stringify(BUILT_IN_PRICES));
huge.prices.interfaceEndpointHour.value = 1e308;
writeFileSync(hugePrices, JSON.stringify(huge));
writeFileSync(hugeTraffic, readFileSync(fixture("traffic.yaml"), "utf8").replace("gbPerVpcEndpoint: 2500", "gbPerVpcEndpoint: 1e308"));
mkdirSync(notOurs);
writeFileSync(join(notOurs, "notes.md"), "my notes");

const MULTI = { LATTICE_CONFIG: fixture("multi.yaml") };
const PROFILE = { LATTICE_CONFIG: "examples/profile.yaml" };
const profileReportDir = join(tmp, "profile-report");
const positionalReportDir = join(tmp, "positional-report");
const cases = {
  basicTable: () => runScript("cost", [], { LATTICE_CONFIG: undefined }),
  basicMarkdown: () => runScript("cost", ["--format", "markdown"], { LATTICE_CONFIG: "" }),
  multiJson: () => runScript("cost", ["--format", "json"], MULTI),
  multiOverrides: () => runScript("cost", ["--format=json", "--gb", "0", "--azs", "2"], MULTI),
  profileJson: () => runScript("cost", ["--format", "json"], PROFILE),
  profileTable: () => runScript("cost", [], PROFILE),
  profileReport: () => runScript("report", ["--out", profileReportDir], PROFILE),
  trafficJson: () => runScript("cost", ["--format", "json"], { LATTICE_CONFIG: fixture("traffic.yaml") }),
  trafficGb: () => runScript("cost", ["--format", "json", "--gb", "10"], { LATTICE_CONFIG: fixture("traffic.yaml") }),
  tiers: () => runScript("cost", ["--format", "json", "--gb", "100000"], MULTI),
  negotiated: () => runScript("cost", ["--prices", negotiated], MULTI),
  help: () => runScript("cost", ["--help"]),
  gbNegative: () => runScript("cost", ["--gb", "-1"]),
  gbWord: () => runScript("cost", ["--gb=lots"]),
  azsZero: () => runScript("cost", ["--azs", "0"]),
  azsFraction: () => runScript("cost", ["--azs", "1.5"]),
  pricesMalformed: () => runScript("cost", ["--prices", fixture("bad-prices.json")]),
  pricesIncomplete: () => runScript("cost", ["--prices", incomplete]),
  pricesMissing: () => runScript("cost", ["--prices", join(tmp, "nowhere.json")]),
  formatUnknown: () => runScript("cost", ["--format", "xml"]),
  unknownFlag: () => runScript("cost", ["--verbose"]),
  missingTopology: () => runScript("cost", [], { LATTICE_CONFIG: join(tmp, "missing.yaml") }),
  invalidTopology: () => runScript("cost", [], { LATTICE_CONFIG: badTopology }),
  report: () => runScript("report", ["--out", reportDir], MULTI),
  reportBadGb: () => runScript("report", ["--out", join(tmp, "never"), "--gb", "-1"]),
  gbHuge: () => runScript("cost", ["--gb", "1e308"]),
  azsHuge: () => runScript("cost", ["--azs", `1${"0".repeat(400)}`]),
  pricesHuge: () => runScript("cost", ["--prices", hugePrices]),
  trafficHuge: () => runScript("cost", [], { LATTICE_CONFIG: hugeTraffic }),
  reportHuge: () => runScript("report", ["--out", join(tmp, "never-huge"), "--gb", "1e308"]),
  reportNotOurs: () => runScript("report", ["--out", notOurs], MULTI),
  // The topology as a positional argument: the named file, over LATTICE_CONFIG.
  positional: () => runScript("cost", ["examples/profile.yaml", "--format", "json"], { LATTICE_CONFIG: undefined }),
  positionalOverEnv: () => runScript("cost", ["--format", "json", fixture("multi.yaml")], { LATTICE_CONFIG: join(tmp, "missing.yaml") }),
  positionalTwo: () => runScript("cost", ["examples/basic.yaml", "examples/profile.yaml"]),
  positionalEmpty: () => runScript("cost", [""]),
  reportPositional: () => runScript("report", [fixture("multi.yaml"), "--out", positionalReportDir], { LATTICE_CONFIG: join(tmp, "missing.yaml") }),
  reportPositionalTwo: () => runScript("report", ["a.yaml", "b.yaml", "--out", join(tmp, "never-two")]),
};
let runs: Record<keyof typeof cases, Run>;

beforeAll(async () => {
  const names = Object.keys(cases) as (keyof typeof cases)[];
  const results: Run[] = [];
  // A few at a time: each is a Node process compiling TypeScript.
  for (let i = 0; i < names.length; i += 6) {
    results.push(...(await Promise.all(names.slice(i, i + 6).map((n) => cases[n]()))));
  }
  runs = Object.fromEntries(names.map((n, i) => [n, results[i]])) as typeof runs;
});

const json = (r: Run) => {
  expect(r).toMatchObject({ code: 0, stderr: "" });
  return JSON.parse(r.stdout);
};

describe("npm run cost", () => {
  test("examples/basic.yaml by default: a table of three designs, line by line, with the break-evens", () => {
    const r = runs.basicTable;
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const total = r.stdout.split("\n").find((l) => l.startsWith("Total"));
    expect(total?.split(/\s{2,}/)).toEqual(["Total", "$31.20", "$130.60", "$92.10"]);
    expect(r.stdout).toContain("acme-endpoints (us-east-1)");
    expect(r.stdout).toMatch(/^Transit Gateway attachments +- +\$109\.50 +-$/m);
    expect(r.stdout).toContain('Prices: "built-in us-east-1 list prices" (built-in sheet; us-east-1, 730 hours a month)');
    expect(r.stdout).toContain("Lattice is cheaper than per-VPC endpoints from 7 spoke VPCs on (at 100 GB/month per pair).");
    expect(r.stdout).toContain("Per-VPC endpoints are cheaper than Lattice at any traffic, even 0 GB");
    expect(r.stdout).toMatch(/Not modelled:\n {2}- cross-AZ data transfer.*\n {2}- the vendor's own charges.*\n {2}- Route 53 DNS queries.*\n {2}- access-log delivery and storage/);
  });

  test("--format markdown", () => {
    expect(runs.basicMarkdown.code).toBe(0);
    expect(runs.basicMarkdown.stdout).toContain("| **Total** | **$31.20** | **$130.60** | **$92.10** |");
    expect(runs.basicMarkdown.stdout).toContain("### Break-even");
  });

  test("--format json: per design its total and items, and break_even", () => {
    const out = json(runs.multiJson);
    expect(out.per_vpc_endpoints).toEqual({ total: 755.7, items: { endpoint_hours: 722.7, privatelink_data: 33 } });
    expect(out.transit_gateway).toEqual({
      total: 603.7,
      items: { endpoint_hours: 65.7, tgw_attachments: 438, tgw_data: 66, privatelink_data: 33, route53_zones: 1 },
    });
    expect(out.lattice).toEqual({
      total: 351.7,
      items: { endpoint_hours: 65.7, lattice_resource_configurations: 219, lattice_data: 33, privatelink_data: 33, route53_zones: 1 },
    });
    // 10·3·3·7.30 − 219 − 1 = 437 = 0.01·33·G → G = 1,324.24
    expect(out.break_even).toEqual({ spoke_vpcs: 5, gb_per_pair: 1324.24 });
    expect(out.inputs).toEqual({ spoke_vpcs: 11, endpoints: 3, hub_azs: 3, zones: 2, dns_mode: "associations", gb_per_pair: 100, total_gb: 3300 });
    // Associations mode: nothing for the zone associations, no Profile line.
    expect(JSON.stringify(out)).not.toContain("route53_profile");
    expect(out.price_sheet).toMatchObject({ name: "built-in us-east-1 list prices", source: "built-in" });
  });

  test("profile mode (examples/profile.yaml): the Route 53 Profile priced in both centralized designs", () => {
    const out = json(runs.profileJson);
    expect(out.inputs).toEqual({ spoke_vpcs: 4, endpoints: 2, hub_azs: 3, zones: 2, dns_mode: "profile", gb_per_pair: 100, total_gb: 800 });
    // 730·0.75 = 547.50 for the Route 53 account; 4 associations, all within the 100 included.
    expect(out.lattice).toEqual({
      total: 754.3,
      items: {
        endpoint_hours: 43.8, lattice_resource_configurations: 146, lattice_data: 8, privatelink_data: 8,
        route53_zones: 1, route53_profile: 547.5, route53_profile_associations: 0,
      },
    });
    expect(out.transit_gateway.total).toBe(798.8);
    expect(out.per_vpc_endpoints).toEqual({ total: 183.2, items: { endpoint_hours: 175.2, privatelink_data: 8 } });
    expect(out.break_even).toEqual({ spoke_vpcs: 18, gb_per_pair: "always" });
  });

  test("profile mode as a table: the mode in the inputs, the Profile's two lines", () => {
    const r = runs.profileTable;
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("DNS mode profile (P = V = 4 Profile associations)");
    expect(r.stdout).toMatch(/^Route 53 Profile \(hourly fee of the Route 53 account\) +- +\$547\.50 +\$547\.50$/m);
    expect(r.stdout).toMatch(/^Route 53 Profile associations beyond the included +- +\$0\.00 +\$0\.00$/m);
    expect(r.stdout).toContain("Lattice is cheaper than per-VPC endpoints from 18 spoke VPCs on (at 100 GB/month per pair).");
  });

  test("--gb 0 --azs 2", () => {
    const out = json(runs.multiOverrides);
    expect(out.inputs).toMatchObject({ hub_azs: 2, gb_per_pair: 0, total_gb: 0 });
    expect(out.per_vpc_endpoints.total).toBeCloseTo(11 * 3 * 2 * 7.3, 9);
    expect(out.lattice.total).toBeCloseTo(3 * 2 * 7.3 + 219 + 1, 9);
  });

  test("G comes from the topology's traffic block unless --gb says otherwise", () => {
    expect(json(runs.trafficJson).inputs.gb_per_pair).toBe(2500);
    expect(json(runs.trafficGb).inputs.gb_per_pair).toBe(10);
  });

  test("heavy traffic goes through the data tiers", () => {
    // T = 33 · 100,000 = 3,300,000 GB: 1 PB at 0.01, the rest at 0.006.
    const data = 10_485.76 + (3_300_000 - 1_048_576) * 0.006;
    const out = json(runs.tiers);
    expect(out.lattice.items.lattice_data).toBeCloseTo(data, 2);
    expect(out.per_vpc_endpoints.items.privatelink_data).toBeCloseTo(data, 2);
    expect(out.break_even.spoke_vpcs).toBe("never");
  });

  test("--prices: another sheet, named in the output", () => {
    const r = runs.negotiated;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Prices: "negotiated eu-west-1" (file ${negotiated}; eu-west-1, 730 hours a month)`);
    // 11·3·3·730·0.011
    expect(r.stdout).toMatch(/^Interface endpoints \(endpoint-AZ hours\) +\$794\.97 /m);
  });

  test("--help", () => {
    expect(runs.help.code).toBe(0);
    expect(runs.help.stdout).toMatch(/^usage: npm run cost -- \[<topology file>\] /);
  });

  test("the topology as a positional argument: that file, over LATTICE_CONFIG", () => {
    expect(json(runs.positional).inputs).toEqual(json(runs.profileJson).inputs);
    expect(json(runs.positionalOverEnv)).toEqual(json(runs.multiJson));
  });
});

describe("bad input: one line on stderr, exit 2 (could not do its job), nothing on stdout", () => {
  test.each<[keyof typeof cases, RegExp]>([
    ["gbNegative", /^cost: --gb must be a number of GB ≥ 0, not "-1"$/],
    ["gbWord", /^cost: --gb must be a number of GB ≥ 0, not "lots"$/],
    ["azsZero", /^cost: --azs must be a whole number of Availability Zones ≥ 1, not "0"$/],
    ["azsFraction", /^cost: --azs must be a whole number of Availability Zones ≥ 1, not "1.5"$/],
    ["pricesMalformed", /^cost: .*bad-prices\.json:2:1: not valid JSON: unexpected end of the text$/],
    ["pricesIncomplete", /^cost: .*incomplete\.json: prices\.transitGatewayDataGb: is required$/],
    ["pricesMissing", /^cost: .*nowhere\.json: cannot read the price sheet \(ENOENT\)$/],
    ["formatUnknown", /^cost: --format must be table, markdown, json, not "xml"$/],
    ["unknownFlag", /^cost: Unknown option '--verbose'/],
    ["missingTopology", /missing\.yaml: cannot read the topology file \(ENOENT\)$/],
    ["reportBadGb", /^report: --gb must be a number of GB ≥ 0, not "-1"$/],
    ["gbHuge", /^cost: the monthly cost of Per-VPC endpoints: PrivateLink data \(through the endpoints\) is not a finite number with these inputs \(--gb 1e308\); give smaller figures$/],
    ["azsHuge", /^cost: --azs must be a whole number of Availability Zones ≥ 1, not "10{400}"$/],
    ["pricesHuge", /^cost: the monthly cost of Per-VPC endpoints: Interface endpoints \(endpoint-AZ hours\) is not a finite number with these inputs \(--prices .*huge-prices\.json\); give smaller figures$/],
    ["trafficHuge", /^cost: .* is not a finite number with these inputs \(traffic\.gbPerVpcEndpoint 1e\+308\); give smaller figures$/],
    ["reportHuge", /^report: .* is not a finite number with these inputs \(--gb 1e308\); give smaller figures$/],
    ["positionalTwo", /^cost: one topology file, not 2: "examples\/basic\.yaml" "examples\/profile\.yaml"$/],
    ["positionalEmpty", /^cost: the topology file argument is empty$/],
    ["reportPositionalTwo", /^report: one topology file, not 2: "a\.yaml" "b\.yaml"$/],
    ["reportNotOurs", /^report: refusing to write to .*not-ours: it is not empty and holds no \.lattice-endpoints-output\.json, so it is not an earlier output of report; name a new or empty directory; nothing was written$/],
  ])("%s", (name, message) => {
    const r = runs[name];
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
  });

  test("nothing is written when the report cannot be made", () => {
    for (const dir of ["never", "never-huge", "never-two"]) expect([dir, existsSync(join(tmp, dir))]).toEqual([dir, false]);
    expect(readdirSync(notOurs)).toEqual(["notes.md"]);
  });

  test("an invalid topology: the loader's lines, no stack trace", () => {
    const r = runs.invalidTopology;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("hub: is required");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("npm run report", () => {
  test("writes report.md and the two charts", () => {
    const r = runs.report;
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const md = readFileSync(join(reportDir, "report.md"), "utf8");
    expect(md).toMatch(/```mermaid\nflowchart LR\n[\s\S]+\n```/);
    expect(md).toContain("| **Total** | **$755.70** | **$603.70** | **$351.70** |");
    expect(md).toContain("![Monthly cost of");
    expect(md).toContain("](cost-vs-spokes.svg)");
    expect(md).toContain("](cost-vs-traffic.svg)");
    for (const svg of ["cost-vs-spokes.svg", "cost-vs-traffic.svg"]) {
      expect(wellFormedElements(readFileSync(join(reportDir, svg), "utf8"))[0]).toBe("svg");
    }
    expect(existsSync(join(tmp, "never"))).toBe(false);
  });

  test("profile mode: the diagram draws the Profile, the price table its fee and included associations", () => {
    expect(runs.profileReport).toMatchObject({ code: 0, stderr: "" });
    const md = readFileSync(join(profileReportDir, "report.md"), "utf8");
    expect(md).toContain("Route 53 Profile: umbrella-vendors-endpoints");
    expect(md).toMatch(/^\| route53ProfileHour \| 0\.75 \(includes 100 VPC associations\) \| USD per hour per AWS account .*https:\/\/aws\.amazon\.com\/route53\/pricing\/.*\| Billed to the account that owns the Profile.* \|$/m);
    expect(md).toMatch(/^\| route53ProfileVpcAssociationHour \| 0\.0014 \| /m);
    expect(md).toContain("| **Total** | **$183.20** | **$798.80** | **$754.30** |");
  });

  test("the topology as a positional argument: that file, over LATTICE_CONFIG, named in the report", () => {
    expect(runs.reportPositional).toMatchObject({ code: 0, stderr: "" });
    const md = readFileSync(join(positionalReportDir, "report.md"), "utf8");
    expect(md).toContain(`Topology \`${fixture("multi.yaml")}\``);
    expect(md).toContain("| **Total** | **$755.70** | **$603.70** | **$351.70** |");
  });

  test("a second run into its own directory replaces only its own files", async () => {
    writeFileSync(join(reportDir, "my-notes.md"), "mine");
    const again = await runScript("report", ["--out", reportDir, "--gb", "10"], MULTI);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(readdirSync(reportDir).sort()).toEqual([".lattice-endpoints-output.json", "cost-vs-spokes.svg", "cost-vs-traffic.svg", "dns-inventory.json", "my-notes.md", "report.md"]);
    expect(readFileSync(join(reportDir, "my-notes.md"), "utf8")).toBe("mine");
    expect(readFileSync(join(reportDir, "report.md"), "utf8")).toContain("G = 10 GB/month per (VPC, endpoint) pair (--gb)");
  });
});
