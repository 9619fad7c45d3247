/**
 * Scale is part of correctness: every workspace grows with its own account, never with the estate.
 * Sizes are counted in the synthesized JSON (not timed): provider configurations, resource blocks
 * and instances.
 */
import { resources } from "../../guard/terraform-json";
import { synthesizeJson } from "../../stacks/synthesize";
import { validateTopology } from "../../config/loader";
import { generatedTopology, type GeneratedTopologyProps } from "../../scripts/generated-topology";
import { DEFAULT_QUOTAS } from "../../config/rules";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const synth = (props: GeneratedTopologyProps) => synthesizeJson(validateTopology(generatedTopology(props)).topology).json as ReadonlyMap<string, Json>;

/** Resource blocks as declared (type.name), and instances (literal for_each expanded, as the rule pack reads them). */
function size(json: Json) {
  const blocks = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`)).sort();
  return { providers: (json.provider?.aws ?? []).length, blocks, instances: resources(json).length };
}

// Associations mode is refused past one page of authorizations per zone (config/quotas.ts): its
// largest estate of 2 VPCs per account is 25 spoke accounts.
describe.each([["associations", 25], ["profile", 300]] as const)("%s mode, 3 and %i spoke accounts", (mode, spokes) => {
  const small = synth({ spokes: 3, mode });
  const large = synth({ spokes, mode });
  const more = spokes - 3;

  test("the dns workspace has the same provider configuration for 3 spoke accounts and for many", () => {
    expect(large.get("dns")!.provider).toEqual(small.get("dns")!.provider);
    expect(size(large.get("dns")!).providers).toBe(1);
    // The same resource blocks; only the for_each maps (authorizations, principals) grow.
    expect(size(large.get("dns")!).blocks).toEqual(size(small.get("dns")!).blocks);
  });

  // Written inline, every string of a for_each map is a template that Terraform parses again for
  // each instance: the plan of a dns workspace of 100 spoke accounts took 61 s, through a local 6.4 s.
  test("every literal for_each map is written once, as a local, and the resources iterate over that local", () => {
    let throughLocals = 0;
    for (const [name, json] of large) {
      const locals = json.locals ?? {};
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [id, body] of Object.entries(byName as Record<string, Json>)) {
          if (body.for_each === undefined) continue;
          expect({ at: `${name}: ${type}.${id}`, inline: typeof body.for_each === "object" }).toEqual({ at: `${name}: ${type}.${id}`, inline: false });
          const local = /^\$\{local\.(\w+)\}$/.exec(body.for_each)?.[1];
          if (local !== undefined && typeof locals[local] === "object") throughLocals++;
        }
      }
    }
    // hub (endpoints, port rules), dns (records, and authorizations or profile zones), each spoke's associations.
    expect(throughLocals).toBeGreaterThanOrEqual(spokes + 3);
  });

  test("every workspace has one provider configuration", () => {
    for (const [name, json] of large) expect([name, size(json).providers]).toEqual([name, 1]);
  });

  test("a spoke workspace's content depends only on its own spoke", () => {
    // spoke-1 is the same spoke in both estates: its workspace is byte for byte the same.
    expect(JSON.stringify(large.get("spoke-spoke-1"))).toBe(JSON.stringify(small.get("spoke-spoke-1")));
    const sizes = [...large].filter(([name]) => name.startsWith("spoke-")).map(([, json]) => size(json).instances);
    expect(sizes.length).toBe(spokes);
    expect(new Set(sizes).size).toBe(1);
  });

  test("the hub grows by one principal association per account, the dns workspace by its authorizations or principals", () => {
    const delta = (ws: string) => size(large.get(ws)!).instances - size(small.get(ws)!).instances;
    expect(delta("hub")).toBe(more);
    // More accounts × 2 VPCs × 3 zones authorizations, or one more profile-share principal each.
    expect(delta("dns")).toBe(mode === "profile" ? more : more * 2 * 3);
  });
});

// Endpoint access (docs/endpoint-access.md): a spoke whose VPCs reach the vendors through VPC endpoints
// holds everything of its own; the hub only shares with its account, dns knows nothing of it.
describe("endpoint access: every other one of 3 and of 300 spoke accounts", () => {
  const props = (spokes: number): GeneratedTopologyProps => ({ spokes, mode: "profile", endpointAccessEvery: 2 });
  const small = synth(props(3));
  const large = synth(props(300));
  const endpointSpokes = (spokes: number) => Math.floor(spokes / 2);

  test("endpoint-mode VPCs count against no association quota: 300 such VPCs need no raised quota", () => {
    const topology = generatedTopology({ spokes: 300, mode: "profile", endpointAccessEvery: 1 });
    expect(topology.quotas.vpcAssociationsPerServiceNetwork).toBe(DEFAULT_QUOTAS.vpcAssociationsPerServiceNetwork);
    const { warnings } = validateTopology({ ...topology, quotas: {} });
    expect(warnings.filter((w) => /quota/i.test(w))).toEqual([]);
  });

  test("the dns workspace holds nothing for endpoint-mode spokes: the same as without them", () => {
    const withoutEndpointSpokes = synth({ spokes: 150, mode: "profile" });
    // 150 association spokes in both; only the accounts' names differ, so compare sizes.
    expect(size(large.get("dns")!).instances).toBe(size(withoutEndpointSpokes.get("dns")!).instances);
    expect(size(large.get("dns")!).blocks).toEqual(size(withoutEndpointSpokes.get("dns")!).blocks);
  });

  test("the hub grows by one principal association per account, and shares each configuration once", () => {
    const delta = size(large.get("hub")!).instances - size(small.get("hub")!).instances;
    expect(delta).toBe(300 - 3);
    // One association per endpoint (3), however many accounts reach them through endpoints.
    for (const estate of [small, large]) {
      const hub = estate.get("hub")!;
      expect(hub.resource.aws_ram_resource_association.lattice_resource_share_configurations.for_each)
        .toBe("${local.lattice_resource_share_configurations_for_each}");
      expect(Object.keys(hub.locals.lattice_resource_share_configurations_for_each)).toEqual(["svc-0", "svc-1", "svc-2"]);
    }
  });

  test("an endpoint-mode spoke's workspace depends only on its own spoke, and every one is the same size", () => {
    expect(JSON.stringify(large.get("spoke-spoke-1"))).toBe(JSON.stringify(small.get("spoke-spoke-1")));
    const sizes = [...large].filter(([name]) => /^spoke-spoke-\d*[13579]$/.test(name)).map(([, json]) => size(json));
    expect(sizes.length).toBe(endpointSpokes(300));
    expect(new Set(sizes.map((s) => s.instances)).size).toBe(1);
    expect(sizes.every((s) => s.providers === 1)).toBe(true);
  });
});
