/**
 * Input hardening: what the loader reads (regular files, bounded), how it parses (duplicate keys are
 * errors in JSON and YAML, in linear time) and what its messages may quote (never a secret-bearing
 * line of a file named by mistake); AWS's tag rules; zone names; no prototype lookups.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseDocument, stringify } from "yaml";
import { checkJson, fileKind, InputError, MAX_INPUT_BYTES, parseJson, parseYaml, quote, QUOTE_LIMIT, readInputFile, yamlDuplicateKey } from "../../config/input";
import { loadTopologyFile, parseTopology, TopologyError, validateTopology } from "../../config/loader";
import { PROJECT_ROOT } from "../support/synth";

const work = mkdtempSync(join(tmpdir(), "lattice-input-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const basic = () => parse(readFileSync(join(PROJECT_ROOT, "examples/basic.yaml"), "utf8"));

/** The loader's lines for `load()`, or [] when it accepts. */
function lines(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (e instanceof TopologyError) return [...e.lines];
    throw e;
  }
  return [];
}
const problemsOf = (mutate: (t: any) => void) => {
  const t = basic();
  mutate(t);
  return lines(() => validateTopology(t));
};

describe("only regular files of at most 10 MB are read", () => {
  const timed = (load: () => unknown) => {
    const start = Date.now();
    const result = lines(load);
    return { result, ms: Date.now() - start };
  };

  test("a named pipe is refused at once, not waited on", () => {
    const fifo = join(work, "topology.yaml");
    execFileSync("mkfifo", [fifo]);
    const { result, ms } = timed(() => loadTopologyFile(fifo));
    expect(result).toEqual([`${fifo}: is a named pipe (FIFO), not a regular file; name the topology file itself`]);
    expect(ms).toBeLessThan(10_000); // opening a FIFO would wait forever; a generous bound does not flake
  });

  test("a directory and a device are refused", () => {
    expect(lines(() => loadTopologyFile(work))).toEqual([`${work}: is a directory, not a regular file; name the topology file itself`]);
    const { result, ms } = timed(() => loadTopologyFile("/dev/zero"));
    expect(result).toEqual(["/dev/zero: is a character device, not a regular file; name the topology file itself"]);
    expect(ms).toBeLessThan(10_000); // reading /dev/zero would never end; a generous bound does not flake
  });

  test("a file over 10 MB is refused with its rule, at 10 MB + 1 byte and not at 10 MB", () => {
    const big = join(work, "big.yaml");
    writeFileSync(big, Buffer.alloc(MAX_INPUT_BYTES + 1, 0x20));
    expect(lines(() => loadTopologyFile(big))).toEqual([`${big}: is larger than 10 MB; a topology file is far smaller`]);
    writeFileSync(big, Buffer.alloc(MAX_INPUT_BYTES, 0x20));
    expect(lines(() => loadTopologyFile(big))).not.toContainEqual(expect.stringContaining("larger than"));
  });

  test("a missing file names the error code", () => {
    expect(lines(() => loadTopologyFile(join(work, "none.yaml")))).toEqual([`${join(work, "none.yaml")}: cannot read the topology file (ENOENT)`]);
  });

  // /proc/self/mem is a regular file that opens and fails to read at offset 0 (Linux only).
  (process.platform === "linux" ? test : test.skip)("a file that opens but cannot be read names the error code", () => {
    expect(lines(() => loadTopologyFile("/proc/self/mem"))).toEqual(["/proc/self/mem: cannot read the topology file (EIO)"]);
  });

  test("each kind of file that is not a regular one is named", () => {
    const kinds = ["isDirectory", "isFIFO", "isCharacterDevice", "isBlockDevice", "isSocket"] as const;
    const stats = (kind?: (typeof kinds)[number]) => Object.fromEntries(kinds.map((k) => [k, () => k === kind])) as Parameters<typeof fileKind>[0];
    expect(kinds.map((k) => fileKind(stats(k)))).toEqual(["a directory", "a named pipe (FIFO)", "a character device", "a block device", "a socket"]);
    expect(fileKind(stats())).toBe("a special file");
  });

  test("a leading byte order mark is dropped, one inside the text is kept", () => {
    const file = join(work, "bom.yaml");
    writeFileSync(file, "\uFEFFname: a\uFEFFb\n");
    expect(readInputFile(file, "topology file")).toBe("name: a\uFEFFb\n");
    writeFileSync(file, "name: a\uFEFFb\n");
    expect(readInputFile(file, "topology file")).toBe("name: a\uFEFFb\n");
  });

  // A long-running process (the preflight, a test run) reads many files: each read closes its own.
  (process.platform === "linux" ? test : test.skip)("every read closes its file, whether it succeeds or not", () => {
    const open = () => readdirSync("/proc/self/fd").length;
    const good = join(work, "good.yaml");
    writeFileSync(good, "name: a\n");
    const before = open();
    for (let i = 0; i < 20; i++) {
      readInputFile(good, "topology file");
      expect(lines(() => loadTopologyFile(work))).toHaveLength(1);
    }
    expect(open()).toBe(before);
  });
});

