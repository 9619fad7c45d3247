/**
 * Every workspace of every example topology and test fixture: validated by Terraform as written,
 * planned offline against fixture outputs of the workspaces it reads, and checked by meaning — which
 * resource references which, in the synthesized JSON, and what the plan would create. Expectations are
 * worked out here from the topology itself, never from config/estate.ts, so a wrong derivation there
 * cannot hide behind a matching test.
 */
import { join } from "node:path";
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { attribute, instancesOf, type Instance } from "../support/references";
import { describeRequiring, TERRAFORM } from "../support/requires";
import { PROJECT_ROOT } from "../support/synth";
import { accountOf, activeTopology, associatedVpcs, endpointVpcs, retiredSpokes, TOPOLOGIES, isAdopted, nonEmpty, portsOf, portsOfRules, PROTECTED, sorted, spokeName, workspacesOf, zonesOf } from "../support/topology-expectations";
import { planTopologyFile, type PlannedTopology } from "../support/workspace-plans";

// ---------------------------------------------------------------------------------------------

test("the topologies planned here cover every branch of a topology", () => {
  // Per-topology loops may legitimately find nothing (no adopted zone in basic.yaml): these make sure
  // every branch is exercised by some topology.
  const all = TOPOLOGIES.map((f) => loadTopologyFile(join(PROJECT_ROOT, f)).topology);
  const some = (what: string, has: (t: Topology) => boolean) => expect([what, all.some(has)]).toEqual([what, true]);
  some("a spoke in the hub's account", (t) => t.spokes.some((s) => s.accountId === t.hub.accountId));
  some("a spoke in the Route 53 account", (t) => t.spokes.some((s) => s.accountId === t.dns.accountId));
  some("a spoke outside the organization", (t) => t.spokes.some((s) => !s.inOrganization));
  some("two spokes of one account", (t) => new Set(t.spokes.map((s) => s.accountId)).size < t.spokes.length);
  some("an adopted zone", (t) => Object.keys(t.dns.zones).length > 0);
  some("a created zone", (t) => zonesOf(t).some((z) => !isAdopted(t, z)));
  some("a spoke VPC that created the zones", (t) => t.spokes.some((s) => s.vpcs.some((v) => v.vpcId === t.dns.vpcId)));
  some("profile mode", (t) => t.dns.mode === "profile");
  some("associations mode", (t) => t.dns.mode === "associations");
  some("protect off", (t) => !t.protect);
  for (const type of ["local", "s3", "cloud"]) some(`the ${type} backend`, (t) => t.backend.type === type);
  for (const ip of ["IPV4", "IPV6", "DUALSTACK"]) some(`an ${ip} hub`, (t) => t.hub.ipAddressType === ip);
  some("an identity", (t) => t.identity !== undefined);
  some("a retiring spoke", (t) => t.spokes.some((s) => s.retired));
  some("a retiring spoke outside the organization", (t) => t.spokes.some((s) => s.retired && !s.inOrganization));
  some("an endpoint-mode VPC", (t) => t.spokes.some((s) => endpointVpcs(s).length > 0));
  some("a spoke with only endpoint-mode VPCs", (t) => t.spokes.some((s) => associatedVpcs(s).length === 0));
  some("a resolver", (t) => t.spokes.some((s) => s.vpcs.some((v) => v.resolver)));
});

