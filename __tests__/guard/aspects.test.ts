import { estateOf } from "../../config/estate";
import { LOCAL_STATE_DIR } from "../../stacks/state";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { App, LocalBackend, TerraformStack, Testing } from "cdktf";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTopologyFile } from "../../config/loader";
import { addGuardrails } from "../../guard/aspects";
import { guardContext, type RuleContext } from "../../guard/context";
import { addWorkspaces } from "../../stacks/app";

const context: RuleContext = { stack: "mini", protect: true, allowExternalPrincipals: false, requiredTagKeys: ["owner"], providerAliases: ["main"] };

interface MiniProps {
  readonly retentionDays: number;
  readonly inlineRule?: boolean;
}

/** A one-log-group stack shaped like ours: explicit backend, aliased provider, default tags. */
function miniStack(app: App, props: MiniProps): TerraformStack {
  const stack = new TerraformStack(app, "mini");
  new LocalBackend(stack, { path: "mini.tfstate" });
  const provider = new AwsProvider(stack, "aws_main", {
    alias: "main", region: "us-east-1", allowedAccountIds: ["111111111111"], defaultTags: [{ tags: { owner: "platform" } }],
  });
  new CloudwatchLogGroup(stack, "logs", { provider, name: "/mini", retentionInDays: props.retentionDays });
  if (props.inlineRule) {
    new SecurityGroup(stack, "sg", {
      provider, name: "mini", description: "mini",
      ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"], description: "clients" }],
    });
  }
  addGuardrails(stack, context);
  return stack;
}

describe("addGuardrails", () => {
  let outdir: string;
  const savedEnv = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), "guard-aspect-"));
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  });
  afterEach(() => {
    rmSync(outdir, { recursive: true, force: true });
    if (savedEnv !== undefined) process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = savedEnv;
  });

  test("synth refuses an error finding, naming rule, stack and address", () => {
    const app = new App({ outdir });
    miniStack(app, { retentionDays: 30 });
    expect(() => app.synth()).toThrow(/LAT007 mini aws_cloudwatch_log_group\.logs: keeps logs 30 days/);
    expect(existsSync(join(outdir, "stacks/mini/cdk.tf.json"))).toBe(false);
  });

  test("a compliant stack synthesizes", () => {
    const app = new App({ outdir });
    miniStack(app, { retentionDays: 365 });
    app.synth();
    expect(existsSync(join(outdir, "stacks/mini/cdk.tf.json"))).toBe(true);
  });

  test("warnings do not stop synth and are kept in the manifest, once", () => {
    const app = new App({ outdir });
    const stack = miniStack(app, { retentionDays: 365, inlineRule: true });
    Testing.synth(stack); // re-invokes aspects: must not duplicate the annotation
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const messages = (manifest.stacks.mini.annotations as { level: string; message: string }[]).map((a) => `${a.level} ${a.message}`);
    expect(messages.filter((m) => m.includes("LAT018"))).toEqual([
      "@cdktf/warn LAT018 mini aws_security_group.sg: declares inline ingress/egress rules; use separate rule resources",
    ]);
  });

  test("the aspect exposes its findings as data", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "bare");
    new CloudwatchLogGroup(stack, "logs", { name: "/bare" });
    const aspect = addGuardrails(stack, { ...context, stack: "bare" });
    Testing.synth(stack);
    expect(aspect.findings.map((f) => f.ruleId).sort()).toEqual(["LAT007", "LAT012"]);
  });
});

describe("addGuardrails on the project's own stacks", () => {
  // What the stacks' base class does: addGuardrails(this, guardContext(estate, name)).
  const topology = loadTopologyFile(join(__dirname, "../../examples/basic.yaml")).topology;

  function synthWith(overrides: Partial<RuleContext>): string {
    const outdir = mkdtempSync(join(tmpdir(), "guard-real-"));
    try {
      const app = new App({ outdir });
      const estate = estateOf(topology);
      for (const stack of addWorkspaces(app, estate, { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR })) {
        addGuardrails(stack, { ...guardContext(estate, stack.node.id), ...overrides });
      }
      app.synth();
      return "synthesized";
    } catch (e) {
      return (e as Error).message;
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }

  test("the example topology synthesizes with every stack guarded", () => {
    expect(synthWith({})).toBe("synthesized");
  });

  test("a finding on a real stack stops synth", () => {
    // Told that a log KMS key is configured, the hub's log group (which has none) must fail LAT008.
    expect(synthWith({ requireLogKms: true })).toMatch(/LAT008 hub aws_cloudwatch_log_group\.\S+: has no kms_key_id/);
  });
});
