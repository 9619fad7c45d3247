/**
 * The one place where TypeScript values become Terraform expressions. Constructs and stacks never
 * write `${...}` themselves: they call these typed helpers, so an expression has one spelling and a
 * wrong reference is a type error, not a plan-time surprise.
 *
 * Constructs take collections as maps that are either literal (a stack built from a topology) or
 * Terraform values (a module's variables and locals); every resource is then one for_each block over
 * such a map, so both paths write the same resources.
 */
import {
  Fn,
  MapTerraformIterator,
  TerraformLocal,
  TerraformVariable,
  Token,
  type IResolvable,
  type TerraformRemoteState,
} from "cdktf";
import type { Construct } from "constructs";
import type { DnsOutputName, EndpointOutputAttribute, HubOutputName } from "../config/contract";

/** An HCL expression (without `${}`), as only this module writes them. */
export type Hcl = string & { readonly __hcl: unique symbol };
const hcl = (text: string) => text as Hcl;

/** A literal value, or a module variable that holds one (the HCL modules pass their variables). */
export type ValueOrVariable<T> = T | TerraformVariable;

/** A map keyed by a stable name: literal (stacks), or a module's variable or local. */
export type KeyedInput<T> = Readonly<Record<string, T>> | TerraformVariable | TerraformLocal;

// ---------------------------------------------------------------------------------------------
// Values and iterators.

export function stringValue<T extends string>(value: ValueOrVariable<T>): string {
  return value instanceof TerraformVariable ? value.stringValue : value;
}

export function numberValue(value: ValueOrVariable<number>): number {
  return value instanceof TerraformVariable ? value.numberValue : value;
}

export function booleanValue(value: ValueOrVariable<boolean>): boolean | IResolvable {
  return value instanceof TerraformVariable ? value.booleanValue : value;
}

/** Whether the value is only known to Terraform. */
export const isVariable = <T>(value: ValueOrVariable<T>): value is TerraformVariable => value instanceof TerraformVariable;

/**
 * The for_each iterator over a keyed map named `name` in `scope`. A literal map is written once, as
 * the local `<name>_for_each`, and the resources iterate over that local: inline
 * in Terraform JSON every string of the map is a template that Terraform parses again for each
 * instance, which makes planning quadratic (a dns workspace of 300 spoke accounts took 460 s to plan,
 * 100 spokes 61 s inline against 6.4 s through a local).
 */
export function keyedIterator<T>(scope: Construct, name: string, input: KeyedInput<T>): MapTerraformIterator {
  if (input instanceof TerraformVariable) return new EachIterator(input.value as Record<string, unknown>, variableAddress(input));
  const local = input instanceof TerraformLocal ? input : new TerraformLocal(scope, `${name}_for_each`, input);
  return new EachIterator(local.asAnyMap, hcl(`local.${local.friendlyUniqueId}`));
}

const IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/**
 * A resource's for_each iterator whose for_each, `key` and `getString(field)` are the text
 * `${local.<map>}`, `${each.key}` and `${each.value.<field>}`, what cdktf's tokens for them resolve
 * to, instead of tokens that synth must find, look up and resolve in every workspace. Not for dynamic
 * blocks (there `each` is another name).
 */
class EachIterator extends MapTerraformIterator {
  constructor(map: Record<string, unknown>, private readonly mapExpression: Hcl) {
    super(map);
  }

  /** cdktf's (internal) source of the resource's `for_each`; were it renamed, cdktf's token would serve, with the same output. */
  override _getForEachExpression(): string {
    return interpolated(this.mapExpression);
  }

  override get key(): string {
    return interpolated(EACH_KEY);
  }

  override getString(field: string): string {
    if (!IDENTIFIER.test(field)) throw new Error(`each.value.${field}: not an identifier`);
    return interpolated(eachValue(field));
  }
}

/** The value `mapping` gives `value`: computed here for a literal, by Terraform's lookup() for a variable. */
export function mapValue<K extends string>(value: ValueOrVariable<K>, mapping: Readonly<Record<K, string>>): string {
  if (isVariable(value)) return Fn.lookup(mapping, value.stringValue) as string;
  const mapped = Object.hasOwn(mapping, value) ? mapping[value] : undefined;
  if (mapped === undefined) throw new Error(`no mapping for ${JSON.stringify(value)}`);
  return mapped;
}

// ---------------------------------------------------------------------------------------------
// References inside a for_each block.

