/**
 * The topology's `identity` block: its shape and cross-field rules (one line per problem, naming the
 * field and the rule), and the facts the estate derives from it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { estateOf } from "../../config/estate";
import { identityOf, roleNameAndPath } from "../../config/identity";
import { TopologyError, validateTopology } from "../../config/loader";
import { PROJECT_ROOT } from "../support/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;
const read = (file: string): Data => parse(readFileSync(join(PROJECT_ROOT, file), "utf8"));
const hcpExample = () => read("examples/hcp-terraform.yaml");
const basic = () => read("examples/basic.yaml");

/** The problems of `data`, one line each ([] when valid). */
function problems(data: Data): string[] {
  try {
    validateTopology(data);
    return [];
  } catch (e) {
    if (e instanceof TopologyError) return [...e.lines];
    throw e;
  }
}
const withIdentity = (identity: unknown, base: Data = basic()) => problems({ ...base, identity });

describe("the identity block's shape", () => {
  test.each([
    ["an unknown type", { type: "oidc" }, "identity.type: must be hcp-terraform, github-actions or principal"],
    ["hcp-terraform without a project", { type: "hcp-terraform", organization: "acme" }, "identity.project: is required"],
    ["an organization HCP Terraform refuses", { type: "hcp-terraform", organization: "acme corp", project: "Lattice" },
      'identity.organization: "acme corp" is not an HCP Terraform organization name'],
    ["a project name HCP Terraform refuses", { type: "hcp-terraform", organization: "acme", project: "x!" },
      'identity.project: "x!" is not an HCP Terraform project name (3–40 characters of letters, digits, inner spaces, - and _)'],
    ["a hostname with a port (IAM's OIDC URL takes none)", { type: "hcp-terraform", organization: "acme", project: "Lattice", hostname: "tfe.acme.io:8443" },
      'identity.hostname: "tfe.acme.io:8443" is not a hostname (no port: it is the OIDC issuer)'],
    ["an adopted provider that is no OIDC provider ARN", { type: "hcp-terraform", organization: "acme", project: "Lattice", oidcProviderArn: "arn:aws:iam::111111111111:role/x" },
      'identity.oidcProviderArn: "arn:aws:iam::111111111111:role/x" is not an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<host>)'],
    ["a list of adopted providers with a bad entry", { type: "github-actions", repository: "acme/infra", ref: "refs/heads/main", oidcProviderArn: ["arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", "x"] },
      'identity.oidcProviderArn[1]: "x" is not an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<host>)'],
    ["a repository without its owner", { type: "github-actions", repository: "infra", environment: "prod" }, 'identity.repository: "infra" is not a GitHub repository "owner/name"'],
    ["neither environment nor ref", { type: "github-actions", repository: "acme/infra" }, "identity: give exactly one of environment or ref: the job that may deploy (the token's sub claim)"],
    ["both environment and ref", { type: "github-actions", repository: "acme/infra", environment: "prod", ref: "refs/heads/main" }, "identity: give exactly one of environment or ref: the job that may deploy (the token's sub claim)"],
    ["a wildcard ref", { type: "github-actions", repository: "acme/infra", ref: "refs/heads/*" }, 'identity.ref: "refs/heads/*" is not a full branch or tag ref without wildcards (refs/heads/<branch>, refs/tags/<tag>)'],
    ["a short ref", { type: "github-actions", repository: "acme/infra", ref: "main" }, 'identity.ref: "main" is not a full branch or tag ref without wildcards (refs/heads/<branch>, refs/tags/<tag>)'],
    ["a wildcard environment", { type: "github-actions", repository: "acme/infra", environment: "prod*" }, 'identity.environment: "prod*" is not a GitHub environment name (1–255 characters, no *, ? or :)'],
    ["an account root as principal", { type: "principal", arn: "arn:aws:iam::999999999999:root" }, 'identity.arn: "arn:aws:iam::999999999999:root" is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name> or :user/<name>)'],
    ["a one-character external id", { type: "principal", arn: "arn:aws:iam::999999999999:role/ci", externalId: "x" }, 'identity.externalId: "x" is not an external id (2–1224 characters of letters, digits and +=,.@:/-_)'],
    ["a session under an hour", { type: "principal", arn: "arn:aws:iam::999999999999:role/ci", maxSessionDuration: 900 }, "identity.maxSessionDuration: must be at least 3600 seconds (1 hour)"],
    ["a session over twelve hours", { type: "principal", arn: "arn:aws:iam::999999999999:role/ci", maxSessionDuration: 43201 }, "identity.maxSessionDuration: must be at most 43200 seconds (12 hours)"],
    ["a boundary that is no policy ARN", { type: "principal", arn: "arn:aws:iam::999999999999:role/ci", permissionsBoundaryArn: "arn:aws:iam::999999999999:role/b" },
      'identity.permissionsBoundaryArn: "arn:aws:iam::999999999999:role/b" is not an IAM managed policy ARN (arn:aws:iam::<account>:policy/<name>)'],
    ["a field of another type", { type: "principal", arn: "arn:aws:iam::999999999999:role/ci", repository: "acme/infra" }, "identity.repository: unknown key"],
    ["an identity that is no object", "principal", 'identity: must be an object, not "principal"'],
    ["a fractional session length", { type: "principal", arn: "arn:aws:iam::999999999999:role/ci", maxSessionDuration: 3600.5 }, "identity.maxSessionDuration: 3600.5 is not a whole number of seconds"],
    ["adopted providers that are neither an ARN nor a list", { type: "github-actions", repository: "acme/infra", ref: "refs/heads/main", oidcProviderArn: { arn: "x" } },
      'identity.oidcProviderArn: {"arn":"x"} is not an IAM OIDC provider ARN or a list of them'],
    ["an empty list of adopted providers", { type: "github-actions", repository: "acme/infra", ref: "refs/heads/main", oidcProviderArn: [] }, "identity.oidcProviderArn: needs at least 1 ARN"],
  ])("%s", (_, identity, expected) => {
    // Exactly one line per problem, in our words: no stack trace, no zod wording.
    expect(withIdentity(identity)).toEqual([expected]);
  });

  test.each(["a.io", "tfe1.acme.io", "tfe.acme-corp.example"])("HCP Terraform Enterprise on %s", (hostname) => {
    const t = hcpExample();
    t.backend.hostname = hostname;
    t.identity.hostname = hostname;
    expect(problems(t)).toEqual([]);
  });

  test("the example, and each type at its smallest, are valid", () => {
    expect(problems(hcpExample())).toEqual([]);
    expect(withIdentity({ type: "github-actions", repository: "acme/infra", environment: "production" })).toEqual([]);
    expect(withIdentity({ type: "principal", arn: "arn:aws:iam::999999999999:user/operator", externalId: "abc-123" })).toEqual([]);
  });
});

