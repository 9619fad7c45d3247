import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtInSheet, parsePriceSheet, pricesOf, readPriceSheet } from "../../cost/price-sheet";
import { BUILT_IN_PRICES } from "../../cost/prices";

const clone = (): any => JSON.parse(JSON.stringify(BUILT_IN_PRICES));

/** The message for a sheet changed by `edit`. */
function errorOf(edit: (sheet: any) => void): string {
  const sheet = clone();
  edit(sheet);
  try {
    parsePriceSheet(sheet, "sheet.json");
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("the sheet was accepted");
}

describe("the built-in price sheet", () => {
  test("passes its own schema and survives a JSON round trip", () => {
    expect(builtInSheet().name).toBe("built-in us-east-1 list prices");
    expect(parsePriceSheet(clone(), "copy")).toEqual(builtInSheet());
  });

  test("holds the figures of aws-facts.md and AWS's Route 53 page, each with a unit, a source and a date", () => {
    const p = pricesOf(builtInSheet());
    expect(p).toMatchObject({
      hoursPerMonth: 730,
      interfaceEndpointHour: 0.01,
      latticeResourceConfigurationHour: 0.1,
      transitGatewayAttachmentHour: 0.05,
      transitGatewayDataGb: 0.02,
      route53HostedZoneMonth: 0.5,
      // Route 53 Profiles: $0.75 an hour per owning account, covering 100 Profile-VPC associations, then $0.0014 per association-hour.
      route53ProfileHour: 0.75,
      route53ProfileIncludedVpcAssociations: 100,
      route53ProfileVpcAssociationHour: 0.0014,
    });
    const sheet = builtInSheet();
    for (const name of ["route53HostedZoneMonth", "route53ProfileHour", "route53ProfileVpcAssociationHour"] as const) {
      expect(sheet.prices[name].source).toContain("https://aws.amazon.com/route53/pricing/");
    }
    // Who pays: the Profile's owner, the Route 53 (dns) account.
    expect(sheet.prices.route53ProfileHour.note).toMatch(/account that owns the Profile/);
    const tiers = [
      { upToGb: 1_048_576, usdPerGb: 0.01 },
      { upToGb: 5_242_880, usdPerGb: 0.006 },
      { upToGb: null, usdPerGb: 0.004 },
    ];
    expect(p.privateLinkDataGb).toEqual(tiers);
    expect(p.latticeDataGb).toEqual(tiers);
    for (const price of Object.values(builtInSheet().prices)) {
      expect(price.unit).toMatch(/^USD per /);
      expect(price.source.length).toBeGreaterThan(10);
      expect(price.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe("a price sheet with a problem: one line naming the field", () => {
  test.each<[string, (s: any) => void, string]>([
    ["a missing price", (s) => delete s.prices.latticeDataGb, "sheet.json: prices.latticeDataGb: is required"],
    ["a missing value", (s) => delete s.prices.interfaceEndpointHour.value, "sheet.json: prices.interfaceEndpointHour.value: is required"],
    ["a negative price", (s) => (s.prices.route53HostedZoneMonth.value = -0.5), "sheet.json: prices.route53HostedZoneMonth.value: must be a number ≥ 0"],
    ["a price as a string", (s) => (s.prices.transitGatewayDataGb.value = "0.02"), 'sheet.json: prices.transitGatewayDataGb.value: must be a number, not "0.02"'],
    ["a price without its source", (s) => delete s.prices.transitGatewayAttachmentHour.source, "sheet.json: prices.transitGatewayAttachmentHour.source: is required"],
    ["a bad date", (s) => (s.prices.interfaceEndpointHour.date = "last year"), "sheet.json: prices.interfaceEndpointHour.date: must be a date YYYY-MM-DD"],
    ["a sheet without the Route 53 Profile's prices", (s) => delete s.prices.route53ProfileVpcAssociationHour, "sheet.json: prices.route53ProfileVpcAssociationHour: is required"],
    ["a Profile fee without its included associations", (s) => delete s.prices.route53ProfileHour.includedVpcAssociations, "sheet.json: prices.route53ProfileHour.includedVpcAssociations: is required"],
    ["a fraction of an association", (s) => (s.prices.route53ProfileHour.includedVpcAssociations = 99.5), "sheet.json: prices.route53ProfileHour.includedVpcAssociations: must be a whole number of associations ≥ 0"],
    ["a negative number of associations", (s) => (s.prices.route53ProfileHour.includedVpcAssociations = -1), "sheet.json: prices.route53ProfileHour.includedVpcAssociations: must be a whole number of associations ≥ 0"],
    ["included associations on a flat price", (s) => (s.prices.route53ProfileVpcAssociationHour.includedVpcAssociations = 100), "sheet.json: prices.route53ProfileVpcAssociationHour.includedVpcAssociations: unknown key"],
    ["an unknown price", (s) => (s.prices.natGatewayHour = s.prices.interfaceEndpointHour), "sheet.json: prices.natGatewayHour: unknown key"],
    ["tiers out of order", (s) => (s.prices.privateLinkDataGb.tiers[1].upToGb = 1000), "sheet.json: prices.privateLinkDataGb.tiers[1].upToGb: must be greater than the previous tier's bound"],
    ["a bounded last tier", (s) => (s.prices.latticeDataGb.tiers[2].upToGb = 9e9), "sheet.json: prices.latticeDataGb.tiers[2].upToGb: must be null: the last tier has no upper bound"],
    ["no tiers", (s) => (s.prices.latticeDataGb.tiers = []), "sheet.json: prices.latticeDataGb.tiers: needs at least 1 tier"],
    ["another currency", (s) => (s.currency = "EUR"), 'sheet.json: currency: must be "USD" (the model adds USD amounts)'],
    ["zero hours a month", (s) => (s.hoursPerMonth.value = 0), "sheet.json: hoursPerMonth.value: must be > 0"],
  ])("%s", (_, edit, message) => {
    expect(errorOf(edit)).toBe(message);
  });

  test("several problems: the first, and how many more", () => {
    const message = errorOf((s) => {
      delete s.prices.latticeDataGb;
      delete s.prices.route53HostedZoneMonth;
      s.name = "";
    });
    expect(message).toMatch(/^sheet\.json: name: must not be empty \(and 2 more problems\)$/);
  });

  test("a file that is not JSON, or is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "prices-"));
    const file = join(dir, "p.json");
    writeFileSync(file, "{ name: ");
    // Position and rule, without quoting the file's text.
    expect(() => readPriceSheet(file)).toThrow(new RegExp(`^${file}:1:3: not valid JSON: not a JSON value$`));
    expect(() => readPriceSheet(join(dir, "none.json"))).toThrow(/none\.json: cannot read the price sheet \(ENOENT\)$/);
  });

  test("zero is a valid price (a negotiated or sunk cost)", () => {
    const sheet = clone();
    sheet.prices.transitGatewayAttachmentHour.value = 0;
    expect(pricesOf(parsePriceSheet(sheet, "x")).transitGatewayAttachmentHour).toBe(0);
  });
});
