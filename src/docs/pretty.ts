/**
 * Option values as the NixOS docs show them: `lib.generators.toPretty` with
 * `multiline = true`, which `lib.options.renderOptionValue` applies to every
 * default and example that is not already a literal expression.
 *
 * The layout differs from src/nix/literal.ts on purpose (attribute names
 * sorted, every list and set expanded, multi-line strings with trailing
 * spaces on blank lines): this must be byte for byte what Nix prints.
 */
import { isLiteralExpression, isNixExpr, type NixValue } from "../options/dsl.js";
import { compareAttrNames } from "../model/nix-values.js";

const NIX_KEYWORDS = new Set(["assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"]);
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/** `lib.strings.escapeNixIdentifier`: bare when Nix allows it, else a JSON string with `$` escaped. */
export function escapeNixIdentifier(name: string): string {
  if (IDENTIFIER.test(name) && !NIX_KEYWORDS.has(name)) return name;
  return JSON.stringify(name).replace(/\$/g, "\\$");
}


function singleLine(lines: readonly string[]): string {
  const escape = (l: string) => l.replace(/\\|"|\$\{/g, (m) => "\\" + m);
  return '"' + lines.map(escape).join("\\n") + '"';
}

function multiLine(lines: readonly string[], intro: string, outro: string): string {
  const escaped = lines.map((l) => l.replace(/\$\{|''/g, (m) => (m === "${" ? "''${" : "'''")));
  const last = escaped[escaped.length - 1]!;
  return "''" + intro + escaped.slice(0, -1).join(intro) + (last === "" ? outro : intro + last) + "''";
}

function go(v: NixValue, indent: string): string {
  const intro = "\n" + indent + "  ";
  const outro = "\n" + indent;
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error(`toPretty: ${v} is not an integer Nix would print the same way`);
    return String(v);
  }
  if (typeof v === "string") {
    const lines = v.split("\n");
    return lines.length > 1 ? multiLine(lines, intro, outro) : singleLine(lines);
  }
  if (isNixExpr(v) || isLiteralExpression(v)) throw new Error("toPretty: a Nix expression has no value to print");
  if (Array.isArray(v)) {
    const items = v as readonly NixValue[];
    if (items.length === 0) return "[ ]";
    return "[" + intro + items.map((x) => go(x, indent + "  ")).join(intro) + outro + "]";
  }
  const set = v as { readonly [k: string]: NixValue };
  const names = Object.keys(set).sort(compareAttrNames);
  if (names.length === 0) return "{ }";
  if (set.type === "derivation") return `<derivation ${typeof set.name === "string" ? set.name : "???"}>`;
  return "{" + intro + names.map((n) => `${escapeNixIdentifier(n)} = ${go(set[n]!, indent + "  ")};`).join(intro) + outro + "}";
}

/** `lib.generators.toPretty { multiline = true; }` of a plain value. */
export function toPretty(v: NixValue): string {
  return go(v, "");
}
