import type { App } from "cdktf";
import type { Estate } from "../config/estate";
import { DnsStack } from "./dns-stack";
import { HubStack } from "./hub-stack";
import { SpokeStack } from "./spoke-stack";
import type { StateSettings } from "./state";
import type { WorkspaceStack } from "./workspace-stack";

/** The workspaces in the order the app builds them, and app.synth() writes them: hub, dns, then the spokes in the topology's order. */
export function buildOrder(estate: Estate): string[] {
  return [estate.hub.workspace.name, estate.dns.workspace.name, ...estate.spokes.map((s) => s.workspace.name)];
}

/** Every workspace of an estate, in deploy order, each depending on the workspaces it reads (a hub or dns on a retiring spoke). */
export function addWorkspaces(app: App, estate: Estate, state: StateSettings): WorkspaceStack[] {
  const stackFor = stackFactory(estate, state);
  const stacks = buildOrder(estate).map((name) => stackFor(app, name));
  for (const stack of stacks) addDependencies(app, stack);
  const rank = new Map(estate.workspaces.map((w, i) => [w.name, i]));
  return stacks.sort((a, b) => rank.get(a.workspace.name)! - rank.get(b.workspace.name)!);
}

/**
 * Builds one workspace of the estate by name, depending on the workspaces it reads, which must be in
 * the app already: stacks/workspace-files.ts builds them one at a time, in deploy order.
 */
export function workspaceBuilder(estate: Estate, state: StateSettings): (app: App, name: string) => WorkspaceStack {
  const stackFor = stackFactory(estate, state);
  return (app, name) => addDependencies(app, stackFor(app, name));
}

/** The one place that knows which stack class builds which workspace. */
function stackFactory(estate: Estate, state: StateSettings): (app: App, name: string) => WorkspaceStack {
  const props = { estate, state };
  const spokes = new Map(estate.spokes.map((s) => [s.workspace.name, s]));
  return (app, name) => {
    const spoke = spokes.get(name);
    if (spoke) return new SpokeStack(app, { ...props, spoke });
    if (name === estate.hub.workspace.name) return new HubStack(app, props);
    if (name === estate.dns.workspace.name) return new DnsStack(app, props);
    throw new Error(`no workspace ${name} in the estate`);
  };
}

function addDependencies(app: App, stack: WorkspaceStack): WorkspaceStack {
  for (const dependency of stack.workspace.dependsOn) stack.addDependency(app.node.findChild(dependency) as WorkspaceStack);
  return stack;
}
