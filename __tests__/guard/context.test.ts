/**
 * The guard derives each workspace's expectations from the topology by the stacks' conventions;
 * these tests fail when a convention drifts, instead of the rules silently checking less.
 */
import { loadTopologyFile, type Topology } from "../../config/loader";
import { MANAGED_BY_TAG } from "../../config/contract";
import { estateOf } from "../../config/estate";
import { guardContext, strictContext } from "../../guard/context";
import { providers } from "../../guard/terraform-json";
import { ROOT, synthWorkspaces, readTopology } from "./support/synth";
import { join } from "node:path";

const topology: Topology = loadTopologyFile(join(ROOT, "examples/basic.yaml")).topology;
const asGuard = estateOf(topology);

describe("guardContext", () => {
  test("knows every workspace the stacks write, and no other", () => {
    const written = Object.keys(synthWorkspaces(readTopology("examples/basic.yaml"))).sort();
    expect(asGuard.workspaces.map((w) => w.name).sort()).toEqual(written);
  });

  test("matches the providers, accounts and default tags the stacks write", () => {
    const workspaces = synthWorkspaces(readTopology("examples/basic.yaml"));
    for (const [stack, doc] of Object.entries(workspaces)) {
      const ctx = guardContext(asGuard, stack);
      const written = providers(doc);
      expect(written.map((p) => p.alias).sort()).toEqual([...(ctx.providerAliases ?? [])].sort());
      for (const p of written) {
        expect(p.body.allowed_account_ids).toEqual([ctx.accountIds?.[p.alias as string]]);
        const tags = (p.body.default_tags as { tags: Record<string, string> }[])[0].tags;
        expect(Object.keys(tags)).toEqual(expect.arrayContaining([...(ctx.requiredTagKeys ?? []), MANAGED_BY_TAG]));
      }
    }
  });

  test("states the topology's intent", () => {
    const hub = guardContext(asGuard, "hub");
    expect(hub).toMatchObject({ stack: "hub", protect: true, allowExternalPrincipals: false, principals: ["222222222222", "444444444444"] });
    expect(guardContext(asGuard, "spoke-payments").clientCidrs).toEqual(["10.20.0.0/16"]);
    expect(guardContext(asGuard, "spoke-analytics").clientCidrs).toEqual([]);
    const outside = estateOf({ ...topology, spokes: topology.spokes.map((s, i) => ({ ...s, inOrganization: i !== 0 })) });
    expect(guardContext(outside, "hub").allowExternalPrincipals).toBe(true);
    expect(guardContext(asGuard, "not-a-workspace")).toEqual(strictContext("not-a-workspace"));
  });
});
