import type { TerraformElement } from "cdktf";
import type { Construct, Node } from "constructs";

/**
 * A Terraform identifier (resource name) for a construct id path: the ids joined with "_", with any
 * character Terraform does not allow (such as "." or "*" of a DNS name) as "_", and a leading "_"
 * when the first character is not a letter.
 */
export function terraformIdentifier(components: readonly string[]): string {
  const id = components.join("_").replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/** A Terraform element's address name: its construct path below `stack`, joined (see terraformIdentifier). */
export function constructPathId(stack: Construct, element: TerraformElement | Node): string {
  const node = "node" in element ? element.node : element;
  return terraformIdentifier(node.scopes.slice(node.scopes.indexOf(stack) + 1).map((c) => c.node.id));
}

/** The construct id of a generation's resource (`resource_gateway`, `resource_gateway_g2`, …): the first has none. */
export const generationId = (id: string, generation = 1) => (generation > 1 ? `${id}_g${generation}` : id);
