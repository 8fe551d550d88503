/** Option declarations as `lib.mkOption { ... }` attributes, nixfmt-style. */
import { walkOptions, type OptionDecl, type OptionSet, type NixValue } from "../options/dsl.js";
import { attrPath, nixString, nixValue } from "./literal.js";
import { nixType } from "./types.js";

/** Descriptions are kept trimmed; multi-line ones end with a newline, as a `''` block does. */
export function normalizeDescription(d: string): string {
  const t = d.trim();
  return t.includes("\n") ? t + "\n" : t;
}

function field(name: string, value: string, indent: string): string {
  return `${indent}${name} = ${value};\n`;
}

export function mkOption(decl: OptionDecl, indent: string): string {
  const inner = indent + "  ";
  let body = field("type", nixType(decl.type, inner), inner);
  const value = (v: NixValue) => nixValue(v, inner);
  if (decl.default !== undefined) body += field("default", value(decl.default), inner);
  if (decl.defaultText !== undefined) body += field("defaultText", value(decl.defaultText), inner);
  if (decl.example !== undefined) body += field("example", value(decl.example), inner);
  if (decl.description !== undefined) body += field("description", nixString(normalizeDescription(decl.description), inner), inner);
  if (decl.visible !== undefined) body += field("visible", String(decl.visible), inner);
  if (decl.internal !== undefined) body += field("internal", String(decl.internal), inner);
  if (decl.readOnly !== undefined) body += field("readOnly", String(decl.readOnly), inner);
  return `lib.mkOption {\n${body}${indent}}`;
}

/** The body of an `options = { ... }` attribute set, one option per attribute path, blank lines between. */
export function optionsBlock(set: OptionSet, indent: string): string {
  const entries = [...walkOptions(set)].map(([path, decl]) => `${indent}${attrPath(path)} = ${mkOption(decl, indent)};\n`);
  return entries.join("\n");
}