describe("the identity block's cross-field rules", () => {
  test("every workspace needs the deploy role to create, named by its roleArn", () => {
    const t = basic();
    delete t.hub.roleArn;
    delete t.dns.roleArn;
    delete t.spokes[1].roleArn;
    expect(withIdentity({ type: "principal", arn: "arn:aws:iam::999999999999:role/ci" }, t)).toEqual([
      "hub.roleArn: is required with identity: the deploy role npm run bootstrap creates in account 111111111111 for principal",
      "dns.roleArn: is required with identity: the deploy role npm run bootstrap creates in account 333333333333 for principal",
      "spokes[1].roleArn: is required with identity: the deploy role npm run bootstrap creates in account 444444444444 for principal",
    ]);
  });

  test("without identity, a missing roleArn is still the caller's credentials", () => {
    const t = basic();
    delete t.dns.roleArn;
    expect(problems(t)).toEqual([]);
  });

  test("hcp-terraform needs the cloud backend: its credentials exist only in HCP Terraform's runs", () => {
    expect(withIdentity({ type: "hcp-terraform", organization: "acme", project: "Lattice" })).toEqual([
      "backend.type: is local, but identity type hcp-terraform runs the workspaces in HCP Terraform (dynamic credentials exist only in its runs) and keeps their state there: use backend type cloud",
    ]);
  });

  test("hcp-terraform's organization and hostname are the cloud backend's", () => {
    const t = hcpExample();
    t.identity.organization = "umbrella";
    t.identity.hostname = "tfe.initech.com";
    expect(problems(t)).toEqual([
      'identity.organization: "umbrella" is not the cloud backend\'s organization "initech"; the workspaces and their runs live in one organization',
      'identity.hostname: "tfe.initech.com" is not the cloud backend\'s hostname "app.terraform.io"; the runs\' tokens come from where the workspaces are',
    ]);
  });

  test("IAM names a role once per account, whatever its path and case", () => {
    const t = basic();
    t.spokes[1].accountId = "222222222222";
    t.spokes[1].roleArn = "arn:aws:iam::222222222222:role/ops/Lattice-Deploy";
    expect(withIdentity({ type: "principal", arn: "arn:aws:iam::999999999999:role/ci" }, t)).toEqual([
      'spokes[1].roleArn: names role "Lattice-Deploy" of account 222222222222, which is already arn:aws:iam::222222222222:role/lattice-deploy; IAM role names are unique per account (case-insensitive)',
    ]);
  });

  test("a role's path is at most IAM's 512 characters", () => {
    const withPath = (path: string) => {
      const t = basic();
      t.spokes[0].roleArn = `arn:aws:iam::222222222222:role${path}lattice-deploy`;
      return withIdentity({ type: "principal", arn: "arn:aws:iam::999999999999:role/ci" }, t);
    };
    const path512 = `/${"abcdefg/".repeat(63)}abcdef/`;
    expect(path512).toHaveLength(512);
    expect(withPath(path512)).toEqual([]);
    expect(withPath(`/${"abcdefg/".repeat(64)}`)).toEqual(["spokes[0].roleArn: has a path of 513 characters; IAM allows at most 512"]);
  });

  test("two workspaces of one account may share one deploy role", () => {
    const t = basic();
    Object.assign(t.dns, { accountId: "111111111111", roleArn: t.hub.roleArn });
    expect(withIdentity({ type: "principal", arn: "arn:aws:iam::999999999999:role/ci" }, t)).toEqual([]);
  });

  test("one adopted OIDC provider is named without an index", () => {
    const t = hcpExample();
    t.identity.oidcProviderArn = "arn:aws:iam::999999999999:oidc-provider/app.terraform.io";
    expect(problems(t)).toEqual([
      'identity.oidcProviderArn: "arn:aws:iam::999999999999:oidc-provider/app.terraform.io" is in account 999999999999, where no workspace\'s deploy role lives',
    ]);
  });

  test("an adopted OIDC provider is the issuer's, in an account with a deploy role, one per account", () => {
    const t = hcpExample();
    t.identity.oidcProviderArn = [
      "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
      "arn:aws:iam::999999999999:oidc-provider/app.terraform.io",
      "arn:aws:iam::222222222222:oidc-provider/app.terraform.io",
      "arn:aws:iam::222222222222:oidc-provider/app.terraform.io",
    ];
    expect(problems(t)).toEqual([
      'identity.oidcProviderArn[0]: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" is the OIDC provider of token.actions.githubusercontent.com, not of the issuer app.terraform.io',
      'identity.oidcProviderArn[1]: "arn:aws:iam::999999999999:oidc-provider/app.terraform.io" is in account 999999999999, where no workspace\'s deploy role lives',
      'identity.oidcProviderArn[3]: "arn:aws:iam::222222222222:oidc-provider/app.terraform.io": account 222222222222 already adopts the provider at oidcProviderArn[2]; IAM has one per issuer and account',
    ]);
  });
});

