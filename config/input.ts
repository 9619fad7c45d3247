/**
 * Reading input files (topologies, price sheets) without trusting them: regular files only, at most
 * MAX_INPUT_BYTES, JSON and YAML with duplicate keys refused in linear time, and messages that quote
 * at most QUOTE_LIMIT characters of the input — never a whole line of a file named by mistake
 * (`.env`, /proc/self/environ).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { isMap, isScalar, isSeq, parseDocument, type ParsedNode } from "yaml";
import { printParseErrorCode, visit } from "jsonc-parser";

export const MAX_INPUT_BYTES = 10 * 1024 * 1024;
/** Characters of input a message may quote. */
export const QUOTE_LIMIT = 80;
/** Nesting deeper than any topology or price sheet needs. */
const MAX_DEPTH = 64;
/** Alias expansions a YAML document may make (yaml's default is 100). */
export const MAX_YAML_ALIASES = 1000;

/** A problem with an input file, as one line that starts with the file. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** A value as a message quotes it: JSON, with strings cut to QUOTE_LIMIT characters and big structures summarized. */
export function quote(value: unknown, limit = QUOTE_LIMIT): string {
  if (typeof value === "string") return JSON.stringify(value.length > limit ? `${value.slice(0, limit - 1)}…` : value);
  if (value === null || typeof value !== "object") return String(value);
  const json = JSON.stringify(value);
  if (json !== undefined && json.length <= limit) return json;
  return Array.isArray(value) ? `an array of ${value.length} item${value.length === 1 ? "" : "s"}` : "an object";
}

/** The text of `file` (UTF-8), refusing what is not a regular file or is larger than MAX_INPUT_BYTES. */
export function readInputFile(file: string, what: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputError(`${file}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`${file}: is ${fileKind(st)}, not a regular file; name the ${what} itself`);
    // Read to the end with a cap rather than trusting the size: /proc files report 0, others grow.
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_INPUT_BYTES) throw new InputError(`${file}: is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB; a ${what} is far smaller`);
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? e})`);
  } finally {
    closeSync(fd);
  }
}

/** What a file that is not a regular file is, as a message names it. */
export function fileKind(st: Pick<Stats, "isDirectory" | "isFIFO" | "isCharacterDevice" | "isBlockDevice" | "isSocket">): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "a special file";
}

/** "line:column" (1-based) of an offset in `text`. */
function position(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

const lineOf = (text: string, offset: number) => position(text, offset).split(":")[0];

/**
 * Parses JSON strictly (RFC 8259) and refuses duplicate keys, which JSON.parse would silently
 * resolve to the last one. One linear pass checks the text; JSON.parse then builds the value.
 */
export function parseJson(text: string, source: string): unknown {
  const problem = checkJson(text);
  if (problem) {
    const where = `${source}:${position(text, problem.offset)}`;
    if (problem.duplicateOf !== undefined) {
      throw new InputError(`${where}: duplicate key ${quote(problem.key)} (first at line ${lineOf(text, problem.duplicateOf)}); keys must be unique`);
    }
    throw new InputError(`${where}: not valid JSON: ${problem.message}`);
  }
  return JSON.parse(text);
}

export interface JsonProblem {
  readonly offset: number;
  readonly message: string;
  readonly key?: string;
  readonly duplicateOf?: number;
}

/** jsonc-parser's error codes, in our words. */
const JSON_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: "not a JSON value",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "a property name in double quotes is expected",
  ValueExpected: "a value is expected",
  ColonExpected: '":" is expected',
  CommaExpected: '"," is expected',
  CloseBraceExpected: '"}" is expected',
  CloseBracketExpected: '"]" is expected',
  EndOfFileExpected: "unexpected text after the value",
  InvalidCommentToken: "comments are not JSON",
  UnexpectedEndOfComment: "comments are not JSON",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "incomplete number",
  InvalidUnicode: "invalid \\u escape in a string",
  InvalidEscapeCharacter: "invalid escape in a string",
  InvalidCharacter: "control character in a string (escape it)",
};

/**
 * The first syntax error or duplicate key of JSON text, or undefined when it is valid: one linear
 * pass of jsonc-parser's visitor in strict mode (no comments, no trailing commas, RFC 8259).
 */