describeRequiring(TERRAFORM, "workspaces of every topology", () => {
  // Every topology's Terraform work starts at once, so the pool never idles between topologies.
  const started = new Map(TOPOLOGIES.map((file) => {
    const planned = planTopologyFile(join(PROJECT_ROOT, file));
    planned.catch(() => undefined); // reported by the topology's own beforeAll
    return [file, planned];
  }));

  describe.each(TOPOLOGIES)("%s", (file) => {
    let p: PlannedTopology;
    let t: Topology;
    beforeAll(async () => {
      p = await started.get(file)!;
      t = activeTopology(p.topology);
    }, 900_000);

    const json = (ws: string) => p.json[ws];
    const instances = (ws: string, type: string) => instancesOf(json(ws), type);
    const planned = (ws: string, type: string) => p.plans[ws].resource_changes.filter((r) => r.type === type);

    test("the workspaces are hub, dns and one per spoke", () => {
      expect(sorted(Object.keys(p.json))).toEqual(sorted(workspacesOf(p.topology)));
    });

    test("a retiring spoke's workspace validates, reads nothing and plans nothing", () => {
      for (const s of retiredSpokes(p.topology)) {
        const ws = spokeName(s);
        expect({ ws, valid: p.validations[ws].valid, changes: p.plans[ws].resource_changes, data: json(ws).data }).toEqual({ ws, valid: true, changes: [], data: undefined });
      }
    });

    test("terraform validate passes for every workspace, as written", () => {
      for (const ws of nonEmpty(workspacesOf(t), "workspace")) {
        expect({ ws, errors: p.validations[ws].diagnostics.filter((d) => d.severity === "error") }).toEqual({ ws, errors: [] });
        expect(p.validations[ws].valid).toBe(true);
      }
    });

    test("the offline plan of every workspace creates, and only creates", () => {
      for (const ws of nonEmpty(workspacesOf(t), "workspace")) {
        const actions = new Set(p.plans[ws].resource_changes.flatMap((r) => r.change.actions));
        expect({ ws, actions: [...actions] }).toEqual({ ws, actions: ["create"] });
      }
    });

    test("invariant: each workspace has one AWS provider, pinned to its own account", () => {
      for (const ws of workspacesOf(t)) {
        const providers = json(ws).provider.aws;
        expect(providers).toHaveLength(1);
        expect({ ws, pinned: providers[0].allowed_account_ids }).toEqual({ ws, pinned: [accountOf(t, ws)] });
        for (const r of p.plans[ws].resource_changes) expect(r.provider_name).toBe("registry.terraform.io/hashicorp/aws");
      }
    });

    test(`invariant: protected types carry prevent_destroy exactly when protect is on, except what the topology retires`, () => {
      const lifecycles = workspacesOf(t).flatMap((ws) => Object.entries(json(ws).resource ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName as Record<string, { lifecycle?: { prevent_destroy?: boolean } }>).map(([name, r]) => ({ type, name, prevent: r.lifecycle?.prevent_destroy === true }))));
      // Retired endpoints and zones, a retiring gateway's configurations, a profile the spokes are leaving.
      const leaving = (l: { type: string; name: string }) => /(^|_)retir(ed|ing)_/.test(l.name)
        || (p.topology.dns.retiringMode === "profile" && ["aws_route53profiles_profile", "aws_ram_resource_share"].includes(l.type) && l.name.startsWith("route53_"));
      const protectedOnes = nonEmpty(lifecycles.filter((l) => PROTECTED.includes(l.type)), "protected resource");
      for (const l of protectedOnes) expect(l).toEqual({ ...l, prevent: t.protect && !leaving(l) });
      for (const l of lifecycles.filter((l) => !PROTECTED.includes(l.type))) expect(l).toEqual({ ...l, prevent: false });
    });

    describe("hub", () => {
      const GATEWAY_GROUP = "${aws_security_group.lattice_gateway_security_group.id}";
      const endpointGroup = (e: string) => `\${aws_security_group.shared_security_groups[${JSON.stringify(e)}].id}`;
      const rulesOf = (type: string) => instances("hub", type).map((i) => ({
        i,
        group: attribute(i, "security_group_id"),
        peer: attribute(i, "referenced_security_group_id"),
        cidrs: [attribute(i, "cidr_ipv4"), attribute(i, "cidr_ipv6")].filter((c) => c != null),
        from: attribute(i, "from_port") as number,
        to: attribute(i, "to_port") as number,
      }));

      test("invariant: each endpoint's group admits only the gateway's group, on exactly that endpoint's ports", () => {
        const ingress = rulesOf("aws_vpc_security_group_ingress_rule");
        for (const e of nonEmpty(p.topology.endpoints, "endpoint")) {
          const mine = ingress.filter((r) => r.group === endpointGroup(e.name));
          for (const r of nonEmpty(mine, `ingress rule of ${e.name}`)) expect({ peer: r.peer, cidrs: r.cidrs }).toEqual({ peer: GATEWAY_GROUP, cidrs: [] });
          expect(sorted(portsOfRules(mine))).toEqual(sorted(portsOf(e.ports)));
        }
        // No other ingress in the hub at all.
        expect(ingress.filter((r) => !p.topology.endpoints.some((e) => r.group === endpointGroup(e.name)))).toEqual([]);
        for (const e of p.topology.endpoints) {
          const endpoint = instancesOf(json("hub"), "aws_vpc_endpoint").find((i) => i.key === e.name)!;
          expect(attribute(endpoint, "security_group_ids")).toEqual([endpointGroup(e.name)]);
        }
      });

      test("invariant: the gateway's group has no ingress and egress only to endpoint groups, on their ports", () => {
        const egress = rulesOf("aws_vpc_security_group_egress_rule");
        expect(rulesOf("aws_vpc_security_group_ingress_rule").filter((r) => r.group === GATEWAY_GROUP)).toEqual([]);
        for (const r of nonEmpty(egress, "egress rule")) {
          expect(r.group).toBe(GATEWAY_GROUP);
          expect(r.cidrs).toEqual([]);
        }
        for (const e of p.topology.endpoints) {
          const toIt = egress.filter((r) => r.peer === endpointGroup(e.name));
          expect(sorted(portsOfRules(toIt))).toEqual(sorted(portsOf(e.ports)));
        }
        expect(egress.filter((r) => !p.topology.endpoints.some((e) => r.peer === endpointGroup(e.name)))).toEqual([]);
        const gateway = instancesOf(json("hub"), "aws_vpclattice_resource_gateway");
        expect(gateway.map((g) => attribute(g, "security_group_ids"))).toEqual([[GATEWAY_GROUP]]);
      });

      test("invariant: each resource configuration's DNS resource is its own endpoint's regional DNS name", () => {
        const configs = instances("hub", "aws_vpclattice_resource_configuration");
        expect(sorted(configs.map((c) => c.key))).toEqual(sorted(p.topology.endpoints.map((e) => e.name)));
        for (const c of configs) {
          const dns = attribute(c, "resource_configuration_definition.0.dns_resource.0");
          // A retired endpoint's configuration reads the retired block its endpoint moved to.
          const block = p.topology.endpoints.find((e) => e.name === c.key)!.retired ? "shared_retired_vpc_endpoints" : "shared_vpc_endpoints";
          expect(dns.domain_name).toBe(`\${aws_vpc_endpoint.${block}[${JSON.stringify(c.key)}].dns_entry[0].dns_name}`);
          expect(dns.ip_address_type).toBe(t.hub.ipAddressType === "IPV6" ? "IPV6" : "IPV4");
          expect(attribute(c, "resource_gateway_identifier")).toBe("${aws_vpclattice_resource_gateway.lattice_resource_gateway.id}");
          expect(sorted(attribute(c, "port_ranges"))).toEqual(sorted(p.topology.endpoints.find((e) => e.name === c.key)!.ports));
          expect(attribute(c, "protocol")).toBe("TCP");
        }
        for (const a of instances("hub", "aws_vpclattice_service_network_resource_association")) {
          // With retired endpoints, each association finds its configuration in whichever block holds it.
          const blocks = p.topology.endpoints.some((e) => e.retired)
            ? "merge(aws_vpclattice_resource_configuration.shared_resource_configurations, aws_vpclattice_resource_configuration.shared_retired_resource_configurations)"
            : "aws_vpclattice_resource_configuration.shared_resource_configurations";
          expect(attribute(a, "resource_configuration_identifier")).toBe(`\${${blocks}[${JSON.stringify(a.key)}].id}`);
          expect(attribute(a, "service_network_identifier")).toBe("${aws_vpclattice_service_network.lattice_service_network.id}");
        }
      });

      test("invariant: lattice_dns_name of the endpoints output is the resource association's DNS entry", () => {
        const output = json("hub").output.endpoints.value as string;
        expect(output).toMatch(/^\$\{\{ for name, endpoint in aws_vpc_endpoint\.shared_vpc_endpoints : name => \{/);
        expect(output).toMatch(/\n\s*lattice_dns_name\s*= aws_vpclattice_service_network_resource_association\.shared_associations\[name\]\.dns_entry\[0\]\.domain_name\n/);
        expect(output).toMatch(/\n\s*lattice_hosted_zone_id\s*= aws_vpclattice_service_network_resource_association\.shared_associations\[name\]\.dns_entry\[0\]\.hosted_zone_id\n/);
        expect(output).toMatch(/\n\s*resource_configuration_arn\s*= aws_vpclattice_resource_configuration\.shared_resource_configurations\[name\]\.arn\n/);
        expect(sorted(Object.keys(json("hub").output))).toEqual(["endpoints", "resource_share_arn", "service_network_arn", "service_network_id"]);
        for (const o of Object.values(json("hub").output as Record<string, { sensitive?: boolean }>)) expect(o.sensitive).toBeUndefined();
      });

      test("invariant: the RAM principals are exactly the spoke accounts other than the hub's; external only for an out-of-organization spoke", () => {
        const expected = sorted(new Set(t.spokes.map((s) => s.accountId).filter((a) => a !== t.hub.accountId)));
        expect(sorted(planned("hub", "aws_ram_principal_association").map((r) => r.change.after.principal))).toEqual(expected);
        const external = t.spokes.some((s) => !s.inOrganization && s.accountId !== t.hub.accountId);
        expect(planned("hub", "aws_ram_resource_share").map((r) => r.change.after.allow_external_principals)).toEqual([external]);
        // With endpoint-mode VPCs the share also carries every in-service resource configuration.
        const withConfigurations = t.spokes.some((s) => endpointVpcs(s).length > 0);
        expect(sorted(instances("hub", "aws_ram_resource_association").map((i) => `${i.key ?? ""} ${attribute(i, "resource_arn")}`))).toEqual(sorted([
          " ${aws_vpclattice_service_network.lattice_service_network.arn}",
          ...(withConfigurations ? t.endpoints.map((e) => `${e.name} \${aws_vpclattice_resource_configuration.shared_resource_configurations[${JSON.stringify(e.name)}].arn}`) : []),
        ]));
      });

      test("resource access logs into a log group kept as long as the topology says", () => {
        expect(planned("hub", "aws_vpclattice_access_log_subscription").map((r) => r.change.after.service_network_log_type)).toEqual(["RESOURCE"]);
        expect(planned("hub", "aws_cloudwatch_log_group").map((r) => r.change.after.retention_in_days)).toEqual([t.hub.logRetentionDays]);
      });
    });

    describe("spokes", () => {
      test("invariant: every VPC association targets the hub's service network by ARN, with the given or created groups", () => {
        for (const s of nonEmpty(t.spokes, "spoke")) {
          const ws = spokeName(s);
          const assoc = instances(ws, "aws_vpclattice_service_network_vpc_association");
          expect(sorted(assoc.map((a) => a.key))).toEqual(sorted(associatedVpcs(s).map((v) => v.vpcId)));
          for (const a of assoc) expect(attribute(a, "service_network_identifier")).toBe("${data.terraform_remote_state.hub.outputs.service_network_arn}");
          for (const r of planned(ws, "aws_vpclattice_service_network_vpc_association")) {
            expect(r.change.after.service_network_identifier).toBe(p.hubOutputs.service_network_arn);
            const vpc = s.vpcs.find((v) => v.vpcId === r.change.after.vpc_identifier)!;
            if (vpc.securityGroupIds) expect(r.change.after.security_group_ids).toEqual(vpc.securityGroupIds);
            else expect(r.change.after_unknown.security_group_ids).toBe(true); // the created group's id
          }
        }
      });

      test("invariant: created client groups admit only the given CIDRs, on the ports of every endpoint", () => {
        const allPorts = sorted(portsOf(t.endpoints.flatMap((e) => e.ports)));
        const withClients = nonEmpty(t.spokes.flatMap((s) => associatedVpcs(s).filter((v) => v.clientCidrs).map((v) => ({ s, v }))), "VPC with client CIDRs");
        for (const { s, v } of withClients) {
          const group = `\${aws_security_group.spoke_client_security_groups[${JSON.stringify(v.vpcId)}].id}`;
          const rules = instances(spokeName(s), "aws_vpc_security_group_ingress_rule")
            .filter((i: Instance) => attribute(i, "security_group_id") === group)
            .map((i) => ({ cidr: attribute(i, "cidr_ipv4") ?? attribute(i, "cidr_ipv6"), from: attribute(i, "from_port"), to: attribute(i, "to_port") }));
          expect(sorted(new Set(rules.map((r) => r.cidr)))).toEqual(sorted(v.clientCidrs!));
          for (const cidr of v.clientCidrs!) expect(sorted(portsOfRules(rules.filter((r) => r.cidr === cidr)))).toEqual(allPorts);
        }
        // No ingress rule anywhere in a spoke beyond those (endpoint access has its own groups: below).
        for (const s of t.spokes) {
          const expected = associatedVpcs(s).filter((v) => v.clientCidrs).length;
          const groups = new Set(instances(spokeName(s), "aws_vpc_security_group_ingress_rule").filter((i) => !i.address.includes(".access_"))
            .map((i) => attribute(i, "security_group_id")));
          expect(groups.size).toBe(expected);
        }
      });

      test("invariant: a spoke accepts the hub's share only outside the organization, once per account", () => {
        for (const s of t.spokes) {
          const accepts = !s.inOrganization && s.accountId !== t.hub.accountId;
          const accepters = planned(spokeName(s), "aws_ram_resource_share_accepter").filter((r) => r.address.includes("spoke_"));
          expect({ spoke: s.name, accepters: accepters.map((r) => r.change.after.share_arn) })
            .toEqual({ spoke: s.name, accepters: accepts ? [p.hubOutputs.resource_share_arn] : [] });
        }
      });

      test("invariant: each spoke resolves the zones with its own credentials", () => {
        for (const s of nonEmpty(t.spokes, "spoke")) {
          const ws = spokeName(s);
          if (t.dns.mode === "profile") {
            expect(planned(ws, "aws_route53_zone_association")).toEqual([]);
            const assoc = planned(ws, "aws_route53profiles_association");
            expect(sorted(assoc.map((r) => r.change.after.resource_id))).toEqual(sorted(associatedVpcs(s).map((v) => v.vpcId)));
            for (const r of assoc) expect(r.change.after.profile_id).toBe(p.dnsOutputs.route53_profile_id);
            const accepts = !s.inOrganization && s.accountId !== t.dns.accountId && associatedVpcs(s).length > 0;
            expect(planned(ws, "aws_ram_resource_share_accepter").filter((r) => r.address.includes("profile_")).map((r) => r.change.after.share_arn))
              .toEqual(accepts ? [p.dnsOutputs.route53_profile_share_arn] : []);
          } else {
            expect(planned(ws, "aws_route53profiles_association")).toEqual([]);
            const expected = zonesOf(t).flatMap((z) => associatedVpcs(s)
              .filter((v) => isAdopted(t, z) || v.vpcId !== t.dns.vpcId)
              .map((v) => ({ zone_id: p.dnsOutputs.zone_ids[z], vpc_id: v.vpcId })));
            const actual = planned(ws, "aws_route53_zone_association").map((r) => ({ zone_id: r.change.after.zone_id, vpc_id: r.change.after.vpc_id }));
            const key = (x: { zone_id: unknown; vpc_id: unknown }) => `${x.zone_id}/${x.vpc_id}`;
            expect(sorted(actual.map(key))).toEqual(sorted(expected.map(key)));
          }
        }
      });
    });

    describe("endpoint access", () => {
      const spokesWithEndpoints = () => t.spokes.filter((s) => endpointVpcs(s).length > 0);
      const plannedKeyed = (ws: string, type: string) => new Map(planned(ws, type).map((r) => [JSON.parse(/\[(".*")\]$/.exec(r.address)![1]) as string, r]));

      test("invariant: per endpoint-mode VPC one Resource endpoint per vendor, on the hub's resource configuration, in the given subnets", () => {
        for (const s of spokesWithEndpoints()) {
          const ws = spokeName(s);
          const endpoints = plannedKeyed(ws, "aws_vpc_endpoint");
          const expected = endpointVpcs(s).flatMap((v) => t.endpoints.map((e) => ({ key: `${e.name}/${v.vpcId}`, v, e })));
          expect(sorted(endpoints.keys())).toEqual(sorted(expected.map((x) => x.key)));
          for (const { key, v, e } of expected) {
            const after = endpoints.get(key)!.change.after;
            expect({ key, type: after.vpc_endpoint_type, arn: after.resource_configuration_arn, vpc: after.vpc_id, subnets: sorted(after.subnet_ids as string[]) })
              .toEqual({ key, type: "Resource", arn: p.hubOutputs.endpoints[e.name].resource_configuration_arn, vpc: v.vpcId, subnets: sorted(v.subnetIds!) });
            if (v.securityGroupIds) expect(after.security_group_ids).toEqual(v.securityGroupIds);
            else expect(endpoints.get(key)!.change.after_unknown.security_group_ids).toBe(true);
          }
          const instance = instancesOf(json(ws), "aws_vpc_endpoint")[0];
          expect(attribute(instance, "resource_configuration_arn")).toBe(`\${data.terraform_remote_state.hub.outputs.endpoints[${JSON.stringify(instance.value.endpoint)}].resource_configuration_arn}`);
        }
      });

      test("invariant: each endpoint-mode VPC has its own zones, whose records point at that VPC's endpoint's dns_entry", () => {
        for (const s of spokesWithEndpoints()) {
          const ws = spokeName(s);
          const zones = planned(ws, "aws_route53_zone");
          expect(sorted(zones.map((z) => `${z.change.after.name}/${(z.change.after.vpc as { vpc_id: string }[])[0].vpc_id}`)))
            .toEqual(sorted(endpointVpcs(s).flatMap((v) => zonesOf(t).map((z) => `${z}/${v.vpcId}`))));
          const records = instancesOf(json(ws), "aws_route53_record");
          const expected = endpointVpcs(s).flatMap((v) => t.endpoints.flatMap((e) => e.dns.records.map((r) => ({ v, e, name: `${r}.${e.dns.zone}` }))));
          expect(sorted(records.map((r) => r.key))).toEqual(sorted(expected.map((x) => `${x.name}/${x.v.vpcId}`)));
          for (const { v, e, name } of expected) {
            const record = records.find((r) => r.key === `${name}/${v.vpcId}`)!;
            expect(attribute(record, "records")).toEqual([`\${aws_vpc_endpoint.access_endpoints[${JSON.stringify(`${e.name}/${v.vpcId}`)}].dns_entry[0].dns_name}`]);
            expect(attribute(record, "zone_id")).toBe(`\${aws_route53_zone.access_zones[${JSON.stringify(`${e.dns.zone}/${v.vpcId}`)}].zone_id}`);
            expect(attribute(record, "type")).toBe("CNAME");
          }
          expect(planned(ws, "aws_route53_record").map((r) => r.change.after.ttl)).toEqual(records.map(() => t.dns.ttl));
        }
      });

      test("invariant: the endpoints' created groups admit only the VPC's client CIDRs, on the ports of every endpoint", () => {
        const allPorts = sorted(portsOf(t.endpoints.flatMap((e) => e.ports)));
        for (const s of spokesWithEndpoints()) {
          const rules = instancesOf(json(spokeName(s)), "aws_vpc_security_group_ingress_rule").filter((i) => i.address.includes(".access_client_ingress"));
          for (const v of endpointVpcs(s)) {
            const group = `\${aws_security_group.access_client_security_groups[${JSON.stringify(v.vpcId)}].id}`;
            const mine = rules.filter((i) => attribute(i, "security_group_id") === group)
              .map((i) => ({ cidr: attribute(i, "cidr_ipv4") ?? attribute(i, "cidr_ipv6"), from: attribute(i, "from_port"), to: attribute(i, "to_port") }));
            expect(sorted(new Set(mine.map((r) => r.cidr)))).toEqual(sorted(v.clientCidrs ?? []));
            for (const cidr of v.clientCidrs ?? []) expect(sorted(portsOfRules(mine.filter((r) => r.cidr === cidr)))).toEqual(allPorts);
          }
        }
      });

      test("invariant: a resolver is INBOUND in its subnets, behind a group that admits only 53/TCP and 53/UDP from the allowed CIDRs", () => {
        for (const s of spokesWithEndpoints()) {
          const ws = spokeName(s);
          const withResolver = endpointVpcs(s).filter((v) => v.resolver);
          const resolvers = plannedKeyed(ws, "aws_route53_resolver_endpoint");
          expect(sorted(resolvers.keys())).toEqual(sorted(withResolver.map((v) => v.vpcId)));
          for (const v of withResolver) {
            const after = resolvers.get(v.vpcId)!.change.after;
            expect(after.direction).toBe("INBOUND");
            expect(sorted((after.ip_address as { subnet_id: string }[]).map((a) => a.subnet_id))).toEqual(sorted(v.resolver!.inboundSubnetIds));
            const group = `\${aws_security_group.access_resolver_security_groups[${JSON.stringify(v.vpcId)}].id}`;
            const resolver = instancesOf(json(ws), "aws_route53_resolver_endpoint").find((i) => i.key === v.vpcId)!;
            expect(attribute(resolver, "security_group_ids")).toEqual([group]);
            const rules = instancesOf(json(ws), "aws_vpc_security_group_ingress_rule").filter((i) => attribute(i, "security_group_id") === group)
              .map((i) => `${attribute(i, "ip_protocol")} ${attribute(i, "from_port")}-${attribute(i, "to_port")} ${attribute(i, "cidr_ipv4") ?? attribute(i, "cidr_ipv6")}`);
            expect(sorted(rules)).toEqual(sorted(v.resolver!.allowedCidrs.flatMap((c) => [`tcp 53-53 ${c}`, `udp 53-53 ${c}`])));
          }
          expect(Object.keys(json(ws).output ?? {})).toEqual(withResolver.length > 0 ? ["resolver_addresses"] : []);
        }
      });

      test("invariant: an endpoint-mode VPC is in no association, authorization or profile association; a spoke of only such VPCs reads no dns", () => {
        const endpointVpcIds = new Set(t.spokes.flatMap((s) => endpointVpcs(s).map((v) => v.vpcId)));
        for (const ws of workspacesOf(t)) {
          for (const type of ["aws_vpclattice_service_network_vpc_association", "aws_route53_zone_association", "aws_route53_vpc_association_authorization", "aws_route53profiles_association"]) {
            for (const r of planned(ws, type)) expect({ ws, type, vpc: endpointVpcIds.has(String(r.change.after.vpc_identifier ?? r.change.after.vpc_id ?? r.change.after.resource_id)) }).toEqual({ ws, type, vpc: false });
          }
        }
        for (const s of spokesWithEndpoints().filter((x) => associatedVpcs(x).length === 0)) {
          expect(Object.keys(json(spokeName(s)).data.terraform_remote_state)).toEqual(["hub"]);
        }
      });
    });

    describe("dns", () => {
      test("invariant: every record targets its own endpoint's lattice_dns_name", () => {
        const records = instances("dns", "aws_route53_record");
        const expected = t.endpoints.flatMap((e) => e.dns.records.map((r) => [`${r}.${e.dns.zone}`, e.name] as const));
        expect(sorted(records.map((r) => r.key))).toEqual(sorted(expected.map(([name]) => name)));
        for (const [name, endpoint] of nonEmpty(expected, "record")) {
          const record = records.find((r) => r.key === name)!;
          expect(attribute(record, "records")).toEqual([`\${data.terraform_remote_state.hub.outputs.endpoints[${JSON.stringify(endpoint)}].lattice_dns_name}`]);
          expect(attribute(record, "type")).toBe("CNAME");
          const plannedRecord = planned("dns", "aws_route53_record").find((r) => r.change.after.name === name)!;
          expect(plannedRecord.change.after.records).toEqual([p.hubOutputs.endpoints[endpoint].lattice_dns_name]);
          expect(plannedRecord.change.after.ttl).toBe(t.dns.ttl);
        }
      });

      test("zones: the topology's, created or adopted, each record in its own zone", () => {
        // A zone only retired endpoints use is kept (without prevent_destroy) until they are deleted.
        expect(sorted(planned("dns", "aws_route53_zone").map((r) => r.change.after.name))).toEqual(sorted(zonesOf(p.topology).filter((z) => !isAdopted(t, z))));
        for (const z of planned("dns", "aws_route53_zone")) expect(z.change.after.vpc).toEqual([expect.objectContaining({ vpc_id: t.dns.vpcId })]);
        for (const [zone, id] of Object.entries(t.dns.zones)) {
          const inZone = planned("dns", "aws_route53_record").filter((r) => String(r.change.after.name).endsWith(`.${zone}`) && r.change.after.zone_id === id);
          expect(inZone.length).toBeGreaterThan(0);
        }
      });

      test("invariant: authorizations exactly for the other accounts' VPCs (associations mode); a shared profile otherwise", () => {
        const auth = planned("dns", "aws_route53_vpc_association_authorization").map((r) => `${r.change.after.vpc_id}`);
        if (t.dns.mode === "profile") {
          expect(auth).toEqual([]);
          const zones = planned("dns", "aws_route53profiles_resource_association");
          expect(zones).toHaveLength(zonesOf(t).length);
          for (const [zone, id] of Object.entries(t.dns.zones)) {
            expect(zones.filter((z) => z.change.after.resource_arn === `arn:aws:route53:::hostedzone/${id}`)).toHaveLength(1);
            expect(zone).toBeTruthy();
          }
          const principals = sorted(new Set(t.spokes.filter((s) => associatedVpcs(s).length > 0).map((s) => s.accountId).filter((a) => a !== t.dns.accountId)));
          expect(sorted(planned("dns", "aws_ram_principal_association").map((r) => r.change.after.principal))).toEqual(principals);
          const external = t.spokes.some((s) => !s.inOrganization && s.accountId !== t.dns.accountId && associatedVpcs(s).length > 0);
          expect(planned("dns", "aws_ram_resource_share").map((r) => r.change.after.allow_external_principals)).toEqual([external]);
          expect(sorted(Object.keys(json("dns").output))).toEqual(["route53_profile_id", "route53_profile_share_arn", "zone_ids"]);
        } else {
          const expected = t.spokes.filter((s) => s.accountId !== t.dns.accountId).flatMap((s) =>
            zonesOf(t).flatMap((z) => associatedVpcs(s).filter((v) => isAdopted(t, z) || v.vpcId !== t.dns.vpcId).map((v) => v.vpcId)));
          expect(sorted(auth)).toEqual(sorted(expected));
          expect(planned("dns", "aws_route53profiles_profile")).toEqual([]);
          expect(Object.keys(json("dns").output)).toEqual(["zone_ids"]);
        }
        expect(p.plans.dns.resource_changes.filter((r) => r.type === "aws_route53_zone_association")).toEqual([]);
      });
    });
  });
});
