import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { TerraformStack, type TerraformElement } from "cdktf";
import type { Construct, Node } from "constructs";
import type { Estate } from "../config/estate";
import { HCP_PROVIDER_ALIAS } from "../guard/context";
import { HcpWorkspaces, type HcpWorkspaceSpec } from "../modules/hcp-workspaces";
import { constructPathId } from "../modules/names";
import { configureBackend, type StateSettings } from "./state";

export interface HcpStackProps {
  readonly estate: Estate;
  readonly state: StateSettings;
}

/**
 * `hcp`: the HCP Terraform project and one workspace per product stack, with remote-state sharing,
 * run triggers and dynamic AWS credentials. Its tfe provider takes its token from TFE_TOKEN.
 */
export class HcpStack extends TerraformStack {
  constructor(scope: Construct, props: HcpStackProps) {
    const hcp = props.estate.identity?.hcp;
    if (!hcp) throw new Error("the hcp workspace needs identity type hcp-terraform");
    super(scope, hcp.workspace);
    configureBackend(this, hcp.workspace, props.state);
    this.addOverride("terraform.required_providers.tfe.source", "hashicorp/tfe");
    const provider = new TfeProvider(this, "tfe_hcp", { alias: HCP_PROVIDER_ALIAS, hostname: hcp.hostname, organization: hcp.organization });
    new HcpWorkspaces(this, "hcp", {
      provider,
      organization: hcp.organization,
      project: hcp.project,
      terraformVersion: hcp.terraformVersion,
      workspaces: Object.fromEntries(hcp.workspaces.map((w): [string, HcpWorkspaceSpec] => [w.stack, {
        name: w.name,
        working_directory: w.workingDirectory,
        readers: w.readers,
        run_role_arn: w.roleArn,
      }])),
      runTriggers: Object.fromEntries(hcp.runTriggers.map((t) => [`${t.source}/${t.target}`, t])),
      protect: props.estate.topology.protect,
      formerKeys: Object.fromEntries(hcp.workspaces.filter((w) => w.formerStacks.length > 0).map((w) => [w.stack, w.formerStacks])),
    });
  }

  /** Addresses are the construct path (`tfe_workspace.hcp_workspaces`), as in the other workspaces. */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    return constructPathId(this, element);
  }
}
