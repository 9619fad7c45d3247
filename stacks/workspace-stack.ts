import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, type TerraformElement, type TerraformRemoteState } from "cdktf";
import type { Construct, Node } from "constructs";
import type { Topology } from "../config/loader";
import { addGuardrails } from "../guard/aspects";
import { guardContext } from "../guard/context";
import { constructPathId } from "../modules/names";
import { configureBackend, remoteState, type StateSettings } from "./state";

export const HUB_STACK = "hub";
export const DNS_STACK = "dns";
export const spokeStackName = (spoke: string) => `spoke-${spoke}`;

/** Identifies what this project manages, in every resource's tags. */
export const MANAGED_BY = "lattice-endpoints";

export interface WorkspaceStackProps {
  readonly topology: Topology;
  readonly state: StateSettings;
}

export interface AccountProviderProps {
  readonly alias: string;
  readonly accountId: string;
  readonly roleArn?: string;
}

/**
 * One Terraform workspace: its backend, its AWS providers (explicitly aliased, pinned to their
 * account, default tags) and readable resource addresses.
 */
export abstract class WorkspaceStack extends TerraformStack {
  protected readonly topology: Topology;
  private readonly state: StateSettings;

  constructor(scope: Construct, name: string, props: WorkspaceStackProps) {
    super(scope, name);
    this.topology = props.topology;
    this.state = props.state;
    configureBackend(this, name, props.state);
    // cdktf writes the short form "aws"; HCL readers and scanners expect the full source address.
    this.addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
    // The rule pack (docs/rules.md): an error finding stops the synth.
    addGuardrails(this, guardContext(props.topology, name));
  }

  /** An AWS provider for one account, assuming its deploy role when one is given. */
  protected awsProvider(props: AccountProviderProps): AwsProvider {
    return new AwsProvider(this, `aws_${props.alias}`, {
      alias: props.alias,
      region: this.topology.region,
      allowedAccountIds: [props.accountId],
      assumeRole: props.roleArn
        ? [{ roleArn: props.roleArn, sessionName: `${MANAGED_BY}-${this.node.id}`.slice(0, 64) }]
        : undefined,
      defaultTags: [{ tags: { ...this.topology.tags, ManagedBy: `${MANAGED_BY}/${this.topology.name}` } }],
    });
  }

  /** The hub workspace's outputs, read from its state. */
  protected hubOutputs(): TerraformRemoteState {
    return remoteState(this, "hub", HUB_STACK, this.state);
  }

  /** Addresses are the construct path (`aws_vpc_endpoint.endpoint_snowflake_vpc_endpoint`), without hashes. */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    return constructPathId(this, element);
  }
}
