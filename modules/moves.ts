import { TerraformStack, type TerraformResource } from "cdktf";

/** One instance of a for_each resource that moves: from its old key (and resource) to its new key. */
export interface InstanceMove {
  readonly from: string;
  readonly to: string;
}

const MOVES = new WeakMap<TerraformStack, { from: string; to: string }[]>();

/**
 * Declares `moved` blocks for instances of `to` that lived at other keys, or in `from` (another
 * resource of the same type, e.g. a protected block they leave, given as a resource or, when it is no
 * longer declared, by its name). Terraform moves what its state holds
 * and ignores a move from an instance it never had, so the blocks may stay for as long as the
 * topology names the old keys.
 */
export function moveInstances(to: TerraformResource, moves: readonly InstanceMove[], from: TerraformResource | string = to): void {
  if (moves.length === 0) return;
  const stack = TerraformStack.of(to);
  const all = MOVES.get(stack) ?? [];
  MOVES.set(stack, all);
  // `from` as a name: a block of the same type no longer declared (a generation before).
  const address = (r: TerraformResource | string, key: string) =>
    `${to.terraformResourceType}.${typeof r === "string" ? r : r.friendlyUniqueId}[${JSON.stringify(key)}]`;
  for (const m of moves) all.push({ from: address(from, m.from), to: address(to, m.to) });
  // cdktf 0.21 has no moved block for a for_each instance that a key change moves: a top-level override.
  stack.addOverride("moved", [...all]);
}

/** Moves for a key renamed from each of `oldKeys` in turn (oldest first) to `key`: a chain Terraform follows. */
export function renameChain(oldKeys: readonly string[], key: string): InstanceMove[] {
  const chain = [...oldKeys, key];
  return chain.slice(0, -1).map((from, i) => ({ from, to: chain[i + 1] }));
}
