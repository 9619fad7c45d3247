/**
 * `npm run bootstrap`: the identity workspaces (deploy roles, their trust and their policies) and the
 * hcp workspace, checked by meaning on the synthesized JSON. Expectations come from the topology files
 * and from the product's synthesized workspaces, not from config/estate.ts or config/identity.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runRoles } from "../../config/estate";
import { loadTopologyFile } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { guardContext } from "../../guard/context";
import { runRules } from "../../guard/engine";
import { deployRoles } from "../../iam/deploy-policies";
import { bootstrapJson } from "../../stacks/bootstrap";
import { synthesizeJson } from "../../stacks/synthesize";
import { PROJECT_ROOT, withForEachInlined } from "../support/synth";
import { describeCommands } from "../support/requires";
import { nonEmpty } from "../support/topology-expectations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const HCP = "examples/hcp-terraform.yaml";
const GITHUB = "__tests__/fixtures/identity/github-actions.yaml";
const PRINCIPAL = "__tests__/fixtures/identity/principal.yaml";
const load = (file: string) => loadTopologyFile(join(PROJECT_ROOT, file)).topology;

/** The topology's product workspaces: stack name → account and deploy role. */
function productWorkspaces(t: Topology): { stack: string; accountId: string; roleArn: string }[] {
  return [
    { stack: "hub", accountId: t.hub.accountId, roleArn: t.hub.roleArn! },
    { stack: "dns", accountId: t.dns.accountId, roleArn: t.dns.roleArn! },
    ...t.spokes.map((s) => ({ stack: `spoke-${s.name}`, accountId: s.accountId, roleArn: s.roleArn! })),
  ];
}

/** The deploy roles an identity workspace creates, by name: path, description, trust and policy parsed. */
function rolesOf(written: Json): Map<string, { path: string; description: string; trust: Json; policy: Json; body: Json }> {
  const json = withForEachInlined(written);
  const roles = json.resource.aws_iam_role.deploy_roles;
  const policies = json.resource.aws_iam_role_policy.deploy_policies;
  expect(roles.name).toBe("${each.key}");
  expect(roles.path).toBe("${each.value.path}");
  expect(roles.description).toBe("${each.value.description}");
  expect(roles.assume_role_policy).toBe("${each.value.trust_policy}");
  // Its name is in the docs and in each account's IAM: a new name replaces every inline policy.
  expect(policies.name).toBe("lattice-endpoints-deploy");
  expect(policies.policy).toBe("${each.value.policy}");
  expect(policies.role).toBe("${aws_iam_role.deploy_roles[each.key].name}");
  expect(Object.keys(policies.for_each).sort()).toEqual(Object.keys(roles.for_each).sort());
  return new Map(Object.entries(roles.for_each as Record<string, Json>).map(([name, r]) => [name, {
    path: r.path, description: r.description, trust: JSON.parse(r.trust_policy), policy: JSON.parse(policies.for_each[name].policy), body: roles,
  }]));
}

/** "arn:aws:iam::1:role/a/b" → { accountId: "1", path: "/a/", name: "b" }, worked out here. */
function parseRoleArn(arn: string) {
  const [, accountId, resource] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(arn)!;
  const parts = resource.split("/");
  return { accountId, name: parts.pop()!, path: parts.length > 0 ? `/${parts.join("/")}/` : "/" };
}

/** Every deploy role of the topology with the stacks that use it, grouped by account. */
function expectedRoles(t: Topology): Map<string, Map<string, { path: string; stacks: string[] }>> {
  const byAccount = new Map<string, Map<string, { path: string; stacks: string[] }>>();
  for (const w of productWorkspaces(t)) {
    const { accountId, name, path } = parseRoleArn(w.roleArn);
    const roles = byAccount.get(accountId) ?? new Map();
    byAccount.set(accountId, roles);
    const role = roles.get(name) ?? { path, stacks: [] };
    roles.set(name, { path, stacks: [...role.stacks, w.stack] });
  }
  return byAccount;
}