describe("the estate's identity facts", () => {
  const estate = estateOf(validateTopology(hcpExample()).topology);
  const identity = estate.identity!;

  test("one identity workspace per account a deploy role lives in, each with its roles and the workspaces that use them", () => {
    expect(identity.accounts.map((a) => [a.workspace.name, a.workspace.kind, a.workspace.roleArn, a.roles.map((r) => [r.name, r.path, r.workspaces])])).toEqual([
      ["identity-111111111111", "identity", undefined, [["lattice-deploy", "/", ["hub"]]]],
      ["identity-333333333333", "identity", undefined, [["lattice-deploy", "/", ["dns"]]]],
      ["identity-222222222222", "identity", undefined, [["lattice-deploy", "/", ["spoke-apps"]]]],
      ["identity-444444444444", "identity", undefined, [["lattice-deploy", "/platform/", ["spoke-data"]]]],
    ]);
    // Applied first, by an administrator: an identity workspace reads and waits for no other.
    expect(identity.accounts.map((a) => [a.workspace.dependsOn, a.workspace.reads, a.workspace.assumesRole])).toEqual(identity.accounts.map(() => [[], [], false]));
  });

  test("under hcp-terraform no product provider assumes its role: the run already is it", () => {
    expect(estate.workspaces.map((w) => [w.name, w.roleArn !== undefined, w.assumesRole])).toEqual([
      ["hub", true, false], ["dns", true, false], ["spoke-apps", true, false], ["spoke-data", true, false],
    ]);
    const principal = estateOf(validateTopology(read("__tests__/fixtures/identity/principal.yaml")).topology);
    expect(principal.workspaces.map((w) => [w.assumesRole, w.externalId])).toEqual(principal.workspaces.map(() => [true, "lattice-endpoints-7f3a"]));
    expect(estateOf(validateTopology(basic()).topology).workspaces.map((w) => w.assumesRole)).toEqual([true, true, true, true]);
  });

  test("the hcp workspace: state shared with exactly the readers, run triggers along the deploy order", () => {
    expect(identity.hcp!.workspaces.map((w) => [w.name, w.readers])).toEqual([
      ["lattice-hub", ["dns", "spoke-apps", "spoke-data"]],
      ["lattice-dns", ["spoke-apps", "spoke-data"]],
      ["lattice-spoke-apps", []],
      ["lattice-spoke-data", []],
    ]);
    expect(identity.hcp!.runTriggers.map((t) => `${t.source}→${t.target}`).sort()).toEqual(
      ["dns→spoke-apps", "dns→spoke-data", "hub→dns", "hub→spoke-apps", "hub→spoke-data"]);
  });

  test("a retiring spoke: its run triggers hub and dns (it applies first), it reads no state, and it keeps its role", () => {
    const t = read("examples/hcp-terraform.yaml");
    t.spokes.find((s: Data) => s.name === "data").retired = true;
    const retiring = estateOf(validateTopology(t).topology).identity!;
    expect(retiring.hcp!.runTriggers.map((r) => `${r.source}→${r.target}`).sort()).toEqual(
      ["dns→spoke-apps", "hub→dns", "hub→spoke-apps", "spoke-data→dns", "spoke-data→hub"]);
    expect(retiring.hcp!.workspaces.map((w) => [w.name, w.readers])).toEqual([
      ["lattice-spoke-data", []],
      ["lattice-hub", ["dns", "spoke-apps"]],
      ["lattice-dns", ["spoke-apps"]],
      ["lattice-spoke-apps", []],
    ]);
    expect(retiring.accounts.flatMap((a) => a.roles.flatMap((r) => r.workspaces))).toContain("spoke-data");
  });
});

