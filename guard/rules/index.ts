/** The rule pack (docs/rules.md), in id order. Each area's rules live in the file of that area. */
import type { Rule } from "../rule";
import { DNS_RULES } from "./dns";
import { ENDPOINT_RULES } from "./endpoints";
import { IDENTITY_RULES } from "./identity";
import { LOGGING_RULES } from "./logging";
import { MONITORING_RULES } from "./monitoring";
import { NETWORK_RULES } from "./network";
import { PROTECTION_RULES } from "./protection";
import { PROVIDER_AND_TAG_RULES } from "./providers-and-tags";
import { SHARING_RULES } from "./sharing";

export const RULES: readonly Rule[] = [
  ...NETWORK_RULES, ...SHARING_RULES, ...LOGGING_RULES, ...ENDPOINT_RULES, ...PROVIDER_AND_TAG_RULES, ...PROTECTION_RULES, ...DNS_RULES, ...IDENTITY_RULES, ...MONITORING_RULES,
].sort((a, b) => a.id.localeCompare(b.id));