describe.each([HCP, GITHUB, PRINCIPAL])("%s", (file) => {
  const t = load(file);
  const { estate, json } = bootstrapJson(t);
  const product = synthesizeJson(t);

  test("one identity workspace per account with a deploy role, each creating exactly that account's roles", () => {
    const expected = expectedRoles(t);
    const identityNames = [...json.keys()].filter((w) => w.startsWith("identity-"));
    expect(identityNames.sort()).toEqual([...expected.keys()].map((a) => `identity-${a}`).sort());
    for (const [accountId, roles] of nonEmpty([...expected], "account")) {
      const ws = json.get(`identity-${accountId}`) as Json;
      // An administrator's credentials, pinned to the account: no role to assume yet.
      expect(ws.provider.aws).toEqual([expect.objectContaining({ allowed_account_ids: [accountId] })]);
      expect(ws.provider.aws[0].assume_role).toBeUndefined();
      const actual = rolesOf(ws);
      expect([...actual.keys()].sort()).toEqual([...roles.keys()].sort());
      for (const [name, role] of roles) {
        expect({ name, path: actual.get(name)!.path }).toEqual({ name, path: role.path });
        // Who reads IAM sees which workspaces the role deploys, and of which topology.
        expect({ name, description: actual.get(name)!.description }).toEqual({ name, description: `Deploys ${role.stacks.join(", ")} of ${t.name} (lattice-endpoints)` });
      }
    }
  });

  test("each role's policy is exactly what npm run iam computes for it (deployRoles over the product's workspaces)", () => {
    const computed = deployRoles(Object.fromEntries(product.json), runRoles(product.estate));
    const checked = [...json.entries()].filter(([w]) => w.startsWith("identity-")).flatMap(([, ws]) => {
      return [...rolesOf(ws as Json)].map(([name, role]) => {
        const arn = productWorkspaces(t).find((w) => parseRoleArn(w.roleArn).name === name && (ws as Json).provider.aws[0].allowed_account_ids[0] === parseRoleArn(w.roleArn).accountId)!.roleArn;
        const expected = computed.find((r) => r.roleArn === arn);
        expect({ arn, policy: role.policy }).toEqual({ arn, policy: expected?.policy });
        return arn;
      });
    });
    expect(nonEmpty(checked, "role").length).toBe(computed.length);
  });

  test("the rule pack finds nothing in any bootstrap workspace", () => {
    for (const [name, doc] of nonEmpty([...json], "workspace")) expect(runRules(doc, guardContext(estate, name))).toEqual([]);
  });
});

describe("trust, by identity type", () => {
  const statementsOf = (file: string) => {
    const t = load(file);
    const { json } = bootstrapJson(t);
    return { t, json, roles: [...json.entries()].filter(([w]) => w.startsWith("identity-")).flatMap(([w, ws]) =>
      [...rolesOf(ws as Json)].map(([name, r]) => ({ workspace: w, ws: ws as Json, accountId: w.slice("identity-".length), name, ...r }))) };
  };

  test("hcp-terraform: HCP Terraform's OIDC provider of the account, its audience, and the runs of exactly the workspaces that use the role", () => {
    const { t, roles } = statementsOf(HCP);
    const expected = expectedRoles(t);
    for (const role of nonEmpty(roles, "role")) {
      expect(role.trust.Statement).toHaveLength(1);
      const [s] = role.trust.Statement;
      expect(s).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: `arn:aws:iam::${role.accountId}:oidc-provider/app.terraform.io` } });
      expect(s.Condition.StringEquals).toEqual({ "app.terraform.io:aud": "aws.workload.identity" });
      const stacks = expected.get(role.accountId)!.get(role.name)!.stacks;
      expect([...s.Condition.StringLike["app.terraform.io:sub"]].sort()).toEqual(
        stacks.map((stack) => `organization:initech:project:Lattice Endpoints:workspace:lattice-${stack}:run_phase:*`).sort());
      expect(role.body.max_session_duration).toBe(7200);
      expect(role.body.permissions_boundary).toBeUndefined();
      // The provider is created first, with HCP Terraform's issuer URL and audience.
      expect(role.ws.resource.aws_iam_openid_connect_provider.deploy_oidc_provider).toMatchObject({ url: "https://app.terraform.io", client_id_list: ["aws.workload.identity"] });
      expect(role.body.depends_on).toEqual(["aws_iam_openid_connect_provider.deploy_oidc_provider"]);
    }
  });

  test("github-actions: GitHub's OIDC provider (created, or adopted where the topology says), its audience and the exact environment", () => {
    const { roles } = statementsOf(GITHUB);
    expect(roles.map((r) => `${r.accountId}/${r.name}`).sort()).toEqual(["111111111111/lattice-dns", "111111111111/lattice-hub", "222222222222/lattice-deploy"]);
    for (const role of roles) {
      const [s] = role.trust.Statement;
      expect(s).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: `arn:aws:iam::${role.accountId}:oidc-provider/token.actions.githubusercontent.com` } });
      expect(s.Condition).toEqual({ StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": ["repo:acme/network-endpoints:environment:production"],
      } });
      const created = role.ws.resource.aws_iam_openid_connect_provider?.deploy_oidc_provider;
      if (role.accountId === "222222222222") {
        expect(created).toBeUndefined(); // adopted: the topology names it
        expect(role.body.depends_on).toBeUndefined();
      } else {
        expect(created).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
      }
    }
    // A ref instead of an environment.
    const t = load(GITHUB);
    const withRef = { ...t, identity: { ...t.identity!, environment: undefined, ref: "refs/heads/main" } } as Topology;
    const ws = bootstrapJson(withRef).json.get("identity-222222222222") as Json;
    expect(rolesOf(ws).get("lattice-deploy")!.trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"])
      .toEqual(["repo:acme/network-endpoints:ref:refs/heads/main"]);
  });

  test("principal: that ARN with sts:AssumeRole and the external id; no OIDC provider; the boundary and session the topology sets", () => {
    const { roles } = statementsOf(PRINCIPAL);
    for (const role of nonEmpty(roles, "role")) {
      expect(role.trust.Statement).toEqual([{
        Sid: expect.any(String), Effect: "Allow", Action: "sts:AssumeRole",
        Principal: { AWS: "arn:aws:iam::999999999999:role/ci/terraform-runner" },
        Condition: { StringEquals: { "sts:ExternalId": "lattice-endpoints-7f3a" } },
      }]);
      expect(role.ws.resource.aws_iam_openid_connect_provider).toBeUndefined();
      expect(role.body.permissions_boundary).toBe("arn:aws:iam::aws:policy/PowerUserAccess");
      expect(role.body.max_session_duration).toBe(10800);
    }
  });
});

