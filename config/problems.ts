/**
 * A problem of a topology: the field path it is at and the rule it breaks, as validation, quotas
 * and the loader report it (one line each, `formatPath(path): message`).
 */
import { quote } from "./input";

export type Path = readonly (string | number)[];

export interface Problem {
  readonly path: Path;
  readonly message: string;
}

/** ["spokes", 1, "vpcs", 0] → spokes[1].vpcs[0]; keys that are not identifiers are quoted. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${quote(part)}]`;
  }
  return out || "(topology)";
}
