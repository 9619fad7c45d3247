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

/**
 * Builds one workspace of the estate by name, depending on the workspaces it reads, which must be in
 * the app already: stacks/workspace-files.ts builds them one at a time, in deploy order.
 */
export function workspaceBuilder(estate: Estate, state: StateSettings): (app: App, name: string) => WorkspaceStack {
  const props = { estate, state };
  const spokes = new Map(estate.spokes.map((s) => [s.workspace.name, s]));
  return (app, name) => {
    const spoke = spokes.get(name);
    if (!spoke && name !== estate.hub.workspace.name && name !== estate.dns.workspace.name) throw new Error(`no workspace ${name} in the estate`);
    const stack = spoke ? new SpokeStack(app, { ...props, spoke })
      : name === estate.hub.workspace.name ? new HubStack(app, props) : new DnsStack(app, props);
    for (const dependency of stack.workspace.dependsOn) stack.addDependency(app.node.findChild(dependency) as WorkspaceStack);
    return stack;
  };
}
