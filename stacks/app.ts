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

  const spokes = topology.spokes.map((spoke) => {
    // An account outside the organization (one spoke each, see config/validate.ts) accepts the share.
    const acceptsShare = !spoke.inOrganization && spoke.accountId !== topology.hub.accountId;
    const stack = new SpokeStack(app, { topology, state, spoke, acceptsShare });
    stack.addDependency(hub);
    return stack;
  });

  const dns = new DnsStack(app, { topology, state });
  dns.addDependency(hub);
  return [hub, ...spokes, dns];
}
