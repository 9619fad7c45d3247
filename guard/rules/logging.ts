/** Access logs: that resource traffic is recorded, kept and encrypted. */
import { MIN_LOG_RETENTION_DAYS } from "../../config/rules";
import type { Rule } from "../rule";
import { nonEmptyString } from "../terraform-json";

export const LOGGING_RULES: readonly Rule[] = [
  {
    id: "LAT006",
    title: "The service network has a RESOURCE access-log subscription to a log group of the workspace",
    severity: "error",
    rationale:
      "Resource traffic through VPC Lattice (spoke client → resource configuration) is only visible in access " +
      "logs of type RESOURCE on the service network; the default SERVICE logs do not include it. Without them " +
      "there is no record of which spoke reached which third-party endpoint, when, or how much. The destination " +
      "must be a log group this workspace manages so that its retention (LAT007) and encryption (LAT008) are checked.",
    checkov: [],
    trivy: [],
    check: (ws) => {
      const subscriptions = ws.ofType("aws_vpclattice_access_log_subscription");
      return ws.ofType("aws_vpclattice_service_network").flatMap((sn) => {
        const mine = subscriptions.filter((s) => ws.refs(s.body.resource_identifier, sn.type).includes(sn.base));
        const resource = mine.filter((s) => s.body.service_network_log_type === "RESOURCE");
        if (resource.length === 0) {
          return [{
            address: sn.address,
            message: mine.length === 0
              ? "has no access-log subscription (service_network_log_type = \"RESOURCE\")"
              : `has access-log subscriptions (${mine.map((s) => s.address).join(", ")}) but none with service_network_log_type = "RESOURCE"`,
          }];
        }
        return resource
          .filter((s) => ws.refs(s.body.destination_arn, "aws_cloudwatch_log_group").length === 0)
          .map((s) => ({ address: s.address, message: `destination_arn ${JSON.stringify(s.body.destination_arn ?? null)} is not a log group of this workspace` }));
      });
    },
  },
  {
    id: "LAT007",
    title: "Log groups keep logs at least 365 days",
    severity: "error",
    rationale:
      "Access logs are the evidence for an incident review or an audit, which commonly happens months after " +
      "the fact; most frameworks (and AWS Config's managed rule cw-loggroup-retention-period-check, by default) ask for at least a year. The " +
      "retention must be explicit: an absent retention_in_days means \"never expire\", which hides an unbounded " +
      "cost rather than stating a decision. 0 (never expire) is accepted when written explicitly.",
    checkov: ["CKV_AWS_338", "CKV_AWS_66"],
    trivy: [],
    check: (ws, ctx) => {
      const min = ctx.minLogRetentionDays ?? MIN_LOG_RETENTION_DAYS;
      return ws.ofType("aws_cloudwatch_log_group").flatMap((g) => {
        const days = g.body.retention_in_days;
        const n = typeof days === "string" && /^\d+$/.test(days) ? Number(days) : days;
        if (n === undefined || n === null) return [{ address: g.address, message: `sets no retention_in_days; keep logs at least ${min} days` }];
        if (typeof n !== "number") return [{ address: g.address, message: `retention_in_days ${JSON.stringify(days)} cannot be verified` }];
        if (n !== 0 && n < min) return [{ address: g.address, message: `keeps logs ${n} days; at least ${min} are required` }];
        return [];
      });
    },
  },
  {
    id: "LAT008",
    title: "Log groups are encrypted with the configured KMS key",
    severity: "error",
    rationale:
      "CloudWatch Logs encrypts every log group with a service key; a customer-managed KMS key adds key " +
      "policy, rotation control and CloudTrail records of every decrypt. When the topology configures a key, " +
      "every log group of the workspace must name it, so that no log group silently falls back to the service key.",
    checkov: ["CKV_AWS_158"],
    trivy: ["AVD-AWS-0017"],
    check: (ws, ctx) =>
      !ctx.requireLogKms
        ? []
        : ws.ofType("aws_cloudwatch_log_group")
            .filter((g) => !nonEmptyString(g.body.kms_key_id))
            .map((g) => ({ address: g.address, message: "has no kms_key_id, but a log KMS key is configured" })),
  },
];