export function checkJson(text: string): JsonProblem | undefined {
  let problem: JsonProblem | undefined;
  // One entry per open object or array: the object's keys → offset of first use (an array's stays empty).
  const open: Map<string, number>[] = [];
  const opened = (offset: number) => {
    open.push(new Map());
    if (open.length > MAX_DEPTH) problem ??= { offset, message: `nests deeper than ${MAX_DEPTH} levels` };
  };
  try {
    visit(text, {
      onObjectBegin: opened,
      onArrayBegin: opened,
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onObjectProperty: (key, offset) => {
        const keys = open[open.length - 1];
        const first = keys.get(key);
        if (first !== undefined) problem ??= { offset, message: "duplicate key", key, duplicateOf: first };
        else keys.set(key, offset);
      },
      onError: (code, offset) => {
        const name = printParseErrorCode(code);
        problem ??= { offset, message: offset >= text.length ? "unexpected end of the text" : JSON_ERRORS[name] ?? name };
      },
    }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    // The visitor recurses: a pathologically deep document exhausts the stack, long after its depth was
    // found to be a problem at level MAX_DEPTH + 1.
    if (!problem) throw e;
  }
  return problem;
}

/**
 * Parses one YAML document (1.2 core schema: "yes"/"no" stay strings) and refuses duplicate keys,
 * compared as the JavaScript keys they become. yaml's own `uniqueKeys` check is quadratic, so
 * this walks the document once instead.
 */
export function parseYaml(text: string, source: string): unknown {
  try {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const at = e.linePos?.[0];
      const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : "";
      throw new InputError(`${source}${at ? `:${at.line}:${at.col}` : ""}: not valid YAML: ${yamlMessage(e.message)}${more}`);
    }
    const duplicate = yamlDuplicateKey(doc.contents);
    if (duplicate) {
      const where = `${source}:${position(text, duplicate.offset)}`;
      if (duplicate.firstOffset === undefined) throw new InputError(`${where}: ${duplicate.message}`);
      throw new InputError(`${where}: duplicate key ${quote(duplicate.key)} (first at line ${lineOf(text, duplicate.firstOffset)}); keys must be unique`);
    }
    // Aliases a topology may reuse (one list of client CIDRs for every VPC), far below a billion laughs.
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof InputError) throw e;
    // What yaml throws rather than reports (the alias limit) is one line too.
    throw new InputError(`${source}: not valid YAML: ${yamlMessage((e as Error).message)}`);
  }
}

/** yaml's message without the source it may quote: its first line, up to any ": <source>", cut short. */
function yamlMessage(message: string): string {
  const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  // "…: <source>" ends some messages; "The : indicator …" is no such colon.
  const withoutSource = first.split(/(?<=\S): /)[0];
  return withoutSource.length > QUOTE_LIMIT ? `${withoutSource.slice(0, QUOTE_LIMIT - 1)}…` : withoutSource;
}

export interface YamlKeyProblem {
  readonly offset: number;
  readonly message: string;
  readonly key?: string;
  readonly firstOffset?: number;
}

/**
 * The first duplicate (or non-scalar) key of a parsed YAML document's contents, or its first
 * collection nested deeper than MAX_DEPTH (as checkJson counts: the outermost is level 1), in one
 * walk; undefined when there is none.
 */
export function yamlDuplicateKey(contents: ParsedNode | null): YamlKeyProblem | undefined {
  const pending: [ParsedNode | null, number][] = [[contents, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (!isSeq(node) && !isMap(node)) continue;
    if (depth > MAX_DEPTH) return { offset: node.range[0], message: `nests deeper than ${MAX_DEPTH} levels` };
    if (isSeq(node)) {
      for (const item of node.items) pending.push([item, depth + 1]);
      continue;
    }
    const seen = new Map<string, number>();
    for (const { key, value } of node.items) {
      const offset = key.range[0];
      if (!isScalar(key)) return { offset, message: "a key must be a plain value, not a collection or alias" };
      // toJS turns a null key (`: x`, `~: x`) into "" and any other scalar into its string.
      const name = key.value === null ? "" : String(key.value);
      const first = seen.get(name);
      if (first !== undefined) return { offset, message: "duplicate key", key: name, firstOffset: first };
      seen.set(name, offset);
      pending.push([value, depth + 1]);
    }
  }
  return undefined;
}
