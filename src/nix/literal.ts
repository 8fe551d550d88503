/**
 * Printing values as Nix source. Every value the generator writes into a .nix
 * file goes through here, so escaping lives in exactly one place.
 *
 * Layout follows nixfmt (RFC 166): 2-space indent, `[ ]` and `{ }` for empties,
 * lists and attribute sets expanded one item per line.
 */
import { isLiteralExpression, isNixExpr, type NixValue } from "../options/dsl.js";

const KEYWORDS = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"]);
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** An attribute name, quoted only when Nix needs it. */
export function attrName(name: string): string {
  return BARE_NAME.test(name) && !KEYWORDS.has(name) ? name : quoted(name);
}

/** An attribute path such as `boot.isContainer`, each part quoted as needed. */
export function attrPath(path: readonly string[]): string {
  return path.map(attrName).join(".");
}

/** A double-quoted Nix string. */
export function quoted(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\" || c === '"') out += "\\" + c;
    else if (c === "$") out += "\\$"; // every `$`, so neither `${` nor `$${` can form
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else out += c;
  }
  return out + '"';
}

/**
 * Text escaped for the inside of an indented (`''`) string. Each pair of
 * quotes becomes `'''`; a lone quote stays as it is unless the next character
 * gets an escape of its own (which starts with `''`): then it is spliced in as
 * `${"'"}`, so that the two cannot run together.
 */
function indentedBody(s: string): string {
  const escapes: Record<string, string> = { $: "''$", "\r": "''\\r", "\t": "''\\t" };
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== "'") {
      out += escapes[c] ?? c;
      i++;
      continue;
    }
    let j = i;
    while (s[j] === "'") j++;
    out += "'''".repeat((j - i) >> 1);
    if ((j - i) % 2 === 1) out += j < s.length && escapes[s[j]!] !== undefined ? '${"\'"}' : "'";
    i = j;
  }
  return out;
}

/**
 * Whether text keeps its exact value inside an indented string laid out by
 * `indentedString`: Nix strips the common leading spaces, so the first
 * non-blank line must start in column 0, and blank lines must be empty.
 */
function fitsIndentedString(s: string): boolean {
  if (!s.includes("\n")) return false;
  const lines = s.split("\n");
  const nonBlank = lines.filter((l) => l.trim() !== "");
  if (nonBlank.length === 0) return false;
  if (lines.some((l) => l !== "" && l.trim() === "")) return false;
  if (!nonBlank.some((l) => !l.startsWith(" "))) return false;
  if (/^\s/.test(nonBlank[0]!) || lines[0] === "") return false;
  // A last line without a newline would lose the spaces before the closing quotes.
  return s.endsWith("\n");
}

/**
 * A multi-line string as an indented string whose lines start at `indent` + 2
 * spaces. Parts that are Nix expressions are spliced in as `${...}`.
 * Returns null when the text cannot be written that way without changing it.
 */
export function indentedString(parts: readonly (string | { text: string })[], indent: string): string | null {
  const plain = parts.map((p) => (typeof p === "string" ? p : "\u0000")).join("");
  if (!fitsIndentedString(plain)) return null;
  const inner = indent + "  ";
  let body = "";
  for (const p of parts) body += typeof p === "string" ? indentedBody(p) : "${" + p.text + "}";
  const lines = body.split("\n");
  lines.pop(); // text ends with a newline: the closing quotes take that line
  return "''\n" + lines.map((l) => (l === "" ? "" : inner + l)).join("\n") + "\n" + indent + "''";
}

/** A string: indented form for multi-line text where that is exact, else double quotes. */
export function nixString(s: string, indent = ""): string {
  return indentedString([s], indent) ?? quoted(s);
}

function isScalar(v: NixValue): boolean {
  return v === null || typeof v !== "object" || isNixExpr(v) || isLiteralExpression(v);
}

/**
 * Any value as Nix source. The first line is not indented; the following
 * lines are laid out relative to `indent`.
 */
export function nixValue(v: NixValue, indent = ""): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error(`cannot print ${v} as a Nix integer`);
    return String(v);
  }
  if (typeof v === "string") return nixString(v, indent);
  if (isNixExpr(v)) return v.text;
  if (isLiteralExpression(v)) {
    const parts = v.parts;
    const text = indentedString(parts, indent);
    if (text !== null) return `lib.literalExpression ${text}`;
    const flat = parts.map((p) => (typeof p === "string" ? quoted(p) : `(toString (${p.text}))`));
    return `lib.literalExpression ${flat.length === 1 ? flat[0] : "(" + flat.join(" + ") + ")"}`;
  }
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    const items = v as readonly NixValue[];
    if (items.length === 0) return "[ ]";
    if (items.length === 1 && isScalar(items[0]!) && !String(nixValue(items[0]!, inner)).includes("\n"))
      return `[ ${typeof items[0] === "number" && items[0] < 0 ? `(${items[0]})` : nixValue(items[0]!, inner)} ]`;
    // In a list, `-1` after another item would read as a subtraction: parenthesize negatives.
    const item = (x: NixValue) => (typeof x === "number" && x < 0 ? `(${nixValue(x)})` : nixValue(x, inner));
    return "[\n" + items.map((x) => inner + item(x) + "\n").join("") + indent + "]";
  }
  const entries = Object.entries(v as { [k: string]: NixValue });
  if (entries.length === 0) return "{ }";
  return "{\n" + entries.map(([k, x]) => `${inner}${attrName(k)} = ${nixValue(x, inner)};\n`).join("") + indent + "}";
}

/** A double-quoted string with Nix expressions spliced in as `${...}`. */
export function interpolated(parts: readonly (string | { text: string })[]): string {
  return '"' + parts.map((p) => (typeof p === "string" ? quoted(p).slice(1, -1) : "${" + p.text + "}")).join("") + '"';
}
