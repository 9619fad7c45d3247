/**
 * Change impact (docs/rules.md): a topology change touches only the workspaces that own what
 * changed. Compares the synthesized workspaces of two topologies, address by address.
 */
import fc from "fast-check";
import { impact, kindOf, readTopology, synthWorkspaces, type Impact } from "./support/synth";
import { propertyParams } from "../support/fast-check";
import { validTopology, type RawTopology } from "./support/arbitraries";

const topologies = fc.limitShrink(validTopology, 30); // each run synthesizes twice

const BASE = readTopology("examples/basic.yaml");
const before = synthWorkspaces(BASE);
const spokeWorkspaces = Object.keys(before).filter((s) => s.startsWith("spoke-"));
if (spokeWorkspaces.length < 2) throw new Error("examples/basic.yaml needs two spokes for these tests");

const change = (edit: (t: RawTopology) => void): Impact => {
  const t = structuredClone(BASE);
  edit(t);
  return impact(before, synthWorkspaces(t));
};

/** The kinds (resource types, "provider", "output") of everything a workspace diff touches. */
const kinds = (i: Impact, stack: string) => {
  const d = i.changed[stack];
  return d ? [...new Set([...d.added, ...d.removed, ...d.changed].map(kindOf))].sort() : [];
};

/** All a new spoke may change in the dns workspace: the authorizations of its VPCs. */
const DNS_SPOKE_KINDS = ["aws_route53_vpc_association_authorization"];
const newSpoke = (name: string, accountId: string) => ({
  name, accountId, roleArn: `arn:aws:iam::${accountId}:role/lattice-deploy`,
  vpcs: [{ vpcId: "vpc-0f1b2c3d4e5f60718", clientCidrs: ["10.30.0.0/16"] }],
});

describe("adding a spoke", () => {
  test("changes only the hub (its principal association), the dns workspace and the new spoke workspace", () => {
    const i = change((t) => t.spokes.push(newSpoke("billing", "555555555555")));
    expect(i.addedWorkspaces).toEqual(["spoke-billing"]);
    expect(i.removedWorkspaces).toEqual([]);
    expect(Object.keys(i.changed).sort()).toEqual(["dns", "hub"]);
    expect(i.changed.hub).toEqual({ added: [expect.stringMatching(/^aws_ram_principal_association\./)], removed: [], changed: [] });
    expect(kinds(i, "dns")).toEqual(DNS_SPOKE_KINDS);
    expect(i.changed.dns).toEqual({
      added: ['aws_route53_vpc_association_authorization.dns_authorizations["privatelink.snowflakecomputing.com/vpc-0f1b2c3d4e5f60718"]'],
      removed: [],
      changed: [],
    });
  });

  test("in the Route 53 account, needs no authorization: only the hub and the new workspace change", () => {
    const i = change((t) => t.spokes.push(newSpoke("dns-tools", "333333333333")));
    expect(i.addedWorkspaces).toEqual(["spoke-dns-tools"]);
    expect(Object.keys(i.changed)).toEqual(["hub"]);
  });

  test("in an account that is already shared, leaves the hub untouched", () => {
    const i = change((t) => t.spokes.push(newSpoke("payments-eu", "222222222222")));
    expect(i.addedWorkspaces).toEqual(["spoke-payments-eu"]);
    expect(Object.keys(i.changed)).toEqual(["dns"]);
  });
});

describe("adding an endpoint", () => {
  const endpoint = (ports: string[], zone: string) => ({
    name: "datadog", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1", ports, dns: { zone, records: ["intake"] },
  });

  test("on ports already shared, in an existing zone: changes only the hub and the dns workspace", () => {
    const i = change((t) => t.endpoints.push(endpoint(["443"], "privatelink.snowflakecomputing.com")));
    expect(i.addedWorkspaces).toEqual([]);
    expect(i.removedWorkspaces).toEqual([]);
    expect(Object.keys(i.changed).sort()).toEqual(["dns", "hub"]);
    expect(kinds(i, "dns")).toEqual(["aws_route53_record"]);
  });

  test("on a new port, in a new zone: also opens that port in the spokes' created client groups and associates their VPCs with the zone", () => {
    // The documented exceptions (docs/rules.md): a created client group admits every endpoint port,
    // so a port no endpoint used before adds one ingress rule per client network of each spoke; and
    // each spoke associates its own VPCs with a new zone (associations mode).
    const i = change((t) => t.endpoints.push(endpoint(["5432"], "privatelink.datadoghq.com")));
    expect(i.addedWorkspaces).toEqual([]);
    expect(i.removedWorkspaces).toEqual([]);
    expect(Object.keys(i.changed).sort()).toEqual(["dns", "hub", "spoke-analytics", "spoke-payments"]);
    expect(i.changed["spoke-payments"]).toEqual({
      added: [
        'aws_route53_zone_association.zone_associations["privatelink.datadoghq.com/vpc-0c1b2c3d4e5f60718"]',
        "aws_vpc_security_group_ingress_rule.spoke_client_ingress[\"vpc-0c1b2c3d4e5f60718/10.20.0.0/16/5432\"]",
      ],
      removed: [],
      changed: [],
    });
    expect(i.changed["spoke-analytics"]).toEqual({
      added: ['aws_route53_zone_association.zone_associations["privatelink.datadoghq.com/vpc-0d1b2c3d4e5f60718"]'],
      removed: [],
      changed: [],
    });
  });
});

