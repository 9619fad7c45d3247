import type { App } from "cdktf";
import type { Estate } from "../config/estate";
import { DnsStack } from "./dns-stack";
import { HubStack } from "./hub-stack";
import { SpokeStack } from "./spoke-stack";
import type { StateSettings } from "./state";
import type { WorkspaceStack } from "./workspace-stack";

/** Every workspace of an estate, in deploy order, each depending on the workspaces it reads (a hub or dns on a retiring spoke). */
export function addWorkspaces(app: App, estate: Estate, state: StateSettings): WorkspaceStack[] {
  const props = { estate, state };
  const stacks: WorkspaceStack[] = [
    new HubStack(app, props),
    new DnsStack(app, props),
    ...estate.spokes.map((spoke) => new SpokeStack(app, { ...props, spoke })),
  ];
  const byName = new Map(stacks.map((s) => [s.workspace.name, s]));
  const rank = new Map(estate.workspaces.map((w, i) => [w.name, i]));
  stacks.sort((a, b) => rank.get(a.workspace.name)! - rank.get(b.workspace.name)!);
  for (const stack of stacks) {
    for (const dependency of stack.workspace.dependsOn) stack.addDependency(byName.get(dependency)!);
  }
  return stacks;
}
