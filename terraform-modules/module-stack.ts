import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable, type TerraformElement } from "cdktf";
import type { Construct, Node } from "constructs";
import { constructPathId } from "../modules/names";

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

  protected output(name: string, value: unknown, description: string): void {
    this.doc.outputs.push({ name, description });
    new TerraformOutput(this, name, { value, description, staticId: true });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return constructPathId(this, element);
  }
}