describe("the product's AWS providers, by identity type", () => {
  const providersOf = (t: Topology) => {
    const { json } = synthesizeJson(t);
    return productWorkspaces(t).map((w) => ({ ...w, providers: (json.get(w.stack) as Json).provider.aws as Json[] }));
  };

  test.each([HCP, GITHUB])("%s: the run's credentials are the role already, so no provider assumes it; each stays pinned to its account", (file) => {
    for (const w of nonEmpty(providersOf(load(file)), "workspace")) {
      expect(w.providers).toHaveLength(1);
      expect({ stack: w.stack, assume_role: w.providers[0].assume_role, pinned: w.providers[0].allowed_account_ids })
        .toEqual({ stack: w.stack, assume_role: undefined, pinned: [w.accountId] });
    }
  });

  test("principal: each provider assumes its role with the external id", () => {
    for (const w of nonEmpty(providersOf(load(PRINCIPAL)), "workspace")) {
      expect(w.providers[0].assume_role).toEqual([{ role_arn: w.roleArn, session_name: `lattice-endpoints-${w.stack}`, external_id: "lattice-endpoints-7f3a" }]);
    }
  });

  test("without identity, as before: each provider assumes its role, no external id", () => {
    for (const w of nonEmpty(providersOf(load("examples/basic.yaml")), "workspace")) {
      expect(w.providers[0].assume_role).toEqual([{ role_arn: w.roleArn, session_name: `lattice-endpoints-${w.stack}` }]);
    }
  });
});

