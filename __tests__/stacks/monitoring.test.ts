/**
 * Monitoring (docs/monitoring.md): the topology's `monitoring` block puts alarms on every endpoint in
 * service, the resource gateway and each resource configuration, one dashboard, and the topic they
 * notify into the hub's workspace, and nothing anywhere without it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { estateOf } from "../../config/estate";
import { validateTopology } from "../../config/loader";
import { guardContext } from "../../guard/context";
import { runRules } from "../../guard/engine";
import { attribute, instancesOf } from "../support/references";
import { PROJECT_ROOT, stackJson, synthStacks, type TerraformJson } from "../support/synth";

const raw = (file: string) => parse(readFileSync(join(PROJECT_ROOT, file), "utf8"));
const basic = () => raw("examples/basic.yaml");
const withMonitoring = (monitoring: object, t = basic()) => ({ ...t, monitoring });
const jsonOf = (input: unknown) => Object.fromEntries(Object.entries(synthStacks(input)).map(([name, s]) => [name, stackJson(s)]));
const MONITORING_TYPES = ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard", "aws_sns_topic", "aws_kms_key"];
const typesOf = (json: TerraformJson) => Object.keys(json.resource ?? {});
const TOPIC = "arn:aws:sns:us-east-1:111111111111:ops-pager";

describe("without the block", () => {
  test("no workspace has a monitoring resource", () => {
    for (const [ws, json] of Object.entries(jsonOf(basic()))) {
      expect({ ws, types: typesOf(json).filter((t) => MONITORING_TYPES.includes(t)) }).toEqual({ ws, types: [] });
    }
  });

  test("adding it changes the hub's workspace only, and only by adding", () => {
    const before = jsonOf(basic());
    const after = jsonOf(withMonitoring({}));
    for (const ws of Object.keys(before).filter((w) => w !== "hub")) expect(JSON.stringify(after[ws])).toBe(JSON.stringify(before[ws]));
    for (const type of typesOf(before.hub)) expect(after.hub.resource![type]).toEqual(before.hub.resource![type]);
    expect(after.hub.output).toEqual(before.hub.output);
  });
});

describe("monitoring: {} (every default)", () => {
  const hub = jsonOf(withMonitoring({})).hub;
  const alarms = instancesOf(hub, "aws_cloudwatch_metric_alarm");

  test("three alarms per endpoint, keyed by its name, and one for the gateway", () => {
    const byBlock = (name: string) => alarms.filter((a) => a.address.startsWith(`aws_cloudwatch_metric_alarm.${name}`)).map((a) => a.key);
    expect(byBlock("monitoring_endpoint_packets_dropped")).toEqual(["snowflake"]);
    expect(byBlock("monitoring_endpoint_resets")).toEqual(["snowflake"]);
    expect(byBlock("monitoring_configuration_connection_errors")).toEqual(["snowflake"]);
    expect(alarms.filter((a) => a.address === "aws_cloudwatch_metric_alarm.monitoring_gateway_connection_errors")).toHaveLength(1);
    // for_each over a local, as every collection (README: Scale).
    expect(hub.resource!.aws_cloudwatch_metric_alarm.monitoring_endpoint_resets.for_each).toBe("${local.monitoring_endpoints_for_each}");
  });

  test("every alarm notifies the created topic on ALARM and on OK", () => {
    for (const a of alarms) {
      expect(attribute(a, "alarm_actions")).toEqual(["${aws_sns_topic.monitoring_topic.arn}"]);
      expect(attribute(a, "ok_actions")).toEqual(["${aws_sns_topic.monitoring_topic.arn}"]);
    }
  });

  test("the endpoint alarms watch the endpoint's own metrics, with every dimension of the set", () => {
    const dropped = alarms.find((a) => a.address.includes("packets_dropped"))!;
    expect(attribute(dropped, "namespace")).toBe("AWS/PrivateLinkEndpoints");
    expect(attribute(dropped, "metric_name")).toBe("PacketsDropped");
    expect(attribute(dropped, "dimensions")).toEqual({
      "Endpoint Type": "Interface",
      "Service Name": "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
      "VPC Endpoint Id": '${aws_vpc_endpoint.shared_vpc_endpoints["snowflake"].id}',
      "VPC Id": basic().hub.vpcId,
    });
    expect(attribute(dropped, "alarm_name")).toBe("acme-endpoints-snowflake-packets-dropped");
    expect([attribute(dropped, "threshold"), attribute(dropped, "evaluation_periods"), attribute(dropped, "datapoints_to_alarm"), attribute(dropped, "treat_missing_data")])
      .toEqual([10, 5, 3, "notBreaching"]);
    const configuration = alarms.find((a) => a.address.includes("configuration_connection_errors"))!;
    expect(attribute(configuration, "dimensions")).toEqual({ ResourceConfiguration: '${aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"].id}' });
  });

  test("the topic is encrypted with a key of its own that CloudWatch may use", () => {
    expect(hub.resource!.aws_sns_topic.monitoring_topic).toMatchObject({ name: "acme-endpoints-alarms", kms_master_key_id: "${aws_kms_key.monitoring_topic_key.arn}" });
    const key = hub.resource!.aws_kms_key.monitoring_topic_key;
    expect(key.enable_key_rotation).toBe(true);
    const policy = JSON.parse(key.policy as string);
    expect(policy.Statement[1]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] });
  });

  test("one dashboard naming each endpoint's and configuration's instance and the gateway", () => {
    const body = hub.resource!.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body as string;
    expect(hub.resource!.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_name).toBe("acme-endpoints-endpoints");
    expect(body).toMatch(/^\$\{jsonencode\(\{ "widgets" = \[/);
    expect(body).toContain('aws_vpc_endpoint.shared_vpc_endpoints["snowflake"].id');
    expect(body).toContain('aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"].id');
    expect(body).toContain('"ResourceGateway", aws_vpclattice_resource_gateway.lattice_resource_gateway.id');
  });

  test("the rule pack finds nothing", () => {
    const topology = validateTopology(withMonitoring({})).topology;
    expect(runRules(hub, guardContext(estateOf(topology), "hub"))).toEqual([]);
  });
});

describe("choices", () => {
  test("an existing topic: notified by every alarm; no topic, no key created", () => {
    const hub = jsonOf(withMonitoring({ topicArn: TOPIC })).hub;
    expect(typesOf(hub)).not.toContain("aws_sns_topic");
    expect(typesOf(hub)).not.toContain("aws_kms_key");
    for (const a of instancesOf(hub, "aws_cloudwatch_metric_alarm")) expect([attribute(a, "alarm_actions"), attribute(a, "ok_actions")]).toEqual([[TOPIC], [TOPIC]]);
  });

  test("a given key encrypts the created topic; none is created", () => {
    const key = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const hub = jsonOf(withMonitoring({ kmsKeyArn: key })).hub;
    expect(typesOf(hub)).not.toContain("aws_kms_key");
    expect(hub.resource!.aws_sns_topic.monitoring_topic.kms_master_key_id).toBe(key);
  });

  test("thresholds reach the alarms", () => {
    const hub = jsonOf(withMonitoring({ thresholds: { resetsPerMinute: 60, evaluationMinutes: 10, breachingMinutes: 10 } })).hub;
    const resets = instancesOf(hub, "aws_cloudwatch_metric_alarm").find((a) => a.address.includes("resets"))!;
    expect([attribute(resets, "threshold"), attribute(resets, "evaluation_periods"), attribute(resets, "datapoints_to_alarm")]).toEqual([60, 10, 10]);
  });

  test("a retired endpoint keeps running but loses its alarms and its widgets", () => {
    const t = basic();
    t.endpoints.push({ ...t.endpoints[0], name: "old-vendor", retired: true, serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1" });
    const hub = jsonOf(withMonitoring({}, t)).hub;
    expect(instancesOf(hub, "aws_vpc_endpoint").map((e) => e.key).sort()).toEqual(["old-vendor", "snowflake"]);
    expect(new Set(instancesOf(hub, "aws_cloudwatch_metric_alarm").map((a) => a.key).filter(Boolean))).toEqual(new Set(["snowflake"]));
    expect(hub.resource!.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body).not.toContain("old-vendor");
  });
});
