/**
 * The guard derives each workspace's expectations from the topology by the stacks' conventions;
 * these tests fail when a convention drifts, instead of the rules silently checking less.
 */
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { MANAGED_BY_TAG } from "../../config/contract";
import { estateOf } from "../../config/estate";
import { guardContext, HCP_PROVIDER_ALIAS, strictContext } from "../../guard/context";
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

  test("the strictest context protects, shares with nobody and expects nothing else", () => {
    expect(strictContext("x")).toStrictEqual({ stack: "x", protect: true, allowExternalPrincipals: false });
  });

  test("a log key in the topology makes every log group need it", () => {
    expect(guardContext(asGuard, "hub").requireLogKms).toBe(false);
    const keyed = estateOf({ ...topology, hub: { ...topology.hub, logKmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666" } });
    expect(guardContext(keyed, "hub").requireLogKms).toBe(true);
    expect(guardContext(keyed, "dns").requireLogKms).toBe(true);
  });

  test("HCP Terraform: the hcp workspace has only the tfe provider; each identity workspace its account's", () => {
    const hcp = estateOf(loadTopologyFile(join(ROOT, "examples/hcp-terraform.yaml")).topology);
    expect(guardContext(hcp, hcp.identity!.hcp!.workspace)).toStrictEqual({ stack: hcp.identity!.hcp!.workspace, protect: true, allowExternalPrincipals: false, providerAliases: [HCP_PROVIDER_ALIAS] });
    const account = hcp.identity!.accounts[0];
    expect(guardContext(hcp, account.workspace.name)).toMatchObject({
      stack: account.workspace.name, allowExternalPrincipals: false, providerAliases: [account.workspace.providerAlias],
      accountIds: { [account.workspace.providerAlias]: account.workspace.accountId }, requiredTagKeys: Object.keys(hcp.defaultTags),
    });
    expect(guardContext(hcp, account.workspace.name).principals).toBeUndefined();
  });

  test("profile mode: the dns workspace shares the profile with the spoke accounts; associations mode shares nothing", () => {
    expect(guardContext(asGuard, "dns").principals).toBeUndefined();
    const profile = estateOf(loadTopologyFile(join(ROOT, "examples/profile.yaml")).topology);
    expect(guardContext(profile, "dns")).toMatchObject({ principals: profile.dns.profile!.sharePrincipals, allowExternalPrincipals: profile.dns.profile!.allowExternalPrincipals });
    expect(profile.dns.profile!.sharePrincipals.length).toBeGreaterThan(0);
  });
});
