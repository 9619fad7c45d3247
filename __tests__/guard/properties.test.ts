import { estateOf } from "../../config/estate";
/**
 * Property-based tests over generated topologies. The seed is printed (and taken from FC_SEED);
 * fast-check prints the shrunk counterexample on failure. FC_NUM_RUNS scales the run counts.
 */
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseTopology, TopologyError, validateTopology } from "../../config/loader";
import { mergePortRanges, portRanges } from "../../config/ports";
import { LOG_RETENTION_DAYS } from "../../config/rules";
import { formatPath } from "../../config/problems";
import { guardContext } from "../../guard/context";
import { formatFinding, runRules } from "../../guard/engine";
import { propertyParams as runs } from "../support/fast-check";
import { describeRequiring, TERRAFORM } from "../support/requires";
import { validateAll } from "../support/workspace-plans";
import { invalidTopology, validTopology, type Mutation } from "./support/arbitraries";

/** Each run synthesizes (~0.2 s): bound shrinking so a failure reports in seconds, not minutes. */
const validTopologyForSynth = fc.limitShrink(validTopology, 40);
import { readTopology, ROOT, synthWorkspaces } from "./support/synth";

/** Every finding of every workspace of a topology, as printed by `npm run check`. */
function findings(input: unknown): string[] {
  const { topology } = validateTopology(input);
  const workspaces = synthWorkspaces(input);
  return Object.entries(workspaces).flatMap(([stack, doc]) => runRules(doc, guardContext(estateOf(topology), stack)).map(formatFinding));
}

/** The loader reports the mutated field itself (or a field inside it) first on its line. */
function reportsPath(lines: readonly string[], m: Mutation): boolean {
  const path = formatPath(m.path);
  return lines.some((l) => l.startsWith(`${path}:`) || l.startsWith(`${path}.`) || l.startsWith(`${path}[`));
}

const STACK_FRAME = /\n\s+at .+:\d+:\d+\)?/;

describe("valid topologies", () => {
  test("always synthesize and pass every rule", () => {
    fc.assert(fc.property(validTopologyForSynth, (t) => {
      // A topology whose endpoints' ports together are every port asks for it: LAT021 (a warning) says so.
      const ports = mergePortRanges(t.endpoints.flatMap((e: { ports: unknown[] }) => portRanges(e.ports.map(String))));
      const everyPort = ports.length === 1 && ports[0].from === 1 && ports[0].to === 65535;
      const found = findings(t).filter((f) => !(everyPort && /^LAT021 \S+ \S+: (ingress|egress) rule admits every port: tcp 1-65535$/.test(f)));
      expect(found).toEqual([]);
    }), runs(40));
  });

  test("every logRetentionDays the schema accepts passes LAT007", () => {
    // Schema and rule must agree: a valid topology cannot be refused at synth for its retention.
    const refused = LOG_RETENTION_DAYS.filter((days) => {
      const t = readTopology("examples/basic.yaml");
      t.hub.logRetentionDays = days;
      try {
        validateTopology(t);
      } catch {
        return false; // rejected by the schema: consistent
      }
      return findings(t).some((f) => f.startsWith("LAT007"));
    });
    expect(refused).toEqual([]);
  });
});

describe("invalid topologies (one mutation each)", () => {
  test("are rejected with the mutated field's path, as a TopologyError, never a stack trace", () => {
    fc.assert(fc.property(invalidTopology, (m) => {
      let error: unknown;
      try {
        validateTopology(m.topology);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TopologyError);
      const lines = (error as TopologyError).lines;
      expect({ path: formatPath(m.path), change: m.description, found: reportsPath(lines, m), lines }).toMatchObject({ found: true });
      for (const line of lines) expect(line).not.toMatch(STACK_FRAME);
    }), runs(300));
  });

  test("the same holds for the YAML text of the file", () => {
    fc.assert(fc.property(invalidTopology, (m) => {
      const error = (() => {
        try {
          parseTopology(stringify(m.topology), "topology.yaml");
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(TopologyError);
      expect(reportsPath((error as TopologyError).lines, m)).toBe(true);
    }), runs(100));
  });

  test("npm run synth and npm run check print the path and no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "guard-invalid-"));
    try {
      const samples = fc.sample(invalidTopology, { numRuns: 2, seed: 4242 });
      samples.forEach((m, i) => {
        const file = join(dir, `t${i}.yaml`);
        writeFileSync(file, stringify(m.topology));
        for (const script of [["main.ts", "--output", join(dir, `out${i}`)], ["scripts/check.ts"]]) {
          const r = spawnSync(process.execPath, ["--import", "tsx", ...script], {
            cwd: ROOT, encoding: "utf8", env: { ...process.env, LATTICE_CONFIG: file },
          });
          expect(r.status).not.toBe(0);
          expect(r.stderr).toContain(formatPath(m.path));
          expect(r.stderr).not.toMatch(STACK_FRAME);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describeRequiring(TERRAFORM, "a sample of valid topologies", () => {
  const count = Number(process.env.GUARD_VALIDATE_SAMPLES ?? 2);

  test(`passes terraform validate (${count} topologies: hub, dns, a spoke)`, async () => {
    const samples = fc.sample(validTopology, { numRuns: count, seed: Number(process.env.FC_SEED ?? 7) });
    const texts: Record<string, string> = {};
    samples.forEach((t, i) => {
      const workspaces = synthWorkspaces(t);
      // hub, dns and one spoke: the other spokes have the same shape (the property tests cover their rules).
      const stacks = Object.keys(workspaces);
      const sampled = stacks.filter((s) => !s.startsWith("spoke-")).concat(stacks.filter((s) => s.startsWith("spoke-")).slice(0, 1));
      for (const stack of sampled) texts[`t${i}/${stack}`] = JSON.stringify(workspaces[stack]);
    });
    expect(Object.keys(texts).length).toBe(3 * count);
    // One Terraform run validates them all (support/workspace-plans.ts).
    const results = await validateAll(texts);
    const invalid = Object.entries(results).filter(([, r]) => !r.valid);
    expect(invalid).toEqual([]);
  }, 300_000);
});
