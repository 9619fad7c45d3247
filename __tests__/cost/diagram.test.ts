/** The Mermaid source, checked as text against the estate it draws (the browser test renders it). */
import { DNS_OUTPUTS, HUB_OUTPUTS } from "../../config/contract";
import { estateOf, type Estate } from "../../config/estate";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import { architectureDiagram, escapeLabel } from "../../cost/diagram";
import { fixture, generatedTopology } from "./support";

const estateOfFile = (file: string) => estateOf(loadTopologyFile(file).topology);
const basic = estateOfFile("examples/basic.yaml");
const multi = estateOfFile(fixture("multi.yaml"));
const profile = estateOfFile("examples/profile.yaml");
// Associations mode accepts at most 50 authorized VPCs per zone (config/quotas.ts): 25 accounts × 2 VPCs.
const large = estateOf(validateTopology(generatedTopology(25, 2, 35, 25)).topology);
const largeProfile = estateOf(validateTopology(generatedTopology(60, 8, 35, 25, "profile")).topology);

/** Node and subgraph ids declared in the diagram. */
const declaredIds = (text: string) =>
  [...text.matchAll(/^\s*(?:subgraph\s+)?([A-Za-z0-9_]+)(?=[[({>/])/gm)].map((m) => m[1]);

/** Every edge as [from, arrow, to, label?]. */
const edgesOf = (text: string) =>
  [...text.matchAll(/^\s*(\w+) (-->|---|-\.->|==>)(?:\|"([^"]*)"\|)? (\w+)$/gm)].map((m) => [m[1], m[2], m[4], m[3]] as const);

/** The label of a declared node or subgraph, with its line breaks. */
const labelOf = (text: string, id: string) => {
  const m = new RegExp(`^\\s*(?:subgraph )?${id}[[({/]+"([^"]*)"`, "m").exec(text);
  if (!m) throw new Error(`no node ${id}`);
  return m[1];
};

/** Remote-state reads drawn as thick arrows, as [outputs node, reading node]. */
const reads = (text: string) => edgesOf(text).filter(([, arrow]) => arrow === "==>").map(([from, , to]) => `${from} → ${to}`);

describe("architectureDiagram: what every topology shows", () => {
  test.each<[string, Estate]>([["basic", basic], ["multi", multi], ["profile", profile], ["large", large], ["large, profile mode", largeProfile]])(
    "%s: ids are safe and unique, every label is quoted, every edge joins declared ids",
    (_, estate) => {
      const d = architectureDiagram(estate);
      const ids = declaredIds(d);
      expect(ids.length).toBeGreaterThan(10);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(ids).not.toContain("end");
      const lines = d.split("\n").slice(1).filter((l) => l.trim() !== "" && l.trim() !== "end");
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const edge = /^\s*(\w+) (-->|---|-\.->|==>)(?:\|"[^"]*"\|)? (\w+)$/.exec(line);
        if (edge) {
          expect(ids).toContain(edge[1]);
          expect(ids).toContain(edge[3]);
        } else {
          // A declaration: the label is a single quoted string inside the shape's brackets.
          expect(line).toMatch(/^\s*(subgraph )?\w+(\[|\{\{|\(\[|\[\(|\[\/)"[^"]*"(\]|\}\}|\]\)|\)\]|\/\])$/);
        }
      }
    },
  );

  test.each<[string, Estate]>([["basic", basic], ["multi", multi], ["profile", profile]])("%s: the hub publishes the contract's outputs; the RAM share names the estate's principals", (_, estate) => {
    const d = architectureDiagram(estate);
    expect(labelOf(d, "out_hub")).toBe(`outputs<br/>${Object.keys(HUB_OUTPUTS).join(", ")}`);
    expect(estate.hub.sharePrincipals.length).toBeGreaterThan(0);
    expect(labelOf(d, "ram")).toBe(`RAM share<br/>to ${estate.hub.sharePrincipals.slice(0, 3).join(", ")}${estate.hub.sharePrincipals.length > 3 ? ` … ${estate.hub.sharePrincipals.length - 3} more` : ""}`);
    expect(labelOf(d, "sn")).toBe(`service network: ${estate.hub.names.serviceNetwork}<br/>auth NONE`);
  });

  test.each<[string, Estate]>([["basic", basic], ["multi", multi], ["profile", profile]])("%s: deploy order hub → dns → spokes, each workspace reading the outputs of those before it", (_, estate) => {
    const d = architectureDiagram(estate);
    // Straight from the estate: the dns workspace reads the hub; every spoke reads the hub and dns.
    expect(estate.dns.workspace.reads).toEqual(["hub"]);
    expect(estate.spokes.length).toBeGreaterThan(0);
    const expected = ["out_hub → rs_dns", ...estate.spokes.flatMap((s, i) => {
      expect(s.workspace.reads).toEqual(["hub", "dns"]);
      return [`out_hub → rs_spoke_${i}`, `out_dns → rs_spoke_${i}`];
    })];
    expect(reads(d).sort()).toEqual(expected.sort());
    estate.spokes.forEach((_, i) => expect(labelOf(d, `rs_spoke_${i}`)).toBe("remote state: hub, dns"));
    expect(labelOf(d, "rs_dns")).toBe("remote state: hub");
    // Accounts in deploy order: hub first, the Route 53 account next.
    expect(labelOf(d, "acct_0")).toMatch(/^account 111111111111 \(hub/);
    expect(labelOf(d, "acct_1")).toMatch(/^account 333333333333 \(Route 53/);
  });
});

describe("associations mode: the dns workspace authorizes, each spoke associates its own VPCs", () => {
  test("basic: accounts, workspaces, VPCs, endpoint → vendor, zone and records, a zone association per spoke", () => {
    const d = architectureDiagram(basic);
    expect(d.startsWith("flowchart LR\n")).toBe(true);
    for (const account of ["111111111111 (hub)", "222222222222 (spoke)", "444444444444 (spoke)", "333333333333 (Route 53)"]) {
      expect(d).toContain(`account ${account}`);
    }
    for (const ws of ["workspace: hub", "workspace: spoke-payments", "workspace: spoke-analytics", "workspace: dns"]) expect(d).toContain(ws);
    expect(d).toContain("interface endpoint: snowflake<br/>ports 443");
    expect(d).toContain("ep_0 -->|\"PrivateLink\"| svc_0");
    expect(d).toContain("vendor service<br/>com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0");
    expect(d).toContain("privatelink.snowflakecomputing.com<br/>created");
    expect(d).toContain("CNAME xy12345.us-east-1, xy12345-app.us-east-1");
    expect(d).toContain("vpc_0_0 -->|\"VPC association\"| sn");
    // The dns workspace publishes zone_ids only, and authorizes the two spoke VPCs of other accounts.
    expect(labelOf(d, "out_dns")).toBe("outputs<br/>zone_ids");
    expect(basic.dns.authorizations).toHaveLength(2);
    expect(labelOf(d, "auth")).toBe("VPC association authorizations<br/>2 (zone, VPC) pairs of other accounts");
    // Each spoke associates its VPC in its own workspace, authorized by the dns workspace: that arrow
    // alone ties them to the zones (a second one breaks Mermaid's layout past a few spokes).
    for (const i of [0, 1]) {
      expect(labelOf(d, `zassoc_${i}`)).toBe("1 zone association (1 VPC × 1 zone)");
      expect(d).toContain(`auth -.->|"authorizes"| zassoc_${i}`);
      expect(d).not.toContain(`zassoc_${i} -.->`);
    }
    // No Profile in this mode.
    expect(d).not.toMatch(/r53p|pram|passoc|route53_profile/);
  });

  test("multi: shared accounts, an accepter outside the organization, adopted zones, long lists summarized", () => {
    const d = architectureDiagram(multi);
    // The "ops" spoke lives in the hub's account: one account box holds both workspaces.
    expect(d).toContain("account 111111111111 (hub, spoke)");
    expect(d.match(/subgraph acct_/g)).toHaveLength(4);
    expect(d).toContain("acc_1[\"RAM share accepter: service network<br/>(outside the organization)\"]");
    expect(d).toContain("ram -.->|\"invitation\"| acc_1");
    expect(d).not.toContain("acc_0[");
    expect(d).toContain("mongodb.net<br/>adopted Z0123456789ABCDEFGHIJ");
    expect(d).toContain("… 3 more VPCs");
    expect(d).toContain("… 2 more");
    // The partner spoke: 8 VPCs × 2 zones, all authorized (the Route 53 account is another).
    expect(labelOf(d, "zassoc_1")).toBe("16 zone associations (8 VPCs × 2 zones)");
    expect(labelOf(d, "auth")).toBe(`VPC association authorizations<br/>${multi.dns.authorizations.length} (zone, VPC) pairs of other accounts`);
    expect(multi.dns.authorizations).toHaveLength(22);
    // Both mongo endpoints' records hang off the one zone.
    expect(d).toContain("zone_1 --- rec_1");
    expect(d).toContain("zone_1 --- rec_2");
  });

  test("a spoke in the Route 53 account associates without an authorization", () => {
    // fixtures/single.yaml: the only spoke shares the Route 53 account.
    const single = estateOfFile(fixture("single.yaml"));
    expect(single.dns.authorizations).toHaveLength(0);
    const d = architectureDiagram(single);
    expect(labelOf(d, "zassoc_0")).toBe("1 zone association (1 VPC × 1 zone)");
    expect(d).toContain("zassoc_0 -.->|\"associates\"| zones");
    expect(declaredIds(d)).not.toContain("auth");
    expect(d).not.toContain("authoriz");
    expect(d).toContain("account 333333333333 (Route 53, spoke)");
  });
});

describe("profile mode: the dns workspace carries every zone in one shared Profile", () => {
  const d = architectureDiagram(profile);

  test("the Profile, its RAM share to the spoke accounts, and the dns outputs the spokes read", () => {
    expect(profile.dns.profile).toBeDefined();
    expect(labelOf(d, "r53p")).toBe(`Route 53 Profile: ${profile.dns.profile?.name}<br/>carries 2 zones`);
    expect(d).toContain("r53p --- zone_0");
    expect(d).toContain("r53p --- zone_1");
    // Shared with the spoke accounts other than the Route 53 account's own.
    expect(labelOf(d, "pram")).toBe("RAM share of the Profile<br/>to 222222222222, 555555555555");
    expect(d).toContain("pram -.->|\"shares\"| r53p");
    expect(labelOf(d, "out_dns")).toBe(`outputs<br/>${Object.keys(DNS_OUTPUTS).join(", ")}`);
  });

  test("each spoke associates its VPCs with the Profile; no zone authorization or association exists", () => {
    expect(labelOf(d, "passoc_0")).toBe("Route 53 Profile associations<br/>2 VPCs");
    profile.spokes.forEach((s, i) => {
      expect(s.profileAssociationNames.size).toBeGreaterThan(0);
      expect(d).toContain(`passoc_${i} -.->|"associates"| r53p`);
    });
    expect(declaredIds(d)).not.toContain("auth");
    expect(d).not.toMatch(/zassoc|authoriz|zone association/);
  });

  test("a spoke outside the organization accepts both shares in its own workspace", () => {
    const outside = profile.spokes.findIndex((s) => !s.spoke.inOrganization);
    expect(outside).toBeGreaterThanOrEqual(0);
    expect(d).toContain(`pacc_${outside}["RAM share accepter: Route 53 Profile<br/>(outside the organization)"]`);
    expect(d).toContain(`pram -.->|"invitation"| pacc_${outside}`);
    expect(d).toContain(`ram -.->|"invitation"| acc_${outside}`);
    expect(d.match(/pacc_\d+\[/g)).toHaveLength(1);
  });

  test("the spoke in the Route 53 account shares its account box with the dns workspace", () => {
    expect(d).toContain("account 333333333333 (Route 53, spoke)");
    expect(d.match(/subgraph acct_/g)).toHaveLength(4);
  });
});

describe("a large topology (35 endpoints over 25 zones; associations mode 25 spokes × 2 VPCs, profile mode 60 × 8)", () => {
  test.each<[string, Estate]>([["associations", large], ["profile", largeProfile]])("%s mode: summarized within Mermaid's default limits", (mode, estate) => {
    const d = architectureDiagram(estate);
    const [moreSpokes, vpcs] = mode === "associations" ? [14, 28] : [49, 392];
    expect(d.length).toBeLessThan(50_000);
    expect(edgesOf(d).length).toBeLessThan(500);
    expect(d).toContain("… 16 more interface endpoints");
    expect(d).toContain("… 16 more vendor services");
    expect(d).toContain(`workspaces: ${moreSpokes} more spokes`);
    expect(d).toContain(`… ${moreSpokes} more accounts`);
    expect(d).toContain(`${vpcs} VPCs`);
    expect(d).toContain("… 6 more zones");
    expect(reads(d)).toEqual(expect.arrayContaining(["out_hub → rs_spoke_more", "out_dns → rs_spoke_more"]));
    if (mode === "associations") {
      // Every spoke VPC × every zone, in other accounts than the Route 53 account's.
      expect(labelOf(d, "auth")).toBe("VPC association authorizations<br/>1250 (zone, VPC) pairs of other accounts");
      expect(labelOf(d, "zassoc_more")).toBe("700 zone associations (28 VPCs × 25 zones)");
      expect(d).toContain("auth -.->|\"authorizes\"| zassoc_more");
    } else {
      expect(d).toContain("… 3 more VPCs");
      expect(labelOf(d, "r53p")).toMatch(/carries 25 zones$/);
      expect(d).toContain("r53p --- zone_more");
      expect(labelOf(d, "passoc_more")).toBe("Route 53 Profile associations<br/>392 VPCs");
      expect(d).toContain("passoc_more -.->|\"associates\"| r53p");
    }
  });
});

test("escapeLabel turns the characters Mermaid reads into entity codes", () => {
  expect(escapeLabel('a "b" <c> #d `e`\nf')).toBe("a #quot;b#quot; #lt;c#gt; #35;d #96;e#96; f");
});
