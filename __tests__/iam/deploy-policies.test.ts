import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateTopology } from "../../config/loader";
import { deployRoles, PERMISSIONS, policyFor, type DeployRole } from "../../iam/deploy-policies";
import { productDeployRoles } from "../../stacks/bootstrap";
import { EXAMPLES, PROJECT_ROOT, stackJson, synthStacks } from "../support/synth";

const topologies = [...EXAMPLES.map((e) => join("examples", e)), "__tests__/fixtures/odd-but-legal.yaml"];
const rolesOf = (file: string): DeployRole[] => {
  const stacks = synthStacks(parse(readFileSync(join(PROJECT_ROOT, file), "utf8")));
  return deployRoles(Object.fromEntries(Object.entries(stacks).map(([name, s]) => [name, stackJson(s)])));
};
const actionsOf = (role: DeployRole) =>
  (role.policy as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => s.Action);

test.each(topologies)("%s: every resource type of every workspace has its deploy permissions", (file) => {
  const roles = rolesOf(file);
  expect(roles.length).toBeGreaterThan(0);
  for (const role of roles) {
    for (const action of actionsOf(role)) expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
    expect(JSON.stringify(role.policy)).not.toMatch(/"Action":"\*"|:\*"/);
  }
});

describe("least privilege, by role (examples/large.yaml)", () => {
  const roles = rolesOf("examples/large.yaml");
  const role = (account: string, alias: string) => roles.find((r) => r.accountId === account && r.usedBy.some((u) => u.endsWith(`/${alias}`)))!;

  test("the hub role manages the hub's resources, and no Route 53", () => {
    const hub = actionsOf(role("111111111111", "hub"));
    expect(hub).toEqual(expect.arrayContaining(["ec2:CreateVpcEndpoint", "vpc-lattice:CreateResourceGateway", "ram:CreateResourceShare",
      "vpc-lattice:PutResourcePolicy", "logs:CreateLogDelivery", "iam:CreateServiceLinkedRole"]));
    expect(hub.filter((a) => a.startsWith("route53:"))).toEqual([]);
  });

  test("the hub role manages the monitoring (large.yaml has monitoring: {}), and only the hub role does", () => {
    const hub = actionsOf(role("111111111111", "hub"));
    expect(hub).toEqual(expect.arrayContaining(["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:PutDashboard",
      "sns:CreateTopic", "sns:SetTopicAttributes", "kms:CreateKey", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"]));
    for (const r of roles.filter((x) => !x.usedBy.some((u) => u.startsWith("hub/")))) {
      expect(actionsOf(r).filter((a) => /^(cloudwatch|sns|kms):/.test(a))).toEqual([]);
    }
  });

  test("a spoke role inside the organization has no RAM action; the one outside accepts the share", () => {
    const inside = actionsOf(role("222222222222", "spoke"));
    expect(inside.filter((a) => a.startsWith("ram:"))).toEqual([]);
    expect(inside).toEqual(expect.arrayContaining(["vpc-lattice:CreateServiceNetworkVpcAssociation", "route53:AssociateVPCWithHostedZone"]));
    expect(actionsOf(role("555555555555", "spoke"))).toContain("ram:AcceptResourceShareInvitation");
  });

  test("the dns role manages zones, authorizations and records, and no VPC Lattice", () => {
    const dns = actionsOf(role("333333333333", "dns"));
    expect(dns).toEqual(expect.arrayContaining(["route53:CreateHostedZone", "route53:CreateVPCAssociationAuthorization", "route53:ChangeResourceRecordSets"]));
    expect(dns.filter((a) => a.startsWith("vpc-lattice:") || a.startsWith("ram:"))).toEqual([]);
  });

  test("the dns workspace acts only as the dns role: it associates no other account's VPCs", () => {
    const dnsRoles = roles.filter((r) => r.usedBy.some((u) => u.startsWith("dns/")));
    expect(dnsRoles.map((r) => [r.accountId, r.usedBy])).toEqual([["333333333333", ["dns/dns"]]]);
    // The spoke in the Route 53 account (no roleArn: the caller's credentials) associates its own VPC.
    expect(actionsOf(roles.find((r) => r.usedBy.includes("spoke-shared-services/spoke"))!)).toContain("route53:AssociateVPCWithHostedZone");
    const spokeOnly = actionsOf(role("222222222222", "spoke"));
    expect(spokeOnly).toContain("route53:AssociateVPCWithHostedZone");
    expect(spokeOnly.filter((a) => a.startsWith("route53:") && !["route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone",
      "route53:ListHostedZonesByVPC", "route53:GetChange"].includes(a))).toEqual([]);
  });
});

describe("least privilege, by role (examples/profile.yaml)", () => {
  const roles = rolesOf("examples/profile.yaml");
  const role = (account: string, alias: string) => roles.find((r) => r.accountId === account && r.usedBy.some((u) => u.endsWith(`/${alias}`)))!;

  test("the dns role shares the profile; spoke roles associate with it, and none touches zone associations", () => {
    const dns = actionsOf(role("333333333333", "dns"));
    expect(dns).toEqual(expect.arrayContaining(["route53profiles:CreateProfile", "route53profiles:AssociateResourceToProfile", "ram:CreateResourceShare"]));
    expect(dns).not.toContain("route53:CreateVPCAssociationAuthorization");
    const spoke = actionsOf(role("222222222222", "spoke"));
    expect(spoke).toContain("route53profiles:AssociateProfile");
    expect(spoke.filter((a) => a.startsWith("route53:"))).toEqual([]);
    expect(actionsOf(role("555555555555", "spoke"))).toContain("ram:AcceptResourceShareInvitation");
  });
});

test("a resource type with no recorded permissions is an error, not a silent gap", () => {
  expect(() => policyFor(["aws_instance"])).toThrow("no deploy permissions recorded for aws_instance");
  expect(Object.keys(PERMISSIONS).length).toBeGreaterThan(10);
});

test("workspaces are read with the guard's Terraform JSON reader: any shape, declared types, the provider a resource names", () => {
  const roles = deployRoles({
    hub: {
      provider: { aws: { alias: "hub", allowed_account_ids: ["111111111111"], assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/deploy" }] } },
      resource: {
        // An empty for_each today still needs its permissions to destroy what it held yesterday.
        aws_route53_record: { records: { provider: "aws.hub", for_each: {} } },
        aws_security_group: { other: { provider: "aws.elsewhere" } },
      },
    },
    broken: "not a workspace",
  });
  expect(roles.map(({ accountId, roleArn, usedBy, resourceTypes }) => ({ accountId, roleArn, usedBy, resourceTypes }))).toEqual([
    { accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/deploy", usedBy: ["hub/hub"], resourceTypes: ["aws_route53_record"] },
  ]);
});

describe("a retiring spoke's role (its workspace declares nothing, yet its apply destroys what it held)", () => {
  test("keeps exactly the permissions of the spoke it was", () => {
    const file = join(PROJECT_ROOT, "__tests__/fixtures/retiring.yaml");
    const t = parse(readFileSync(file, "utf8"));
    const { topology } = validateTopology(t);
    // The same spokes, active (without "apps", which took over one of their VPCs).
    const active = validateTopology({ ...t, spokes: t.spokes.filter((s: { retired?: boolean }) => s.retired).map((s: object) => ({ ...s, retired: false })) }).topology;
    const of = (roles: DeployRole[], account: string) => roles.find((r) => r.accountId === account)!;
    for (const account of ["444444444444", "555555555555"]) {
      const retiring = of(productDeployRoles(topology), account);
      expect(retiring.resourceTypes).toEqual(of(productDeployRoles(active), account).resourceTypes);
      expect(retiring.resourceTypes).toContain("aws_vpclattice_service_network_vpc_association");
    }
    // The outside-organization spoke can still delete its share accepter.
    expect(of(productDeployRoles(topology), "555555555555").resourceTypes).toContain("aws_ram_resource_share_accepter");
  });
});
