/** cli/topology-file.ts: which topology file a command reads, the one rule of every command. */
import { UsageError } from "../../cli/command";
import { namedTopologyFile, topologyFile } from "../../cli/topology-file";
import { DEFAULT_CONFIG } from "../../config/loader";

describe("topologyFile", () => {
  test("the positional argument, else LATTICE_CONFIG, else the bundled example", () => {
    expect(topologyFile(["estate.yaml"], { LATTICE_CONFIG: "other.yaml" })).toBe("estate.yaml");
    expect(topologyFile([], { LATTICE_CONFIG: "other.yaml" })).toBe("other.yaml");
    expect(topologyFile([], {})).toBe(DEFAULT_CONFIG);
    // An empty LATTICE_CONFIG counts as unset, as it always has.
    expect(topologyFile([], { LATTICE_CONFIG: "" })).toBe(DEFAULT_CONFIG);
  });

  test.each([
    [["a.yaml", "b.yaml"], 'one topology file, not 2: "a.yaml" "b.yaml"'],
    [["a.yaml", "b.yaml", "c d.yaml"], 'one topology file, not 3: "a.yaml" "b.yaml" "c d.yaml"'],
    [[""], "the topology file argument is empty"],
  ])("%j is a usage error naming them", (positionals, message) => {
    expect(() => topologyFile(positionals, { LATTICE_CONFIG: "x.yaml" })).toThrow(UsageError);
    expect(() => topologyFile(positionals, { LATTICE_CONFIG: "x.yaml" })).toThrow(new UsageError(message));
  });
});

describe("namedTopologyFile", () => {
  const config = (value: string | undefined) => ({ flag: "--config", value });

  test("undefined when nothing names a file: the bundled example is only the fallback", () => {
    expect(namedTopologyFile([], {})).toBeUndefined();
    expect(namedTopologyFile([], { LATTICE_CONFIG: "" }, config(undefined))).toBeUndefined();
    expect(namedTopologyFile([], { LATTICE_CONFIG: "env.yaml" })).toBe("env.yaml");
  });

  test("an alias flag names the file like the argument, over LATTICE_CONFIG; the same file twice is one", () => {
    expect(namedTopologyFile([], { LATTICE_CONFIG: "env.yaml" }, config("flag.yaml"))).toBe("flag.yaml");
    expect(namedTopologyFile(["a.yaml"], {}, config("./a.yaml"))).toBe("a.yaml");
  });

  test.each([
    [["a.yaml"], "b.yaml", 'two topology files: "a.yaml" and --config "b.yaml"; give one'],
    [[], "", "--config is empty"],
  ])("%j with --config %j: a usage error", (positionals, value, message) => {
    expect(() => namedTopologyFile(positionals, {}, config(value))).toThrow(new UsageError(message));
  });
});