describe("duplicate keys are errors in JSON as in YAML, naming both lines", () => {
  test("JSON: a second \"protect\" would silently turn protection off", () => {
    const text = JSON.stringify(basic(), null, 2).replace(/\n}$/, ',\n  "protect": false\n}');
    const first = text.split("\n").findIndex((l) => l.startsWith('  "name"')) + 1;
    expect(text).toContain('"protect": false');
    expect(lines(() => parseTopology(text.replace('"name"', '"protect": true,\n  "name"'), "t.json"))).toEqual([
      expect.stringMatching(new RegExp(`^t\\.json:\\d+:3: duplicate key "protect" \\(first at line ${first}\\); keys must be unique$`)),
    ]);
  });

  test.each<[string, string, string, RegExp]>([
    ["JSON, nested", "t.json", '{"tags": {"a": "1", "b": "2", "a": "3"}}', /^t\.json:1:31: duplicate key "a" \(first at line 1\)/],
    ["JSON, one key spelt with an escape", "t.json", '{"ab": 1, "\\u0061b": 2}', /^t\.json:1:11: duplicate key "ab"/],
    ["YAML", "t.yaml", "name: a\nname: b\n", /^t\.yaml:2:1: duplicate key "name" \(first at line 1\); keys must be unique$/],
    ["YAML, nested", "t.yaml", "tags:\n  owner: a\n  team: b\n  owner: c\n", /^t\.yaml:4:3: duplicate key "owner" \(first at line 2\)/],
    ["YAML, 1 and \"1\" (the same key once read)", "t.yaml", "tags:\n  1: a\n  \"1\": b\n", /^t\.yaml:3:3: duplicate key "1"/],
  ])("%s", (_what, source, text, message) => {
    expect(lines(() => parseTopology(text, source))).toEqual([expect.stringMatching(message)]);
  });

  describe("60,000 tag keys", () => {
    const t = { ...basic(), tags: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, "v"])) };
    const texts = { json: JSON.stringify(t, null, 2), yaml: stringify(t) };

    // No wall-clock thresholds (they flake on a busy machine): the test's timeout is the bound. The
    // quadratic check yaml's uniqueKeys does took 34 s; these take ~40 ms (checks) and 0.4–1.3 s (loads).
    const BOUND_MS = 15_000;

    test("the duplicate-key checks find a duplicate after 60,000 keys, within the bound a quadratic check exceeds", () => {
      const json = texts.json.replace('"k59999": "v"', '"k59999": "v",\n    "k0": "again"');
      expect(checkJson(json)).toMatchObject({ key: "k0", message: "duplicate key" });
      const doc = parseDocument(texts.yaml.replace("  k59999: v\n", "  k59999: v\n  k0: again\n"), { uniqueKeys: false });
      expect(yamlDuplicateKey(doc.contents)).toMatchObject({ key: "k0", message: "duplicate key" });
    }, BOUND_MS);

    test.each(["json", "yaml"] as const)("%s: the whole load refuses them by the tag limit, within the bound", (format) => {
      expect(lines(() => parseTopology(texts[format], `t.${format}`))).toEqual([
        "tags: has 60000 tags; AWS allows 50 per resource and lattice-endpoints sets ManagedBy and Name itself, so at most 48",
      ]);
    }, BOUND_MS);
  });
});

