/**
 * Renders report.md's Mermaid diagram with the mermaid library in headless Chromium (Debian's
 * package, driven by playwright-core, no network) and fails on a syntax error. Also parses the
 * SVG charts with the browser's XML parser.
 *
 * Needs Chromium (support/requires.ts): with CI set its absence fails the suite; elsewhere the
 * suite is skipped, loudly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { loadTopologyFile, validateTopology } from "../../config/loader";
import type { Topology } from "../../config/topology";
import { analyze } from "../../cost/analysis";
import { escapeLabel } from "../../cost/diagram";
import { builtInSheet } from "../../cost/price-sheet";
import { buildReport } from "../../cost/report";
import { CHROMIUM, CHROMIUM_PATH, describeRequiring } from "../support/requires";
import { fixture, generatedEndpointAccessTopology, generatedTopology, ROOT } from "./support";

const MERMAID = join(ROOT, "node_modules/mermaid/dist/mermaid.min.js");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const TOPOLOGIES: [string, () => Topology][] = [
  ["examples/basic.yaml", () => loadTopologyFile("examples/basic.yaml").topology],
  ["fixtures/single.yaml", () => loadTopologyFile(fixture("single.yaml")).topology],
  ["fixtures/multi.yaml", () => loadTopologyFile(fixture("multi.yaml")).topology],
  ["fixtures/traffic.yaml", () => loadTopologyFile(fixture("traffic.yaml")).topology],
  ["examples/profile.yaml", () => loadTopologyFile("examples/profile.yaml").topology],
  // Endpoint access: an endpoint-mode VPC beside an associated one, a spoke of endpoint-mode VPCs only, a Resolver.
  ["examples/endpoint-access.yaml", () => loadTopologyFile("examples/endpoint-access.yaml").topology],
  // Associations mode up to its largest estate (50 authorized VPCs per zone): from 5 spokes on, an
  // arrow between the zones and every spoke's associations made the layout fail.
  ...[[5, 2, 35, 25], [10, 2, 35, 25], [25, 2, 35, 25], [25, 2, 1, 1], [12, 4, 2, 2]].map(([spokes, vpcs, endpoints, zones]): [string, () => Topology] =>
    [`generated, associations mode: ${spokes} spokes × ${vpcs} VPCs, ${endpoints} endpoints`, () => validateTopology(generatedTopology(spokes, vpcs, endpoints, zones)).topology]),
  ["generated, profile mode: 60 spokes × 8 VPCs, 35 endpoints", () => validateTopology(generatedTopology(60, 8, 35, 25, "profile")).topology],
  // Endpoint access past the summarizing limits: 15 spokes, half of their 8 VPCs in endpoint mode.
  ["generated, endpoint access: 15 spokes × 8 VPCs (half endpoint mode), 3 endpoints", () => validateTopology(generatedEndpointAccessTopology(15, 8, 3, 2)).topology],
];

const reportOf = (name: string, topology: () => Topology) => buildReport(analyze(topology(), builtInSheet(), "built-in"), name);

const mermaidBlock = (md: string) => {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(md);
  if (!m) throw new Error("report.md has no mermaid block");
  return m[1];
};

interface Rendered {
  readonly ok: boolean;
  readonly error?: string;
  readonly svg?: string;
}

describeRequiring(CHROMIUM, "report.md's Mermaid diagram in headless Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
    const context = await browser.newContext();
    await context.route("**/*", (route) => route.abort()); // nothing leaves the machine
    page = await context.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => (globalThis as any).mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
  });

  afterAll(async () => {
    await browser?.close();
  });

  let n = 0;
  const render = (text: string): Promise<Rendered> =>
    page.evaluate(
      async ([source, id]) => {
        const mermaid = (globalThis as any).mermaid;
        try {
          await mermaid.parse(source);
          const { svg } = await mermaid.render(id, source);
          return { ok: true, svg };
        } catch (e) {
          return { ok: false, error: String((e as Error)?.message ?? e) };
        }
      },
      [text, `diagram${n++}`] as const,
    );

  test("the harness catches a syntax error", async () => {
    const result = await render('flowchart LR\n  a["x"] -->|"y"|\n  subgraph');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Parse error|error/i);
  });

  test("escaped labels survive any characters", async () => {
    const nasty = 'a "quoted" <b>tag</b> #35; `tick` [x] (y) {z} | ; --> end';
    const result = await render(`flowchart LR\n  n_1["${escapeLabel(nasty)}"] -->|"${escapeLabel("→ |edge| \"label\"")}"| n_2["ok"]`);
    if (!result.ok) throw new Error(`Mermaid failed: ${result.error}`);
    expect(result.svg).toContain("quoted");
    expect(result.svg).not.toContain("<b>tag</b>");
  });

  test("README.md's architecture diagram renders", async () => {
    const result = await render(mermaidBlock(readFileSync(join(ROOT, "README.md"), "utf8")));
    if (!result.ok) throw new Error(`Mermaid failed: ${result.error}`);
    expect(result.svg).toContain("service network");
  });

  test.each(TOPOLOGIES)("%s renders", async (name, topology) => {
    const result = await render(mermaidBlock(reportOf(name, topology)["report.md"]));
    if (!result.ok) throw new Error(`Mermaid failed: ${result.error}`);
    expect(result.svg).toMatch(/^<svg/);
    const profileMode = topology().dns.mode === "profile";
    for (const text of ["workspace: hub", "workspace: dns", "remote state: hub, dns", "service network:", "RAM share", "interface endpoint:", "vendor service", profileMode ? "Route 53 Profile:" : "zone association"]) {
      expect(result.svg).toContain(text);
    }
  });

  test.each(TOPOLOGIES)("%s: the charts parse as SVG with three series", async (name, topology) => {
    const files = reportOf(name, topology);
    for (const name of ["cost-vs-spokes.svg", "cost-vs-traffic.svg"] as const) {
      const parsed = await page.evaluate((text) => {
        // Browser globals: this function runs in the page (the project's types have no DOM).
        const doc = new (globalThis as any).DOMParser().parseFromString(text, "image/svg+xml");
        return {
          error: (doc.querySelector("parsererror")?.textContent ?? null) as string | null,
          root: doc.documentElement.localName as string,
          series: [...doc.querySelectorAll("polyline.series")].map((p: any) => p.getAttribute("data-series") as string),
          legend: [...doc.querySelectorAll("g.legend text")].map((t: any) => t.textContent as string),
        };
      }, files[name]);
      expect(parsed).toMatchObject({ error: null, root: "svg", series: ["per_vpc_endpoints", "transit_gateway", "lattice"] });
      expect(parsed.legend).toEqual(["Per-VPC endpoints", "Transit Gateway", "VPC Lattice (this project)", "this topology", "break-even"]);
    }
  });
});
