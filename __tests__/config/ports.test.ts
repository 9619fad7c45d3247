import { formatPortRange, mergePortRanges, parsePortEntry, portRanges } from "../../config/ports";

// Port entries become security group rules and VPC Lattice port ranges: one port too many is an open
// port, one too few an outage.
describe("parsePortEntry: a port or an inclusive range of 1–65535", () => {
  test.each([
    ["443", { from: 443, to: 443 }],
    ["1", { from: 1, to: 1 }],
    ["65535", { from: 65535, to: 65535 }],
    ["8000-8100", { from: 8000, to: 8100 }],
    ["5-5", { from: 5, to: 5 }],
    ["1-65535", { from: 1, to: 65535 }],
    ["08000", { from: 8000, to: 8000 }],
  ])("%s is %o", (entry, range) => {
    expect(parsePortEntry(entry)).toEqual(range);
  });

  test.each(["0", "0-10", "65536", "10-65536", "100-99", "123456", "1-123456", "", "-", "443-", "-443", " 443", "443 ", "4 43", "44a", "1--2", "1-2-3"])(
    "%j is no port entry",
    (entry) => {
      expect(parsePortEntry(entry)).toBeUndefined();
    },
  );
});

test("formatPortRange writes a single port alone and a range as A-B", () => {
  expect(formatPortRange({ from: 443, to: 443 })).toBe("443");
  expect(formatPortRange({ from: 8000, to: 8100 })).toBe("8000-8100");
});

describe("mergePortRanges: the fewest ranges that allow exactly the same ports", () => {
  const r = (from: number, to = from) => ({ from, to });

  test("sorts by first port", () => {
    expect(mergePortRanges([r(443), r(80), r(8000, 8100)])).toEqual([r(80), r(443), r(8000, 8100)]);
  });
  test("merges overlapping ranges, keeping the larger end", () => {
    expect(mergePortRanges([r(1, 10), r(5, 6)])).toEqual([r(1, 10)]);
    expect(mergePortRanges([r(5, 20), r(1, 10)])).toEqual([r(1, 20)]);
  });
  test("merges adjacent ranges, not ranges with a gap", () => {
    expect(mergePortRanges([r(1, 2), r(3, 4)])).toEqual([r(1, 4)]);
    expect(mergePortRanges([r(1, 2), r(4, 5)])).toEqual([r(1, 2), r(4, 5)]);
  });
  test("a range inside an earlier one that starts at the same port", () => {
    expect(mergePortRanges([r(10, 20), r(10, 12), r(21)])).toEqual([r(10, 21)]);
  });
  test("nothing in, nothing out; the input is left as it was", () => {
    expect(mergePortRanges([])).toEqual([]);
    const input = [r(443), r(80)];
    mergePortRanges(input);
    expect(input).toEqual([r(443), r(80)]);
  });
});

describe("portRanges: validated entries, merged", () => {
  test("443, 80 and 444-450 are 80 and 443-450", () => {
    expect(portRanges(["443", "80", "444-450"])).toEqual([{ from: 80, to: 80 }, { from: 443, to: 450 }]);
  });
  test("an entry the schema should have refused is a bug, named", () => {
    expect(() => portRanges(["443", "0"])).toThrow('invalid port entry "0"');
  });
});
