import { awsName, NAME_RULES, shortHash } from "../../config/aws-names";
import { terraformIdentifier } from "../../modules/names";

const LATTICE_NAME = /^(?!-)(?!.*--)(?!.*-$)[a-z0-9-]+$/;

describe("awsName", () => {
  test("a name that fits stays as written", () => {
    expect(awsName(["acme-endpoints", "snowflake"], NAME_RULES.resourceConfiguration)).toBe("acme-endpoints-snowflake");
  });

  test("the longest legal topology and endpoint names fit the 40-character limit, distinctly", () => {
    const a = awsName(["a".repeat(24), "b".repeat(19) + "1"], NAME_RULES.resourceConfiguration);
    const b = awsName(["a".repeat(24), "b".repeat(19) + "2"], NAME_RULES.resourceConfiguration);
    expect(a).toHaveLength(40);
    expect(a).toMatch(LATTICE_NAME);
    expect(a).not.toBe(b);
  });

  test("legal but odd names give legal, distinct AWS names", () => {
    const names = ["-ab", "ab-", "a--b", "a-b"].map((n) => awsName(["acme", n], NAME_RULES.resourceConfiguration));
    for (const n of names) expect(n).toMatch(LATTICE_NAME);
    expect(new Set(names).size).toBe(4);
  });

  test("parts with nothing legal in them give the hash alone, never a leading hyphen", () => {
    expect(awsName(["---"], NAME_RULES.serviceNetwork)).toMatch(/^[0-9a-f]{6}$/);
    expect(awsName(["---"], NAME_RULES.serviceNetwork)).not.toBe(awsName(["--"], NAME_RULES.serviceNetwork));
  });

  test("reserved prefixes are avoided", () => {
    expect(awsName(["sn-prod"], NAME_RULES.serviceNetwork)).not.toMatch(/^sn-/);
    expect(awsName(["rcfg-x", "y"], NAME_RULES.resourceConfiguration)).not.toMatch(/^rcfg-/);
    expect(awsName(["rgw-x", "y"], NAME_RULES.resourceGateway)).not.toMatch(/^rgw-/);
    expect(awsName(["sg-team", "x"], NAME_RULES.securityGroup)).not.toMatch(/^sg-/);
  });

  // The exact names: a name is part of the resource's identity, so a changed derivation replaces the
  // service network, gateway or security groups of every existing deployment.
  test("an adjusted name is the adjusted join, a hyphen and the first 6 hex digits of the plain join's SHA-256", () => {
    expect(shortHash("sn-prod", 6)).toMatch(/^[0-9a-f]{6}$/);
    expect(awsName(["sn-prod"], NAME_RULES.serviceNetwork)).toBe(`snprod-${shortHash("sn-prod", 6)}`);
    expect(awsName(["Acme", "Snow_Flake"], NAME_RULES.resourceConfiguration)).toBe(`acme-snow-flake-${shortHash("Acme-Snow_Flake", 6)}`);
    expect(awsName(["-a--b-"], NAME_RULES.resourceShare)).toBe(`a-b-${shortHash("-a--b-", 6)}`);
    // A reserved prefix that is not at the start stays.
    expect(awsName(["team-sn-x"], NAME_RULES.serviceNetwork)).toBe("team-sn-x");
  });

  test("a plain name of exactly the limit stays; one more character is cut to the limit, without a hyphen before the hash", () => {
    const forty = `${"a".repeat(20)}-${"b".repeat(19)}`;
    expect(awsName([forty], NAME_RULES.resourceConfiguration)).toBe(forty);
    const fortyOne = `${"a".repeat(32)}-${"b".repeat(8)}`;
    // 40 − 7 = 33 characters of head: "a" × 32 and the hyphen, which is dropped.
    expect(awsName([fortyOne], NAME_RULES.resourceConfiguration)).toBe(`${"a".repeat(32)}-${shortHash(fortyOne, 6)}`);
    expect(awsName(["x".repeat(64)], NAME_RULES.serviceNetwork)).toBe(`${"x".repeat(56)}-${shortHash("x".repeat(64), 6)}`);
  });
});

describe("Terraform identifiers", () => {
  test("the construct path joined, with characters Terraform does not allow as _", () => {
    expect(terraformIdentifier(["shared", "vpc_endpoints"])).toBe("shared_vpc_endpoints");
    expect(terraformIdentifier(["dns", "a.b*c"])).toBe("dns_a_b_c");
    expect(terraformIdentifier(["1password"])).toBe("_1password");
  });
});