describe("messages quote at most 80 characters of the input, and never a secret-bearing line", () => {
  const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  test.each<[string, string]>([
    [".env", `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=${secret}\n`],
    [".env.json", `AWS_SECRET_ACCESS_KEY=${secret}\n`],
    ["short.json", `"${secret}"`],
    ["environ", `PATH=/usr/bin\0AWS_SECRET_ACCESS_KEY=${secret}\0HOME=/root\0`],
    ["block.yaml", `key: |${secret}\n  text\n`],
    ["quoted.yaml", `key: "${secret}\n`],
    ["flow.yaml", `[${secret}, {a: ${secret}`],
    ["tab.yaml", `a:\n\t${secret}: 1\n`],
    ["scalar.yaml", `${secret}: [`],
  ])("%s", (name, text) => {
    const file = join(work, name);
    writeFileSync(file, text);
    const out = lines(() => loadTopologyFile(file));
    expect(out.length).toBeGreaterThan(0);
    for (const l of out) {
      expect(l).not.toContain(secret.slice(0, 12));
      expect(l).not.toContain("AKIAIOSFODNN7EXAMPLE");
      expect(l.replace(file, "").length).toBeLessThan(2 * QUOTE_LIMIT + 100);
    }
  });

  test("/proc/self/environ of a process holding a secret: refused without echoing it", async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = execFile(process.execPath, ["--import", "tsx", "scripts/cost.ts"], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, LATTICE_CONFIG: "/proc/self/environ", AWS_SECRET_ACCESS_KEY: secret },
      }, (_e, _out, err) => done({ code: child.exitCode, stderr: err }));
    });
    expect(code).toBe(2);
    expect(stderr).not.toContain(secret.slice(0, 12));
    expect(stderr.trim().split("\n")).toHaveLength(1);
  }, 30_000);

  test("a long value is cut to 80 characters in the message", () => {
    const long = `com.amazonaws.vpce.us-east-1.${"x".repeat(500)}`;
    const out = problemsOf((t) => (t.endpoints[0].serviceName = long));
    expect(out).toEqual([expect.stringMatching(/^endpoints\[0\]\.serviceName: "com\.amazonaws\.vpce\.us-east-1\.x+…" is not an endpoint service of us-east-1/)]);
    expect(out[0]).toContain(`${long.slice(0, QUOTE_LIMIT - 1)}…"`);
    expect(out[0]).not.toContain(long.slice(0, QUOTE_LIMIT));
  });

  test("quote()", () => {
    expect(quote("abc")).toBe('"abc"');
    expect(quote("x".repeat(200))).toBe(`"${"x".repeat(79)}…"`);
    expect(quote("x".repeat(80))).toBe(`"${"x".repeat(80)}"`);
    expect(quote("x".repeat(81))).toBe(`"${"x".repeat(79)}…"`);
    // An array whose JSON is 80 characters is quoted; one of 81 is summarized.
    expect(quote(["x".repeat(76)])).toBe(`["${"x".repeat(76)}"]`);
    expect(quote(["x".repeat(77)])).toBe("an array of 1 item");
    expect(quote({ k: "x".repeat(100) })).toBe("an object");
    expect(quote(undefined)).toBe("undefined");
    expect(quote(true)).toBe("true");
    expect(quote(null, 1)).toBe("null");
    expect(quote({ toJSON: () => undefined })).toBe("an object");
    expect(quote(12)).toBe("12");
    expect(quote([1, 2])).toBe("[1,2]");
    expect(quote(Array.from({ length: 100 }, (_, i) => i))).toBe("an array of 100 items");
  });

  test("a document that is not a mapping: its type, not its text", () => {
    expect(lines(() => parseTopology(`${secret}\n`, "t.yaml"))).toEqual([
      "(topology): must be a mapping of the topology's fields (name, region, hub, …), not a string",
    ]);
  });
});

