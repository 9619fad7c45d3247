import {
  declarations, isFalse, providerNameOf, providerRefOf, providers, referencedAddresses, resources, str, strings, type TerraformJson,
} from "../../guard/terraform-json";

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

  test("scalar readers take only what they name: strings, string lists, false", () => {
    expect([str("a"), str(1), str(null), str(["a"])]).toEqual(["a", undefined, undefined, undefined]);
    expect([strings("a"), strings(["a", 1, null, "b"]), strings(1), strings({ a: "b" })]).toEqual([["a"], ["a", "b"], [], []]);
    expect([isFalse(false), isFalse("false"), isFalse(0), isFalse(undefined), isFalse("true")]).toEqual([true, true, false, false, false]);
  });

  test("a provider's local name is the type up to its first underscore", () => {
    expect(["aws_vpc", "terraform_remote_state", "tfe_workspace_run", "random"].map(providerNameOf)).toEqual(["aws", "terraform", "tfe", "random"]);
  });

  test("only a whole ${local.<name>} of a literal local is read through; spaces inside the braces are allowed", () => {
    const expand = (forEach: string) => resources({
      locals: { keys: { a: {} }, "my-keys": ["p"] },
      resource: { aws_x: { r: { for_each: forEach } } },
    }).map((r) => r.address);
    expect(expand("${ local.keys }")).toEqual(['aws_x.r["a"]']);
    expect(expand("${local.my-keys}")).toEqual(['aws_x.r["p"]']);
    // A list whose one element reads like a local reference is a list of that string.
    expect(resources({ locals: { keys: { a: {} } }, resource: { aws_x: { r: { for_each: ["${local.keys}"] } } } }).map((r) => r.address)).toEqual(['aws_x.r["${local.keys}"]']);
    for (const notWhole of ["x${local.keys}", "${local.keys}x", "${local.keys.a}", "${local.absent}", "${locals.keys}"]) {
      expect(expand(notWhole)).toEqual(["aws_x.r"]);
    }
  });

  test("list for_each: literal strings only, duplicates once, inline or in cdktf's toset; anything else stays one entry", () => {
    const expand = (forEach: unknown) => resources({ resource: { aws_x: { r: { for_each: forEach as string } } } }).map((r) => r.address);
    expect(expand(["a", "b", "a"])).toEqual(['aws_x.r["a"]', 'aws_x.r["b"]']);
    expect(expand('${ toset( ["a", "b"] ) }')).toEqual(['aws_x.r["a"]', 'aws_x.r["b"]']);
    expect(expand('${["c"]}')).toEqual(['aws_x.r["c"]']);
    for (const notLiteral of [[1, 2], ["a", 1], '${toset([1])}', '${toset(["a", var.b])}', 'x${toset(["a"])}', '${toset(["a"])}x', '${tolist(["a"])}', "${toset(var.list)}", 7]) {
      expect(expand(notLiteral)).toEqual(["aws_x.r"]);
    }
  });

  test("each.* as a whole value keeps its type; a missing field leaves the text as written; lists and nested blocks are substituted too", () => {
    const [r] = resources({
      resource: {
        aws_x: {
          r: {
            for_each: { k: { n: 3, on: true, tags: { a: "b" } } },
            n: "${each.value.n}", tags: "${each.value.tags}", missing: "${each.value.nope}", deep: "${each.value.tags.a.b}",
            list: ["${each.key}", "x-${each.value.on}"], nested: [{ name: "${each.key}", n: 1 }],
            notEach: "${foo.each.key}-${aws_x.g[each.key]}", spaced: "n-${ each.key }",
            object: "ids-${each.value.tags}", suffix: "${each.key}-x",
          },
        },
      },
    });
    expect(r.body).toStrictEqual({
      n: 3, tags: { a: "b" }, missing: "${each.value.nope}", deep: "${each.value.tags.a.b}",
      list: ["k", "x-true"], nested: [{ name: "k", n: 1 }],
      notEach: '${foo.each.key}-${aws_x.g["k"]}', spaced: "n-k",
      object: "ids-${each.value.tags}", suffix: "k-x",
    });
  });

  test("references: every string of a nested value; a traversal after a dot or a word character is not an address", () => {
    const known = new Set(["aws_x.a", "aws_x.b", "aws_y.c"]);
    expect(referencedAddresses({ list: ["${aws_x.a.id}"], deep: { deeper: ["${aws_y.c.arn}"] }, n: 1, none: null }, known)).toEqual(["aws_x.a", "aws_y.c"]);
    expect(referencedAddresses(["${data.aws_x.a.id}", "${module.aws_x.b}", "${xaws_x.a.id}", "${Aws_x.a.id}", '${var.m["k"].aws_x.a.id}'], known)).toEqual([]);
    expect(referencedAddresses("${aws_x.a.id} ${aws_x.a.arn} ${[aws_x.b.id]}", known)).toEqual(["aws_x.a", "aws_x.b"]);
  });
});
