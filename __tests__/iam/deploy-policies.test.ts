import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { deployRoles, PERMISSIONS, policyFor, type DeployRole, type WorkspaceJson } from "../../iam/deploy-policies";
import { EXAMPLES, PROJECT_ROOT, stackJson, synthStacks } from "../support/synth";

const topologies = [...EXAMPLES.map((e) => join("examples", e)), "__tests__/fixtures/odd-but-legal.yaml"];
const rolesOf = (file: string): DeployRole[] => {
  const stacks = synthStacks(parse(readFileSync(join(PROJECT_ROOT, file), "utf8")));
  return deployRoles(Object.fromEntries(Object.entries(stacks).map(([name, s]) => [name, stackJson(s) as WorkspaceJson])));
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

  test("the roles the dns workspace assumes in the spokes are the spokes' own", () => {
    expect(role("222222222222", "spoke_payments")).toBe(role("222222222222", "spoke"));
  });
});

test("a resource type with no recorded permissions is an error, not a silent gap", () => {
  expect(() => policyFor(["aws_instance"])).toThrow("no deploy permissions recorded for aws_instance");
  expect(Object.keys(PERMISSIONS).length).toBeGreaterThan(10);
});
