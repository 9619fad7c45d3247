/**
 * Coverage, not spelling: CIDR sets whose union is a whole address family, and wide public ranges,
 * are refused by the topology validator (clientCidrs) and by the rule pack (LAT019, LAT020).
 */
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isPublic, isWidePublic, parseCidr, wholeFamiliesCovered, type Family } from "../../config/cidrs";
import { TopologyError, validateTopology } from "../../config/loader";
import { formatFinding, runRules } from "../../guard/engine";
import { mutate, spokeContext, spokeDoc } from "../guard/fixtures/workspaces";
import { propertyParams } from "../support/fast-check";

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

/** A CIDR in its usual spelling, from a network address and a prefix. */
function formatCidr(family: Family, network: bigint, prefix: number): string {
  const bytes = Array.from({ length: BITS[family] / 8 }, (_, i) => Number((network >> BigInt(BITS[family] - 8 * (i + 1))) & 255n));
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefix}`;
}

describe("parseCidr", () => {
  test("reads both families as integer ranges, ignoring host bits", () => {
    expect(parseCidr("10.20.0.0/16")).toEqual({ family: "ipv4", prefix: 16, first: 0x0a140000n, last: 0x0a14ffffn });
    expect(parseCidr("10.20.1.2/16")).toEqual(parseCidr("10.20.0.0/16"));
    expect(parseCidr("2001:db8::/32")).toMatchObject({ family: "ipv6", prefix: 32, first: 0x20010db8n << 96n, last: (0x20010db8n << 96n) + (1n << 96n) - 1n });
  });

  test("surrounding white space is not part of the block (a Terraform string may carry it)", () => {
    expect(parseCidr(" 10.20.0.0/16\n")).toEqual(parseCidr("10.20.0.0/16"));
  });

  test.each(["", "10.0.0.0", "10.0.0.0/33", "nope/8", "${var.cidr}", "::/129"])("%j is not a CIDR", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe("wholeFamiliesCovered", () => {
  test.each<[string[], Family[]]>([
    [["0.0.0.0/1", "128.0.0.0/1"], ["ipv4"]],
    [["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"], ["ipv4"]],
    [["0.0.0.0/0"], ["ipv4"]],
    [["::/1", "8000::/1"], ["ipv6"]],
    [["0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1", "10.0.0.0/8"], ["ipv4", "ipv6"]],
    // Overlaps and unparsable entries change nothing.
    [["0.0.0.0/1", "10.0.0.0/8", "128.0.0.0/2", "128.0.0.0/1", "bogus"], ["ipv4"]],
    // Gaps: one address short, or the halves of different families.
    [["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7", "254.0.0.0/8", "255.0.0.0/9"], []],
    [["0.0.0.0/1", "8000::/1"], []],
    [["10.0.0.0/9", "10.128.0.0/9"], []],
    [[], []],
  ])("%j → %j", (cidrs, families) => {
    expect(wholeFamiliesCovered(cidrs)).toEqual(families);
  });

  // The upper half spelled as host routes and growing blocks: 128.0.0.0/32, 128.0.0.1/32, 128.0.0.2/31,
  // 128.0.0.4/30 … 192.0.0.0/2. Each block ends one address before the next starts.
  const upperHalf = ["128.0.0.0/32", ...Array.from({ length: 31 }, (_, k) => formatCidr("ipv4", (1n << 31n) + (1n << BigInt(k)), 32 - k))];
  test("a tiling with single addresses is still the whole space, in any order", () => {
    expect(upperHalf).toContain("128.0.0.1/32");
    expect(upperHalf).toContain("192.0.0.0/2");
    expect(wholeFamiliesCovered(["0.0.0.0/1", ...upperHalf])).toEqual(["ipv4"]);
    expect(wholeFamiliesCovered([...upperHalf].reverse().concat("0.0.0.0/1"))).toEqual(["ipv4"]);
    expect(wholeFamiliesCovered(["0.0.0.0/1", ...upperHalf.filter((c) => c !== "128.0.0.1/32")])).toEqual([]);
  });
});

describe("public ranges", () => {
  test("blocks of different families never contain each other, whatever their numbers", () => {
    // ::a00:0/104 has the numbers of 10.0.0.0/8, which is private; as IPv6 it is in no special block.
    expect(isPublic(parseCidr("::a00:0/104")!)).toBe(true);
    expect(isPublic(parseCidr("10.0.0.0/8")!)).toBe(false);
  });

  test.each([
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "198.18.0.0/15", "192.0.2.0/24", "240.0.0.0/4", "10.20.0.0/16",
    "fc00::/7", "fd00:1234::/48", "fe80::/10", "2001:db8::/32", "::1/128", "ff00::/8",
  ])("%s is not public", (c) => {
    expect(isPublic(parseCidr(c)!)).toBe(false);
    // ipaddr.js agrees that the block's first address is special, not "unicast".
    expect(ipaddr.parse(c.split("/")[0]).range()).not.toBe("unicast");
  });

  test.each(["52.0.0.0/8", "172.0.0.0/8", "8.8.8.0/24", "0.0.0.0/1", "2600::/12", "2001:4860::/32"])("%s is public", (c) => {
    expect(isPublic(parseCidr(c)!)).toBe(true);
  });

  test.each<[string, boolean]>([
    ["52.94.0.0/16", false], ["52.94.0.0/15", true], ["172.0.0.0/8", true], ["10.0.0.0/8", false],
    ["2600:1f00::/32", false], ["2600:1f00::/31", true], ["fc00::/7", false],
  ])("%s wider than the threshold: %s", (c, wide) => {
    expect(isWidePublic(parseCidr(c)!)).toBe(wide);
  });
});

const basic = () => parse(readFileSync(join(__dirname, "../../examples/basic.yaml"), "utf8"));

/** The validator's problems for client CIDRs of the first spoke VPC (none: []). */
function clientCidrProblems(cidrs: readonly string[]): string[] {
  const t = basic();
  t.spokes[0].vpcs[0].clientCidrs = [...cidrs];
  try {
    validateTopology(t);
    return [];
  } catch (e) {
    if (!(e instanceof TopologyError)) throw e;
    return e.lines.filter((l) => l.startsWith("spokes[0].vpcs[0].clientCidrs"));
  }
}

describe("the topology validator", () => {
  test("refuses client CIDRs that together cover the whole IPv4 space, naming the rule", () => {
    expect(clientCidrProblems(["0.0.0.0/1", "128.0.0.0/1"])).toEqual([
      "spokes[0].vpcs[0].clientCidrs: together cover the whole IPv4 address space, as /0 would; name the client networks (rule LAT019)",
      'spokes[0].vpcs[0].clientCidrs[0]: "0.0.0.0/1" is a public range wider than /16; clients are networks of the VPC (rule LAT020)',
      'spokes[0].vpcs[0].clientCidrs[1]: "128.0.0.0/1" is a public range wider than /16; clients are networks of the VPC (rule LAT020)',
    ]);
  });

  test("refuses the IPv6 halves", () => {
    expect(clientCidrProblems(["::/1", "8000::/1"])).toContain(
      "spokes[0].vpcs[0].clientCidrs: together cover the whole IPv6 address space, as /0 would; name the client networks (rule LAT019)");
  });

  test("refuses a public range wider than /16 (IPv4) or /32 (IPv6), and accepts private ones of any size", () => {
    expect(clientCidrProblems(["10.20.0.0/16", "52.0.0.0/8", "2600::/24"])).toEqual([
      'spokes[0].vpcs[0].clientCidrs[1]: "52.0.0.0/8" is a public range wider than /16; clients are networks of the VPC (rule LAT020)',
      'spokes[0].vpcs[0].clientCidrs[2]: "2600::/24" is a public range wider than /32; clients are networks of the VPC (rule LAT020)',
    ]);
    expect(clientCidrProblems(["10.0.0.0/8", "172.16.0.0/12", "100.64.0.0/10", "fc00::/7", "52.94.0.0/16", "2600:1f00::/32"])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

/** A random tiling of a family's whole space: a binary split tree whose root is split (no /0). */
function tiling(family: Family): fc.Arbitrary<string[]> {
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constant(null), fc.tuple(tie("tree"), tie("tree"))),
  }));
  const leaves = (node: unknown, network: bigint, prefix: number): string[] => {
    if (!Array.isArray(node) || prefix === BITS[family]) return [formatCidr(family, network, prefix)];
    const half = 1n << BigInt(BITS[family] - prefix - 1);
    return [...leaves(node[0], network, prefix + 1), ...leaves(node[1], network + half, prefix + 1)];
  };
  return fc.tuple(tree, tree).map((root) => leaves(root, 0n, 0));
}

/** The block of `prefix` that holds address `n`. */
const blockHolding = (family: Family, n: bigint, prefix: number) => {
  const size = 1n << BigInt(BITS[family] - prefix);
  return formatCidr(family, n - (n % size), prefix);
};

/** Any block of the family, for overlaps. */
const anyBlock = (family: Family) =>
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(BITS[family])) - 1n }), fc.integer({ min: 1, max: BITS[family] }))
    .map(([n, prefix]) => blockHolding(family, n, prefix));

/** A tiling plus random extra blocks, shuffled: a set whose union is the whole family. */
const coveringSet = fc.constantFrom<Family>("ipv4", "ipv6").chain((family) =>
  fc.tuple(tiling(family), fc.array(anyBlock(family), { maxLength: 4 }))
    .chain(([tiles, extra]) => {
      const all = [...new Set([...tiles, ...extra])];
      return fc.shuffledSubarray(all, { minLength: all.length });
    })
    .map((cidrs) => ({ family, cidrs })));

/** Blocks strictly inside private (RFC 1918, ULA) space. */
const PRIVATE: [Family, string][] = [["ipv4", "10.0.0.0/8"], ["ipv4", "172.16.0.0/12"], ["ipv4", "192.168.0.0/16"], ["ipv6", "fc00::/7"]];
const privateSubrange = fc.constantFrom(...PRIVATE).chain(([family, outer]) => {
  const block = parseCidr(outer)!;
  return fc.tuple(fc.bigInt({ min: block.first, max: block.last }), fc.integer({ min: block.prefix + 1, max: BITS[family] }))
    .map(([n, prefix]) => blockHolding(family, n, prefix));
});

/** A spoke workspace whose client group admits `cidrs`, one rule resource each. */
function spokeAdmitting(cidrs: readonly string[]) {
  return mutate(spokeDoc(), (d) => {
    const rules = d.resource.aws_vpc_security_group_ingress_rule;
    const template = rules.clients_vpc0_0;
    delete rules.clients_vpc0_0;
    delete template.cidr_ipv4;
    cidrs.forEach((c, i) => {
      rules[`clients_vpc0_${i}`] = { ...template, [c.includes(":") ? "cidr_ipv6" : "cidr_ipv4"]: c };
    });
  });
}

const findingsOf = (id: string, cidrs: readonly string[]) =>
  runRules(spokeAdmitting(cidrs), { ...spokeContext, clientCidrs: undefined }).filter((f) => f.ruleId === id).map(formatFinding);

describe("properties", () => {
  test("any set of CIDRs whose union is a whole family is flagged: by wholeFamiliesCovered, LAT019 and the validator", () => {
    fc.assert(fc.property(coveringSet, ({ family, cidrs }) => {
      expect(wholeFamiliesCovered(cidrs)).toEqual([family]);
      expect(findingsOf("LAT019", cidrs)).toEqual([expect.stringContaining(`together cover the whole ${family === "ipv4" ? "IPv4" : "IPv6"} address space`)]);
      expect(clientCidrProblems(cidrs)).toContain(
        `spokes[0].vpcs[0].clientCidrs: together cover the whole ${family === "ipv4" ? "IPv4" : "IPv6"} address space, as /0 would; name the client networks (rule LAT019)`);
    }), propertyParams(100));
  });

  test("removing any one tile of a tiling leaves a gap", () => {
    fc.assert(fc.property(fc.constantFrom<Family>("ipv4", "ipv6").chain(tiling).chain((tiles) => fc.tuple(fc.constant(tiles), fc.nat({ max: tiles.length - 1 }))), ([tiles, drop]) => {
      expect(wholeFamiliesCovered(tiles.filter((_, i) => i !== drop))).toEqual([]);
    }), propertyParams(200));
  });

  test("sets of strict private subranges are not flagged", () => {
    fc.assert(fc.property(fc.uniqueArray(privateSubrange, { minLength: 1, maxLength: 6 }), (cidrs) => {
      expect(wholeFamiliesCovered(cidrs)).toEqual([]);
      expect(cidrs.filter((c) => isPublic(parseCidr(c)!))).toEqual([]);
      expect([...findingsOf("LAT019", cidrs), ...findingsOf("LAT020", cidrs)]).toEqual([]);
      expect(clientCidrProblems(cidrs)).toEqual([]);
    }), propertyParams(100));
  });
});
