import {
  CloudBackend,
  DataTerraformRemoteState,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  LocalBackend,
  NamedCloudWorkspace,
  NamedRemoteWorkspace,
  S3Backend,
  type TerraformRemoteState,
  type TerraformStack,
} from "cdktf";
import type { Construct } from "constructs";
import { hcpWorkspaceName } from "../config/contract";
import type { Backend, Topology } from "../config/topology";

/**
 * Local backend: the state directory relative to a workspace's directory (<output>/stacks/<stack>),
 * i.e. <output>/../state: the project's state/ for the default output. Fixed, so the output never
 * depends on where it is written.
 */
export const LOCAL_STATE_DIR = "../../../state";

export interface StateSettings {
  readonly backend: Backend;
  /** The topology's Region: the default of the S3 backend's. */
  readonly region: string;
  /** Local backend: the state directory relative to a workspace's directory (cdktf.out/stacks/<stack>). */
  readonly localStateDir: string;
}

/** The state settings of a topology's workspaces. */
export function stateSettingsOf(topology: Topology): StateSettings {
  return { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR };
}

/** Where a workspace keeps its state: one key / file / HCP workspace per stack. */
export function configureBackend(stack: TerraformStack, stackName: string, settings: StateSettings): void {
  const b = settings.backend;
  switch (b.type) {
    case "local":
      new LocalBackend(stack, { path: `${settings.localStateDir}/${stackName}.tfstate` });
      return;
    case "s3":
      new S3Backend(stack, s3Config(b, stackName, settings.region));
      // Native S3 locking (Terraform ≥ 1.10); cdktf 0.21 has no typed field for it.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: b.organization,
        hostname: b.hostname,
        workspaces: new NamedCloudWorkspace(hcpWorkspaceName(b.workspacePrefix, stackName)),
      });
      return;
  }
}

/** Reads another workspace's outputs from the same backend settings. */
export function remoteState(scope: Construct, id: string, stackName: string, settings: StateSettings): TerraformRemoteState {
  const b = settings.backend;
  switch (b.type) {
    case "local":
      return new DataTerraformRemoteStateLocal(scope, id, { path: `${settings.localStateDir}/${stackName}.tfstate` });
    case "s3":
      return new DataTerraformRemoteStateS3(scope, id, s3Config(b, stackName, settings.region));
    case "cloud":
      // The remote backend reads HCP Terraform workspaces; the hub workspace must share its state.
      return new DataTerraformRemoteState(scope, id, {
        organization: b.organization,
        hostname: b.hostname,
        workspaces: new NamedRemoteWorkspace(hcpWorkspaceName(b.workspacePrefix, stackName)),
      });
  }
}

function s3Config(b: Extract<Backend, { type: "s3" }>, stackName: string, region: string) {
  return {
    bucket: b.bucket,
    key: b.keyPrefix ? `${b.keyPrefix}/${stackName}.tfstate` : `${stackName}.tfstate`,
    region: b.region ?? region,
    encrypt: true,
    ...(b.roleArn ? { assumeRole: { roleArn: b.roleArn } } : {}),
  };
}
