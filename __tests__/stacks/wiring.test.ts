/**
 * The wiring of every workspace of every example topology and fixture, read from the synthesized JSON
 * without Terraform (so `npm run test:unit`, and the mutation run over it, see it): which resource
 * references which, on which ports, in which subnets, under which name. The same invariants by planned
 * value are in __tests__/terraform/workspaces.test.ts. Expectations come from the topology alone.
 */
import { join } from "node:path";
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { synthesizeJson } from "../../stacks/synthesize";
import { attribute, instancesOf, type Instance } from "../support/references";
import { PROJECT_ROOT } from "../support/synth";
import { activeTopology, associatedVpcs, isAdopted, nonEmpty, portsOf, portsOfRules, sorted, spokeName, TOPOLOGIES, zonesOf } from "../support/topology-expectations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ref = (address: string, key: string, attr: string) => `\${${address}[${JSON.stringify(key)}].${attr}}`;
const GATEWAY_GROUP = "${aws_security_group.lattice_gateway_security_group.id}";
const GATEWAY = "${aws_vpclattice_resource_gateway.lattice_resource_gateway.id}";
const SERVICE_NETWORK = "${aws_vpclattice_service_network.lattice_service_network.id}";

/** A resolved, non-empty name; with `tagged`, the same Name tag. */
function expectNamed(i: Instance, tagged = true): string {
  const name = attribute(i, "name");
  expect({ at: i.address, named: typeof name === "string" && name.length > 0 && !name.includes("${") }).toEqual({ at: i.address, named: true });
  if (tagged) expect(attribute(i, "tags")).toMatchObject({ Name: name });
  return name;
}

const rulesOf = (json: Json, type: string) => instancesOf(json, type).map((i) => ({
  group: attribute(i, "security_group_id"),
  peer: attribute(i, "referenced_security_group_id"),
  cidr: attribute(i, "cidr_ipv4") ?? attribute(i, "cidr_ipv6"),
  protocol: attribute(i, "ip_protocol"),
  from: attribute(i, "from_port") as number,
  to: attribute(i, "to_port") as number,
  description: attribute(i, "description") as string,
}));

