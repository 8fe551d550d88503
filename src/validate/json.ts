/**
 * Reading JSON with positions: JSON.parse keeps none, and findings need
 * `file:line:column`. Exactly RFC 8259 JSON (no comments, no trailing commas),
 * and duplicate keys are refused, which JSON.parse would silently collapse.
 *
 * Three parts, so that a large valid file costs little more than JSON.parse:
 * - `readJsonDocument` (and `readJson`, its value only): JSON.parse, where
 *   each key of the text starts (their number catches duplicates), and on any
 *   problem the full reader below for an exact error;
 * - `parseJsonWithPositions`: a full reader that records every position;
 * - `locateJson`: positions of the given paths only, found by skipping over
 *   everything else (in a document's outer objects, by going straight to the
 *   wanted members), for the few paths that have findings.
 *
 * Positions are those of the attribute name for object members (as
 * `builtins.unsafeGetAttrPos` gives them for Nix) and of the value for list
 * elements. Lines and columns count from 1; columns count UTF-16 code units.
 */
import type { Json } from "../model/resolve.js";
import { PosNode } from "./positions.js";

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface ParsedJson {
  value: Json;
  /** Positions of the document's values; the root node stands for the whole document. */
  positions: PosNode;
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export function parseJsonWithPositions(text: string, file: string): ParsedJson {
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const fail = (message: string, at = i): never => {
    // The line of `at` may lie past the current one only within a token, which has no newlines.
    throw new JsonSyntaxError(message, line, at - lineStart + 1);
  };
  const describe = (c: string | undefined) => (c === undefined ? "end of input" : JSON.stringify(c));

  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        i++;
        line++;
        lineStart = i;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else return;
    }
  };


  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = "";
    let chunk = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) fail("unterminated string", start);
      if (c === 0x22) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c < 0x20) fail(`control character ${JSON.stringify(text[i])} in a string; write it as an escape`);
      if (c === 0x5c) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("\\u must be followed by four hex digits");
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          i += 2;
        } else fail(`invalid escape \\${e ?? ""}`);
        chunk = i;
        continue;
      }
      i++;
    }
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

  const parseValue = (node: PosNode): Json => {
    skipSpace();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: { [k: string]: Json } = {};
      skipSpace();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`expected a key in double quotes, found ${describe(text[i])}`);
        const keyAt = i;
        const keyLine = line;
        const keyColumn = i - lineStart + 1;
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key ${JSON.stringify(key)}`, keyAt);
        skipSpace();
        if (text[i] !== ":") fail(`expected ':' after the key, found ${describe(text[i])}`);
        i++;
        const value = parseValue(node.child(key, file, keyLine, keyColumn));
        // An own property even for "__proto__", which assignment would not make.
        if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        else obj[key] = value;
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail(`expected ',' or '}', found ${describe(text[i])}`);
      }
    }
    if (c === "[") {
      i++;
      const arr: Json[] = [];
      skipSpace();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        skipSpace();
        arr.push(parseValue(node.child(arr.length, file, line, i - lineStart + 1)));
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        fail(`expected ',' or ']', found ${describe(text[i])}`);
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith("true", i)) return (i += 4), true;
    if (text.startsWith("false", i)) return (i += 5), false;
    if (text.startsWith("null", i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m !== null) {
      i += m[0].length;
      return Number(m[0]);
    }
    return fail(`unexpected ${describe(c)}`);
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
  const positions = new PosNode(file, 1, 1);
  const value = parseValue(positions);
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the JSON value`);
  return { value, positions };
}

/** In valid JSON, the index of the quote that closes the string opened at `open`: a quote after an odd number of backslashes is escaped. */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  for (;;) {
    let k = close - 1;
    while (text.charCodeAt(k) === 0x5c) k--;
    if ((close - 1 - k) % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
}

/** The first index from `i` that is not JSON whitespace. */
function pastSpace(text: string, i: number): number {
  let j = i;
  for (let c = text.charCodeAt(j); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++j));
  return j;
}

/**
 * Where each key (a string followed by ':') of a text already known to be
 * JSON starts, in document order, for a text with `count` keys; null when it
 * has more (JSON.parse kept only the last of duplicate keys). indexOf jumps
 * from quote to quote.
 */
