/**
 * A JSON reader that remembers where each value was written: JSON.parse keeps
 * no positions, and findings need `file:line:column`. It accepts exactly RFC
 * 8259 JSON (no comments, no trailing commas) and refuses duplicate keys,
 * which JSON.parse would silently collapse and Nix would reject.
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

  const here = () => ({ file, line, column: i - lineStart + 1 });

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
        const at = here();
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key ${JSON.stringify(key)}`, at.column - 1 + lineStart);
        skipSpace();
        if (text[i] !== ":") fail(`expected ':' after the key, found ${describe(text[i])}`);
        i++;
        const child = node.child(key, at);
        // Own property even for "__proto__": define, never assign.
        Object.defineProperty(obj, key, { value: parseValue(child), enumerable: true, writable: true, configurable: true });
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
        arr.push(parseValue(node.child(arr.length, here())));
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
  const positions = new PosNode({ file, line: 1, column: 1 });
  const value = parseValue(positions);
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the JSON value`);
  return { value, positions };
}
