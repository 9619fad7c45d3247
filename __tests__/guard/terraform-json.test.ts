import { declarations, providerRefOf, providers, referencedAddresses, resources, type TerraformJson } from "../../guard/terraform-json";

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

  test("a for_each through a local of literal value expands like an inline one; any other local stays one entry", () => {
    const doc: TerraformJson = {
      locals: [{ keys: { a: { id: "1" }, b: { id: "2" } } }, { names: '${toset(["p"])}', computed: "${var.map}" }],
      resource: {
        aws_x: {
          m: { for_each: "${local.keys}", id: "${each.value.id}" },
          n: { for_each: "${local.names}", name: "${each.value}" },
          c: { for_each: "${local.computed}", id: "${each.value.id}" },
          missing: { for_each: "${local.absent}", id: "${each.value.id}" },
          longer: { for_each: "${merge(local.keys, {})}", id: "${each.value.id}" },
        },
      },
    };
    const r = resources(doc);
    expect(r.map((x) => x.address)).toEqual(['aws_x.m["a"]', 'aws_x.m["b"]', 'aws_x.n["p"]', "aws_x.c", "aws_x.missing", "aws_x.longer"]);
    expect(r[1].body).toEqual({ id: "2" });
    expect(r[2].body).toEqual({ name: "p" });
    expect(r[3].body.id).toBe("${each.value.id}");
  });

  test("inside longer strings, each.* becomes text in a template and a literal in an expression", () => {
    const doc = {
      resource: {
        aws_x: {
          r: {
            for_each: { k: { vpc: "vpc-a", port: 443, list: ["x"] } },
            group: "${aws_security_group.g[each.value.vpc].id}",
            label: "port ${each.value.port} of ${each.key}",
            kept: "${length(each.value.list)} ${each.value.missing}",
          },
        },
      },
    };
    expect(resources(doc)[0].body).toEqual({
      group: '${aws_security_group.g["vpc-a"].id}',
      label: "port 443 of k",
      kept: "${length(each.value.list)} ${each.value.missing}",
    });
  });

  test("references are found only inside interpolations and only to known resources", () => {
    const known = new Set(["aws_security_group.a", "aws_route53_zone.z"]);
    expect(referencedAddresses(["${aws_security_group.a.id}", "aws_security_group.a", "${self.state}", "${var.x}"], known)).toEqual(["aws_security_group.a"]);
    expect(referencedAddresses('${aws_route53_zone.z.zone_id}-${data.terraform_remote_state.hub.outputs["x"]}', known)).toEqual(["aws_route53_zone.z"]);
  });

  test("declarations are the blocks as written, one per block whatever its for_each (even an empty one)", () => {
    const doc: TerraformJson = {
      resource: [{ aws_x: { a: { for_each: ["p", "q"], provider: "aws.hub" } } }, { aws_y: { b: [{ for_each: {} }], c: {} } }],
      data: { aws_z: { d: {} } },
    };
    expect(declarations(doc).map((d) => d.base)).toEqual(["aws_x.a", "aws_y.b", "aws_y.c"]);
    expect(resources(doc).map((r) => r.address)).toEqual(['aws_x.a["p"]', 'aws_x.a["q"]', "aws_y.c"]);
    expect(declarations(doc, "data").map((d) => d.base)).toEqual(["data.aws_z.d"]);
    expect(declarations(doc).map(providerRefOf)).toEqual(["aws.hub", "aws", "aws"]);
  });

  test("provider blocks may be an object or a list", () => {
    expect(providers({ provider: { aws: { region: "x" } } }).map((p) => p.ref)).toEqual(["aws"]);
    expect(providers({ provider: { aws: [{ alias: "a" }, { alias: "b" }], null: null } }).map((p) => p.address)).toEqual(["provider.aws.a", "provider.aws.b"]);
  });
});
