/** The answer a VPC gets, from its zones: most specific zone, the VPC's own over a profile's, wildcards, no fallback. */
import { answeringRecord, decidingZone, type VisibleZone } from "../../verify/resolution";
import type { RecordSet } from "../../verify/facts";

const zone = (id: string, name: string, via = "vpc"): VisibleZone => ({ id, name, via });

describe("decidingZone", () => {
  const zones = [zone("Z1", "vendor.example"), zone("Z2", "api.vendor.example", "rp-1"), zone("Z3", "other.example")];
  test.each([
    ["x.api.vendor.example", "Z2"],
    ["api.vendor.example", "Z2"],
    ["app.vendor.example", "Z1"],
    ["vendor.example", "Z1"],
    ["xvendor.example", undefined],
    ["example", undefined],
  ])("%s → %s", (name, id) => {
    expect(decidingZone(name, zones)?.id).toBe(id);
  });

  test("at the same name, the VPC's own zone wins over a profile's, whatever the order", () => {
    expect(decidingZone("a.vendor.example", [zone("ZP", "vendor.example", "rp-1"), zone("ZV", "vendor.example")])?.id).toBe("ZV");
    expect(decidingZone("a.vendor.example", [zone("ZV", "vendor.example"), zone("ZP", "vendor.example", "rp-1")])?.id).toBe("ZV");
  });
});

describe("answeringRecord", () => {
  const rec = (name: string, type = "CNAME"): RecordSet => ({ name, type, values: [`${name}.target`] });
  const records = [rec("api.vendor.example"), rec("*.vendor.example"), rec("*.b.vendor.example"), rec("txt.vendor.example", "TXT")];
  test.each([
    ["api.vendor.example", "api.vendor.example"],
    ["x.vendor.example", "*.vendor.example"],
    ["a.b.vendor.example", "*.b.vendor.example"],
    ["a.c.vendor.example", "*.vendor.example"],
    ["txt.vendor.example", "txt.vendor.example"],
  ])("%s is answered by %s", (name, by) => {
    expect(answeringRecord(name, records)?.name).toBe(by);
  });

  test("no record and no wildcard: nothing (NXDOMAIN)", () => {
    expect(answeringRecord("api.vendor.example", [rec("app.vendor.example")])).toBeUndefined();
  });
});
