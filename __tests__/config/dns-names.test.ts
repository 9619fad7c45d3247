import { MAX_NAME_LENGTH, normalizeDnsName, recordNameProblem, relativeRecordName, zoneNameProblem } from "../../config/dns-names";

// Zone and record names go to Route 53 as written: a name Route 53 refuses fails the dns workspace's
// apply, and a record named relative to the wrong zone points the vendor's hostname nowhere.
test("normalizeDnsName: trimmed, lower case, one trailing dot dropped", () => {
  expect(normalizeDnsName("  PrivateLink.Snowflakecomputing.COM. ")).toBe("privatelink.snowflakecomputing.com");
  expect(normalizeDnsName("example.com")).toBe("example.com");
  expect(normalizeDnsName("example.com..")).toBe("example.com.");
});

describe("zoneNameProblem", () => {
  const labels = (n: number, length = 63) => Array.from({ length: n }, () => "a".repeat(length)).join(".");

  test.each(["example.com", "privatelink.snowflakecomputing.com", "under_score.example", "x-1.y", "com"])("%s is a zone name", (name) => {
    expect(zoneNameProblem(name)).toBeUndefined();
  });
  test("empty", () => {
    expect(zoneNameProblem("")).toBe("is empty");
  });
  test("253 characters are allowed, 254 are not", () => {
    const longest = `${labels(3)}.${"b".repeat(61)}`;
    expect(longest).toHaveLength(MAX_NAME_LENGTH);
    expect(zoneNameProblem(longest)).toBeUndefined();
    expect(zoneNameProblem(`${longest}c`)).toBe("is 254 characters; a DNS name has at most 253");
  });
  test("empty labels", () => {
    for (const name of ["a..b", ".a", "a."]) expect(zoneNameProblem(name)).toBe("has an empty label");
  });
  test("a label has at most 63 characters", () => {
    expect(zoneNameProblem(`${"a".repeat(63)}.com`)).toBeUndefined();
    expect(zoneNameProblem(`${"a".repeat(64)}.com`)).toBe(`has the label "${"a".repeat(64)}" of 64 characters; a label has at most 63`);
  });
  test("a zone cannot be a wildcard, and labels are letters, digits, - and _", () => {
    expect(zoneNameProblem("*.example.com")).toBe('has the label "*"; labels are letters, digits, "-" and "_"');
    expect(zoneNameProblem("a b.com")).toBe('has the label "a b"; labels are letters, digits, "-" and "_"');
    expect(zoneNameProblem("Example.com")).toBe('has the label "Example"; labels are letters, digits, "-" and "_"');
  });
});

describe("relativeRecordName: like the AWS provider, a name ending with the zone is fully qualified", () => {
  test.each([
    ["app.example.com", "app"],
    ["App.Example.COM.", "app"],
    ["a.b.example.com", "a.b"],
    ["app", "app"],
    ["notexample.com", "notexample.com"],
    ["example.com", "example.com"],
  ])("%s in example.com is %s", (record, relative) => {
    expect(relativeRecordName(record, "example.com")).toBe(relative);
  });
});

describe("recordNameProblem", () => {
  test.each(["", "@", "example.com"])("%j is the apex, where no CNAME may stand", (record) => {
    expect(recordNameProblem(record, "example.com")).toBe("is the zone apex; a CNAME cannot stand at the apex");
  });
  test.each(["app", "*", "*.app", "a_b.c-d"])("%s is a record name", (record) => {
    expect(recordNameProblem(record, "example.com")).toBeUndefined();
  });
  test("a wildcard only as the leftmost label", () => {
    expect(recordNameProblem("app.*", "example.com")).toBe('has the label "*"; labels are letters, digits, "-" and "_"');
    expect(recordNameProblem("*.*", "example.com")).toBe('has the label "*"; labels are letters, digits, "-" and "_"');
  });
  test("the full name, record and zone, has at most 253 characters", () => {
    const zone = "example.com"; // 11 characters: a record of 241 makes 253 with the dot.
    const record = (n: number) => `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(n - 183)}`;
    expect(recordNameProblem(record(241), zone)).toBeUndefined();
    expect(recordNameProblem(record(242), zone)).toBe("makes a name of 254 characters; a DNS name has at most 253");
  });
  test("labels are checked as in a zone name", () => {
    expect(recordNameProblem("a..b", "example.com")).toBe("has an empty label");
    expect(recordNameProblem("a".repeat(64), "example.com")).toBe(`has the label "${"a".repeat(64)}" of 64 characters; a label has at most 63`);
  });
});
