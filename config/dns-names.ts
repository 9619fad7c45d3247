/**
 * DNS names as Route 53 private hosted zones accept them: labels of 1–63 characters of
 * a-z 0-9 - _ (Route 53 stores names in lower case), a leading "*" label for wildcards,
 * at most 253 characters in all. A trailing dot is allowed and dropped.
 */
import { quote } from "./input";

const LABEL = /^[a-z0-9_-]{1,63}$/;
export const MAX_NAME_LENGTH = 253;

export function normalizeDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** Why `name` is not a valid zone name, or undefined. Expects a normalized name. */
export function zoneNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters; a DNS name has at most ${MAX_NAME_LENGTH}`;
  return labelsProblem(name.split("."), false);
}

/**
 * A record name relative to its zone. Like the Terraform AWS provider, a name that already ends
 * with the zone is taken as fully qualified.
 */
export function relativeRecordName(record: string, zone: string): string {
  const name = normalizeDnsName(record);
  return name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : name;
}

/** Why `record` (a name relative to `zone`) is not a valid record name, or undefined. */
export function recordNameProblem(record: string, zone: string): string | undefined {
  if (record === "" || record === "@" || record === zone) return "is the zone apex; a CNAME cannot stand at the apex";
  const fqdn = `${record}.${zone}`;
  if (fqdn.length > MAX_NAME_LENGTH) {
    return `makes a name of ${fqdn.length} characters; a DNS name has at most ${MAX_NAME_LENGTH}`;
  }
  return labelsProblem(record.split("."), true);
}

function labelsProblem(labels: string[], wildcardAllowed: boolean): string | undefined {
  for (const [i, label] of labels.entries()) {
    if (label === "") return "has an empty label";
    if (label === "*" && wildcardAllowed && i === 0) continue;
    if (label.length > 63) return `has the label ${quote(label)} of ${label.length} characters; a label has at most 63`;
    if (!LABEL.test(label)) return `has the label ${quote(label)}; labels are letters, digits, "-" and "_"`;
  }
  return undefined;
}
