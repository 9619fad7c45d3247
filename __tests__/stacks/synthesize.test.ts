/**
 * The one synth path judges what it writes with the rule pack: an error finding stops it before
 * anything is published, naming rule, workspace and address; warnings are returned to print.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTopologyFile } from "../../config/loader";
import { FindingsError } from "../../guard/check-output";
import type { Rule } from "../../guard/engine";
import { RULES } from "../../guard/rules";
import { synthesize } from "../../stacks/synthesize";
import { PROJECT_ROOT } from "../support/synth";

const topology = loadTopologyFile(join(PROJECT_ROOT, "examples/basic.yaml")).topology;

/** A rule that flags every interface endpoint, with the given severity. */
const flagEndpoints = (severity: Rule["severity"]): Rule => ({
  id: "TEST001", title: "test", severity, rationale: "test", checkov: [], trivy: [],
  check: (ws) => ws.ofType("aws_vpc_endpoint").map((e) => ({ address: e.address, message: "is flagged by the test" })),
});

let work: string;
beforeEach(() => { work = mkdtempSync(join(tmpdir(), "lattice-synthesize-")); });
afterEach(() => rmSync(work, { recursive: true, force: true }));

test("the examples synthesize without an error finding of the rule pack", () => {
  const { findings } = synthesize(topology, join(work, "out"));
  expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  expect(readdirSync(join(work, "out", "stacks")).sort()).toEqual(["dns", "hub", "spoke-analytics", "spoke-payments"]);
});

test("an error finding stops the synth, naming rule, workspace and address, and nothing is published", () => {
  const out = join(work, "out");
  let error: unknown;
  try {
    synthesize(topology, out, { rules: [...RULES, flagEndpoints("error")] });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(FindingsError);
  expect((error as FindingsError).lines).toEqual(['TEST001 hub aws_vpc_endpoint.shared_vpc_endpoints["snowflake"]: is flagged by the test']);
  expect(existsSync(out)).toBe(false);
});

test("warnings do not stop it: they come back with the workspaces, to be printed", () => {
  const { findings } = synthesize(topology, join(work, "out"), { rules: [flagEndpoints("warning")] });
  expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.stack} ${f.address}`)).toEqual([
    'warning TEST001 hub aws_vpc_endpoint.shared_vpc_endpoints["snowflake"]',
  ]);
  expect(existsSync(join(work, "out", "stacks", "hub", "cdk.tf.json"))).toBe(true);
});

test("npm run check's mode writes despite error findings and returns them all", () => {
  const { findings } = synthesize(topology, join(work, "out"), { direct: true, keepGoingOnFindings: true, rules: [flagEndpoints("error")] });
  expect(findings.map((f) => f.stack)).toEqual(["hub"]);
  expect(existsSync(join(work, "out", "stacks", "hub", "cdk.tf.json"))).toBe(true);
});
