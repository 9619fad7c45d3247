/** Alarms: that an alarm tells someone (the topology's `monitoring`, docs/monitoring.md). */
import type { Rule } from "../rule";
import { isFalse, nonEmptyString } from "../terraform-json";

/** An action list: at least one ARN or expression. A Terraform expression for the whole list counts (it cannot be read here). */
const hasActions = (value: unknown): boolean =>
  nonEmptyString(value) || (Array.isArray(value) && value.some(nonEmptyString));

export const MONITORING_RULES: readonly Rule[] = [
  {
    id: "LAT025",
    title: "Every CloudWatch alarm notifies someone, on ALARM and on OK",
    severity: "error",
    rationale:
      "An alarm without alarm_actions changes state in the console and nobody learns of it: an endpoint that drops " +
      "packets or a resource gateway that fails connections goes unseen, which is what monitoring was meant to end. " +
      "ok_actions tell the same people that it is over, so an incident is not left open by guesswork. " +
      "actions_enabled = false silences both and is refused too.",
    checkov: [],
    trivy: [],
    check: (ws) => ws.ofType("aws_cloudwatch_metric_alarm").flatMap((a) => {
      const missing = [
        ...(hasActions(a.body.alarm_actions) ? [] : ["alarm_actions"]),
        ...(hasActions(a.body.ok_actions) ? [] : ["ok_actions"]),
      ];
      if (isFalse(a.body.actions_enabled)) return [{ address: a.address, message: "has actions_enabled = false: it notifies nobody" }];
      return missing.length > 0 ? [{ address: a.address, message: `has no ${missing.join(" and no ")}: it notifies nobody when its state changes` }] : [];
    }),
  },
];
