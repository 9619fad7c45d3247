/**
 * Price sheets: the shape every sheet must have (strict: every price present, nothing unknown),
 * and reading a `--prices` file into one with one-line errors that name the field.
 */
import { z } from "zod";
import { InputError, parseJson, quote, readInputFile } from "../config/input";
import { formatPath } from "../config/problems";
import { BUILT_IN_PRICES } from "./prices";
import type { Tier } from "./tiers";

const text = z.string().min(1, "must not be empty");
const amount = z.number({ error: (iss) => (iss.input === undefined ? "is required" : `must be a number, not ${JSON.stringify(iss.input)}`) })
  .min(0, "must be a number ≥ 0");
const described = { unit: text, source: text, date: z.iso.date({ error: "must be a date YYYY-MM-DD" }), note: text.optional() };

const flatPrice = z.strictObject({ value: amount, ...described });

/** An hourly fee that includes a number of associations (Route 53 Profiles). */
const feeWithAssociations = z.strictObject({
  value: amount,
  includedVpcAssociations: z.number({ error: (iss) => (iss.input === undefined ? "is required" : `must be a number, not ${JSON.stringify(iss.input)}`) })
    .int("must be a whole number of associations ≥ 0").min(0, "must be a whole number of associations ≥ 0"),
  ...described,
});

const tiers = z
  .array(z.strictObject({ upToGb: z.number().positive("must be a number of GB > 0").nullable(), usdPerGb: amount }))
  .min(1, "needs at least 1 tier")
  .superRefine((list, ctx) => {
    list.forEach((tier, i) => {
      const last = i === list.length - 1;
      if (last && tier.upToGb !== null) {
        ctx.addIssue({ code: "custom", path: [i, "upToGb"], message: "must be null: the last tier has no upper bound" });
      } else if (!last && tier.upToGb === null) {
        ctx.addIssue({ code: "custom", path: [i, "upToGb"], message: "only the last tier may be unbounded (null)" });
      } else if (i > 0 && tier.upToGb !== null && tier.upToGb <= (list[i - 1].upToGb ?? Infinity)) {
        ctx.addIssue({ code: "custom", path: [i, "upToGb"], message: "must be greater than the previous tier's bound" });
      }
    });
  });
const tieredPrice = z.strictObject({ tiers, ...described });

export const priceSheetSchema = z.strictObject({
  name: text,
  region: text,
  currency: z.literal("USD", { error: "must be \"USD\" (the model adds USD amounts)" }),
  notes: z.array(text).default([]),
  hoursPerMonth: z.strictObject({ value: z.number().positive("must be > 0"), ...described }),
  prices: z.strictObject({
    interfaceEndpointHour: flatPrice,
    privateLinkDataGb: tieredPrice,
    latticeResourceConfigurationHour: flatPrice,
    latticeDataGb: tieredPrice,
    transitGatewayAttachmentHour: flatPrice,
    transitGatewayDataGb: flatPrice,
    route53HostedZoneMonth: flatPrice,
    route53ProfileHour: feeWithAssociations,
    route53ProfileVpcAssociationHour: flatPrice,
    // Monitoring's prices came later: a sheet without them takes the built-in figures.
    cloudwatchAlarmMonth: flatPrice.optional(),
    cloudwatchDashboardMonth: flatPrice.optional(),
    snsTopicMonth: flatPrice.optional(),
    kmsKeyMonth: flatPrice.optional(),
    // Endpoint access's prices came later still: a sheet without them takes the built-in figures.
    resourceEndpointHour: flatPrice.optional(),
    resourceEndpointDataGb: tieredPrice.optional(),
    route53ResolverEndpointIpHour: flatPrice.optional(),
  }),
});

export type PriceSheet = z.output<typeof priceSheetSchema>;
export type PriceName = keyof PriceSheet["prices"];