function keyStarts(text: string, from: number, count: number): Int32Array | null {
  const starts = new Int32Array(count);
  let keys = 0;
  for (let open = text.indexOf('"', from); open !== -1; ) {
    const j = pastSpace(text, stringEnd(text, open) + 1);
    if (text.charCodeAt(j) === 0x3a) {
      if (keys === count) return null;
      starts[keys++] = open;
    }
    open = text.indexOf('"', j);
  }
  return starts;
}

/** The number of members (keys) inside a value, at every depth. */
function memberCount(v: Json): number {
  if (typeof v !== "object" || v === null) return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (typeof x === "object" && x !== null) n += memberCount(x);
    }
    return n;
  }
  for (const k in v) {
    const x = v[k]!;
    n += typeof x === "object" && x !== null ? 1 + memberCount(x) : 1;
  }
  return n;
}

/** Whether V8 puts this key before the others, out of document order: an array index ("0" to "4294967294"). */
const isIndexKey = (k: string) => {
  const c = k.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^(?:0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295;
};

/**
 * The members of `o` (and, below `depth`, of the objects among them) counted
 * as memberCount does; for each object whose keys are in document order, a
 * MemberIndex whose `keyAt` holds, for now, each member's key index: the
 * number of keys before it in the document (`first` is that of o's first
 * member).
 */
function indexMembers(o: { [k: string]: Json }, depth: number, first: number, into: Map<object, MemberIndex>): number {
  const keys = Object.keys(o);
  const keyAt = new Int32Array(keys.length);
  let inOrder = true;
  let n = 0;
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    if (isIndexKey(k)) inOrder = false;
    keyAt[j] = first + n;
    const x = o[k]!;
    n += 1 + (typeof x !== "object" || x === null ? 0 : depth > 0 && !Array.isArray(x) ? indexMembers(x, depth - 1, first + n + 1, into) : memberCount(x));
  }
  if (inOrder) into.set(o, { keys, keyAt });
  return n;
}

/**
 * An object's keys (Object.keys of an object of 100,000 members takes
 * milliseconds: it is asked once) and where each member's key starts in the text.
 */
interface MemberIndex {
  keys: string[];
  keyAt: Int32Array;
}

/**
 * A valid JSON document, read for fast lookups of a few positions: its text
 * and value, and a MemberIndex for each of its outer objects (the document
 * and its members) whose keys are in document order.
 */
export interface JsonDocument {
  text: string;
  value: Json;
  members: ReadonlyMap<object, MemberIndex>;
}

/** How deep below the document's object members are indexed: the document and its members (`{ "containers": { name: … } }`). */
const INDEXED_DEPTH = 1;

/** The value of a JSON text; JsonSyntaxError with its position for bad JSON or a duplicate key. */
export function readJson(text: string, file: string): Json {
  return readJsonDocument(text, file).value;
}

/** readJson, with what locateJson needs to jump to the members it wants. */
export function readJsonDocument(text: string, file: string): JsonDocument {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let value: Json;
  try {
    value = JSON.parse(bom === 1 ? text.slice(1) : text) as Json;
  } catch (e) {
    parseJsonWithPositions(text, file); // throws the exact error
    throw new JsonSyntaxError((e as Error).message, 1, 1);
  }
  const members = new Map<object, MemberIndex>();
  const count = typeof value === "object" && value !== null && !Array.isArray(value) ? indexMembers(value, INDEXED_DEPTH, 0, members) : memberCount(value);
  // JSON.parse keeps the last of duplicate keys: then the text has more keys than the value has members.
  const starts = keyStarts(text, bom, count);
  if (starts === null) {
    parseJsonWithPositions(text, file); // throws on the duplicate
    throw new Error(`${file}: more keys in the text than JSON.parse gave, yet no duplicate key`);
  }
  // From key indices to where the keys start; the starts of all keys are not kept.
  for (const { keyAt } of members.values()) for (let j = 0; j < keyAt.length; j++) keyAt[j] = starts[keyAt[j]!]!;
  return { text, value, members };
}

/**
 * Positions of `paths` in a valid JSON text: a tree holding just the nodes
 * along those paths. Everything off the paths is skipped without being read:
 * in the outer objects of a document from readJsonDocument, by going straight
 * to the start of each wanted member; elsewhere a skipped value is crossed by
 * jumping from one quote or bracket to the next. Lines are counted only up to
 * the places a position is taken, by jumping from one newline to the next.
 */