describe("the hcp workspace", () => {
  const t = load(HCP);
  const { json } = bootstrapJson(t);
  const hcp = json.get("hcp") as Json;
  const product = synthesizeJson(t).json;
  const stacks = productWorkspaces(t);
  const r = withForEachInlined(hcp).resource;
  const ref = (key: string) => `\${tfe_workspace.hcp_workspaces[${key}].id}`;

  test("comes last, only with hcp-terraform", () => {
    expect([...json.keys()].pop()).toBe("hcp");
    expect(bootstrapJson(load(GITHUB)).json.has("hcp")).toBe(false);
    expect(bootstrapJson(load(PRINCIPAL)).json.has("hcp")).toBe(false);
  });

  test("the tfe provider of the organization (version pinned to the bindings'), and its own cloud workspace", () => {
    const bindings = JSON.parse(readFileSync(require.resolve("@cdktf/provider-tfe/package.json"), "utf8")).cdktf.provider.version;
    expect(hcp.terraform.required_providers).toEqual({ tfe: { source: "hashicorp/tfe", version: bindings } });
    expect(hcp.provider).toEqual({ tfe: [{ alias: "hcp", hostname: "app.terraform.io", organization: "initech" }] });
    expect(hcp.terraform.cloud).toEqual({ organization: "initech", workspaces: { name: "lattice-hcp" } });
    expect(Object.values(r).flatMap((byName) => Object.values(byName as Json)).map((b: Json) => b.provider)).toEqual(expect.arrayContaining(["tfe.hcp"]));
  });

  test("the project, and one workspace per product stack, named as its cloud backend names it, running its directory with the tested Terraform", () => {
    expect(r.tfe_project.hcp_project).toMatchObject({ name: "Lattice Endpoints", organization: "initech" });
    const ws = r.tfe_workspace.hcp_workspaces;
    expect(ws).toMatchObject({ project_id: "${tfe_project.hcp_project.id}", terraform_version: "1.11.4", organization: "initech",
      name: "${each.value.name}", working_directory: "${each.value.working_directory}", lifecycle: { prevent_destroy: true } });
    expect(Object.keys(ws.for_each).sort()).toEqual(stacks.map((s) => s.stack).sort());
    for (const s of stacks) {
      // The name the product workspace's own cloud block uses.
      expect(ws.for_each[s.stack]).toEqual({ name: (product.get(s.stack) as Json).terraform.cloud.workspaces.name, working_directory: `cdktf.out/stacks/${s.stack}` });
    }
  });

  test("state is shared with exactly the workspaces whose remote state reads it", () => {
    const hcpName = (stack: string) => (product.get(stack) as Json).terraform.cloud.workspaces.name;
    const readers = (stack: string) => stacks.filter((reader) => Object.values<Json>((product.get(reader.stack) as Json).data?.terraform_remote_state ?? {})
      .some((d) => d.config.workspaces.name === hcpName(stack))).map((reader) => reader.stack).sort();
    const settings = r.tfe_workspace_settings.hcp_settings;
    expect(settings).toMatchObject({ workspace_id: ref("each.key"), global_remote_state: false, execution_mode: "remote",
      remote_state_consumer_ids: "${[for key in each.value.readers : tfe_workspace.hcp_workspaces[key].id]}" });
    expect(nonEmpty(readers("hub"), "reader of hub").length).toBe(stacks.length - 1);
    for (const s of stacks) expect({ stack: s.stack, readers: [...settings.for_each[s.stack].readers].sort() }).toEqual({ stack: s.stack, readers: readers(s.stack) });
  });

  test("run triggers along the deploy order: from each workspace read to each reader", () => {
    const triggers = r.tfe_run_trigger.hcp_run_triggers;
    expect(triggers).toMatchObject({ workspace_id: ref("each.value.target"), sourceable_id: ref("each.value.source") });
    const spokes = t.spokes.map((s) => `spoke-${s.name}`);
    expect(Object.values(triggers.for_each as Record<string, Json>).map((e) => `${e.source}→${e.target}`).sort())
      .toEqual(["hub→dns", ...spokes.flatMap((s) => [`hub→${s}`, `dns→${s}`])].sort());
  });

  test("dynamic credentials: TFC_AWS_PROVIDER_AUTH and TFC_AWS_RUN_ROLE_ARN (the topology's role) in each workspace's environment", () => {
    const variables = r.tfe_variable.hcp_credentials;
    expect(variables).toMatchObject({ category: "env", key: "${each.value.key}", value: "${each.value.value}", workspace_id: ref("each.value.workspace") });
    const entries = Object.values(variables.for_each as Record<string, Json>);
    expect(entries).toHaveLength(stacks.length * 2);
    for (const s of nonEmpty(stacks, "stack")) {
      const mine = Object.fromEntries(entries.filter((e) => e.workspace === s.stack).map((e) => [e.key, e.value]));
      expect(mine).toEqual({ TFC_AWS_PROVIDER_AUTH: "true", TFC_AWS_RUN_ROLE_ARN: s.roleArn });
    }
  });
});