/** The numbers the model needs, without units and sources. */
export interface Prices {
  readonly hoursPerMonth: number;
  readonly interfaceEndpointHour: number;
  readonly privateLinkDataGb: readonly Tier[];
  readonly latticeResourceConfigurationHour: number;
  readonly latticeDataGb: readonly Tier[];
  readonly transitGatewayAttachmentHour: number;
  readonly transitGatewayDataGb: number;
  readonly route53HostedZoneMonth: number;
  /** Profile mode: the Route 53 account's hourly fee for its Profiles… */
  readonly route53ProfileHour: number;
  /** …which includes this many Profile-VPC associations… */
  readonly route53ProfileIncludedVpcAssociations: number;
  /** …and each one beyond costs this an hour. */
  readonly route53ProfileVpcAssociationHour: number;
  /** Monitoring (the topology's `monitoring`): per alarm, dashboard, topic and KMS key, a month. */
  readonly cloudwatchAlarmMonth: number;
  readonly cloudwatchDashboardMonth: number;
  readonly snsTopicMonth: number;
  readonly kmsKeyMonth: number;
  /** Endpoint access (docs/endpoint-access.md): a resource endpoint per AZ per hour, its data, a Resolver IP address per hour. */
  readonly resourceEndpointHour: number;
  readonly resourceEndpointDataGb: readonly Tier[];
  readonly route53ResolverEndpointIpHour: number;
}

export function pricesOf(sheet: PriceSheet): Prices {
  const p = sheet.prices;
  return {
    hoursPerMonth: sheet.hoursPerMonth.value,
    interfaceEndpointHour: p.interfaceEndpointHour.value,
    privateLinkDataGb: p.privateLinkDataGb.tiers,
    latticeResourceConfigurationHour: p.latticeResourceConfigurationHour.value,
    latticeDataGb: p.latticeDataGb.tiers,
    transitGatewayAttachmentHour: p.transitGatewayAttachmentHour.value,
    transitGatewayDataGb: p.transitGatewayDataGb.value,
    route53HostedZoneMonth: p.route53HostedZoneMonth.value,
    route53ProfileHour: p.route53ProfileHour.value,
    route53ProfileIncludedVpcAssociations: p.route53ProfileHour.includedVpcAssociations,
    route53ProfileVpcAssociationHour: p.route53ProfileVpcAssociationHour.value,
    cloudwatchAlarmMonth: (p.cloudwatchAlarmMonth ?? BUILT_IN_PRICES.prices.cloudwatchAlarmMonth).value,
    cloudwatchDashboardMonth: (p.cloudwatchDashboardMonth ?? BUILT_IN_PRICES.prices.cloudwatchDashboardMonth).value,
    snsTopicMonth: (p.snsTopicMonth ?? BUILT_IN_PRICES.prices.snsTopicMonth).value,
    kmsKeyMonth: (p.kmsKeyMonth ?? BUILT_IN_PRICES.prices.kmsKeyMonth).value,
    resourceEndpointHour: (p.resourceEndpointHour ?? BUILT_IN_PRICES.prices.resourceEndpointHour).value,
    resourceEndpointDataGb: (p.resourceEndpointDataGb ?? BUILT_IN_PRICES.prices.resourceEndpointDataGb).tiers,
    route53ResolverEndpointIpHour: (p.route53ResolverEndpointIpHour ?? BUILT_IN_PRICES.prices.route53ResolverEndpointIpHour).value,
  };
}

export class PriceSheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceSheetError";
  }
}

/** The built-in sheet, validated by the same schema as a file (a test keeps them in step). */
export const builtInSheet = (): PriceSheet => priceSheetSchema.parse(BUILT_IN_PRICES);

/** Validates sheet data; throws a PriceSheetError of one line naming the first bad field. */
export function parsePriceSheet(data: unknown, source: string): PriceSheet {
  const parsed = priceSheetSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  throw new PriceSheetError(`${source}: ${describe(issues[0])}${more}`);
}

export function readPriceSheet(file: string): PriceSheet {
  let data: unknown;
  try {
    // Bounded, regular files only, duplicate keys refused, nothing of the file echoed (config/input.ts).
    data = parseJson(readInputFile(file, "price sheet"), file);
  } catch (e) {
    if (e instanceof InputError) throw new PriceSheetError(e.message);
    throw e;
  }
  return parsePriceSheet(data, file);
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") return `${formatPath([...path, issue.keys[0]])}: unknown key`;
  if (issue.code === "invalid_type" && issue.input === undefined) return `${formatPath(path)}: is required`;
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
    return `${formatPath(path)}: must be ${issue.expected === "object" || issue.expected === "array" ? "an" : "a"} ${issue.expected}, not ${path.length === 0 ? "that" : quote(issue.input)}`;
  }
  return `${formatPath(path)}: ${issue.message}`;
}
