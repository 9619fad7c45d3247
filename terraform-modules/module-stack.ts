import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, type TerraformElement } from "cdktf";
import type { AwsNameRules } from "../config/aws-names";
import type { Construct, Node } from "constructs";
import { constructPathId } from "../modules/names";
import { awsNameExpression } from "./names";

export interface ModuleVariableProps {
  /** A Terraform type expression, e.g. "map(object({ service_name = string }))". */
  readonly type: string;
  readonly description: string;
  /** Omitted: the variable is required. */
  readonly default?: unknown;
  /** Each: an HCL condition (without ${}) and the message when it is false. */
  readonly validation?: readonly (readonly [condition: string, message: string])[];
}

/** What the module's README documents. */
export interface ModuleDoc {
  readonly variables: { name: string; props: ModuleVariableProps }[];
  readonly outputs: { name: string; description: string }[];
}

/**
 * A Terraform module built from the same constructs as the workspaces: inputs are variables, the
 * caller brings the provider (the default `aws` configuration of the module), no backend.
 */
export abstract class ModuleStack extends TerraformStack {
  /** The caller's AWS provider: declared for the constructs, removed from the module's JSON. */
  protected readonly provider: AwsProvider;
  readonly doc: ModuleDoc = { variables: [], outputs: [] };

  constructor(scope: Construct, id: string, readonly description: string) {
    super(scope, id);
    this.provider = new AwsProvider(this, "aws", {});
  }

  protected variable(name: string, props: ModuleVariableProps): TerraformVariable {
    this.doc.variables.push({ name, props });
    // Variables and outputs share the construct namespace; the variable's address is its own name.
    const variable = new TerraformVariable(this, `variable_${name}`, {
      type: props.type,
      description: props.description,
      default: props.default === null ? undefined : props.default,
      nullable: props.default === null ? true : undefined,
      validation: props.validation?.map(([condition, errorMessage]) => ({ condition: `\${${condition}}`, errorMessage })),
    });
    variable.overrideLogicalId(name);
    // cdktf cannot write a null default itself.
    if (props.default === null) variable.addOverride("default", null);
    return variable;
  }

  /** A local holding the AWS name that config/aws-names.ts derives from these parts (HCL expressions). */
  protected awsNameLocal(id: string, parts: readonly string[], rules: AwsNameRules): string {
    return new TerraformLocal(this, id, `\${${awsNameExpression(parts, rules)}}`).asString;
  }

  /** `dependsOn`: what a caller reading the output must wait for, besides what its value refers to. */
  protected output(name: string, value: unknown, description: string, dependsOn?: TerraformResource[]): void {
    this.doc.outputs.push({ name, description });
    const output = new TerraformOutput(this, name, { value, description, staticId: true });
    // cdktf 0.21 writes an output's depends_on as "${...}", which Terraform refuses: write the addresses.
    if (dependsOn) output.addOverride("depends_on", dependsOn.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`));
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return constructPathId(this, element);
  }
}

/**
 * The resources of a RAM share that addResourceShare made in `scope` under `id` (the share, its
 * resource association and its principal associations: modules/resource-share.ts names them). An
 * output that other modules of the same root use to reach the shared resource depends on them, so
 * that Terraform creates the share completely first, as the workspaces' apply order does.
 */
export function resourceShareResources(scope: Construct, id: string): TerraformResource[] {
  const found = scope.node.children.filter((c): c is TerraformResource =>
    c instanceof TerraformResource && (c.node.id === id || c.node.id.startsWith(`${id}_`)));
  if (found.length !== 3) throw new Error(`expected the 3 resources of the share ${id}, found ${found.length}`);
  return found;
}