describe.each(TOPOLOGIES)("%s", (file) => {
  const full: Topology = loadTopologyFile(join(PROJECT_ROOT, file)).topology;
  const t = activeTopology(full);
  const workspaces = synthesizeJson(full).json as ReadonlyMap<string, Json>;
  const ws = (name: string) => workspaces.get(name)!;

  // The hub still holds retired endpoints (in blocks without prevent_destroy): its expectations take them all.
  describe("hub", () => {
    const hub = ws("hub");
    const endpointGroup = (e: string) => ref("aws_security_group.shared_security_groups", e, "id");

    test("each endpoint: its service, in the hub's VPC and subnets, behind its own group", () => {
      const endpoints = instancesOf(hub, "aws_vpc_endpoint");
      expect(sorted(endpoints.map((i) => i.key))).toEqual(sorted(nonEmpty(full.endpoints, "endpoint").map((e) => e.name)));
      for (const e of full.endpoints) {
        const i = endpoints.find((x) => x.key === e.name)!;
        expect({ e: e.name, service: attribute(i, "service_name"), vpc: attribute(i, "vpc_id"), subnets: attribute(i, "subnet_ids"), groups: attribute(i, "security_group_ids") })
          .toEqual({ e: e.name, service: e.serviceName, vpc: t.hub.vpcId, subnets: t.hub.subnetIds, groups: [endpointGroup(e.name)] });
        expect(attribute(i, "vpc_endpoint_type")).toBe("Interface");
        // IPv4 endpoints behind an IPV4 or DUALSTACK gateway, IPv6 behind an IPV6 one (docs/preflight.md).
        expect(attribute(i, "ip_address_type")).toBe(t.hub.ipAddressType === "IPV6" ? "ipv6" : "ipv4");
        expect(attribute(i, "dns_options")).toEqual({ dns_record_ip_type: t.hub.ipAddressType === "IPV6" ? "ipv6" : "ipv4" });
      }
      for (const g of instancesOf(hub, "aws_security_group")) {
        expect(attribute(g, "vpc_id")).toBe(t.hub.vpcId);
        expectNamed(g);
      }
    });

    test("endpoint groups admit the gateway's group over TCP on exactly their ports; the gateway's group sends only there", () => {
      const ingress = rulesOf(hub, "aws_vpc_security_group_ingress_rule");
      const egress = rulesOf(hub, "aws_vpc_security_group_egress_rule");
      for (const e of full.endpoints) {
        const mine = nonEmpty(ingress.filter((r) => r.group === endpointGroup(e.name)), `ingress of ${e.name}`);
        for (const r of mine) expect({ peer: r.peer, cidr: r.cidr, protocol: r.protocol }).toEqual({ peer: GATEWAY_GROUP, cidr: undefined, protocol: "tcp" });
        expect(sorted(portsOfRules(mine))).toEqual(sorted(portsOf(e.ports)));
        const out = nonEmpty(egress.filter((r) => r.peer === endpointGroup(e.name)), `egress to ${e.name}`);
        for (const r of out) expect({ group: r.group, cidr: r.cidr, protocol: r.protocol }).toEqual({ group: GATEWAY_GROUP, cidr: undefined, protocol: "tcp" });
        expect(sorted(portsOfRules(out))).toEqual(sorted(portsOf(e.ports)));
        for (const r of [...mine, ...out]) expect(r.description).toMatch(/^TCP \S+ (from the VPC Lattice resource gateway|to the \S+ interface endpoint)$/);
      }
      expect(ingress.length + egress.length).toBe(2 * full.endpoints.reduce((n, e) => n + ingress.filter((r) => r.group === endpointGroup(e.name)).length, 0));
    });

    test("the gateway sits in the hub's subnets behind its group; each configuration serves its endpoint through it", () => {
      const [gateway] = instancesOf(hub, "aws_vpclattice_resource_gateway");
      expect({ vpc: attribute(gateway, "vpc_id"), subnets: attribute(gateway, "subnet_ids"), groups: attribute(gateway, "security_group_ids") })
        .toEqual({ vpc: t.hub.vpcId, subnets: t.hub.subnetIds, groups: [GATEWAY_GROUP] });
      expectNamed(gateway, false);
      for (const c of instancesOf(hub, "aws_vpclattice_resource_configuration")) {
        expect(attribute(c, "resource_gateway_identifier")).toBe(GATEWAY);
        expect(sorted(attribute(c, "port_ranges"))).toEqual(sorted(full.endpoints.find((e) => e.name === c.key)!.ports));
        // The endpoint carries its configuration's name.
        const endpoint = instancesOf(hub, "aws_vpc_endpoint").find((e) => e.key === c.key)!;
        expect(attribute(endpoint, "tags")).toMatchObject({ Name: expectNamed(c, false) });
        expect(attribute(c, "allow_association_to_shareable_service_network")).toBe(true);
      }
      for (const a of nonEmpty(instancesOf(hub, "aws_vpclattice_service_network_resource_association"), "resource association")) {
        expect(attribute(a, "service_network_identifier")).toBe(SERVICE_NETWORK);
      }
    });

    test("the share carries the service network", () => {
      // With endpoint-mode VPCs the share also carries the configurations (__tests__/stacks/endpoint-access.test.ts).
      const [share] = instancesOf(hub, "aws_ram_resource_association").filter((i) => i.key === undefined);
      expect(attribute(share, "resource_arn")).toBe("${aws_vpclattice_service_network.lattice_service_network.arn}");
      expect(attribute(share, "resource_share_arn")).toBe("${aws_ram_resource_share.lattice_resource_share.arn}");
    });
  });

  describe("spokes", () => {
    test("each VPC joins the service network with its given groups or its created one", () => {
      for (const s of nonEmpty(t.spokes, "spoke")) {
        const json = ws(spokeName(s));
        const assoc = instancesOf(json, "aws_vpclattice_service_network_vpc_association");
        for (const v of associatedVpcs(s)) {
          const a = assoc.find((i) => i.key === v.vpcId)!;
          expect(attribute(a, "vpc_identifier")).toBe(v.vpcId);
          const groups = attribute(a, "security_group_ids");
          if (v.securityGroupIds) expect(groups).toEqual(expect.stringContaining("coalescelist(each.value.security_group_ids"));
          expect(a.value.security_group_ids).toEqual(v.securityGroupIds ?? []);
        }
        // An accepter exists only outside the organization, and the associations wait for it.
        const accepters = Object.keys(json.resource.aws_ram_resource_share_accepter ?? {}).filter((n) => n.startsWith("spoke_"));
        const decl = json.resource.aws_vpclattice_service_network_vpc_association.spoke_vpc_associations;
        expect(decl.depends_on ?? []).toEqual(accepters.map((n) => `aws_ram_resource_share_accepter.${n}`));
      }
    });

    test("created client groups: in their VPC, named, admitting the given CIDRs over TCP on every endpoint's ports", () => {
      const allPorts = sorted(portsOf(t.endpoints.flatMap((e) => e.ports)));
      const withClients = nonEmpty(t.spokes.flatMap((s) => associatedVpcs(s).filter((v) => v.clientCidrs).map((v) => ({ s, v }))), "VPC with client CIDRs");
      for (const { s, v } of withClients) {
        const json = ws(spokeName(s));
        const group = instancesOf(json, "aws_security_group").find((i) => i.key === v.vpcId)!;
        expect(attribute(group, "vpc_id")).toBe(v.vpcId);
        expectNamed(group);
        const rules = rulesOf(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.group === ref("aws_security_group.spoke_client_security_groups", v.vpcId, "id"));
        expect(sorted(new Set(rules.map((r) => r.cidr)))).toEqual(sorted(v.clientCidrs!));
        for (const r of rules) expect({ protocol: r.protocol, description: r.description }).toEqual({ protocol: "tcp", description: expect.stringMatching(/^TCP \S+ from clients in \$\{coalesce\(each\.value\.cidr_ipv4, each\.value\.cidr_ipv6\)\}$/) });
        for (const cidr of v.clientCidrs!) expect(sorted(portsOfRules(rules.filter((r) => r.cidr === cidr)))).toEqual(allPorts);
      }
    });

    test("each spoke resolves the zones: its own zone associations, or its profile association", () => {
      for (const s of nonEmpty(t.spokes, "spoke")) {
        const json = ws(spokeName(s));
        if (t.dns.mode === "profile") {
          const assoc = instancesOf(json, "aws_route53profiles_association");
          expect(sorted(assoc.map((a) => attribute(a, "resource_id")))).toEqual(sorted(associatedVpcs(s).map((v) => v.vpcId)));
          for (const a of assoc) {
            expect(attribute(a, "profile_id")).toBe("${data.terraform_remote_state.dns.outputs.route53_profile_id}");
            expect(attribute(a, "name")).toMatch(/^[A-Za-z0-9_-]+$/);
          }
          const accepter = json.resource.aws_ram_resource_share_accepter?.profile_share_accepter;
          if (accepter) expect(accepter.share_arn).toBe("${data.terraform_remote_state.dns.outputs.route53_profile_share_arn}");
        } else {
          const assoc = instancesOf(json, "aws_route53_zone_association");
          const expected = zonesOf(t).flatMap((z) => associatedVpcs(s).filter((v) => isAdopted(t, z) || v.vpcId !== t.dns.vpcId).map((v) => `${z}/${v.vpcId}`));
          expect(sorted(assoc.map((a) => a.key))).toEqual(sorted(expected));
          for (const a of assoc) {
            const [zone, vpc] = a.key!.split("/");
            expect({ vpc: attribute(a, "vpc_id"), zone: attribute(a, "zone_id") })
              .toEqual({ vpc, zone: `\${data.terraform_remote_state.dns.outputs.zone_ids[${JSON.stringify(zone)}]}` });
          }
        }
      }
    });
  });

  describe("dns", () => {
    const dns = ws("dns");
    const zoneId = (zone: string) => `\${local.dns_zone_ids[${JSON.stringify(zone)}]}`;

    test("each record: a CNAME in its own zone to its endpoint's Lattice DNS name", () => {
      const records = instancesOf(dns, "aws_route53_record");
      for (const e of nonEmpty(t.endpoints, "endpoint")) {
        for (const r of e.dns.records) {
          const i = records.find((x) => x.key === `${r}.${e.dns.zone}`)!;
          expect({ name: attribute(i, "name"), type: attribute(i, "type"), zone: attribute(i, "zone_id"), records: attribute(i, "records") }).toEqual({
            name: `${r}.${e.dns.zone}`, type: "CNAME", zone: zoneId(e.dns.zone),
            records: [`\${data.terraform_remote_state.hub.outputs.endpoints[${JSON.stringify(e.name)}].lattice_dns_name}`],
          });
        }
      }
    });

    test("created zones are private to the dns VPC; adopted ones are looked up by id", () => {
      const zones = dns.resource.aws_route53_zone?.dns_zones;
      const created = zonesOf(t).filter((z) => !isAdopted(t, z));
      if (created.length > 0) {
        expect(zones.vpc).toEqual([{ vpc_id: t.dns.vpcId, vpc_region: t.region }]);
        expect(zones.comment).toMatch(/\S/);
      }
      expect(dns.locals.dns_adopted_zone_ids).toEqual(t.dns.zones);
    });

    test("authorizations for exactly the other accounts' VPCs (associations); the profile carries every zone (profile)", () => {
      const auth = instancesOf(dns, "aws_route53_vpc_association_authorization");
      if (t.dns.mode === "profile") {
        expect(auth).toEqual([]);
        const zones = instancesOf(dns, "aws_route53profiles_resource_association");
        expect(sorted(zones.map((z) => z.key))).toEqual(sorted(zonesOf(t)));
        for (const z of zones) {
          expect(attribute(z, "resource_arn")).toBe(`arn:aws:route53:::hostedzone/${zoneId(z.key!)}`);
          expect(attribute(z, "name")).toMatch(/^[A-Za-z0-9_-]+$/);
        }
      } else {
        const expected = t.spokes.filter((s) => s.accountId !== t.dns.accountId).flatMap((s) =>
          zonesOf(t).flatMap((z) => associatedVpcs(s).filter((v) => isAdopted(t, z) || v.vpcId !== t.dns.vpcId).map((v) => `${z}/${v.vpcId}`)));
        expect(sorted(auth.map((a) => `${attribute(a, "zone_id")}|${attribute(a, "vpc_id")}`)))
          .toEqual(sorted(expected.map((k) => { const [z, v] = k.split("/"); return `${zoneId(z)}|${v}`; })));
      }
    });
  });
});
