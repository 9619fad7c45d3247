import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformProvider, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import {
  attributeExpression,
  EACH_KEY,
  eachValue,
  Expression,
  instanceAttribute,
  instanceExpression,
  jsonDocument,
  keyedIterator,
  literal,
  text,
} from "./expressions";

/** One monitored interface endpoint; keyed by the endpoint's name. */
export interface MonitoredEndpoint {
  /** Its endpoint service: a dimension of every AWS/PrivateLinkEndpoints metric. */
  readonly service_name: string;
}

/** Alarm thresholds, per one-minute period (docs/monitoring.md). */
export interface MonitoringThresholds {
  /** PacketsDropped of an endpoint in a minute above which the minute breaches. @default 10 */
  readonly packetsDroppedPerMinute: number;
  /** RstPacketsReceived of an endpoint in a minute above which the minute breaches. @default 600 (10 a second) */
  readonly resetsPerMinute: number;
  /** ConnectionErrorCount of the gateway or of a configuration in a minute above which the minute breaches. @default 10 */
  readonly connectionErrorsPerMinute: number;
  /** Minutes each alarm looks at. @default 5 */
  readonly evaluationMinutes: number;
  /** Breaching minutes among them that set it off. @default 3 */
  readonly breachingMinutes: number;
}

export interface MonitoringProps {
  readonly provider: TerraformProvider;
  /** The Region of the metrics (dashboard widgets name it). */
  readonly region: string;
  /** The hub VPC: a dimension of the endpoint metrics. */
  readonly vpcId: string;
  /** Endpoint name → what its alarms need. A literal map: the dashboard has a widget per endpoint. */
  readonly endpoints: Readonly<Record<string, MonitoredEndpoint>>;
  /** The interface endpoints, a for_each resource keyed by endpoint name. */
  readonly vpcEndpoints: TerraformResource;
  /** The resource configurations, a for_each resource keyed by endpoint name. */
  readonly resourceConfigurations: TerraformResource;
  readonly resourceGateway: TerraformResource;
  /** AWS names: alarms start with alarmPrefix; the dashboard; the topic when one is created. */
  readonly names: { readonly alarmPrefix: string; readonly dashboard: string; readonly topic: string };
  /** An existing topic to notify. @default a topic created here, encrypted */
  readonly topicArn?: string;
  /** The created topic's key; its policy must let CloudWatch use it. @default a key created here for the topic */
  readonly topicKmsKeyArn?: string;
  /** The hub account and its partition: the created key's policy names them. */
  readonly accountId: string;
  readonly partition: string;
  readonly thresholds: MonitoringThresholds;
}

/** Metric namespaces and names (docs/monitoring.md cites the pages). */
const PRIVATELINK = "AWS/PrivateLinkEndpoints";
const LATTICE = "AWS/VpcLattice";

/**
 * CloudWatch alarms on every shared endpoint (dropped packets, resets), on the resource gateway and
 * on each resource configuration (connection errors), all notifying one SNS topic on ALARM and OK,
 * and one dashboard of those metrics.
 */
export class Monitoring extends Construct {
  readonly topicArn: string;
  readonly alarms: readonly CloudwatchMetricAlarm[];
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { provider, names, thresholds: th } = props;
    this.topicArn = props.topicArn ?? this.createTopic(props);
    const notify = [this.topicArn];
    const endpoint = keyedIterator(this, "endpoints", props.endpoints);

