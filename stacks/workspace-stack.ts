import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, type TerraformElement, type TerraformRemoteState } from "cdktf";
import type { Construct, Node } from "constructs";
import type { Estate } from "../config/estate";
import type { Workspace } from "../config/workspace";
import { constructPathId } from "../modules/names";
import { leanToTerraform } from "./runtime";
import { configureBackend, remoteState, type StateSettings } from "./state";

export interface WorkspaceStackProps {
  readonly estate: Estate;
  readonly state: StateSettings;
}

/**
 * One Terraform workspace: its backend, its one AWS provider (explicitly aliased, pinned to its
 * account, default tags) and readable resource addresses. The rule pack judges what it writes
 * (stacks/synthesize.ts).
 */
export abstract class WorkspaceStack extends TerraformStack {
  protected readonly estate: Estate;
  /** The AWS provider of the workspace's account. */
  protected readonly provider: AwsProvider;
  private readonly state: StateSettings;

  constructor(scope: Construct, readonly workspace: Workspace, props: WorkspaceStackProps) {
    super(scope, workspace.name);
    this.estate = props.estate;
    this.state = props.state;
    configureBackend(this, workspace.stateName, props.state);
    // cdktf writes the short form "aws"; HCL readers and scanners expect the full source address.
    this.addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
    this.provider = new AwsProvider(this, `aws_${workspace.providerAlias}`, {
      alias: workspace.providerAlias,
      region: props.estate.topology.region,
      allowedAccountIds: [workspace.accountId],
      // Without it, the run's own credentials are the role already (HCP Terraform, GitHub Actions).
      assumeRole: workspace.roleArn && workspace.assumesRole
        ? [{ roleArn: workspace.roleArn, sessionName: workspace.sessionName, externalId: workspace.externalId }]
        : undefined,
      defaultTags: [{ tags: { ...props.estate.defaultTags } }],
    });
  }

  /** Another workspace's outputs, read from its state with the same backend settings. */
  protected remoteState(workspace: string): TerraformRemoteState {
    return remoteState(this, workspace, workspace, this.state);
  }

  /**
   * cdktf's prepareStack resolves every element once more than synth does, only to find references to
   * another stack's constructs (which it would turn into hash-named outputs and remote states). A
   * workspace is built from the estate alone and reads other workspaces through their named outputs
   * (remoteState), so there is nothing to find: that resolve was a quarter of the synth of 1,000 spokes.
   * __tests__/stacks/prepare.test.ts holds that cdktf's own prepareStack would change nothing.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** cdktf's document, each element resolved once (stacks/runtime.ts). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf's own signature
  override toTerraform(): any {
    return leanToTerraform(this) ?? super.toTerraform();
  }

  /** Addresses are the construct path (`aws_vpc_endpoint.shared_vpc_endpoints`), without hashes. */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    return constructPathId(this, element);
  }
}
