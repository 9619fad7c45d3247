/** The Mermaid source, checked as text (the browser test renders it). */
import { loadTopologyFile, validateTopology, type Topology } from "../../config/loader";
import { architectureDiagram, DNS_READS, escapeLabel, SPOKE_READS } from "../../cost/diagram";
import { fixture, generatedTopology } from "./support";

const load = (file: string) => loadTopologyFile(file).topology;
const basic = load("examples/basic.yaml");
const multi = load(fixture("multi.yaml"));

/** Node and subgraph ids declared in the diagram. */
const declaredIds = (text: string) =>
  [...text.matchAll(/^\s*(?:subgraph\s+)?([A-Za-z0-9_]+)(?=[[({>/])/gm)].map((m) => m[1]);

describe("architectureDiagram", () => {
  test("basic: accounts, workspaces, VPCs, endpoint → vendor, service network, RAM, zone and records", () => {
    const d = architectureDiagram(basic);
    expect(d.startsWith("flowchart LR\n")).toBe(true);
    for (const account of ["111111111111 (hub)", "222222222222 (spoke)", "444444444444 (spoke)", "333333333333 (Route 53)"]) {
      expect(d).toContain(`account ${account}`);
    }
    for (const ws of ["workspace: hub", "workspace: spoke-payments", "workspace: spoke-analytics", "workspace: dns"]) expect(d).toContain(ws);
    expect(d).toContain("interface endpoint: snowflake<br/>ports 443");
    expect(d).toContain("ep_0 -->|\"PrivateLink\"| svc_0");
    expect(d).toContain("vendor service<br/>com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0");
    expect(d).toContain("service network: acme-endpoints");
    expect(d).toContain("RAM share<br/>to 222222222222, 444444444444");
    expect(d).toContain("privatelink.snowflakecomputing.com<br/>created");
    expect(d).toContain("CNAME xy12345.us-east-1, xy12345-app.us-east-1");
    expect(d).toContain("vpc_0_0 -->|\"VPC association\"| sn");
    // What flows between workspaces.
    expect(d).toContain(`out_hub ==>|"${SPOKE_READS.join(", ")}"| rs_spoke_0`);
    expect(d).toContain(`out_hub ==>|"${SPOKE_READS.join(", ")}"| rs_spoke_1`);
    expect(d).toContain(`out_hub ==>|"${DNS_READS.join(", ")}"| rs_dns`);
  });

  test("multi: shared accounts, an accepter outside the organization, adopted zones, long lists summarized", () => {
    const d = architectureDiagram(multi);
    // The "ops" spoke lives in the hub's account: one account box holds both workspaces.
    expect(d).toContain("account 111111111111 (hub, spoke)");
    expect(d.match(/subgraph acct_/g)).toHaveLength(4);
    expect(d).toContain("acc_1[\"RAM share accepter<br/>(outside the organization)\"]");
    expect(d).toContain("ram -.->|\"invitation\"| acc_1");
    expect(d).toContain("mongodb.net<br/>adopted Z0123456789ABCDEFGHIJ");
    expect(d).toContain("… 3 more VPCs");
    expect(d).toContain("… 2 more");
    expect(d).toContain("11 spoke VPCs × 2 zones");
    // Both mongo endpoints' records hang off the one zone.
    expect(d).toContain("zone_1 --- rec_1");
    expect(d).toContain("zone_1 --- rec_2");
  });

  const large = validateTopology(generatedTopology(60, 8, 35, 25)).topology;

  test.each([["basic", basic], ["multi", multi], ["large", large]] as [string, Topology][])("%s: ids are safe and unique, every label is quoted, every edge joins declared ids", (_, t) => {
    const d = architectureDiagram(t);
    const ids = declaredIds(d);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(ids).not.toContain("end");
    for (const line of d.split("\n").slice(1)) {
      const edge = /^\s*(\w+) (-->|---|-\.->|==>)(?:\|"[^"]*"\|)? (\w+)$/.exec(line);
      if (edge) {
        expect(ids).toContain(edge[1]);
        expect(ids).toContain(edge[3]);
      } else if (line.trim() !== "" && line.trim() !== "end") {
        // A declaration: the label is a single quoted string inside the shape's brackets.
        expect(line).toMatch(/^\s*(subgraph )?\w+(\[|\{\{|\(\[|\[\(|\[\/)"[^"]*"(\]|\}\}|\]\)|\)\]|\/\])$/);
      }
    }
  });

  test("escapeLabel turns the characters Mermaid reads into entity codes", () => {
    expect(escapeLabel('a "b" <c> #d `e`\nf')).toBe("a #quot;b#quot; #lt;c#gt; #35;d #96;e#96; f");
  });
});

describe("a large topology (60 spokes × 8 VPCs, 35 endpoints over 25 zones)", () => {
  const large = validateTopology(generatedTopology(60, 8, 35, 25)).topology;

  test("is summarized within Mermaid's default limits", () => {
    const d = architectureDiagram(large);
    expect(d.length).toBeLessThan(50_000);
    expect(d.split("\n").filter((l) => /(-->|---|-\.->|==>)/.test(l)).length).toBeLessThan(500);
    expect(d).toContain("… 16 more interface endpoints");
    expect(d).toContain("… 16 more vendor services");
    expect(d).toContain("workspaces: 49 more spokes");
    expect(d).toContain("… 49 more accounts");
    expect(d).toContain("392 VPCs");
    expect(d).toContain("480 spoke VPCs × 25 zones");
    expect(d).toContain("… 6 more zones");
    expect(d).toContain("… 3 more VPCs");
  });
});
