import { Project } from "@cdktf/provider-tfe/lib/project";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EACH_KEY, eachValue, instanceAttribute, instanceAttributes, keyedIterator } from "./expressions";
import { moveInstances, renameChain, type InstanceMove } from "./moves";

/** An HCP Terraform workspace of one stack; keyed by stack name. */
export interface HcpWorkspaceSpec {
  readonly name: string;
  /** The stack's directory in the repository, e.g. cdktf.out/stacks/hub. */
  readonly working_directory: string;
  /** Keys of the workspaces that read its outputs: the only ones its state is shared with. */
  readonly readers: readonly string[];
  /** The role HCP Terraform's dynamic credentials give its runs. */
  readonly run_role_arn: string;
}

/** After each apply of `source`, a run of `target`; keyed "<source>/<target>". */
export interface RunTriggerSpec {
  readonly source: string;
  readonly target: string;
}

export interface HcpWorkspacesProps {
  readonly provider: TerraformProvider;
  readonly organization: string;
  readonly project: string;
  readonly terraformVersion: string;
  readonly workspaces: Readonly<Record<string, HcpWorkspaceSpec>>;
  readonly runTriggers: Readonly<Record<string, RunTriggerSpec>>;
  /** prevent_destroy on the workspaces: deleting one deletes its state. */
  readonly protect: boolean;
  /** A renamed stack's earlier keys, oldest first: its workspace (and state) moves, never replaced. @default none */
  readonly formerKeys?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A project of HCP Terraform workspaces whose runs get AWS credentials from HCP Terraform (dynamic
 * provider credentials: TFC_AWS_PROVIDER_AUTH and TFC_AWS_RUN_ROLE_ARN), each sharing its state
 * with its readers only, and run triggers along the deploy order.
 */
export class HcpWorkspaces extends Construct {
  readonly workspaces: Workspace;

  constructor(scope: Construct, id: string, props: HcpWorkspacesProps) {
    super(scope, id);
    const { provider, organization } = props;
    const project = new Project(this, "project", { provider, organization, name: props.project });

    const entries = Object.entries(props.workspaces);
    const workspace = keyedIterator(this, "workspaces", Object.fromEntries(entries.map(([k, w]) => [k, { name: w.name, working_directory: w.working_directory }])));
    this.workspaces = new Workspace(this, "workspaces", {
      provider,
      forEach: workspace,
      organization,
      projectId: project.id,
      name: workspace.getString("name"),
      workingDirectory: workspace.getString("working_directory"),
      terraformVersion: props.terraformVersion,
      lifecycle: { preventDestroy: props.protect },
    });

    const settings = keyedIterator(this, "settings", Object.fromEntries(entries.map(([k, w]) => [k, { readers: w.readers }])));
    const workspaceSettings = new WorkspaceSettings(this, "settings", {
      provider,
      forEach: settings,
      workspaceId: instanceAttribute(this.workspaces, EACH_KEY, "id"),
      // Dynamic credentials exist only in runs that execute in HCP Terraform.
      executionMode: "remote",
      globalRemoteState: false,
      remoteStateConsumerIds: instanceAttributes(this.workspaces, eachValue("readers"), "id"),
    });

    const trigger = keyedIterator(this, "run_triggers", props.runTriggers);
    const runTriggers = new RunTrigger(this, "run_triggers", {
      provider,
      forEach: trigger,
      workspaceId: instanceAttribute(this.workspaces, eachValue("target"), "id"),
      sourceableId: instanceAttribute(this.workspaces, eachValue("source"), "id"),
    });

    const variables = Object.fromEntries(entries.flatMap(([key, w]) => [
      [`${key}/TFC_AWS_PROVIDER_AUTH`, { workspace: key, key: "TFC_AWS_PROVIDER_AUTH", value: "true" }],
      [`${key}/TFC_AWS_RUN_ROLE_ARN`, { workspace: key, key: "TFC_AWS_RUN_ROLE_ARN", value: w.run_role_arn }],
    ]));
    const variable = keyedIterator(this, "credentials", variables);
    const credentials = new Variable(this, "credentials", {
      provider,
      forEach: variable,
      workspaceId: instanceAttribute(this.workspaces, eachValue("workspace"), "id"),
      category: "env",
      key: variable.getString("key"),
      value: variable.getString("value"),
      description: "HCP Terraform dynamic provider credentials for AWS",
    });

    const former = props.formerKeys ?? {};
    const byStack = Object.entries(former).flatMap(([key, earlier]) => renameChain(earlier, key));
    moveInstances(this.workspaces, byStack);
    moveInstances(workspaceSettings, byStack);
    moveInstances(credentials, Object.keys(variables).flatMap((k) => {
      const [stack, name] = k.split("/");
      return renameChain((former[stack] ?? []).map((old) => `${old}/${name}`), k);
    }));
    moveInstances(runTriggers, Object.values(props.runTriggers).flatMap((t): InstanceMove[] => {
      const key = `${t.source}/${t.target}`;
      if (former[t.target]) return renameChain(former[t.target].map((old) => `${t.source}/${old}`), key);
      return renameChain((former[t.source] ?? []).map((old) => `${old}/${t.target}`), key);
    }));
  }
}
