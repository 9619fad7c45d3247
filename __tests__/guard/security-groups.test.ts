import { Workspace } from "../../guard/engine";
import { everyPortAdmitted, isWholeInternet, ruleName, securityGroupRules, type SgRule } from "../../guard/security-groups";
import type { JsonObject } from "../../guard/terraform-json";

/**
 * The reader behind LAT001, LAT003, LAT016 and LAT017, fed the shapes a hand-written or imported
 * workspace brings (the stacks write only the per-rule resources): whatever the shape, a rule must
 * come out with its direction, group, peers and ports, or those rules judge the wrong thing.
 */
const rulesOf = (resource: JsonObject) => securityGroupRules(new Workspace({ resource }));

const group = { aws_security_group: { app: { name: "app", description: "app" } } };

describe("securityGroupRules", () => {
  test("per-rule resources: direction from the type, group, CIDRs of both families, peer group and prefix list", () => {
    const [ingress, egress] = rulesOf({
      ...group,
      aws_vpc_security_group_ingress_rule: {
        in: { security_group_id: "${aws_security_group.app.id}", cidr_ipv4: "10.0.0.0/16", cidr_ipv6: "fd00::/8", ip_protocol: "tcp", from_port: 443, to_port: 443, description: "d" },
      },
      aws_vpc_security_group_egress_rule: {
        out: { security_group_id: "${aws_security_group.app.id}", referenced_security_group_id: "sg-0123", prefix_list_id: "pl-1", ip_protocol: "-1" },
      },
    });
    expect(ingress).toMatchObject({
      address: "aws_vpc_security_group_ingress_rule.in", direction: "ingress", group: "aws_security_group.app",
      groupInstance: "aws_security_group.app", groupKey: "aws_security_group.app", cidrs: ["10.0.0.0/16", "fd00::/8"],
      peers: [], prefixLists: [], self: false, description: "d", protocol: "tcp", fromPort: 443, toPort: 443,
    });
    expect(egress).toMatchObject({ direction: "egress", peers: ["sg-0123"], prefixLists: ["pl-1"], cidrs: [] });
    // toEqual takes [undefined] for []: an absent peer or prefix list must be no entry at all.
    expect([ingress.peers, ingress.prefixLists]).toStrictEqual([[], []]);
  });

  test("a group id that is no aws_security_group reference has no group, and is keyed by the value as written", () => {
    const rules = rulesOf({
      aws_vpc: { main: { cidr_block: "10.0.0.0/16" } },
      aws_vpc_security_group_ingress_rule: {
        literal: { security_group_id: "sg-0abc", cidr_ipv4: "10.0.0.0/16" },
        wrongType: { security_group_id: "${aws_vpc.main.default_security_group_id}", cidr_ipv4: "10.0.0.0/16" },
        missing: { cidr_ipv4: "10.0.0.0/16" },
      },
    });
    expect(rules.map((r) => [r.group, r.groupInstance, r.groupKey])).toEqual([
      [undefined, undefined, '"sg-0abc"'],
      [undefined, undefined, '"${aws_vpc.main.default_security_group_id}"'],
      [undefined, undefined, "null"],
    ]);
  });

  test("the group's instance comes from a literal index, escaped quotes included; any other index names the whole group", () => {
    const rules = rulesOf({
      aws_security_group: { app: { for_each: "${var.vpcs}", name: "x" } },
      aws_vpc_security_group_ingress_rule: {
        literal: { security_group_id: '${aws_security_group.app["vpc-a"].id}' },
        escaped: { security_group_id: '${aws_security_group.app["a\\"b"].id}' },
        computed: { security_group_id: "${aws_security_group.app[each.value.vpc].id}" },
        nested: { security_group_id: { id: "${aws_security_group.app.id}" } },
        // The literal index belongs to another value; the group itself is not indexed.
        otherIndex: { security_group_id: '${lookup(var.security["x"], aws_security_group.app.id)}' },
        indexInIndex: { security_group_id: '${aws_security_group.app[local.vpcs["a"]].id}' },
      },
    });
    expect(rules.map((r) => [r.group, r.groupInstance])).toEqual([
      ["aws_security_group.app", 'aws_security_group.app["vpc-a"]'],
      ["aws_security_group.app", 'aws_security_group.app["a\\"b"]'],
      ["aws_security_group.app", "aws_security_group.app"],
      ["aws_security_group.app", "aws_security_group.app"],
      ["aws_security_group.app", "aws_security_group.app"],
      ["aws_security_group.app", "aws_security_group.app"],
    ]);
  });

  test("legacy aws_security_group_rule: type picks the direction (anything but egress is ingress), source group is the peer", () => {
    const rules = rulesOf({
      ...group,
      aws_security_group_rule: {
        out: { type: "egress", security_group_id: "${aws_security_group.app.id}", cidr_blocks: ["10.1.0.0/16"], protocol: "tcp", from_port: 0, to_port: 65535 },
        in: { type: "ingress", security_group_id: "${aws_security_group.app.id}", source_security_group_id: "sg-peer", ipv6_cidr_blocks: ["::/0"], self: true },
        odd: { type: "sideways", prefix_list_ids: ["pl-2"], self: "true" },
      },
    });
    expect(rules.map((r) => [r.direction, r.group, r.peers, r.cidrs, r.prefixLists, r.self, r.label])).toStrictEqual([
      ["egress", "aws_security_group.app", [], ["10.1.0.0/16"], [], false, "aws_security_group_rule.out"],
      ["ingress", "aws_security_group.app", ["sg-peer"], ["::/0"], [], true, "aws_security_group_rule.in"],
      ["ingress", undefined, [], [], ["pl-2"], true, "aws_security_group_rule.odd"],
    ]);
    expect(rules[0]).toMatchObject({ protocol: "tcp", fromPort: 0, toPort: 65535 });
  });

  test("inline blocks belong to their group and are labelled by direction and position", () => {
    const rules = rulesOf({
      aws_security_group: {
        app: {
          ingress: [
            { protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/8"], security_groups: ["sg-a", "sg-b"], description: "one" },
            { protocol: "tcp", from_port: 80, to_port: 80, security_groups: "sg-not-a-list" },
          ],
          egress: { protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["10.0.0.0/8"] },
        },
      },
    });
    expect(rules.map((r) => [r.address, r.direction, r.group, r.groupInstance, r.groupKey, r.label, r.peers])).toEqual([
      ["aws_security_group.app", "ingress", "aws_security_group.app", "aws_security_group.app", "aws_security_group.app", "inline ingress[0]", ["sg-a", "sg-b"]],
      ["aws_security_group.app", "ingress", "aws_security_group.app", "aws_security_group.app", "aws_security_group.app", "inline ingress[1]", []],
      ["aws_security_group.app", "egress", "aws_security_group.app", "aws_security_group.app", "aws_security_group.app", "inline egress[0]", []],
    ]);
    expect(rules.map(ruleName)).toEqual(["inline ingress[0]", "inline ingress[1]", "inline egress[0]"]);
  });

  test("a rule resource is named by its direction in messages (its address is already the finding's)", () => {
    const [rule] = rulesOf({ aws_vpc_security_group_egress_rule: { out: { cidr_ipv4: "10.0.0.0/8" } } });
    expect(ruleName(rule)).toBe("egress rule");
  });
});

describe("isWholeInternet", () => {
  test.each([
    ["0.0.0.0/0", true],
    ["::/0", true],
    [" 0.0.0.0/0 ", true],
    ["0.0.0.0/00", true],
    ["10.0.0.0/8", false],
    ["10.0.0.0/08", false],
    ["10.0.0.0/016", false],
    ["0.0.0.0/0x", false],
  ])("%j → %s", (cidr, expected) => {
    expect(isWholeInternet(cidr)).toBe(expected);
  });
});

describe("everyPortAdmitted", () => {
  const rule = (protocol: unknown, fromPort?: unknown, toPort?: unknown) => ({ protocol, fromPort, toPort }) as unknown as SgRule;

  test.each([
    // All protocols, however written.
    [-1, undefined, undefined, "all protocols (protocol -1)"],
    ["-1", undefined, undefined, "all protocols (protocol -1)"],
    [" ALL ", undefined, undefined, "all protocols (protocol all)"],
    // Ported protocols by name or number, ports as numbers or as strings.
    ["tcp", 0, 65535, "tcp 0-65535"],
    ["udp", 1, 65535, "udp 1-65535"],
    ["6", 0, 65535, "6 0-65535"],
    ["17", 0, 65535, "17 0-65535"],
    [6, 0, 65535, "6 0-65535"],
    [17, "0", "65535", "17 0-65535"],
    ["TCP", " 0 ", "65535", "tcp 0-65535"],
    ["tcp", "-1", "65535", "tcp -1-65535"],
    // Narrower ranges, portless protocols, values only known at plan.
    ["tcp", 2, 65535, undefined],
    ["tcp", 0, 65534, undefined],
    ["tcp", 443, 443, undefined],
    ["icmp", -1, -1, undefined],
    ["58", 0, 65535, undefined],
    [undefined, 0, 65535, undefined],
    [{}, 0, 65535, undefined],
    ["tcp", 0.5, 65535, undefined],
    ["tcp", 0, "65535.0", undefined],
    ["tcp", "${var.from}", 65535, undefined],
    ["tcp", 0, "x65535", undefined],
    ["tcp", "0x", 65535, undefined],
    ["tcp", undefined, 65535, undefined],
    ["tcp", 0, undefined, undefined],
  ])("protocol %j, ports %j-%j → %j", (protocol, from, to, expected) => {
    expect(everyPortAdmitted(rule(protocol, from, to))).toBe(expected);
  });
});
