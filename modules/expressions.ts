/**
 * Terraform expressions the constructs share. Constructs take collections as maps that are either
 * literal (a stack built from a topology) or Terraform expressions (a module's variables); every
 * resource is then one for_each block over such a map, so both paths write the same resources.
 */
import { Fn, Token } from "cdktf";

/** A map keyed by a stable name: literal, or a Terraform expression. */
export type KeyedInput<T> = Readonly<Record<string, T>>;

/** `<resource>[<key expression>].<attribute>` of a for_each resource, e.g. `aws_security_group.x[each.key].id`. */
export function instanceAttribute(resource: { fqn: string }, key: string, attribute: string): string {
  return `\${${resource.fqn}[${key}].${attribute}}`;
}

/** The value `mapping` gives `value`: computed here for a literal, by Terraform's lookup() for an expression. */
export function mapValue(value: string, mapping: Readonly<Record<string, string>>): string {
  if (Token.isUnresolved(value)) return Fn.lookup(mapping, value) as string;
  const mapped = mapping[value];
  if (mapped === undefined) throw new Error(`no mapping for ${JSON.stringify(value)}`);
  return mapped;
}
