import type { App } from "cdktf";
import type { Topology } from "../config/loader";
import type { StateSettings } from "./state";
import { DnsStack } from "./dns-stack";
import { HubStack } from "./hub-stack";
import { SpokeStack } from "./spoke-stack";
import type { WorkspaceStack } from "./workspace-stack";

export interface WorkspacesProps {
  readonly topology: Topology;
  /** Local backend: the state directory relative to a workspace's directory. */
  readonly localStateDir: string;
}

/** Every workspace of a topology, with the hub applied first. */
export function addWorkspaces(app: App, props: WorkspacesProps): WorkspaceStack[] {
  const { topology } = props;
  const state: StateSettings = { backend: topology.backend, region: topology.region, localStateDir: props.localStateDir };
  const hub = new HubStack(app, { topology, state });

  // An account outside the organization accepts the share once: in its first spoke's workspace,
  // which the account's other spokes then follow.
  const accepting = new Map<string, SpokeStack>();
  const spokes = topology.spokes.map((spoke) => {
    const outside = !spoke.inOrganization && spoke.accountId !== topology.hub.accountId;
    const acceptor = outside ? accepting.get(spoke.accountId) : undefined;
    const stack = new SpokeStack(app, { topology, state, spoke, acceptsShare: outside && !acceptor });
    stack.addDependency(acceptor ?? hub);
    if (outside && !acceptor) accepting.set(spoke.accountId, stack);
    return stack;
  });

  const dns = new DnsStack(app, { topology, state });
  dns.addDependency(hub);
  return [hub, ...spokes, dns];
}