describe("JSON is parsed strictly, with positions", () => {
  test.each<[string, RegExp]>([
    ["", /^s:1:1: not valid JSON: unexpected end of the text$/],
    ["{\"a\": 1,}", /^s:1:9: not valid JSON: a property name in double quotes is expected$/],
    ["[1, 2", /^s:1:6: not valid JSON: unexpected end of the text$/],
    ["{\"a\" 1}", /^s:1:6: not valid JSON: ":" is expected$/],
    ["01", /^s:1:2: not valid JSON: unexpected text after the value$/],
    ["\"tab\there\"", /^s:1:1: not valid JSON: control character in a string/],
    ["\"\\x\"", /^s:1:1: not valid JSON: invalid escape in a string$/],
    ["{\"a\": 1} {}", /^s:1:10: not valid JSON: unexpected text after the value$/],
    ["{\"a\": 1 // no\n}", /^s:1:9: not valid JSON: comments are not JSON$/],
    ["[NaN]", /^s:1:2: not valid JSON: not a JSON value$/],
    ["[".repeat(100) + "]".repeat(100), /^s:1:65: not valid JSON: nests deeper than 64 levels$/],
    ["[1,,2]", /^s:1:4: not valid JSON: a value is expected$/],
    ["[1 2]", /^s:1:4: not valid JSON: "," is expected$/],
    ["[\"ab", /^s:1:2: not valid JSON: unterminated string$/],
    ["[1.]", /^s:1:2: not valid JSON: incomplete number$/],
    ["[\"\\u12x4\"]", /^s:1:2: not valid JSON: invalid \\u escape in a string$/],
    ["[1, 2 /* open", /^s:1:7: not valid JSON: comments are not JSON$/],
    ["\n[1,,2]", /^s:2:4: not valid JSON: a value is expected$/],
  ])("%j", (text, message) => {
    expect(() => parseJson(text, "s")).toThrow(message);
  });

  test("a million open brackets: refused at the 65th, not a stack overflow", () => {
    expect(() => parseJson("[".repeat(1_000_000), "s")).toThrow(/^s:1:65: not valid JSON: nests deeper than 64 levels$/);
  });

  test("64 levels of arrays or objects are fine in JSON and YAML; the 65th is named where it opens", () => {
    const arrays = (n: number) => "[".repeat(n) + "]".repeat(n);
    const objects = (n: number) => '{"k":'.repeat(n - 1) + "{}" + "}".repeat(n - 1);
    const blockMaps = (n: number) => Array.from({ length: n - 1 }, (_, i) => `${" ".repeat(i)}k:`).join("\n") + " {}\n";
    expect(parseJson(arrays(64), "s")).toHaveLength(1);
    expect(parseYaml(arrays(64), "s")).toHaveLength(1);
    expect(parseJson(objects(64), "s")).toHaveProperty("k");
    expect(parseYaml(blockMaps(64), "s")).toHaveProperty("k");
    expect(() => parseJson(arrays(65), "s")).toThrow(/^s:1:65: not valid JSON: nests deeper than 64 levels$/);
    expect(() => parseYaml(arrays(65), "s")).toThrow(/^s:1:65: nests deeper than 64 levels$/);
    expect(() => parseJson(objects(65), "s")).toThrow(/^s:1:321: not valid JSON: nests deeper than 64 levels$/);
    expect(() => parseYaml(blockMaps(65), "s")).toThrow(/^s:64:67: nests deeper than 64 levels$/);
  });

  test("a duplicate names the line of the first from line 10 on", () => {
    const text = `{\n${Array.from({ length: 8 }, (_, i) => `"k${i}": 1,\n`).join("")}"a": 1,\n"a": 2}`;
    expect(() => parseJson(text, "s")).toThrow(/^s:11:1: duplicate key "a" \(first at line 10\); keys must be unique$/);
    expect(() => parseJson(text, "s")).toThrow(InputError);
    expect(() => parseJson(text, "s")).toThrow(expect.objectContaining({ name: "InputError" }));
  });

  test("what it accepts, JSON.parse reads the same", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}}', "[]", " 0 ", '"\\"\\\\\\/\\b\\f\\n\\r\\t"']) {
      expect(parseJson(text, "s")).toEqual(JSON.parse(text));
    }
  });

  test("YAML: the first error's position and message without yaml's location or source, and how many more", () => {
    expect(() => parseYaml(`${"a: 1\n".repeat(9)}b:          x: [1\n`, "s")).toThrow(/^s:10:13: not valid YAML: Nested mappings are not allowed in compact mappings \(and 1 more\)$/);
    // yaml's message is exactly 80 characters: quoted whole.
    expect(() => parseYaml("a: [\n", "s")).toThrow(/^s:2:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/);
    // Longer: cut to 80, and the " : " inside it is no source to drop.
    expect(() => parseYaml(`${"x".repeat(1025)}: 1\n`, "s"))
      .toThrow(/^s:1:1: not valid YAML: The : indicator must be at most 1024 chars after the start of an implicit block…$/);
  });

  test("YAML: an anchor reused 999 times loads; more is yaml's guard against a billion laughs, as one line", () => {
    const aliases = (n: number) => `a: &a 1\nb: [${Array(n).fill("*a").join(", ")}]\n`;
    expect(parseYaml(aliases(999), "s")).toMatchObject({ a: 1, b: Array(999).fill(1) });
    expect(() => parseYaml(aliases(1000), "s")).toThrow(/^s: not valid YAML: Excessive alias count indicates a resource exhaustion attack$/);
    expect(() => parseYaml(aliases(1000), "s")).toThrow(InputError);
  });

  test("YAML: a problem at a line break is placed on its own line, after the text before it", () => {
    // The explicit key "? " with nothing after it starts at the line break.
    expect(() => parseYaml(": 1\n? \n: 2\n", "s")).toThrow(/^s:2:3: duplicate key "" \(first at line 1\); keys must be unique$/);
  });

  test("YAML: a null key is the empty string, as toJS makes it", () => {
    expect(parseYaml("null: 1\n", "s")).toEqual({ "": 1 });
    expect(() => parseYaml(": 1\n~: 2\n", "s")).toThrow(/^s:2:1: duplicate key "" \(first at line 1\); keys must be unique$/);
    expect(() => parseYaml('"": 1\nnull: 2\n', "s")).toThrow(/^s:2:1: duplicate key "" \(first at line 1\); keys must be unique$/);
    expect(parseYaml('"null": 1\n~: 2\n', "s")).toEqual({ null: 1, "": 2 });
  });

  test("YAML: one document, no collection keys, nesting bounded", () => {
    expect(() => parseYaml("a: 1\n---\nb: 2\n", "s")).toThrow(/^s:2:1: not valid YAML: Source contains multiple documents/);
    expect(() => parseYaml("? [a, b]\n: 1\n", "s")).toThrow(/^s:1:3: a key must be a plain value/);
    expect(() => parseYaml("a: ".repeat(1) + "[".repeat(80) + "]".repeat(80), "s")).toThrow(/nests deeper than 64 levels/);
  });
});

