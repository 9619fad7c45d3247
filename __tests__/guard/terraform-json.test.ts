import { providers, referencedAddresses, resources } from "../../guard/terraform-json";

describe("reading Terraform JSON", () => {
  test("literal for_each maps and sets expand into instances with each.* substituted", () => {
    const doc = {
      resource: {
        aws_x: {
          m: { for_each: { a: { id: "1", tags: { k: "v" } }, b: { id: "2" } }, id: "${each.value.id}", name: "n-${each.key}", whole: "${each.value}" },
          s: { for_each: ["p", "q"], cidr: "${each.value}", label: "x-${each.value}" },
          e: { for_each: "${toset(var.list)}", cidr: "${each.value}" },
          t: { for_each: '${toset(["111111111111", "222222222222"])}', principal: "${each.value}" },
          u: { for_each: '${toset([aws_x.m.id, "x"])}', principal: "${each.value}" },
        },
      },
    };
    const r = resources(doc);
    expect(r.map((x) => x.address)).toEqual([
      'aws_x.m["a"]', 'aws_x.m["b"]', 'aws_x.s["p"]', 'aws_x.s["q"]', "aws_x.e",
      'aws_x.t["111111111111"]', 'aws_x.t["222222222222"]', "aws_x.u",
    ]);
    expect(r[5].body.principal).toBe("111111111111");
    expect(r[0].body).toEqual({ id: "1", name: "n-a", whole: { id: "1", tags: { k: "v" } } });
    expect(r[2].body).toEqual({ cidr: "p", label: "x-p" });
    expect(r[4].body.cidr).toBe("${each.value}");
    expect(new Set(r.map((x) => x.base))).toEqual(new Set(["aws_x.m", "aws_x.s", "aws_x.e", "aws_x.t", "aws_x.u"]));
  });

  test("references are found only inside interpolations and only to known resources", () => {
    const known = new Set(["aws_security_group.a", "aws_route53_zone.z"]);
    expect(referencedAddresses(["${aws_security_group.a.id}", "aws_security_group.a", "${self.state}", "${var.x}"], known)).toEqual(["aws_security_group.a"]);
    expect(referencedAddresses('${aws_route53_zone.z.zone_id}-${data.terraform_remote_state.hub.outputs["x"]}', known)).toEqual(["aws_route53_zone.z"]);
  });

  test("provider blocks may be an object or a list", () => {
    expect(providers({ provider: { aws: { region: "x" } } }).map((p) => p.ref)).toEqual(["aws"]);
    expect(providers({ provider: { aws: [{ alias: "a" }, { alias: "b" }], null: null } }).map((p) => p.address)).toEqual(["provider.aws.a", "provider.aws.b"]);
  });
});
