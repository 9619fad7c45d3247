/**
 * Which topology file a command reads, the same rule for every command: its one positional argument
 * (`npm run synth -- topology.yaml`), else LATTICE_CONFIG (an empty value counts as unset), else the
 * bundled example (config/loader.ts's DEFAULT_CONFIG).
 */
import { resolve } from "node:path";
import { DEFAULT_CONFIG } from "../config/loader";
import { UsageError } from "./command";

/** A flag that also names the topology file (`npm run check -- --config <file>`). */
export interface TopologyFlag {
  readonly flag: string;
  readonly value: string | undefined;
}

/**
 * The topology file the command line or LATTICE_CONFIG names, or undefined when neither does (the
 * bundled example is what remains). At most one positional; an empty one, or an empty `alias`, is a
 * usage error, as is an `alias` that names another file than the positional.
 */
export function namedTopologyFile(
  positionals: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  alias?: TopologyFlag,
): string | undefined {
  if (positionals.length > 1) {
    throw new UsageError(`one topology file, not ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(" ")}`);
  }
  const [positional] = positionals;
  if (positional === "") throw new UsageError("the topology file argument is empty");
  if (alias?.value === "") throw new UsageError(`${alias.flag} is empty`);
  if (positional !== undefined && alias?.value !== undefined && resolve(positional) !== resolve(alias.value)) {
    throw new UsageError(`two topology files: ${JSON.stringify(positional)} and ${alias.flag} ${JSON.stringify(alias.value)}; give one`);
  }
  return positional ?? alias?.value ?? (env.LATTICE_CONFIG || undefined);
}

/** The topology file a command reads: its positional argument, else LATTICE_CONFIG, else the bundled example. */
export function topologyFile(positionals: readonly string[], env: NodeJS.ProcessEnv = process.env, alias?: TopologyFlag): string {
  return namedTopologyFile(positionals, env, alias) ?? DEFAULT_CONFIG;
}
