import { generatedTopology as generated } from "../../scripts/generated-topology";
/** Helpers of the cost tests: fixtures, running the CLIs, checking XML, generated topologies. */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
export const fixture = (name: string) => join(__dirname, "fixtures", name);

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node --import tsx scripts/<script>.ts args…` from the project root, as npm would. */
export function runScript(script: "cost" | "report", args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `scripts/${script}.ts`, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Checks that `text` is well-formed XML (the subset an SVG writer emits: elements, attributes,
 * text, entity and character references, comments) and returns the element names in order.
 * Throws on the first problem.
 */
export function wellFormedElements(text: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  const reference = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  const checkText = (s: string, where: number) => {
    for (let i = s.indexOf("&"); i >= 0; i = s.indexOf("&", i + 1)) {
      reference.lastIndex = i;
      if (!reference.test(s)) throw new Error(`bare & at ${where + i}`);
    }
    if (s.includes("<")) throw new Error(`bare < at ${where}`);
  };
  let i = 0;
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const textEnd = lt < 0 ? body.length : lt;
    checkText(body.slice(i, textEnd), i);
    if (open.length === 0 && names.length > 0 && body.slice(i, textEnd).trim() !== "") throw new Error("text after the root element");
    if (lt < 0) break;
    if (body.startsWith("<!--", lt)) {
      const end = body.indexOf("-->", lt);
      if (end < 0) throw new Error("unterminated comment");
      i = end + 3;
      continue;
    }
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`);
    const [, closing, name, attrs, selfClosing] = m;
    checkText(attrs.replace(/=\s*("|')/g, "=").replace(/"|'/g, ""), lt);
    const attrNames = [...attrs.matchAll(/([A-Za-z_][\w.:-]*)\s*=/g)].map((a) => a[1]);
    if (new Set(attrNames).size !== attrNames.length) throw new Error(`duplicate attribute in <${name}>`);
    if (closing) {
      const top = open.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top}>`);
    } else {
      if (open.length === 0 && names.length > 0) throw new Error("more than one root element");
      names.push(name);
      if (!selfClosing) open.push(name);
    }
    i = lt + m[0].length;
  }
  if (open.length > 0) throw new Error(`unclosed <${open[open.length - 1]}>`);
  if (names.length === 0) throw new Error("no root element");
  return names;
}

/**
 * A valid topology of any size: `spokes` spokes of `vpcsPerSpoke` VPCs each in their own accounts,
 * `endpoints` endpoints over `zones` zones, every 7th spoke outside the organization.
 */
export function generatedTopology(spokes: number, vpcsPerSpoke: number, endpoints: number, zones: number, mode: "associations" | "profile" = "associations"): unknown {
  return generated({ name: "cost-generated", spokes, vpcsPerSpoke, endpoints, zones, outsideEvery: 7, mode });
}

/** A generated topology (profile mode) whose every second VPC of each spoke uses endpoint access, in one subnet of its own. */
export function generatedEndpointAccessTopology(spokes: number, vpcsPerSpoke: number, endpoints: number, zones: number): unknown {
  const data = generatedTopology(spokes, vpcsPerSpoke, endpoints, zones, "profile") as { spokes: { vpcs: Record<string, unknown>[] }[] };
  data.spokes.forEach((s, i) => s.vpcs.forEach((v, j) => {
    if (j % 2 === 1) Object.assign(v, { access: "endpoint", subnetIds: [`subnet-${(0xabc000 + i * 100 + j).toString(16).padStart(17, "0")}`] });
  }));
  return data;
}
