import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkFiles, FindingsError, workspaceFiles } from "../../guard/check-output";
import { strictContext } from "../../guard/context";
import { runRules, type Finding, type Rule } from "../../guard/engine";

/**
 * `npm run check` on files (check-cli.test.ts runs the command end to end, outside the unit loop):
 * which files are workspaces, and what an unreadable one or a crashing rule becomes.
 */
const work = mkdtempSync(join(tmpdir(), "lattice-check-output-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const write = (path: string, text = "{}") => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

describe("workspaceFiles", () => {
  test("an output directory: stacks/<stack>/cdk.tf.json in name order; other folders and files are no workspace", () => {
    const out = join(work, "out");
    for (const stack of ["spoke-b", "hub", "dns"]) write(join(out, "stacks", stack, "cdk.tf.json"));
    write(join(out, "stacks", "notes", "README.md"));
    write(join(out, "stacks", "stray.json"));
    expect(workspaceFiles(out)).toEqual(["dns", "hub", "spoke-b"].map((stack) => ({ stack, file: join(out, "stacks", stack, "cdk.tf.json") })));
  });

  test("the stacks directory itself", () => {
    const stacks = join(work, "bare");
    write(join(stacks, "hub", "cdk.tf.json"));
    expect(workspaceFiles(stacks)).toEqual([{ stack: "hub", file: join(stacks, "hub", "cdk.tf.json") }]);
  });

  test("one file: its folder names the stack", () => {
    const file = join(work, "single", "spoke-a", "cdk.tf.json");
    write(file);
    expect(workspaceFiles(file)).toEqual([{ stack: "spoke-a", file }]);
  });

  test("a path that does not exist, or holds no workspace, is an error naming it", () => {
    expect(() => workspaceFiles(join(work, "nowhere"))).toThrow(`${join(work, "nowhere")}: no such file or directory`);
    mkdirSync(join(work, "empty", "stacks", "hub"), { recursive: true });
    expect(() => workspaceFiles(join(work, "empty"))).toThrow(`${join(work, "empty")}: no stacks/<stack>/cdk.tf.json found`);
  });
});

describe("checkFiles", () => {
  test("a file that is not JSON is one LAT000 error with the parser's first line; the others are still checked", () => {
    const bad = join(work, "bad", "hub", "cdk.tf.json");
    const good = join(work, "good", "dns", "cdk.tf.json");
    write(bad, "{ not json");
    write(good, "[]");
    const findings = checkFiles([{ stack: "hub", file: bad }, { stack: "dns", file: good }], strictContext);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ ruleId: "LAT000", severity: "error", stack: "hub", address: "(document)" });
    expect(findings[0].message).toMatch(/^cannot be read as JSON \(.*JSON.*\)$/);
    expect(findings[1]).toEqual({ ruleId: "LAT000", severity: "error", stack: "dns", address: "(document)", message: "is not a Terraform JSON object" });
  });

  test("a rule that throws on a shape nobody anticipated reports it as its own error finding", () => {
    const crashing: Rule = { id: "LAT999", title: "t", severity: "warning", rationale: "r", checkov: [], trivy: [], check: () => { throw new Error("boom"); } };
    expect(runRules({}, strictContext("hub"), [crashing])).toEqual([
      { ruleId: "LAT999", severity: "warning", stack: "hub", address: "(document)", message: "could not be checked: boom" },
    ]);
  });
});

describe("FindingsError", () => {
  test("carries the error findings only, one contract line each, as its message", () => {
    const finding = (ruleId: string, severity: Finding["severity"]): Finding => ({ ruleId, severity, stack: "hub", address: "aws_x.y", message: "m" });
    const e = new FindingsError([finding("LAT001", "error"), finding("LAT018", "warning"), finding("LAT002", "error")]);
    expect(e.name).toBe("FindingsError");
    expect(e.lines).toEqual(["LAT001 hub aws_x.y: m", "LAT002 hub aws_x.y: m"]);
    expect(e.message).toBe("LAT001 hub aws_x.y: m\nLAT002 hub aws_x.y: m");
  });
});
