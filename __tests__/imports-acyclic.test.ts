/**
 * The project's modules form a DAG: no file reaches itself through its imports. Every static
 * import and export-from counts, type-only ones included (a type import is still a dependency of
 * the file, and a cycle of types is where a cycle of values starts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import * as ts from "typescript";

const ROOT = resolve(__dirname, "..");
/** Not project sources: dependencies, the tests, generated output, hidden directories (.git, .tmp, .stryker-tmp). */
const SKIPPED_DIRS = new Set(["node_modules", "__tests__", "cdktf.out", "cdktf.out.bootstrap", "dist", "coverage", "reports"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) || e.name.startsWith(".") ? [] : sources(p);
    return e.isFile() && e.name.endsWith(".ts") ? [p] : [];
  });
}

/** The module specifiers of a file's import, export-from and `import x = require()` statements. */
export function specifiersOf(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
      && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push(node.moduleReference.expression.text);
    } else if (ts.isModuleDeclaration(node) && node.body) {
      ts.forEachChild(node.body, visit);
    }
  };
  ts.forEachChild(sf, visit);
  return out;
}

/** A relative specifier's .ts file (`./x`, `./x.ts`, `./x.js`, `./dir` → `./dir/index.ts`); undefined for packages and non-.ts files. */
export function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../") && specifier !== "." && specifier !== "..") return undefined;
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|ts)$/, "");
  const candidates = [base.endsWith(".ts") ? base : undefined, `${stem}.ts`, join(base, "index.ts")];
  return candidates.find((c): c is string => c !== undefined && existsSync(c) && statSync(c).isFile());
}

/**
 * One cycle per strongly connected component of more than one file (or a file importing itself),
 * with the component's files: breaking that one cycle may leave others among them.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): { cycle: string[]; files: string[] }[] {
  // Tarjan's algorithm, iterative.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter); low.set(start, counter++); stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++];
        if (!index.has(to)) {
          index.set(to, counter); low.set(to, counter++); stack.push(to); onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let n: string;
        do { n = stack.pop()!; onStack.delete(n); component.push(n); } while (n !== frame.node);
        if (component.length > 1 || edges.includes(frame.node)) components.push(component);
      }
    }
  }
  return components.map((c) => ({ cycle: shortestCycle(graph, new Set(c)), files: [...c].sort() }));
}

/** The shortest cycle through the component's first file (by name), by breadth-first search inside it. */
function shortestCycle(graph: ReadonlyMap<string, readonly string[]>, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(to)) { previous.set(to, node); queue.push(to); }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

const name = (file: string) => relative(ROOT, file).split(sep).join("/");
/** `a.ts → b.ts → a.ts`, and the other files of its knot when there are more. */
export function formatCycle({ cycle, files }: { cycle: readonly string[]; files: readonly string[] }): string {
  const others = files.filter((f) => !cycle.includes(f));
  return cycle.map(name).join(" → ") + (others.length > 0 ? ` (in one knot with ${others.map(name).join(", ")})` : "");
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(ROOT)) {
    const targets = specifiersOf(file, readFileSync(file, "utf8"))
      .map((s) => resolveSpecifier(file, s))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

describe("the import graph", () => {
  test("counts type-only imports and export-from statements", () => {
    const text = [
      `import type { A } from "./a";`,
      `import { type B, c } from "../b";`,
      `import "./side-effect";`,
      `export * from "./d";`,
      `export type { E } from "./e";`,
      `import x = require("./f");`,
      `import { readFileSync } from "node:fs";`,
      `const later = () => import("./lazy");`,
    ].join("\n");
    expect(specifiersOf("x.ts", text)).toEqual(["./a", "../b", "./side-effect", "./d", "./e", "./f", "node:fs"]);
  });

  test("names a cycle as a.ts → b.ts → a.ts", () => {
    const g = new Map([["/r/a.ts", ["/r/b.ts"]], ["/r/b.ts", ["/r/c.ts", "/r/a.ts"]], ["/r/c.ts", []], ["/r/d.ts", ["/r/d.ts"]]]);
    expect(findCycles(g).map(({ cycle }) => cycle.map((f) => f.slice(3)).join(" → ")).sort()).toEqual(["a.ts → b.ts → a.ts", "d.ts → d.ts"]);
    expect(findCycles(new Map([["/r/a.ts", ["/r/b.ts"]], ["/r/b.ts", []]]))).toEqual([]);
  });

  test("resolves the project's relative specifiers", () => {
    const main = join(ROOT, "main.ts");
    const graph = importGraph();
    expect(graph.get(join(ROOT, "config", "loader.ts"))).toContain(join(ROOT, "config", "schema.ts"));
    expect(graph.get(main)!.length).toBeGreaterThan(0);
    expect([...graph.keys()].some((f) => f.includes(`${sep}__tests__${sep}`))).toBe(false);
  });

  test("has no cycle among the project's files", () => {
    const cycles = findCycles(importGraph()).map(formatCycle);
    expect(cycles).toEqual([]);
  });
});