    // One-minute periods; "several minutes" of breach, so that a single blip does not page anyone.
    // No data means no traffic, hence nothing dropped or reset: not a breach.
    const common = {
      provider,
      period: 60,
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: th.evaluationMinutes,
      datapointsToAlarm: th.breachingMinutes,
      treatMissingData: "notBreaching",
      alarmActions: notify,
      okActions: notify,
    };
    const endpointDimensions = {
      "Endpoint Type": "Interface",
      "Service Name": text`${eachValue("service_name")}`,
      "VPC Endpoint Id": instanceAttribute(props.vpcEndpoints, EACH_KEY, "id"),
      "VPC Id": props.vpcId,
    };
    const dropped = new CloudwatchMetricAlarm(this, "endpoint_packets_dropped", {
      ...common,
      forEach: endpoint,
      alarmName: `${names.alarmPrefix}-` + text`${EACH_KEY}-packets-dropped`,
      alarmDescription: text`Interface endpoint ${EACH_KEY} drops packets (PacketsDropped): it or its vendor is overloaded or failing.`,
      namespace: PRIVATELINK,
      metricName: "PacketsDropped",
      dimensions: endpointDimensions,
      threshold: th.packetsDroppedPerMinute,
    });
    const resets = new CloudwatchMetricAlarm(this, "endpoint_resets", {
      ...common,
      forEach: endpoint,
      alarmName: `${names.alarmPrefix}-` + text`${EACH_KEY}-resets`,
      alarmDescription: text`Interface endpoint ${EACH_KEY} receives TCP resets (RstPacketsReceived): the vendor's service refuses or drops connections.`,
      namespace: PRIVATELINK,
      metricName: "RstPacketsReceived",
      dimensions: endpointDimensions,
      threshold: th.resetsPerMinute,
    });
    const configurationErrors = new CloudwatchMetricAlarm(this, "configuration_connection_errors", {
      ...common,
      forEach: endpoint,
      alarmName: `${names.alarmPrefix}-` + text`${EACH_KEY}-connection-errors`,
      alarmDescription: text`VPC Lattice resource configuration of ${EACH_KEY}: connections from the spokes fail (ConnectionErrorCount).`,
      namespace: LATTICE,
      metricName: "ConnectionErrorCount",
      dimensions: { ResourceConfiguration: instanceAttribute(props.resourceConfigurations, EACH_KEY, "id") },
      threshold: th.connectionErrorsPerMinute,
    });
    const gatewayErrors = new CloudwatchMetricAlarm(this, "gateway_connection_errors", {
      ...common,
      alarmName: `${names.alarmPrefix}-resource-gateway-connection-errors`,
      alarmDescription: "VPC Lattice resource gateway: connections to the interface endpoints fail (ConnectionErrorCount).",
      namespace: LATTICE,
      metricName: "ConnectionErrorCount",
      dimensions: { ResourceGateway: props.resourceGateway.getStringAttribute("id") },
      threshold: th.connectionErrorsPerMinute,
    });
    this.alarms = [dropped, resets, configurationErrors, gatewayErrors];

    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      provider,
      dashboardName: names.dashboard,
      dashboardBody: jsonDocument({ widgets: dashboardWidgets(props) }),
    });
  }

  /** A topic encrypted with the given key or with one of its own that CloudWatch may use (the AWS-managed alias/aws/sns key does not let it). */
  private createTopic(props: MonitoringProps): string {
    const keyArn = props.topicKmsKeyArn ?? new KmsKey(this, "topic_key", {
      provider: props.provider,
      description: `Encrypts the SNS topic ${props.names.topic} that CloudWatch alarms notify`,
      enableKeyRotation: true,
      policy: JSON.stringify(topicKeyPolicy(props.accountId, props.partition)),
    }).arn;
    return new SnsTopic(this, "topic", {
      provider: props.provider,
      name: props.names.topic,
      kmsMasterKeyId: keyArn,
    }).arn;
  }
}

/** The account administers the key (as a default key policy does); CloudWatch encrypts what it publishes to the topic. */
function topicKeyPolicy(accountId: string, partition: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** A row of widgets per endpoint (its PrivateLink metrics, its configuration's), then the gateway's. */
function dashboardWidgets(props: MonitoringProps): object[] {
  const graph = (title: string, metrics: unknown[][], y: number, x = 0) => ({
    type: "metric", x, y, width: 12, height: 6,
    properties: { title, region: props.region, period: 60, stat: "Sum", view: "timeSeries", metrics },
  });
  const rows = Object.entries(props.endpoints).flatMap(([name, e], i) => {
    const dims = ["Endpoint Type", "Interface", "Service Name", e.service_name,
      "VPC Endpoint Id", new Expression(instanceExpression(props.vpcEndpoints, literal(name), "id")), "VPC Id", props.vpcId];
    const configuration = ["ResourceConfiguration", new Expression(instanceExpression(props.resourceConfigurations, literal(name), "id"))];
    return [
      graph(`${name}: interface endpoint`, ["ActiveConnections", "NewConnections", "PacketsDropped", "RstPacketsReceived"]
        .map((m) => [PRIVATELINK, m, ...dims]), 6 * i),
      graph(`${name}: resource configuration`, ["ActiveConnectionCount", "NewConnectionCount", "ConnectionErrorCount"]
        .map((m) => [LATTICE, m, ...configuration]), 6 * i, 12),
    ];
  });
  const gateway = graph("Resource gateway", ["ActiveConnectionCount", "NewConnectionCount", "ConnectionErrorCount"]
    .map((m) => [LATTICE, m, "ResourceGateway", new Expression(attributeExpression(props.resourceGateway, "id"))]), 6 * Object.keys(props.endpoints).length);
  return [...rows, gateway];
}