describe("AWS's tag rules in full", () => {
  test.each<[string, Record<string, string>, string]>([
    ["aws: in any case", { "AWS:x": "1" }, 'tags["AWS:x"]: tag key "AWS:x" starts with "aws:" (in any case), which AWS reserves for its own tags'],
    ["Aws: too", { "Aws:team": "1" }, 'tags["Aws:team"]: tag key "Aws:team" starts with "aws:"'],
    ["a key the product sets on every resource", { ManagedBy: "me" }, "tags.ManagedBy: tag key \"ManagedBy\" is set by lattice-endpoints itself on the resources it manages; choose another key"],
    ["a key the product sets on the resources it names", { Name: "x" }, 'tags.Name: tag key "Name" is set by lattice-endpoints itself'],
    ["key length", { ["k".repeat(129)]: "v" }, "tag key \"kkkk"],
    ["key characters", { "a#b": "v" }, 'tags["a#b"]: tag key "a#b" has a character AWS does not allow in tags (letters, digits, spaces and _ . : / = + - @)'],
    ["value length", { team: "v".repeat(257) }, "tags.team: tag value \"vvvv"],
    ["value with aws:", { team: "aws:x" }, 'tags.team: tag value "aws:x" starts with "aws:" (in any case), which AWS reserves'],
    ["__proto__", JSON.parse('{"__proto__": "x"}'), 'tags.__proto__: "__proto__" cannot be a tag key: JavaScript reserves that name'],
  ])("%s", (_rule, tags, expected) => {
    const out = problemsOf((t) => (t.tags = tags));
    expect(out).toEqual([expect.stringContaining(expected)]);
  });

  test("lengths count characters, not UTF-16 units: 128 emoji are a valid key, 129 are not", () => {
    expect(problemsOf((t) => (t.tags = { ["é".repeat(128)]: "ü".repeat(256) }))).toEqual([]);
    expect(problemsOf((t) => (t.tags = { ["é".repeat(129)]: "v" }))).toEqual([expect.stringContaining("is 129 characters; AWS allows 1–128")]);
  });

  test("48 tags of the topology's own are the most: AWS's 50 less ManagedBy and Name", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    expect(problemsOf((t) => (t.tags = tags(48)))).toEqual([]);
    expect(problemsOf((t) => (t.tags = tags(49)))).toEqual([
      "tags: has 49 tags; AWS allows 50 per resource and lattice-endpoints sets ManagedBy and Name itself, so at most 48",
    ]);
  });

  test("tag keys are case-sensitive at AWS: managedBy and name are the user's own", () => {
    expect(problemsOf((t) => (t.tags = { managedBy: "team", name: "x" }))).toEqual([]);
  });
});