describe("whom each deploy role trusts", () => {
  const identityOfFile = (file: string, change: (t: Data) => void = () => {}) => {
    const t = read(file);
    change(t);
    return estateOf(validateTopology(t).topology).identity!;
  };

  test("github-actions: the repository's environment, StringEquals; the provider adopted where named, created elsewhere", () => {
    const identity = identityOfFile("__tests__/fixtures/identity/github-actions.yaml");
    const issuer = { host: "token.actions.githubusercontent.com", audience: "sts.amazonaws.com" };
    const oidc = (account: string) => ({
      kind: "oidc", providerArn: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`, issuer,
      subjects: ["repo:acme/network-endpoints:environment:production"], subjectOperator: "StringEquals",
    });
    expect(identity.type).toBe("github-actions");
    expect(identity.hcp).toBeUndefined();
    expect(identity.accounts.map((a) => [a.accountId, a.oidcProvider, a.roles.map((r) => [r.arn, r.name, r.path, r.workspaces, r.trust])])).toEqual([
      ["111111111111",
        { arn: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", url: "https://token.actions.githubusercontent.com", audience: "sts.amazonaws.com", adopted: false },
        [["arn:aws:iam::111111111111:role/lattice-hub", "lattice-hub", "/", ["hub"], oidc("111111111111")],
          ["arn:aws:iam::111111111111:role/lattice-dns", "lattice-dns", "/", ["dns"], oidc("111111111111")]]],
      ["222222222222",
        { arn: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com", url: "https://token.actions.githubusercontent.com", audience: "sts.amazonaws.com", adopted: true },
        [["arn:aws:iam::222222222222:role/lattice-deploy", "lattice-deploy", "/", ["spoke-payments"], oidc("222222222222")]]],
    ]);
  });

  test("github-actions with a ref instead of an environment: the ref's subject", () => {
    const identity = identityOfFile("__tests__/fixtures/identity/github-actions.yaml", (t) => {
      delete t.identity.environment;
      t.identity.ref = "refs/heads/main";
    });
    const subjects = identity.accounts.flatMap((a) => a.roles.map((r) => (r.trust.kind === "oidc" ? r.trust.subjects : [])));
    expect(subjects).toEqual([1, 2, 3].map(() => ["repo:acme/network-endpoints:ref:refs/heads/main"]));
  });

  test("principal: the given role or user with its external id, no OIDC provider; boundary and session length carried", () => {
    const identity = identityOfFile("__tests__/fixtures/identity/principal.yaml");
    const trust = { kind: "principal", arn: "arn:aws:iam::999999999999:role/ci/terraform-runner", externalId: "lattice-endpoints-7f3a" };
    expect(identity.accounts.map((a) => [a.accountId, a.oidcProvider, a.roles.map((r) => r.trust)])).toEqual([
      ["111111111111", undefined, [trust]], ["333333333333", undefined, [trust]], ["444444444444", undefined, [trust]],
    ]);
    expect([identity.permissionsBoundaryArn, identity.maxSessionDuration]).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess", 10800]);
  });

  test("hcp-terraform: each role trusts the run phases of its own workspaces only, StringLike, from the organization's project", () => {
    const identity = identityOfFile("examples/hcp-terraform.yaml");
    const trusts = identity.accounts.flatMap((a) => a.roles.map((r) => r.trust));
    expect(trusts).toEqual(["hub", "dns", "spoke-apps", "spoke-data"].map((stack, i) => ({
      kind: "oidc",
      providerArn: `arn:aws:iam::${["111111111111", "333333333333", "222222222222", "444444444444"][i]}:oidc-provider/app.terraform.io`,
      issuer: { host: "app.terraform.io", audience: "aws.workload.identity" },
      subjects: [`organization:initech:project:Lattice Endpoints:workspace:lattice-${stack}:run_phase:*`],
      subjectOperator: "StringLike",
    })));
    expect([identity.permissionsBoundaryArn, identity.maxSessionDuration]).toEqual([undefined, 7200]);
  });

  test("hcp-terraform: the hcp workspace's facts, each workspace running its stack's directory as its role", () => {
    const { hcp } = identityOfFile("examples/hcp-terraform.yaml");
    expect({ ...hcp, workspaces: undefined, runTriggers: undefined }).toEqual({
      workspace: "hcp", hostname: "app.terraform.io", organization: "initech", project: "Lattice Endpoints", terraformVersion: "1.11.4",
      workspaces: undefined, runTriggers: undefined,
    });
    expect(hcp!.workspaces.map((w) => [w.stack, w.name, w.workingDirectory, w.roleArn])).toEqual([
      ["hub", "lattice-hub", "cdktf.out/stacks/hub", "arn:aws:iam::111111111111:role/lattice-deploy"],
      ["dns", "lattice-dns", "cdktf.out/stacks/dns", "arn:aws:iam::333333333333:role/lattice-deploy"],
      ["spoke-apps", "lattice-spoke-apps", "cdktf.out/stacks/spoke-apps", "arn:aws:iam::222222222222:role/lattice-deploy"],
      ["spoke-data", "lattice-spoke-data", "cdktf.out/stacks/spoke-data", "arn:aws:iam::444444444444:role/platform/lattice-deploy"],
    ]);
  });

  test("hcp-terraform on its own hostname: the issuer, the provider and the hcp workspace follow it", () => {
    const identity = identityOfFile("examples/hcp-terraform.yaml", (t) => {
      t.backend.hostname = "tfe.initech.example";
      t.identity.hostname = "tfe.initech.example";
    });
    expect(identity.hcp!.hostname).toBe("tfe.initech.example");
    expect(identity.accounts[0].oidcProvider).toEqual({
      arn: "arn:aws:iam::111111111111:oidc-provider/tfe.initech.example", url: "https://tfe.initech.example", audience: "aws.workload.identity", adopted: false,
    });
  });
});

test.each([
  ["arn:aws:iam::111111111111:role/deploy", "deploy", "/"],
  ["arn:aws:iam::111111111111:role/a/b/deploy", "deploy", "/a/b/"],
  ["arn:aws-cn:iam::111111111111:role/platform/deploy", "deploy", "/platform/"],
])("roleNameAndPath(%s) is %s at %s", (arn, name, path) => {
  expect(roleNameAndPath(arn)).toEqual({ name, path });
});

describe("identityOf refuses what validation stops, rather than deriving wrong trust", () => {
  const topology = validateTopology(hcpExample()).topology;
  const estate = estateOf(topology);
  const identityWorkspace = (accountId: string) => estate.identity!.accounts.find((a) => a.accountId === accountId)!.workspace;

  test("hcp-terraform without the cloud backend: no workspace names to trust", () => {
    expect(() => identityOf({ ...topology, backend: { type: "local" } }, "aws", estate.workspaces, identityWorkspace))
      .toThrow(/^identity type hcp-terraform needs the cloud backend \(config\/validate\.ts\)$/);
  });

  test("a workspace without its deploy role", () => {
    const workspaces = estate.workspaces.map((w) => (w.name === "dns" ? { ...w, roleArn: undefined } : w));
    expect(() => identityOf(topology, "aws", workspaces, identityWorkspace))
      .toThrow(/^workspace dns has no roleArn \(config\/validate\.ts requires one with identity\)$/);
  });
});
