import { awsName, NAME_RULES, readableId, terraformIdentifier } from "../../modules/names";

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

  test("reserved prefixes are avoided", () => {
    expect(awsName(["sn-prod"], NAME_RULES.serviceNetwork)).not.toMatch(/^sn-/);
    expect(awsName(["rcfg-x", "y"], NAME_RULES.resourceConfiguration)).not.toMatch(/^rcfg-/);
    expect(awsName(["sg-team", "x"], NAME_RULES.securityGroup)).not.toMatch(/^sg-/);
  });
});

describe("Terraform identifiers", () => {
  test("readable for DNS names, hashed where characters are lost", () => {
    expect(terraformIdentifier(["dns", `record_${readableId("api.datadoghq.eu")}`])).toBe("dns_record_api_datadoghq_eu");
    expect(readableId("*.trace.datadoghq.eu")).toMatch(/^wildcard\.trace\.datadoghq\.eu-[0-9a-f]{8}$/);
    expect(readableId("a_b.com")).not.toBe(readableId("a.b.com"));
    expect(terraformIdentifier(["1password"])).toBe("_1password");
  });
});