describe("zones: names compared without case or trailing dot, no prototype lookups", () => {
  const zone = "privatelink.snowflakecomputing.com";

  test("two spellings of one adopted zone are an error naming both", () => {
    expect(problemsOf((t) => (t.dns.zones = { [zone]: "Z0123456789ABCDEFGHIJ", "PrivateLink.SnowflakeComputing.com.": "Z0123456789ABCDEFGHIK" }))).toEqual([
      `dns.zones["PrivateLink.SnowflakeComputing.com."]: "PrivateLink.SnowflakeComputing.com." and "${zone}" are the same zone "${zone}"; adopt it once`,
    ]);
  });

  test("an adopted zone in another spelling than the endpoint's is the same zone", () => {
    const { topology } = validateTopology({ ...basic(), dns: { ...basic().dns, zones: { "PrivateLink.SnowflakeComputing.COM.": "Z0123456789ABCDEFGHIJ" } } });
    expect(topology.dns.zones).toEqual({ [zone]: "Z0123456789ABCDEFGHIJ" });
  });

  test("a zone named constructor is created, not taken for adopted by Object.prototype", () => {
    const withZone = (t: any) => {
      t.endpoints[0].dns = { zone: "constructor", records: ["api"] };
      delete t.dns.vpcId;
    };
    expect(problemsOf(withZone)).toEqual(["dns.vpcId: is required to create the private hosted zone(s) constructor (or adopt them in dns.zones)"]);
    expect(problemsOf((t) => {
      withZone(t);
      t.dns.zones = { constructor: "Z0123456789ABCDEFGHIJ" };
    })).toEqual([]);
  });

  test("a zone named __proto__ is refused by name, in JSON and YAML alike", () => {
    const expected = ['dns.zones.__proto__: "__proto__" cannot be a zone name: JavaScript reserves that name'];
    const t = basic();
    const json = JSON.stringify(t).replace('"dns":{"accountId"', '"dns":{"zones":{"__proto__":"Z0123456789ABCDEFGHIJ"},"accountId"');
    expect(lines(() => parseTopology(json, "t.json"))).toEqual(expected);
    const yaml = `${stringify(t)}`.replace(/^dns:\n/m, "dns:\n  zones:\n    __proto__: Z0123456789ABCDEFGHIJ\n");
    expect(lines(() => parseTopology(yaml, "t.yaml"))).toEqual(expected);
  });

  test("spoke and endpoint names such as constructor work", () => {
    expect(problemsOf((t) => {
      t.spokes[0].name = "constructor";
      t.endpoints[0].name = "constructor";
    })).toEqual([]);
  });
});

describe("dns.vpcId is a VPC of the Route 53 account", () => {
  test("a spoke VPC of another account is refused", () => {
    expect(problemsOf((t) => (t.dns.vpcId = t.spokes[0].vpcs[0].vpcId))).toEqual([
      'dns.vpcId: vpc-0c1b2c3d4e5f60718 is a VPC of spoke "payments", in account 222222222222; zones are created with a VPC of the Route 53 account 333333333333',
    ]);
  });

  test("the hub VPC of another account is refused", () => {
    expect(problemsOf((t) => (t.dns.vpcId = t.hub.vpcId))).toEqual([
      "dns.vpcId: vpc-0a1b2c3d4e5f60718 is the hub VPC, in account 111111111111; zones are created with a VPC of the Route 53 account 333333333333",
    ]);
  });

  test("a spoke VPC in the Route 53 account is fine", () => {
    expect(problemsOf((t) => {
      Object.assign(t.spokes[0], { accountId: "333333333333", roleArn: "arn:aws:iam::333333333333:role/lattice-deploy" });
      t.dns.vpcId = t.spokes[0].vpcs[0].vpcId;
    })).toEqual([]);
  });
});
