/**
 * cdktf's `app.synth()` into memory instead of a directory: the same files, byte for byte
 * (`manifest.json` and `stacks/<stack>/cdk.tf.json`), without the staging directory that was written,
 * read back by the rule pack, read again by the publisher and removed (for 1,000 spoke accounts, about
 * 5,000 file-system calls and a sixth of the synth). It follows cdktf 0.21's App.synth and
 * StackSynthesizer.synthesize step by step: prepare every stack, then per stack its aspects, its
 * validations, its manifest entry with its annotations (an error annotation stops it), and its
 * Terraform JSON written by the same stable stringify; then the app's validations and the manifest.
 * The caller builds and prepares each stack (stacks/workspace-files.ts, one at a time). Where this does
 * not hold (HCL output, cdktf resource moves, another cdktf layout) the caller synthesizes into a
 * directory with cdktf's own app.synth(). __tests__/stacks/in-memory-synth.test.ts holds the files
 * identical to app.synth()'s.
 */
import { dirname } from "node:path";
import { AnnotationMetadataEntryType, type App, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

type Stringify = (value: unknown, options: { space: number }) => string;

interface Internals {
  readonly stringify: Stringify;
  readonly invokeAspects: (root: IConstruct) => void;
}

/** The serializer and the aspect runner cdktf's own synthesizer uses, from cdktf's own dependencies. */
const internals: Internals | undefined = (() => {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cdktfDir = dirname(require.resolve("cdktf"));
    const stringify = require(require.resolve("json-stable-stringify", { paths: [cdktfDir] })) as Stringify;
    const { invokeAspects } = require("cdktf/lib/synthesize/synthesizer") as { invokeAspects?: Internals["invokeAspects"] };
    /* eslint-enable @typescript-eslint/no-require-imports */
    return typeof stringify === "function" && typeof invokeAspects === "function" ? { stringify, invokeAspects } : undefined;
  } catch {
    return undefined;
  }
})();

interface ManifestInternals {
  forStack(stack: TerraformStack): { synthesizedStackPath: string; annotations: unknown[] };
  buildManifest(): unknown;
}

const ANNOTATION_TYPES: readonly string[] = Object.values(AnnotationMetadataEntryType);

/** A stack that cdktf itself must synthesize (a cdktf resource move): the whole app then goes through app.synth(). */
export class NotInMemory extends Error {
  override readonly name = "NotInMemory";
}

/** app.synth()'s steps, one stack at a time: the caller prepares each stack before `stack`, as App.synth does. */
export interface InMemorySynthesizer {
  /** The stack's aspects, validations and manifest entry (an error annotation throws); its file: relative path → content. */
  stack(stack: TerraformStack): [path: string, text: string];
  /** The app's validations, then manifest.json's content. */
  manifest(): string;
}

/** The in-memory synthesizer of this app, or undefined when the app must be synthesized by cdktf itself (HCL output, another cdktf layout). */
export function inMemorySynthesizer(app: App): InMemorySynthesizer | undefined {
  const appInternals = app as unknown as { hclOutput: boolean; skipValidation: boolean; manifest: ManifestInternals };
  if (!internals || appInternals.hclOutput) return undefined;
  const { stringify, invokeAspects } = internals;
  const manifest = appInternals.manifest;
  return {
    stack(stack) {
      if (stack.hasResourceMove()) throw new NotInMemory(`${stack.node.id} moves resources`);
      invokeAspects(stack);
      if (!appInternals.skipValidation) stack.runAllValidations();
      const entry = manifest.forStack(stack);
      const annotations = stack.node.findAll().flatMap((node) => node.node.metadata
        .filter((m) => ANNOTATION_TYPES.includes(m.type))
        .map((m) => ({ constructPath: node.node.path, level: m.type, message: m.data, stacktrace: m.trace })));
      entry.annotations = annotations;
      const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
      if (errors.length > 0 && process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined) {
        // cdktf's own message (errors.encounteredAnnotationWithLevelError).
        throw new Error(`Encountered Annotations with level "ERROR":\n${errors.map((a) => `[${a.constructPath}] ${a.message}`).join("\n")}\n\n` +
          "Either fix the issues above, or set the environment variable CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS to ignore these annotations.\n");
      }
      return [entry.synthesizedStackPath.split("\\").join("/"), stringify(stack.toTerraform(), { space: 2 })];
    },
    manifest() {
      if (!appInternals.skipValidation) {
        const validations = app.node.validate();
        if (validations.length > 0) throw new Error(`App-level validation failed with the following errors:\n  ${validations.join("\n  ")}`);
      }
      return stringify(manifest.buildManifest(), { space: 2 });
    },
  };
}