describe("removing a spoke", () => {
  test.each(spokeWorkspaces)("%s: never touches another spoke's workspace", (removed) => {
    const after = (() => {
      const t = structuredClone(BASE);
      t.spokes = t.spokes.filter((s: RawTopology) => `spoke-${s.name}` !== removed);
      return synthWorkspaces(t);
    })();
    const i = impact(before, after);
    expect(i.removedWorkspaces).toEqual([removed]);
    expect(i.addedWorkspaces).toEqual([]);
    for (const other of spokeWorkspaces.filter((s) => s !== removed)) {
      expect(JSON.stringify(after[other])).toBe(JSON.stringify(before[other])); // byte for byte
    }
    expect(["dns", "hub"]).toEqual(expect.arrayContaining(Object.keys(i.changed)));
    if (i.changed.hub) expect(i.changed.hub).toEqual({ added: [], removed: [expect.stringMatching(/^aws_ram_principal_association\./)], changed: [] });
    expect(DNS_SPOKE_KINDS).toEqual(expect.arrayContaining(kinds(i, "dns")));
    expect(i.changed.dns.added).toEqual([]);
  });
});

describe("an account outside the organization", () => {
  test("has one spoke, so removing a spoke never moves the share's acceptance to another workspace", () => {
    const t = structuredClone(BASE);
    t.spokes = [
      { ...newSpoke("partner-a", "666666666666"), inOrganization: false },
      { ...newSpoke("partner-b", "666666666666"), inOrganization: false, vpcs: [{ vpcId: "vpc-0a0b2c3d4e5f60718", clientCidrs: ["10.40.0.0/16"] }] },
    ];
    expect(() => synthWorkspaces(t)).toThrow(
      'spokes[1].accountId: account 666666666666 is outside the organization and already spoke "partner-a"; list all its VPCs in that one spoke');
  });
});

describe("change impact, generated topologies", () => {
  const runs = propertyParams(15);

  test("adding a spoke touches only hub, dns and the new workspace", () => {
    fc.assert(
      fc.property(topologies, (t) => {
        const extra = { name: "zz-added", accountId: "199999999999", roleArn: "arn:aws:iam::199999999999:role/x", vpcs: [{ vpcId: "vpc-0fffffffffffffff1", clientCidrs: ["10.99.0.0/16"] }] };
        const i = impact(synthWorkspaces(t), synthWorkspaces({ ...t, spokes: [...t.spokes, extra] }));
        expect(i.addedWorkspaces).toEqual(["spoke-zz-added"]);
        expect(["dns", "hub"]).toEqual(expect.arrayContaining(Object.keys(i.changed)));
        if (i.changed.hub) expect(kinds(i, "hub")).toEqual(["aws_ram_principal_association"]);
      }),
      runs,
    );
  });

  test("removing a spoke leaves every other spoke's workspace byte for byte", () => {
    fc.assert(
      fc.property(topologies.filter((t) => t.spokes.length >= 2), fc.nat(), (t, n) => {
        const gone = t.spokes[n % t.spokes.length];
        const b = synthWorkspaces(t);
        const a = synthWorkspaces({ ...t, spokes: t.spokes.filter((s: RawTopology) => s !== gone) });
        for (const s of t.spokes.filter((x: RawTopology) => x !== gone)) {
          expect(JSON.stringify(a[`spoke-${s.name}`])).toBe(JSON.stringify(b[`spoke-${s.name}`]));
        }
      }),
      runs,
    );
  });
});
