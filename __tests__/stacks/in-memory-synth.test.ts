/**
 * stacks/in-memory-synth.ts follows cdktf's app.synth() without writing: the files must be the ones
 * cdktf writes, byte for byte (every workspace and manifest.json), and it must stop where cdktf stops.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, App, TerraformStack } from "cdktf";
import { estateOf } from "../../config/estate";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { filesUnder } from "../../output/publish";
import { generatedTopology } from "../../scripts/generated-topology";
import { addWorkspaces } from "../../stacks/app";
import { inMemorySynthesizer } from "../../stacks/in-memory-synth";
import { useLeanSynth } from "../../stacks/runtime";
import { LOCAL_STATE_DIR } from "../../stacks/state";
import { PROJECT_ROOT } from "../support/synth";
import { TOPOLOGIES } from "../support/topology-expectations";

function withApp<T>(topology: Topology, fn: (app: App, outdir: string) => T): T {
  useLeanSynth();
  const outdir = mkdtempSync(join(tmpdir(), "lattice-memory-test-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    addWorkspaces(app, estateOf(topology), { backend: topology.backend, region: topology.region, localStateDir: LOCAL_STATE_DIR });
    return fn(app, outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** app.synth() in memory: prepare every stack, then synthesize each, then the manifest. */
function synthesizeInMemory(app: App): Map<string, string> | undefined {
  const synthesizer = inMemorySynthesizer(app);
  if (!synthesizer) return undefined;
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  const files = new Map<string, string>();
  for (const stack of stacks) stack.prepareStack();
  for (const stack of stacks) files.set(...synthesizer.stack(stack));
  files.set("manifest.json", synthesizer.manifest());
  return files;
}

const tree = (dir: string) => new Map([...filesUnder(dir)].map(([path, data]) => [path, data.toString("utf8")]));

const sorted = (m: ReadonlyMap<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

function expectSameAsCdktf(topology: Topology): void {
  const ours = withApp(topology, (app, outdir) => {
    const files = synthesizeInMemory(app);
    expect(readdirSync(outdir).filter((f) => f !== "stacks")).toEqual([]); // nothing written but cdktf's own empty stacks/
    return files;
  });
  const cdktf = withApp(topology, (app, outdir) => {
    app.synth();
    return tree(outdir);
  });
  expect(ours).toBeDefined();
  expect(sorted(ours!)).toEqual(sorted(cdktf));
}

test.each(TOPOLOGIES)("%s: the files app.synth() writes, byte for byte", (file) => {
  expectSameAsCdktf(loadTopologyFile(join(PROJECT_ROOT, file)).topology);
});

test("a generated estate with accounts outside the organization: the same files", () => {
  expectSameAsCdktf(validateTopology(generatedTopology({ spokes: 30, mode: "profile", outsideEvery: 3 })).topology);
});

test("an error annotation stops it with cdktf's own message; a warning lands in manifest.json as cdktf's does", () => {
  const { topology } = loadTopologyFile(join(PROJECT_ROOT, "examples/basic.yaml"));
  const run = (synth: (app: App, outdir: string) => unknown, level: "error" | "warning") => withApp(topology, (app, outdir) => {
    const hub = app.node.findChild("hub");
    if (level === "error") Annotations.of(hub).addError("broken on purpose");
    else Annotations.of(hub).addWarning("careful");
    try {
      return { result: synth(app, outdir) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
  const cdktfError = run((app) => app.synth(), "error");
  const oursError = run((app) => synthesizeInMemory(app), "error");
  expect(cdktfError.error).toContain("[hub] broken on purpose");
  expect(oursError).toEqual(cdktfError);

  const cdktfWarned = run((app, outdir) => (app.synth(), tree(outdir).get("manifest.json")), "warning");
  const oursWarned = run((app) => synthesizeInMemory(app)!.get("manifest.json"), "warning");
  expect(cdktfWarned.result).toContain("careful");
  expect(oursWarned).toEqual(cdktfWarned);
});