describeCommands("npm run bootstrap", () => {
  const run = (config: string, args: string[]) => {
    const env = { ...process.env, LATTICE_CONFIG: config };
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bootstrap.ts", ...args], { cwd: PROJECT_ROOT, env, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const runIam = (config: string, out: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/iam.ts", "--output", out], { cwd: PROJECT_ROOT, env: { ...process.env, LATTICE_CONFIG: config }, encoding: "utf8" });
  let work: string;
  beforeEach(() => { work = mkdtempSync(join(tmpdir(), "bootstrap-cli-")); });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test("writes the workspaces in apply order, and the policies npm run iam writes are the roles' policies", () => {
    const out = join(work, "out");
    const r = run(HCP, ["--output", out]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n").slice(1).map((l) => l.trim())).toEqual(["identity-111111111111", "identity-333333333333", "identity-222222222222", "identity-444444444444", "hcp"]);
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["hcp", "identity-111111111111", "identity-222222222222", "identity-333333333333", "identity-444444444444"]);
    expect(existsSync(join(out, ".lattice-endpoints-output.json"))).toBe(true);

    const iam = join(work, "iam");
    expect(runIam(HCP, iam).status).toBe(0);
    const files = nonEmpty(readdirSync(iam).filter((f) => /^\d{12}-.+\.json$/.test(f)), "policy file");
    expect(files.length).toBe(4);
    for (const f of files) {
      const [, accountId, name] = /^(\d{12})-(.+)\.json$/.exec(f)!;
      const role = rolesOf(JSON.parse(readFileSync(join(out, "stacks", `identity-${accountId}`, "cdk.tf.json"), "utf8"))).get(name)!;
      expect({ f, policy: role.policy }).toEqual({ f, policy: JSON.parse(readFileSync(join(iam, f), "utf8")) });
    }
  }, 60_000);

  test("a topology without identity: exit 2, one line, nothing written", () => {
    const out = join(work, "out");
    const r = run("examples/basic.yaml", ["--output", out]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual(["bootstrap: examples/basic.yaml has no identity block; bootstrap needs it to know who deploys (hcp-terraform, github-actions or principal)"]);
    expect(existsSync(out)).toBe(false);
  });

  test("a bad identity: exit 2, one line per problem naming the field and the rule", () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(bad, readFileSync(join(PROJECT_ROOT, HCP), "utf8").replace("project: Lattice Endpoints", "project: x"));
    const r = run(bad, ["--output", join(work, "out")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^identity\.project: "x" is not an HCP Terraform project name \(3–40 characters/m);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test("refuses a directory that holds something else: exit 2, its file untouched", () => {
    const out = join(work, "taken");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    const r = run(HCP, ["--output", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to write to .*taken: it is not empty/);
    expect(readdirSync(out)).toEqual(["notes.txt"]);
  });

  test("the topology as a positional argument, over LATTICE_CONFIG: bootstrap and iam read that file", () => {
    // LATTICE_CONFIG names a topology without identity, which bootstrap refuses: the argument is read instead.
    const out = join(work, "out");
    const r = run("examples/basic.yaml", [HCP, "--output", out]);
    expect(r.status).toBe(0);
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["hcp", "identity-111111111111", "identity-222222222222", "identity-333333333333", "identity-444444444444"]);
    const [byArg, byEnv] = [join(work, "iam-arg"), join(work, "iam-env")];
    // examples/profile.yaml's roles differ (account 555555555555 instead of 444444444444).
    expect(spawnSync(process.execPath, ["--import", "tsx", "scripts/iam.ts", HCP, "--output", byArg], { cwd: PROJECT_ROOT, env: { ...process.env, LATTICE_CONFIG: "examples/profile.yaml" }, encoding: "utf8" }).status).toBe(0);
    expect(runIam(HCP, byEnv).status).toBe(0);
    const policies = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith(".json") && !f.startsWith(".")).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
    expect(Object.keys(policies(byArg))).toContain("444444444444-lattice-deploy.json");
    expect(policies(byArg)).toEqual(policies(byEnv));
  }, 60_000);

  test.each([
    ["bootstrap", [HCP, "examples/cloud.yaml"], `bootstrap: one topology file, not 2: "${HCP}" "examples/cloud.yaml"`],
    ["iam", [HCP, "examples/cloud.yaml"], `iam: one topology file, not 2: "${HCP}" "examples/cloud.yaml"`],
    ["iam", [""], "iam: the topology file argument is empty"],
  ])("npm run %s -- %j: a usage error in one line, exit 2, nothing written", (script, args, line) => {
    const out = join(work, "out");
    const r = spawnSync(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args, "--output", out], { cwd: PROJECT_ROOT, env: { ...process.env, LATTICE_CONFIG: HCP }, encoding: "utf8" });
    expect([r.status, r.stdout, r.stderr]).toEqual([2, "", `${line}\n${script}: see --help\n`]);
    expect(existsSync(out)).toBe(false);
  });
});