export function locateJson(source: string | JsonDocument, file: string, paths: readonly (readonly (string | number)[])[]): PosNode {
  const doc = typeof source === "string" ? undefined : source;
  const text = typeof source === "string" ? source : source.text;
  // The tree of the wanted paths is the answer itself: each node gets its place when the walk reaches it, and one
  // never reached keeps none (its lookup then gives the nearest placed ancestor, as for a path not in the document).
  const root = new PosNode(file, 1, 1);
  for (const p of paths) {
    let node = root;
    for (const seg of p) node = node.child(seg, file, 0, 0);
  }
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Lines: `line` is the number of the line that starts at `lineStart`; positions are asked for in increasing order.
  // `nextNewline` is the first newline at or after lineStart (text.length when there is none), found once per line: a
  // document on one line (`nix eval --json` writes one) is not searched to its end again for every position.
  let line = 1;
  let lineStart = 0;
  const newlineFrom = (from: number) => {
    const nl = text.indexOf("\n", from);
    return nl === -1 ? text.length : nl;
  };
  let nextNewline = newlineFrom(0);
  const place = (node: PosNode, at: number) => {
    while (nextNewline < at) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = newlineFrom(lineStart);
    }
    node.place(line, at - lineStart + 1);
    return node;
  };
  const space = () => {
    i = pastSpace(text, i);
  };
  /** Past the string at i. */
  const skipString = () => {
    i = stringEnd(text, i) + 1;
  };
  const STRUCTURE = /["{}[\]]/g;
  /** A number, true, false or null ends at whitespace or punctuation. */
  const endsLiteral = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x5d || c === 0x7d || Number.isNaN(c);
  /** Past the value at i (after whitespace). */
  const skipValue = () => {
    space();
    const c = text.charCodeAt(i);
    if (c === 0x22) return skipString();
    if (c !== 0x7b && c !== 0x5b) {
      while (!endsLiteral(text.charCodeAt(i))) i++;
      return;
    }
    let depth = 0;
    for (;;) {
      STRUCTURE.lastIndex = i;
      STRUCTURE.test(text); // test, not exec: no match array for each bracket or quote
      i = STRUCTURE.lastIndex - 1;
      const d = text.charCodeAt(i);
      if (d === 0x22) {
        skipString();
        continue;
      }
      i++;
      if (d === 0x7b || d === 0x5b) depth++;
      else if (--depth === 0) return;
    }
  };
  const readKey = (): string => {
    const start = i;
    skipString();
    // One slice, without the quotes; a key with an escape is read by JSON.parse.
    const inner = text.slice(start + 1, i - 1);
    return inner.includes("\\") ? (JSON.parse(text.slice(start, i)) as string) : inner;
  };
  /** An indexed object's wanted members, each reached from where its key starts. */
  const walkIndexed = (node: PosNode, o: { [k: string]: Json }, { keys, keyAt }: MemberIndex) => {
    for (let j = 0; j < keys.length; j++) {
      const sub = node.get(keys[j]!);
      if (sub === undefined) continue;
      const at = (i = keyAt[j]!);
      skipString();
      space();
      i++; // ':'
      walk(place(sub, at), o[keys[j]!]);
    }
    // Nothing after an indexed object is read: its parent is indexed too, or it is the document.
  };
  /**
   * Through the value at i. `value` is that value as parsed, given only when
   * the walk got here by indexed objects alone: an indexed object is walked
   * without reading the members it does not want.
   */
  const walk = (node: PosNode, value?: Json) => {
    space();
    const c = text.charCodeAt(i);
    if (!node.hasKids || (c !== 0x7b && c !== 0x5b)) return skipValue();
    const index = value !== undefined && c === 0x7b ? doc?.members.get(value as object) : undefined;
    if (index !== undefined) return walkIndexed(node, value as { [k: string]: Json }, index);
    i++;
    if (c === 0x7b) {
      for (;;) {
        space();
        if (text.charCodeAt(i) === 0x7d) return void i++;
        if (text.charCodeAt(i) === 0x2c) {
          i++;
          continue;
        }
        const keyAt = i;
        const key = readKey();
        space();
        i++; // ':'
        const sub = node.get(key);
        if (sub === undefined) skipValue();
        else walk(place(sub, keyAt));
      }
    }
    for (let index = 0; ; index++) {
      space();
      if (text.charCodeAt(i) === 0x5d) return void i++;
      if (index > 0) {
        i++; // ','
        space();
      }
      const sub = node.get(index);
      if (sub === undefined) skipValue();
      else walk(place(sub, i));
    }
  };
  walk(root, doc?.value);
  return root;
}
