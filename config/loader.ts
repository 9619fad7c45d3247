/**
 * Reads a topology file (YAML or JSON), validates it completely and returns it with defaults
 * applied and names normalized, or throws a TopologyError listing every problem.
 */
import { extname } from "node:path";
import type { z } from "zod";
import { InputError, parseJson, parseYaml, quote, readInputFile } from "./input";
import { topologySchema } from "./schema";
import { estateOf } from "./estate";
import { quotaFindings } from "./quotas";
import { formatPath, type Problem } from "./problems";
import type { Topology } from "./topology";
import { checkTopology } from "./validate";

/** The topology types live in topology.ts (no import of the loader needed); re-exported for the loader's callers. */
export type { Backend, Endpoint, Spoke, SpokeVpc, Topology } from "./topology";

export const DEFAULT_CONFIG = "examples/basic.yaml";

/**
 * LATTICE_CONFIG, or the bundled example (an empty value counts as unset): the topology file of a
 * command given none on its command line (cli/topology-file.ts: the positional argument comes first).
 */
export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.LATTICE_CONFIG || DEFAULT_CONFIG;
}

export class TopologyError extends Error {
  /** @param source the file (or other origin) the problems are in */
  constructor(readonly lines: readonly string[], readonly source: string) {
    super(lines.join("\n"));
    this.name = "TopologyError";
  }
}

export interface LoadedTopology {
  readonly topology: Topology;
  /** One line per quota the topology exceeds. */
  readonly warnings: readonly string[];
}

/** How a command reads its topology. */
export interface LoadOptions {
  /**
   * It describes what is deployed (`changes --base`, `--teardown`, `verify`), not what to build: our
   * own limits on what a synth builds (config/quotas.ts) warn instead of refusing, so that an estate
   * deployed before a limit existed can still be reviewed and moved out of it.
   * @default false
   */
  readonly asDeployed?: boolean;
}

export function loadTopologyFile(file: string, options: LoadOptions = {}): LoadedTopology {
  let text: string;
  try {
    text = readInputFile(file, "topology file");
  } catch (e) {
    if (e instanceof InputError) throw new TopologyError([e.message], file);
    throw e;
  }
  return parseTopology(text, file, options);
}

/** Parses and validates topology text; `source` names it in messages and picks JSON or YAML. */
export function parseTopology(text: string, source: string, options: LoadOptions = {}): LoadedTopology {
  return validateTopology(parseText(text, source), source, options);
}

export function validateTopology(data: unknown, source = "the topology", options: LoadOptions = {}): LoadedTopology {
  const shaped = topologySchema.safeParse(data, { reportInput: true });
  if (!shaped.success) throw new TopologyError(shaped.error.issues.flatMap(describeIssue), source);
  const checked = checkTopology(shaped.data);
  if (checked.problems.length > 0) throw new TopologyError(checked.problems.map(line), source);
  // Quotas count what the estate derives, which needs a topology that is otherwise valid.
  const quotas = quotaFindings(estateOf(shaped.data), options.asDeployed);
  if (quotas.problems.length > 0) throw new TopologyError(quotas.problems.map(line), source);
  return { topology: shaped.data, warnings: [...checked.warnings, ...quotas.warnings].map(line) };
}

/** JSON or YAML by the name's extension; duplicate keys are errors in both. */
function parseText(text: string, source: string): unknown {
  try {
    return extname(source).toLowerCase() === ".json" ? parseJson(text, source) : parseYaml(text, source);
  } catch (e) {
    if (e instanceof InputError) throw new TopologyError([e.message], source);
    throw e;
  }
}

const line = (p: Problem) => `${formatPath(p.path)}: ${p.message}`;

/** One line per problem, in our words: the field path, then the rule. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  // Parsed JSON and YAML have no symbol keys.
  const path = issue.path as (string | number)[];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => line({ path: [...path, k], message: "unknown key" }));
    case "invalid_type":
      if (issue.input === undefined) return [line({ path, message: "is required" })];
      // Whatever file was named (.env, /proc/self/environ) is no topology: say so without quoting it.
      if (path.length === 0) return [line({ path, message: `must be a mapping of the topology's fields (name, region, hub, …), not ${kindOf(issue.input)}` })];
      if (issue.message.startsWith("Invalid input")) {
        // zod's "record" is a mapping of any keys: to the user, an object like any other.
        return [line({ path, message: `must be ${article(issue.expected === "record" ? "object" : issue.expected)}, not ${quote(issue.input)}` })];
      }
      break;
    case "too_small":
    case "too_big":
      if (issue.message.startsWith("Too ")) {
        const bound = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        return [line({ path, message: `must be ${bound}, not ${quote(issue.input)}` })];
      }
      break;
    case "invalid_key":
      return [line({ path, message: issue.issues[0].message })];
  }
  return [line({ path, message: issue.message })];
}

function article(type: string): string {
  return type === "array" || type === "object" ? `an ${type}` : `a ${type}`;
}

/** A value's type as a message names it: "null" (an empty YAML document too), "an array", "a string". */
const kindOf = (value: unknown) => (value === null ? "null" : article(Array.isArray(value) ? "array" : typeof value));
