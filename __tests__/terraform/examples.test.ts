/**
 * Every workspace of every example topology: synthesized by the CLI, validated by Terraform as
 * written, and planned offline against fixture hub outputs; the plans are checked against the topology.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { portRanges } from "../../config/ports";
import { fixtureHubOutputs, writeHubState, type HubOutputs } from "../support/fixtures";
import { EXAMPLES, exampleTopology, PROJECT_ROOT, synthCli } from "../support/synth";
import { planWorkspace, validateWorkspace, type Plan, type ValidateResult } from "../support/terraform";

const HUB_OUTPUTS = ["endpoints", "resource_share_arn", "service_network_arn", "service_network_id"];

describe.each(EXAMPLES)("example %s", (example) => {
  const topology = exampleTopology(example);
  const fixture: HubOutputs = fixtureHubOutputs(topology);
  const stackNames = ["hub", ...topology.spokes.map((s) => `spoke-${s.name}`), "dns"];
  const validations: Record<string, ValidateResult> = {};
  const plans: Record<string, Plan> = {};
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `lattice-${example}-`));
    const out = join(work, "out");
    const synth = synthCli(join(PROJECT_ROOT, "examples", example), out);
    if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
    const hubState = join(work, "hub-outputs.tfstate");
    writeHubState(hubState, fixture);
    // Two workspaces at a time: this machine has two cores.
    const queue = [...stackNames];
    const worker = async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const dir = join(out, "stacks", s);
        validations[s] = await validateWorkspace(dir, join(work, "validate", s));
        plans[s] = await planWorkspace(dir, join(work, "plan", s), hubState);
      }
    };
    await Promise.all([worker(), worker()]);
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const changes = (stack: string, type: string) =>
    plans[stack].resource_changes.filter((r) => r.type === type);
  const after = (stack: string, type: string) => changes(stack, type).map((r) => r.change.after);

  test.each(stackNames)("%s: terraform validate passes", (stack) => {
    expect(validations[stack].diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(validations[stack].valid).toBe(true);
  });

  test.each(stackNames)("%s: offline plan only creates", (stack) => {
    const actions = new Set(plans[stack].resource_changes.flatMap((r) => r.change.actions));
    expect([...actions]).toEqual(["create"]);
  });

  test("hub: one endpoint, resource configuration and association per endpoint", () => {
    const endpoints = after("hub", "aws_vpc_endpoint");
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(topology.endpoints.map((e) => e.serviceName).sort());
    for (const e of endpoints) {
      expect(e).toMatchObject({ vpc_endpoint_type: "Interface", private_dns_enabled: false, vpc_id: topology.hub.vpcId });
      expect([...(e.subnet_ids as string[])].sort()).toEqual([...topology.hub.subnetIds].sort());
    }
    const configs = after("hub", "aws_vpclattice_resource_configuration");
    expect(configs).toHaveLength(topology.endpoints.length);
    for (const e of topology.endpoints) {
      const config = configs.find((c) => String(c.name).endsWith(e.name));
      expect(config).toMatchObject({ type: "SINGLE", protocol: "TCP", allow_association_to_shareable_service_network: true });
      expect([...(config!.port_ranges as string[])].sort()).toEqual([...e.ports].sort());
    }
    expect(changes("hub", "aws_vpclattice_service_network_resource_association")).toHaveLength(topology.endpoints.length);
  });

  test("hub: endpoint groups admit only the gateway's group, which has no ingress", () => {
    const ingress = after("hub", "aws_vpc_security_group_ingress_rule");
    expect(ingress.every((r) => r.cidr_ipv4 == null && r.cidr_ipv6 == null)).toBe(true);
    const expected = topology.endpoints.reduce((n, e) => n + portRanges(e.ports).length, 0);
    expect(ingress).toHaveLength(expected);
    expect(after("hub", "aws_vpc_security_group_egress_rule")).toHaveLength(expected);
    expect(changes("hub", "aws_security_group")).toHaveLength(topology.endpoints.length + 1);
  });

  test("hub: shared with each spoke account once, external principals only when needed", () => {
    const accounts = [...new Set(topology.spokes.map((s) => s.accountId))].filter((a) => a !== topology.hub.accountId);
    expect(after("hub", "aws_ram_principal_association").map((p) => p.principal).sort()).toEqual(accounts.sort());
    const external = topology.spokes.some((s) => !s.inOrganization);
    expect(after("hub", "aws_ram_resource_share")).toEqual([expect.objectContaining({ allow_external_principals: external })]);
  });

  test("hub: resource access logs into a retained log group", () => {
    expect(after("hub", "aws_vpclattice_access_log_subscription")).toEqual([
      expect.objectContaining({ service_network_log_type: "RESOURCE" }),
    ]);
    expect(after("hub", "aws_cloudwatch_log_group")).toEqual([
      expect.objectContaining({ retention_in_days: topology.hub.logRetentionDays }),
    ]);
  });

  test("hub: publishes the contract outputs, not sensitive", () => {
    const outputs = plans.hub.planned_values.outputs ?? {};
    const declared = Object.keys(plans.hub.output_changes ?? {}).sort();
    expect(declared).toEqual(HUB_OUTPUTS);
    for (const o of Object.values(outputs)) expect(o.sensitive).toBe(false);
  });

  test.each(topology.spokes.map((s) => s.name))("spoke-%s: each VPC joins the fixture's service network", (name) => {
    const spoke = topology.spokes.find((s) => s.name === name)!;
    const stack = `spoke-${name}`;
    const associations = after(stack, "aws_vpclattice_service_network_vpc_association");
    expect(associations.map((a) => a.vpc_identifier).sort()).toEqual(spoke.vpcs.map((v) => v.vpcId).sort());
    for (const a of associations) expect(a.service_network_identifier).toBe(fixture.service_network_arn);
    for (const v of spoke.vpcs.filter((v) => v.securityGroupIds)) {
      const a = associations.find((x) => x.vpc_identifier === v.vpcId)!;
      expect(a.security_group_ids).toEqual(v.securityGroupIds);
    }
    const cidrRules = after(stack, "aws_vpc_security_group_ingress_rule").map((r) => r.cidr_ipv4 ?? r.cidr_ipv6);
    const cidrs = spoke.vpcs.flatMap((v) => v.clientCidrs ?? []);
    expect(new Set(cidrRules)).toEqual(new Set(cidrs));
    const accepters = after(stack, "aws_ram_resource_share_accepter");
    const firstOutside = topology.spokes.find((s) => s.accountId === spoke.accountId && !s.inOrganization);
    expect(accepters).toEqual(firstOutside === spoke ? [expect.objectContaining({ share_arn: fixture.resource_share_arn })] : []);
  });

  test("dns: each record points at its own endpoint's Lattice DNS name", () => {
    const records = after("dns", "aws_route53_record");
    const expected = topology.endpoints.flatMap((e) =>
      e.dns.records.map((r) => ({ name: `${r}.${e.dns.zone}`, records: [fixture.endpoints[e.name].lattice_dns_name] })));
    expect(records.map((r) => ({ name: r.name, records: r.records }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))))
      .toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
    for (const r of records) expect(r).toMatchObject({ type: "CNAME", ttl: topology.dns.ttl });
  });

  test("dns: zones created or adopted, and associated with every spoke VPC", () => {
    const zones = [...new Set(topology.endpoints.map((e) => e.dns.zone))];
    const created = zones.filter((z) => !topology.dns.zones[z]);
    expect(after("dns", "aws_route53_zone").map((z) => z.name).sort()).toEqual(created.sort());
    const vpcs = topology.spokes.flatMap((s) => s.vpcs.map((v) => ({ vpcId: v.vpcId, cross: s.accountId !== topology.dns.accountId })));
    expect(changes("dns", "aws_route53_zone_association")).toHaveLength(zones.length * vpcs.length);
    expect(changes("dns", "aws_route53_vpc_association_authorization")).toHaveLength(zones.length * vpcs.filter((v) => v.cross).length);
    for (const [zone, id] of Object.entries(topology.dns.zones)) {
      const adopted = after("dns", "aws_route53_zone_association").filter((a) => a.zone_id === id);
      expect(adopted).toHaveLength(vpcs.length);
      expect(zone).toBeTruthy();
    }
  });
});
