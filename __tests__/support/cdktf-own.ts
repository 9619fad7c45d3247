/**
 * For tests that hold WorkspaceStack's lean overrides (stacks/workspace-stack.ts) identical to cdktf:
 * the same synth with cdktf's own TerraformStack method in their place.
 */
import { TerraformStack } from "cdktf";
import { WorkspaceStack } from "../../stacks/workspace-stack";

/** Runs `fn` with cdktf's own `method` instead of WorkspaceStack's override, and checks it ran. */
export function withCdktfOwn<T>(method: "prepareStack" | "toTerraform", fn: () => T): T {
  const own = TerraformStack.prototype[method] as (this: TerraformStack) => unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- either method's signature
  const spy = jest.spyOn(WorkspaceStack.prototype, method).mockImplementation(function (this: WorkspaceStack): any {
    return own.call(this);
  });
  try {
    const result = fn();
    expect(spy).toHaveBeenCalled();
    return result;
  } finally {
    spy.mockRestore();
  }
}
