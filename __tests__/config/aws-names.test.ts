import { awsName, NAME_RULES } from "../../config/aws-names";
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
    expect(awsName(["sg-team", "x"], NAME_RULES.securityGroup)).not.toMatch(/^sg-/);
  });
});

describe("Terraform identifiers", () => {
  test("the construct path joined, with characters Terraform does not allow as _", () => {
    expect(terraformIdentifier(["shared", "vpc_endpoints"])).toBe("shared_vpc_endpoints");
    expect(terraformIdentifier(["dns", "a.b*c"])).toBe("dns_a_b_c");
    expect(terraformIdentifier(["1password"])).toBe("_1password");
  });
});
