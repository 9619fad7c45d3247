/**
 * The bootstrap workspaces of every topology with an identity (examples/, __tests__/fixtures/ and
 * __tests__/fixtures/identity/, whose product workspaces are like the others' and are not planned again):
 * each identity workspace validated by Terraform as written and planned offline; the hcp workspace
 * validated where the tfe provider can be installed (never offline: skipped loudly, CI included).
 * Expectations come from the topology files.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { planBootstrapFile, validateHcpWorkspace, type PlannedBootstrap } from "../support/bootstrap-plans";
import { describeRequiring, TERRAFORM, TFE_PROVIDER } from "../support/requires";
import { PROJECT_ROOT } from "../support/synth";

const TOPOLOGIES = ["examples", "__tests__/fixtures", "__tests__/fixtures/identity"]
  .flatMap((dir) => readdirSync(join(PROJECT_ROOT, dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join(dir, f)))
  .filter((file) => loadTopologyFile(join(PROJECT_ROOT, file)).topology.identity !== undefined)
  .sort();

/** Every deploy role of the topology: account, name and path from its ARN. */
function rolesOf(t: Topology) {
  const arns = [...new Set([t.hub.roleArn, t.dns.roleArn, ...t.spokes.map((s) => s.roleArn)])] as string[];
  return arns.map((arn) => {
    const [, accountId, resource] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(arn)!;
    const parts = resource.split("/");
    return { arn, accountId, name: parts.pop()!, path: parts.length > 0 ? `/${parts.join("/")}/` : "/" };
  });
}

/** Assert a collection the test loops over is not empty, then return it. */
function nonEmpty<T>(xs: readonly T[], what: string): readonly T[] {
  if (xs.length === 0) throw new Error(`expected at least one ${what}`);
  return xs;
}

test("there are topologies with every identity type to plan", () => {
  const types = TOPOLOGIES.map((f) => loadTopologyFile(join(PROJECT_ROOT, f)).topology.identity!.type);
  expect([...new Set(types)].sort()).toEqual(["github-actions", "hcp-terraform", "principal"]);
});

describeRequiring(TERRAFORM, "bootstrap workspaces of every topology with an identity", () => {
  const started = new Map(TOPOLOGIES.map((file) => {
    const planned = planBootstrapFile(join(PROJECT_ROOT, file));
    planned.catch(() => undefined); // reported by the topology's own beforeAll
    return [file, planned];
  }));

  describe.each(TOPOLOGIES)("%s", (file) => {
    let p: PlannedBootstrap;
    let t: Topology;
    beforeAll(async () => {
      p = await started.get(file)!;
      t = p.topology;
    }, 900_000);

    const planned = (ws: string, type: string) => p.plans[ws].resource_changes.filter((r) => r.type === type);

    test("one identity workspace per account with a deploy role", () => {
      expect([...p.identityWorkspaces].sort()).toEqual([...new Set(rolesOf(t).map((r) => `identity-${r.accountId}`))].sort());
    });

    test("terraform validate passes for every identity workspace, as written", () => {
      for (const ws of nonEmpty(p.identityWorkspaces, "identity workspace")) {
        expect({ ws, errors: p.validations[ws].diagnostics.filter((d) => d.severity === "error") }).toEqual({ ws, errors: [] });
      }
    });

    test("the offline plan creates each account's roles, named and placed by their ARNs, with their policies, and nothing else", () => {
      const identity = t.identity!;
      for (const ws of nonEmpty(p.identityWorkspaces, "identity workspace")) {
        const accountId = ws.slice("identity-".length);
        const roles = rolesOf(t).filter((r) => r.accountId === accountId);
        expect(new Set(p.plans[ws].resource_changes.flatMap((r) => r.change.actions))).toEqual(new Set(["create"]));
        expect(planned(ws, "aws_iam_role").map((r) => [r.change.after.name, r.change.after.path]).sort())
          .toEqual(roles.map((r) => [r.name, r.path]).sort());
        expect(planned(ws, "aws_iam_role_policy").map((r) => r.address).sort())
          .toEqual(roles.map((r) => `aws_iam_role_policy.deploy_policies[${JSON.stringify(r.name)}]`).sort());
        for (const r of nonEmpty(planned(ws, "aws_iam_role"), "planned role")) {
          expect(r.change.after.max_session_duration).toBe(identity.maxSessionDuration ?? 3600);
          expect(r.change.after.permissions_boundary ?? null).toBe(identity.permissionsBoundaryArn ?? null);
          const trust = JSON.parse(String(r.change.after.assume_role_policy));
          const principal = trust.Statement[0].Principal;
          if (identity.type === "principal") expect(principal).toEqual({ AWS: identity.arn });
          else expect(principal.Federated).toMatch(new RegExp(`^arn:aws:iam::${accountId}:oidc-provider/`));
        }
        // The OIDC provider: created unless the topology adopts this account's.
        const adopted = identity.type !== "principal" && [identity.oidcProviderArn ?? []].flat().some((a) => a.split(":")[4] === accountId);
        const created = planned(ws, "aws_iam_openid_connect_provider");
        expect({ ws, created: created.length }).toEqual({ ws, created: identity.type === "principal" || adopted ? 0 : 1 });
        expect(p.plans[ws].resource_changes.map((r) => r.type).filter((type) => !["aws_iam_role", "aws_iam_role_policy", "aws_iam_openid_connect_provider"].includes(type))).toEqual([]);
      }
    });
  });
});

describeRequiring(TFE_PROVIDER, "the hcp workspace, validated by Terraform with the tfe provider", () => {
  const withHcp = TOPOLOGIES.filter((f) => loadTopologyFile(join(PROJECT_ROOT, f)).topology.identity!.type === "hcp-terraform");

  test.each(withHcp)("%s", async (file) => {
    const { json } = await planBootstrapFile(join(PROJECT_ROOT, file));
    const result = await validateHcpWorkspace(JSON.stringify(json.hcp));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
  }, 300_000);
}, "the tfe provider is never in the offline mirror, so this suite cannot run here; the hcp workspace is checked by the bindings' types and by __tests__/stacks/bootstrap.test.ts");
