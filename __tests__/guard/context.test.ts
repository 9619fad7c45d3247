/**
 * The guard derives each workspace's expectations from the topology by the stacks' conventions;
 * these tests fail when a convention drifts, instead of the rules silently checking less.
 */
import { loadTopologyFile, type Topology } from "../../config/loader";
import { DNS_WORKSPACE, guardContext, HUB_WORKSPACE, MANAGED_BY_TAG, spokeWorkspace, strictContext, type GuardTopology } from "../../guard/context";
import { providers } from "../../guard/terraform-json";
import { DNS_STACK, HUB_STACK, spokeStackName } from "../../stacks/workspace-stack";
import { ROOT, synthWorkspaces, readTopology } from "./support/synth";
import { join } from "node:path";

const topology: Topology = loadTopologyFile(join(ROOT, "examples/basic.yaml")).topology;
// Compile-time: the loader's Topology is what guardContext reads.
const asGuard: GuardTopology = topology;

describe("guardContext", () => {
  test("uses the stacks' workspace names", () => {
    expect([HUB_WORKSPACE, DNS_WORKSPACE, spokeWorkspace("x")]).toEqual([HUB_STACK, DNS_STACK, spokeStackName("x")]);
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
    const outside = { ...asGuard, spokes: asGuard.spokes.map((s, i) => ({ ...s, inOrganization: i !== 0 })) };
    expect(guardContext(outside, "hub").allowExternalPrincipals).toBe(true);
    expect(guardContext(asGuard, "not-a-workspace")).toEqual(strictContext("not-a-workspace"));
  });
});
