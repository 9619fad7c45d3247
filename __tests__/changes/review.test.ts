/**
 * `npm run changes`: every workspace's predicted actions, the hazards and the runbook of the common
 * changes, worked out from the two topologies. (That the predictions are what Terraform plans is
 * proven against Terraform in __tests__/terraform/change-matrix.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateTopology } from "../../config/loader";
import { formatReport } from "../../changes/format";
import type { ChangeReport, WorkspaceReport } from "../../changes/model";
import { reviewChange, synthesisOf } from "../../changes/review";
import { PROJECT_ROOT } from "../support/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;
const raw = (file: string): Raw => parse(readFileSync(join(PROJECT_ROOT, file), "utf8"));
const side = (data: Raw) => {
  const { topology, warnings } = validateTopology(data);
  return synthesisOf(topology, warnings);
};
const BASIC = raw("examples/basic.yaml");
const basic = side(BASIC);
const review = (edit: (t: Raw) => void, from: Raw = BASIC, options = {}): ChangeReport => {
  const t = structuredClone(from);
  edit(t);
  return reviewChange(from === BASIC ? basic : side(from), side(t), options);
};
const ws = (r: ChangeReport, name: string): WorkspaceReport => r.workspaces.find((w) => w.name === name)!;
const actions = (r: ChangeReport, name: string) => Object.fromEntries(ws(r, name).resources.map((x) => [x.address, x.action]));
const hazardIds = (r: ChangeReport) => r.hazards.map((h) => `${h.severity} ${h.id} ${h.workspace}`);
const spoke = (t: Raw, name: string) => t.spokes.find((s: Raw) => s.name === name);

const ZONE = "privatelink.snowflakecomputing.com";
const [PAYMENTS_VPC, ANALYTICS_VPC] = ["vpc-0c1b2c3d4e5f60718", "vpc-0d1b2c3d4e5f60718"];

test("no change: every workspace unchanged, no hazard, nothing to apply", () => {
  const r = reviewChange(basic, basic);
  expect(r.workspaces.map((w) => [w.name, w.change, w.resources.length])).toEqual([
    ["hub", "unchanged", 0], ["dns", "unchanged", 0], ["spoke-payments", "unchanged", 0], ["spoke-analytics", "unchanged", 0],
  ]);
  expect(r.hazards).toEqual([]);
  expect(r.runbook).toEqual([]);
});

describe("retiring a spoke", () => {
  const r = review((t) => { spoke(t, "analytics").retired = true; });

  test("its workspace deletes everything it declared; the hub drops its principal, dns its authorization", () => {
    expect(ws(r, "spoke-analytics")).toMatchObject({ change: "retiring", create: 0, update: 0, replace: 0 });
    // Its one VPC brings its own security group: a VPC association and a zone association.
    expect(actions(r, "spoke-analytics")).toEqual({
      [`aws_route53_zone_association.zone_associations["${ZONE}/${ANALYTICS_VPC}"]`]: "delete",
      [`aws_vpclattice_service_network_vpc_association.spoke_vpc_associations["${ANALYTICS_VPC}"]`]: "delete",
    });
    expect(actions(r, "hub")).toEqual({ 'aws_ram_principal_association.lattice_resource_share_principals["444444444444"]': "delete" });
    expect(actions(r, "dns")).toEqual({ [`aws_route53_vpc_association_authorization.dns_authorizations["${ZONE}/${ANALYTICS_VPC}"]`]: "delete" });
    expect(ws(r, "spoke-payments").change).toBe("unchanged");
  });

  test("applies first, then dns, then the hub; no hazard", () => {
    expect(r.runbook).toEqual([["spoke-analytics"], ["dns"], ["hub"]]);
    expect(r.hazards).toEqual([]);
  });

  test("removing it once retired is clean; removing it without retirement is an error naming what to do", () => {
    const retired = structuredClone(BASIC);
    spoke(retired, "analytics").retired = true;
    const after = review((t) => { t.spokes = t.spokes.filter((s: Raw) => s.name !== "analytics"); }, retired);
    expect(ws(after, "spoke-analytics").change).toBe("removed");
    expect(after.hazards).toEqual([]);
    expect(after.runbook).toEqual([]);

    const dropped = review((t) => { t.spokes = t.spokes.filter((s: Raw) => s.name !== "analytics"); });
    expect(hazardIds(dropped)).toEqual(["error removed-without-retirement spoke-analytics"]);
    expect(dropped.hazards[0].message).toMatch(/declares 2 resources: they would be orphaned and the account would keep its access; keep spoke analytics with "retired: true", apply spoke-analytics, then remove it$/);
    expect(dropped.runbook.flat()).not.toContain("spoke-analytics");
  });
});

describe("a new serviceName", () => {
  const r = review((t) => { t.endpoints[0].serviceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1"; });

  test("replaces the endpoint, its configuration and its association; dns follows with the records", () => {
    expect(actions(r, "hub")).toEqual({
      'aws_vpc_endpoint.shared_vpc_endpoints["snowflake"]': "replace",
      'aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"]': "replace",
      'aws_vpclattice_service_network_resource_association.shared_associations["snowflake"]': "replace",
    });
    expect(actions(r, "dns")).toEqual({
      [`aws_route53_record.dns_records["xy12345-app.us-east-1.${ZONE}"]`]: "update",
      [`aws_route53_record.dns_records["xy12345.us-east-1.${ZONE}"]`]: "update",
    });
    expect(r.runbook).toEqual([["hub"], ["dns"]]);
  });

  test("is refused by prevent_destroy (error) and names who loses the vendor until dns applies", () => {
    expect(hazardIds(r)).toEqual([
      "error prevent-destroy hub", "error prevent-destroy hub",
      "warning critical-replacement hub", "warning critical-replacement hub", "warning critical-replacement hub",
    ]);
    expect(r.hazards[2].message).toBe('aws_vpc_endpoint.shared_vpc_endpoints["snowflake"] is replaced (service_name): spokes payments, analytics lose snowflake '
      + "from hub's apply until dns has applied; the vendor must accept the new endpoint before the apply can finish; to avoid the outage, keep snowflake's "
      + 'serviceName, mark it "retired: true" and add the new service as another endpoint with snowflake\'s records: apply hub, then dns, then delete snowflake (docs/changes.md)');
  });

  test("with protect off only the replacement warnings remain", () => {
    const off = structuredClone(BASIC);
    off.protect = false;
    const unprotected = review((t) => { t.endpoints[0].serviceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1"; }, off);
    expect(hazardIds(unprotected).every((h) => h.startsWith("warning critical-replacement"))).toBe(true);
  });
});

test("a new hub subnet replaces the gateway and with it every configuration and association", () => {
  const r = review((t) => { t.hub.subnetIds.push("subnet-0c1b2c3d4e5f60718"); });
  expect(actions(r, "hub")).toEqual({
    'aws_vpc_endpoint.shared_vpc_endpoints["snowflake"]': "update",
    "aws_vpclattice_resource_gateway.lattice_resource_gateway": "replace",
    'aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"]': "replace",
    'aws_vpclattice_service_network_resource_association.shared_associations["snowflake"]': "replace",
  });
  expect(ws(r, "dns").update).toBe(2);
  expect(r.runbook).toEqual([["hub"], ["dns"]]);
});

test("a new endpoint: hub, then dns (its records read the new output key), then the spokes (the new zone)", () => {
  const r = review((t) => t.endpoints.push({
    name: "datadog", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef2", ports: ["443"],
    dns: { zone: "datadoghq.com", records: ["intake"] },
  }));
  expect(ws(r, "hub")).toMatchObject({ change: "changed", create: 6, update: 0, replace: 0, delete: 0 });
  expect(ws(r, "dns")).toMatchObject({ create: 4 });
  expect(actions(r, "spoke-payments")).toEqual({ [`aws_route53_zone_association.zone_associations["datadoghq.com/${PAYMENTS_VPC}"]`]: "create" });
  expect(r.runbook).toEqual([["hub"], ["dns"], ["spoke-payments", "spoke-analytics"]]);
  expect(hazardIds(r)).toEqual(["warning invalid-index dns", "warning invalid-index spoke-payments", "warning invalid-index spoke-analytics"]);
});

test("removing an endpoint: dns deletes the records and zone first, then the hub; protect refuses both", () => {
  const two = structuredClone(BASIC);
  two.endpoints.push({ name: "datadog", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef2", ports: ["443"], dns: { zone: "datadoghq.com", records: ["intake"] } });
  const r = review((t) => t.endpoints.pop(), two);
  expect(ws(r, "hub").delete).toBe(6);
  expect(ws(r, "dns").delete).toBe(4);
  expect(r.runbook).toEqual([["spoke-payments", "spoke-analytics"], ["dns"], ["hub"]]);
  expect(hazardIds(r).filter((h) => h.startsWith("error"))).toEqual(["error prevent-destroy hub", "error prevent-destroy hub", "error prevent-destroy dns"]);
});

test("a new port: rules added, the configuration's port ranges updated in place, old rules untouched", () => {
  const r = review((t) => { t.endpoints[0].ports = ["443", "8443"]; });
  expect(actions(r, "hub")).toEqual({
    'aws_vpc_security_group_egress_rule.shared_gateway_egress["snowflake/8443"]': "create",
    'aws_vpc_security_group_ingress_rule.shared_ingress["snowflake/8443"]': "create",
    'aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"]': "update",
  });
  expect(r.hazards).toEqual([]);
});

test("a new VPC in associations mode: dns authorizes it, then the spoke associates it", () => {
  const r = review((t) => spoke(t, "payments").vpcs.push({ vpcId: "vpc-0f1b2c3d4e5f60718", clientCidrs: ["10.40.0.0/16"] }));
  expect(r.runbook).toEqual([["dns"], ["spoke-payments"]]);
  expect(ws(r, "spoke-payments").create).toBe(4);
});

test("a VPC moving between spokes: the old spoke first, and a hazard saying so", () => {
  const r = review((t) => {
    spoke(t, "payments").vpcs.push(spoke(t, "analytics").vpcs.pop());
    spoke(t, "analytics").vpcs.push({ vpcId: "vpc-0a0b2c3d4e5f60718", clientCidrs: ["10.50.0.0/16"] });
  });
  expect(actions(r, "spoke-payments")[`aws_vpclattice_service_network_vpc_association.spoke_vpc_associations["${ANALYTICS_VPC}"]`]).toBe("create");
  expect(actions(r, "spoke-analytics")[`aws_vpclattice_service_network_vpc_association.spoke_vpc_associations["${ANALYTICS_VPC}"]`]).toBe("delete");
  const waves = r.runbook.map((w) => [...w]);
  const at = (name: string) => waves.findIndex((w) => w.includes(name));
  expect(at("spoke-analytics")).toBeLessThan(at("spoke-payments"));
  expect(hazardIds(r)).toEqual(["warning vpc-move spoke-payments"]);
  expect(r.hazards[0].message).toMatch(/^vpc-0d1b2c3d4e5f60718 moves from spoke-analytics to spoke-payments: apply spoke-analytics first/);
});

test("switching the DNS mode: dns first, then the spokes, with the resolution gap named", () => {
  const r = review((t) => { t.dns.mode = "profile"; });
  expect(r.runbook).toEqual([["dns"], ["spoke-payments", "spoke-analytics"]]);
  expect(hazardIds(r)).toEqual(["warning dns-mode-switch dns"]);
  const back = review((t) => { t.dns.mode = "associations"; }, { ...structuredClone(BASIC), dns: { ...BASIC.dns, mode: "profile" } });
  expect(back.hazards.find((h) => h.id === "dns-mode-switch")!.message).toMatch(/^profile → associations: the dns apply takes every zone out of the profile/);
  // With protect on, the profile and its share leave with their blocks: Terraform would not stop it.
  expect(hazardIds(back).filter((h) => h.includes("protection-bypassed"))).toEqual([
    "error protection-bypassed dns", "error protection-bypassed dns",
  ]);
  expect(hazardIds(review((t) => { t.dns.mode = "associations"; }, { ...structuredClone(BASIC), protect: false, dns: { ...BASIC.dns, mode: "profile" } })))
    .toEqual(["warning dns-mode-switch dns"]);
  expect(back.hazards.find((h) => h.id === "dns-mode-switch")!.message).toContain("set dns.retiringMode: profile beside mode: associations");
  // Through the transition: both mechanisms serve, and dropping the old one later is a plain apply.
  const PROFILE_MODE = { ...structuredClone(BASIC), dns: { ...BASIC.dns, mode: "profile" } };
  const both = review((t) => Object.assign(t.dns, { mode: "associations", retiringMode: "profile" }), PROFILE_MODE);
  expect(hazardIds(both)).toEqual(["warning dns-mode-switch dns"]);
  expect(both.hazards[0].message).toMatch(/^profile → associations with dns.retiringMode: profile: .* so no VPC stops resolving/);
  expect(both.runbook).toEqual([["dns"], ["spoke-payments", "spoke-analytics"]]);
  const transitional = structuredClone(PROFILE_MODE);
  Object.assign(transitional.dns, { mode: "associations", retiringMode: "profile" });
  const done = review((t) => { delete t.dns.retiringMode; }, transitional);
  expect(done.hazards).toEqual([]);
  expect(done.runbook).toEqual([["spoke-payments", "spoke-analytics"], ["dns"]]);
});

test("adding a spoke outside the organization warns that the share admits an external principal", () => {
  const r = review((t) => t.spokes.push({
    name: "partner", accountId: "555555555555", inOrganization: false,
    vpcs: [{ vpcId: "vpc-0f1b2c3d4e5f60719", securityGroupIds: ["sg-0f1b2c3d4e5f60719"] }],
  }));
  expect(ws(r, "spoke-partner").change).toBe("added");
  expect(actions(r, "hub")).toMatchObject({ "aws_ram_resource_share.lattice_resource_share": "update" });
  expect(hazardIds(r)).toEqual(["warning external-principal hub"]);
  expect(r.runbook).toEqual([["hub"], ["dns"], ["spoke-partner"]]);
});

test("crossing 80 % of a quota is a hazard", () => {
  const r = review((t) => { t.quotas = { vpcsPerHostedZone: 3 }; });
  expect(hazardIds(r)).toEqual(["warning quota hub"]);
  expect(r.hazards[0].message).toMatch(/^quotas\.vpcsPerHostedZone: /);
});

describe("teardown", () => {
  const teardown = (t: Raw) => {
    const s = side(t);
    return reviewChange(s, s, { teardown: true });
  };

  test("every workspace retires: the spokes first, then dns, then the hub", () => {
    const r = teardown(BASIC);
    expect(r.workspaces.every((w) => w.change === "retiring")).toBe(true);
    expect(r.runbook).toEqual([["spoke-payments", "spoke-analytics"], ["dns"], ["hub"]]);
  });

  test("with protect on, every protected resource is an error telling to turn protect off first", () => {
    expect(new Set(teardown(BASIC).hazards.map((h) => h.id))).toEqual(new Set(["prevent-destroy"]));
    expect(teardown({ ...structuredClone(BASIC), protect: false }).hazards).toEqual([]);
  });
});

test("the three formats carry the same report; JSON has exactly the contract's keys", () => {
  const r = review((t) => { spoke(t, "analytics").retired = true; });
  const json = JSON.parse(formatReport(r, "json", "t"));
  expect(Object.keys(json)).toEqual(["workspaces", "hazards", "runbook"]);
  expect(Object.keys(json.workspaces[0])).toEqual(["name", "change", "create", "update", "replace", "delete", "resources", "moves"]);
  expect(json.runbook).toEqual([["spoke-analytics"], ["dns"], ["hub"]]);
  const text = formatReport(r, "text", "title");
  expect(text).toContain("  1. spoke-analytics\n  2. dns\n  3. hub\n");
  expect(text).toContain('      delete   aws_ram_principal_association.lattice_resource_share_principals["444444444444"]');
  const md = formatReport(r, "markdown", "title");
  expect(md).toContain("| `spoke-analytics` | retiring | 0 | 0 | 0 | 2 |");
  expect(md).toContain("1. `spoke-analytics`\n2. `dns`\n3. `hub`");
});

describe("with an identity: the bootstrap workspaces are reviewed too", () => {
  const HCP = raw("examples/hcp-terraform.yaml");
  const hcp = side(HCP);
  const retire = (t: Raw) => { spoke(t, "data").retired = true; };

  test("retiring a spoke turns its run triggers around in hcp; its role stays", () => {
    const t = structuredClone(HCP);
    retire(t);
    const r = reviewChange(hcp, side(t));
    expect(actions(r, "hcp")).toEqual({
      'tfe_run_trigger.hcp_run_triggers["dns/spoke-data"]': "delete",
      'tfe_run_trigger.hcp_run_triggers["hub/spoke-data"]': "delete",
      'tfe_run_trigger.hcp_run_triggers["spoke-data/dns"]': "create",
      'tfe_run_trigger.hcp_run_triggers["spoke-data/hub"]': "create",
    });
    expect(ws(r, "identity-444444444444").change).toBe("unchanged");
    expect(r.runbook).toEqual([["spoke-data"], ["dns", "hcp"], ["hub"]]);
  });

  test("deleting the retired spoke: its account's identity workspace and its HCP workspace are hazards", () => {
    const retired = structuredClone(HCP);
    retire(retired);
    const gone = structuredClone(retired);
    gone.spokes = gone.spokes.filter((s: Raw) => s.name !== "data");
    const r = reviewChange(side(retired), side(gone));
    expect(ws(r, "identity-444444444444").change).toBe("removed");
    expect(hazardIds(r)).toEqual(["warning bootstrap-workspace-removed identity-444444444444", "error prevent-destroy hcp"]);
  });

  test("a spoke in a new account: its role and its HCP workspace first", () => {
    const t = structuredClone(HCP);
    t.spokes.push({ name: "billing", accountId: "555555555555", roleArn: "arn:aws:iam::555555555555:role/lattice-deploy",
      vpcs: [{ vpcId: "vpc-0f1b2c3d4e5f60719", clientCidrs: ["10.30.0.0/16"] }] });
    const r = reviewChange(hcp, side(t));
    expect(ws(r, "identity-555555555555").change).toBe("added");
    const at = (name: string) => r.runbook.findIndex((w) => w.includes(name));
    expect(at("identity-555555555555")).toBeLessThan(at("spoke-billing"));
    expect(at("hcp")).toBeLessThan(at("spoke-billing"));
    expect(at("hub")).toBeLessThan(at("spoke-billing"));
  });

  test("teardown: the product's workspaces first, each account's role and hcp after what they serve", () => {
    const r = reviewChange(hcp, hcp, { teardown: true });
    const at = (name: string) => r.runbook.findIndex((w) => w.includes(name));
    for (const s of ["spoke-apps", "spoke-data"]) expect(at(s)).toBe(0);
    expect(at("dns")).toBeLessThan(at("hub"));
    expect(at("hcp")).toBe(r.runbook.length - 1);
    expect(at("identity-111111111111")).toBeGreaterThan(at("hub"));
    expect(at("identity-333333333333")).toBeGreaterThan(at("dns"));
  });
});

describe("Day 2 without a cut: retirement and renames", () => {
  const datadog = { name: "datadog", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef2", ports: ["443"], dns: { zone: "datadoghq.com", records: ["intake"] } };
  const TWO = { ...structuredClone(BASIC), endpoints: [...BASIC.endpoints, datadog] };

  test("retiring an endpoint: nothing changes in AWS from the hub, whose state moves its instances; dns drops its record, spokes their zone associations", () => {
    const r = review((t) => { t.endpoints[1].retired = true; }, TWO);
    expect(r.hazards).toEqual([]);
    expect(ws(r, "hub")).toMatchObject({ change: "changed", resources: [], moves: [
      { from: 'aws_vpc_endpoint.shared_vpc_endpoints["datadog"]', to: 'aws_vpc_endpoint.shared_retired_vpc_endpoints["datadog"]' },
      { from: 'aws_vpclattice_resource_configuration.shared_resource_configurations["datadog"]', to: 'aws_vpclattice_resource_configuration.shared_retired_resource_configurations["datadog"]' },
    ] });
    expect(formatReport(r, "text", "t")).toContain('      move     aws_vpc_endpoint.shared_vpc_endpoints["datadog"] → aws_vpc_endpoint.shared_retired_vpc_endpoints["datadog"]');
    expect(ws(r, "dns").moves).toEqual([{ from: 'aws_route53_zone.dns_zones["datadoghq.com"]', to: 'aws_route53_zone.dns_retired_zones["datadoghq.com"]' }]);
    expect(r.runbook.flat()).toEqual(expect.arrayContaining(["hub", "dns"]));
    expect(actions(r, "dns")).toMatchObject({ 'aws_route53_record.dns_records["intake.datadoghq.com"]': "delete" });
    expect(Object.values(actions(r, "dns"))).toEqual(expect.not.arrayContaining(["create", "replace"]));
    expect(actions(r, "spoke-payments")).toEqual({ [`aws_route53_zone_association.zone_associations["datadoghq.com/${PAYMENTS_VPC}"]`]: "delete" });
  });

  test("deleting it without retiring first: the hazard says to retire it", () => {
    const r = review((t) => t.endpoints.pop(), TWO);
    const hazard = r.hazards.find((h) => h.id === "prevent-destroy" && h.message.startsWith("aws_vpc_endpoint."))!;
    expect(hazard.message).toContain('retire endpoint datadog first ("retired: true"');
  });

  test("a renamed endpoint (renamedFrom): no replacement anywhere; only text that names it updates; dns waits for the hub's new key", () => {
    const r = review((t) => Object.assign(t.endpoints[0], { name: "snowflake-eu", renamedFrom: "snowflake" }));
    expect(actions(r, "hub")).toEqual({ 'aws_vpc_security_group_egress_rule.shared_gateway_egress["snowflake-eu/443"]': "update" });
    expect(ws(r, "dns").change).toBe("unchanged");
    expect(hazardIds(r)).toEqual(["warning invalid-index dns"]);
  });

  test("a rename without renamedFrom: destroyed and created again, and the hazard suggests renamedFrom", () => {
    const r = review((t) => { t.endpoints[0].name = "snowflake-eu"; });
    expect(ws(r, "hub").delete).toBeGreaterThan(0);
    expect(r.hazards.find((h) => h.id === "undeclared-rename")!.message).toContain("add renamedFrom: snowflake to snowflake-eu");
  });

  test("a renamed spoke (renamedFrom) changes nothing; without it, the old workspace would be orphaned and the hazard suggests renamedFrom", () => {
    const renamed = review((t) => Object.assign(spoke(t, "payments"), { name: "cards", renamedFrom: "payments" }));
    expect(renamed.workspaces.map((w) => [w.name, w.change])).toEqual([
      ["hub", "unchanged"], ["dns", "unchanged"], ["spoke-cards", "unchanged"], ["spoke-analytics", "unchanged"],
    ]);
    expect(renamed.hazards).toEqual([]);
    const undeclared = review((t) => { spoke(t, "payments").name = "cards"; });
    expect(hazardIds(undeclared)).toEqual(expect.arrayContaining(["error removed-without-retirement spoke-payments", "warning undeclared-rename spoke-cards"]));
  });

  test("widening a port range updates its rules in place", () => {
    const ranged = { ...structuredClone(BASIC), endpoints: [{ ...BASIC.endpoints[0], ports: ["443", "8000-8010"] }] };
    const r = review((t) => { t.endpoints[0].ports = ["443", "8000-8020"]; }, ranged);
    expect(actions(r, "hub")).toEqual({
      'aws_vpc_security_group_egress_rule.shared_gateway_egress["snowflake/8000"]': "update",
      'aws_vpc_security_group_ingress_rule.shared_ingress["snowflake/8000"]': "update",
      'aws_vpclattice_resource_configuration.shared_resource_configurations["snowflake"]': "update",
    });
  });
});

describe("a VPC switching access between association and endpoint", () => {
  const toEndpoint = (t: Raw) => {
    Object.assign(spoke(t, "analytics").vpcs[0], { access: "endpoint", subnetIds: ["subnet-0a9b2c3d4e5f60718"] });
  };

  test("to endpoint: the hub shares the configurations first, the spoke swaps its path and zones, with the gap named", () => {
    const r = review(toEndpoint);
    const acts = actions(r, "spoke-analytics");
    expect(acts[`aws_vpclattice_service_network_vpc_association.spoke_vpc_associations["${ANALYTICS_VPC}"]`]).toBe("delete");
    expect(acts[`aws_route53_zone_association.zone_associations["${ZONE}/${ANALYTICS_VPC}"]`]).toBe("delete");
    expect(Object.entries(acts).filter(([a, x]) => a.startsWith("aws_vpc_endpoint.access_endpoints[") && x === "create")).toHaveLength(1);
    expect(Object.entries(actions(r, "hub")).filter(([a, x]) => a.startsWith("aws_ram_resource_association.lattice_resource_share_configurations[") && x === "create")).toHaveLength(1);
    const at = (name: string) => r.runbook.findIndex((w) => w.includes(name));
    expect(at("hub")).toBeLessThan(at("spoke-analytics"));
    expect(hazardIds(r)).toContain("warning access-mode-switch spoke-analytics");
    expect(r.hazards.find((h) => h.id === "access-mode-switch")!.message)
      .toMatch(/^vpc-0d1b2c3d4e5f60718 switches to access: endpoint: apply hub first .*\(ConflictingDomainExists\)/);
  });

  test("back to association: dns authorizes again before the spoke associates", () => {
    const endpointMode = structuredClone(BASIC);
    toEndpoint(endpointMode);
    const r = review((t) => { const v = spoke(t, "analytics").vpcs[0]; delete v.access; delete v.subnetIds; }, endpointMode);
    expect(actions(r, "spoke-analytics")[`aws_vpclattice_service_network_vpc_association.spoke_vpc_associations["${ANALYTICS_VPC}"]`]).toBe("create");
    const at = (name: string) => r.runbook.findIndex((w) => w.includes(name));
    expect(at("dns")).toBeLessThan(at("spoke-analytics"));
    expect(r.hazards.find((h) => h.id === "access-mode-switch")!.message).toMatch(/^vpc-0d1b2c3d4e5f60718 switches to access: association: /);
  });
});