/** `each.key` of the enclosing for_each. */
export const EACH_KEY = hcl("each.key");
/** `each.value.<field>` of the enclosing for_each. */
export const eachValue = (field: string): Hcl => hcl(`each.value.${field}`);
/** A string literal, as a key or a value. */
export const literal = (value: string): Hcl => hcl(JSON.stringify(value));

/** A for_each resource, as referenced by address. */
interface Addressable {
  readonly fqn: string;
}

/** `<resource>[<key>].<attribute>` of a for_each resource, e.g. `aws_security_group.x[each.key].id`. */
export function instanceAttribute(resource: Addressable, key: Hcl, attribute: string): string {
  return `\${${resource.fqn}[${key}].${attribute}}`;
}

/** A resource's address as plain text: cdktf resolves only some of many `fqn` tokens in one long expression. */
interface Named {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
}
const address = (r: Named) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;

/** `<resource>[<key>].<attribute>` as an expression to build on (inside `jsonDocument`), not an attribute value. */
export function instanceExpression(resource: Named, key: Hcl, attribute: string): Hcl {
  return hcl(`${address(resource)}[${key}].${attribute}`);
}

/** `<resource>.<attribute>` of a single resource, as an expression to build on. */
export function attributeExpression(resource: Named, attribute: string): Hcl {
  return hcl(`${address(resource)}.${attribute}`);
}

/** A Terraform expression inside a value given to `jsonDocument`. */
export class Expression {
  constructor(readonly hcl: Hcl) {}
}

/**
 * A JSON document that Terraform encodes (`jsonencode`), from literal values and `Expression`s: a
 * dashboard body that names instances by key. Built as HCL, not as a JSON string with templates in
 * it, whose quoted keys would be escaped.
 */
export function jsonDocument(value: unknown): string {
  return `\${jsonencode(${hclValue(value)})}`;
}

