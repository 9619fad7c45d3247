import fc from "fast-check";
import { parseCidr } from "../../config/cidrs";
import { cidrBlock } from "../../guard/cidr-blocks";

/** cidrBlock remembers parseCidr: it must agree with it on every text, odd spellings included, the first time and the next. */
describe("cidrBlock", () => {
  const part = fc.oneof(
    fc.integer({ min: 0, max: 300 }).map(String),
    fc.constantFrom("00", "01", "010", "08", "0x0a", "0xff", "255", "256", "1e1", " 1", "", "-1"),
  );
  const prefix = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom("00", "08", "032", "", "+8", "-0"));
  const text = fc.oneof(
    fc.tuple(part, part, part, part, prefix).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
    fc.tuple(part, part, prefix).map(([a, b, p]) => `${a}.${b}/${p}`),
    fc.constantFrom("::/0", "fd00::/8", "::ffff:10.0.0.0/104", "10.0.0.0/8 ", " 10.0.0.0/8", "10.0.0.0", "10.0.0.0/8/8", "${var.cidr}"),
    fc.string(),
  );

  test("agrees with parseCidr", () => {
    fc.assert(fc.property(text, (t) => {
      expect(cidrBlock(t)).toEqual(parseCidr(t));
      expect(cidrBlock(t)).toEqual(parseCidr(t)); // remembered
    }), { numRuns: 5000 });
  });

  test("plain IPv4: the block of the address and prefix, host bits ignored", () => {
    expect(cidrBlock("10.1.2.3/8")).toEqual({ family: "ipv4", prefix: 8, first: 10n << 24n, last: (11n << 24n) - 1n });
    expect(cidrBlock("255.255.255.255/32")).toEqual(parseCidr("255.255.255.255/32"));
    expect(cidrBlock("0.0.0.0/0")).toEqual(parseCidr("0.0.0.0/0"));
  });
});
