/** Just enough XML for the fakes' answers: a tree of elements written out, text escaped. */

export type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlValue[];
export interface XmlNode { readonly [element: string]: XmlValue }

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `{ a: "x", b: [{ c: 1 }, { c: 2 }] }` → `<a>x</a><b><c>1</c><c>2</c></b>`; null and undefined are left out. */
export function xml(node: XmlNode): string {
  return Object.entries(node).map(([k, v]) => element(k, v)).join("");
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return `<${name}>${value.map((v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? xml(v as XmlNode) : element("item", v))).join("")}</${name}>`;
  if (typeof value === "object") return `<${name}>${xml(value)}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

export const document = (root: string, namespace: string, body: XmlNode) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${xml(body)}</${root}>`;