function hclValue(value: unknown): string {
  if (value instanceof Expression) return value.hcl;
  if (Array.isArray(value)) return `[${value.map(hclValue).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} = ${hclValue(v)}`).join(", ")} }`;
  }
  // A literal string: Terraform's template sequences are escaped.
  if (typeof value === "string") return JSON.stringify(value).replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  return JSON.stringify(value);
}

/** `merge(<a>, <b>…)[<key>].<attribute>`: an instance found in whichever of several for_each resources has its key. */
export function mergedInstanceAttribute(resources: readonly Addressable[], key: Hcl, attribute: string): string {
  return `\${merge(${resources.map((r) => r.fqn).join(", ")})[${key}].${attribute}}`;
}

/** One attribute of each instance named by a list of keys: `[for key in <keys> : <resource>[key].<attribute>]`. */
export function instanceAttributes(resource: Addressable, keys: Hcl, attribute: string): string[] {
  return Token.asList(`\${[for key in ${keys} : ${resource.fqn}[key].${attribute}]}`);
}

/** `local.<name>[<key>]`: an entry of a map-valued local, as an expression to build on. */
export function localEntryExpression(local: TerraformLocal, key: Hcl): Hcl {
  return hcl(`local.${local.friendlyUniqueId}[${key}]`);
}

/** An expression as an attribute value: `${<expression>}`. */
export const interpolated = (expression: Hcl): string => `\${${expression}}`;

/** A string with expressions in it: text`TCP ${eachValue("ports")} from …` → "TCP ${each.value.ports} from …". */
export function text(strings: TemplateStringsArray, ...expressions: Hcl[]): string {
  return strings.reduce((out, s, i) => out + s + (i < expressions.length ? `\${${expressions[i]}}` : ""), "");
}

/** `coalesce(a, b, …)`, for use inside `text`. */
export const coalesce = (...expressions: Hcl[]): Hcl => hcl(`coalesce(${expressions.join(", ")})`);

/** A lifecycle condition: the resource's own attribute equals a literal. */
export function selfEquals(attribute: string, value: string): string {
  return `\${self.${attribute} == ${literal(value)}}`;
}

// ---------------------------------------------------------------------------------------------
// Other workspaces' outputs (terraform_remote_state).

/** `data.terraform_remote_state.<name>` and `var.<name>` as text, not as cdktf's `fqn` tokens: a token only costs synth a resolve. */
const stateAddress = (state: TerraformRemoteState) => hcl(`data.terraform_remote_state.${state.friendlyUniqueId}`);
const variableAddress = (variable: TerraformVariable) => hcl(`var.${variable.friendlyUniqueId}`);

/** A named output of the hub workspace. */
export function hubOutput(hub: TerraformRemoteState, name: HubOutputName): string {
  return `\${${stateAddress(hub)}.outputs.${name}}`;
}

/** One attribute of one endpoint in the hub's `endpoints` output (index syntax: names may start with a digit). */
export function hubEndpointOutput(hub: TerraformRemoteState, endpoint: string, attribute: EndpointOutputAttribute): string {
  return `\${${stateAddress(hub)}.outputs.endpoints[${literal(endpoint)}].${attribute}}`;
}

/** A named output of the dns workspace. */
export function dnsOutput(dns: TerraformRemoteState, name: DnsOutputName): string {
  return `\${${stateAddress(dns)}.outputs.${name}}`;
}

/** A map-valued Terraform value: another workspace's output, or a module variable. */
export type MapReference = { readonly state: TerraformRemoteState; readonly output: HubOutputName | DnsOutputName } | TerraformVariable;

/** One attribute of one entry of a map-valued reference: `data.terraform_remote_state.hub.outputs.endpoints[each.value.endpoint].resource_configuration_arn`. */
export function mapEntryAttribute(map: MapReference, key: Hcl, attribute: EndpointOutputAttribute): string {
  return `\${${mapAddress(map)}[${key}].${attribute}}`;
}

/** One entry of a map-valued reference, e.g. `data.terraform_remote_state.dns.outputs.zone_ids[each.value.zone]`. */
export function mapEntry(map: MapReference, key: Hcl): string {
  return `\${${mapAddress(map)}[${key}]}`;
}

const mapAddress = (map: MapReference) => (map instanceof TerraformVariable ? variableAddress(map) : `${stateAddress(map.state)}.outputs.${map.output}`);

// ---------------------------------------------------------------------------------------------
// Collections built from for_each resources.

/** The ARN of a hosted zone, by its id (adopted zones are known only by id). */
export function hostedZoneArn(partition: string, zoneId: Hcl): string {
  return `arn:${partition}:route53:::hostedzone/\${${zoneId}}`;
}

/** Zone name → hosted zone id: the created zones' ids merged with the adopted ones. */
export function zoneIdsByName(createdZones: Addressable, adoptedZoneIds: TerraformLocal): string {
  return `\${merge({ for name, zone in ${createdZones.fqn} : name => zone.zone_id }, local.${adoptedZoneIds.friendlyUniqueId})}`;
}

/** The given security groups of a VPC, or else the one created for it (keyed by VPC id; `vpc`: the VPC of the instance, default its key). */
export function givenOrCreatedGroups(createdGroups: Addressable, vpc: Hcl = EACH_KEY): string[] {
  return Token.asList(
    `\${coalescelist(each.value.security_group_ids, [for vpc, group in ${createdGroups.fqn} : group.id if vpc == ${vpc}])}`);
}

/** The resources a hub `endpoints` output entry is made of, all keyed by endpoint name. */
export interface EndpointOutputSources {
  readonly endpoints: Addressable;
  readonly resourceConfigurations: Addressable;
  readonly associations: Addressable;
}

/** Endpoint name → the values spokes and Route 53 need: the hub's `endpoints` output. */
export function endpointOutputs(s: EndpointOutputSources): string {
  const rc = s.resourceConfigurations.fqn;
  const assoc = s.associations.fqn;
  const attributes: Record<EndpointOutputAttribute, string> = {
    vpc_endpoint_id: "endpoint.id",
    vpc_endpoint_dns_name: "endpoint.dns_entry[0].dns_name",
    resource_configuration_arn: `${rc}[name].arn`,
    lattice_dns_name: `${assoc}[name].dns_entry[0].domain_name`,
    lattice_hosted_zone_id: `${assoc}[name].dns_entry[0].hosted_zone_id`,
  };
  const width = Math.max(...Object.keys(attributes).map((k) => k.length));
  const body = Object.entries(attributes).map(([k, v]) => `    ${k.padEnd(width)} = ${v}`).join("\n");
  return `\${{ for name, endpoint in ${s.endpoints.fqn} : name => {\n${body}\n  } }}`;
}

/** VPC id → the IP addresses of its Route 53 Resolver endpoint (a for_each block keyed by VPC id). */
export function resolverAddresses(resolvers: Addressable): string {
  return `\${{ for vpc, resolver in ${resolvers.fqn} : vpc => sort([for a in resolver.ip_address : a.ip]) }}`;
}
