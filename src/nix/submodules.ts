/** Submodules as let-bound modules: `bindMountModule = { name, ... }: { options = ...; config = ...; };` */
import type { OptionSet, SubmoduleType } from "../options/dsl.js";
import { renderTemplate } from "../emit/template.js";
import { attrName } from "./literal.js";
import { optionsBlock } from "./options.js";
import { submoduleBinding } from "./types.js";

const reindent = (text: string, indent: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l, i) => (i === 0 || l === "" ? l : indent + l))
    .join("\n");

function args(s: SubmoduleType, indent: string): string {
  const names = s.configTemplate !== undefined ? ["config", "options", "name"] : s.nameDefaults?.length ? ["name"] : [];
  if (names.length === 0) return "";
  if (names.length === 1) return `{ ${names[0]}, ... }:\n${indent}`;
  return `{\n${names.map((n) => `${indent}  ${n},\n`).join("")}${indent}  ...\n${indent}}:\n${indent}`;
}

/**
 * Named groups of options shared by several submodules (networkOptions): a
 * submodule that holds every option of a group, as the very same
 * declarations, gets `// group` instead of a copy.
 */
export function groupsIn(options: OptionSet, groups: Readonly<Record<string, OptionSet>>): { rest: OptionSet; used: string[] } {
  const used = Object.entries(groups)
    .filter(([, g]) => Object.entries(g).every(([k, decl]) => options[k] === decl))
    .map(([name]) => name);
  const grouped = new Set(used.flatMap((name) => Object.keys(groups[name]!)));
  return { rest: Object.fromEntries(Object.entries(options).filter(([k]) => !grouped.has(k))), used };
}

export function groupBindingNix(name: string, options: OptionSet, indent: string): string {
  return `${indent}${attrName(name)} = {\n${optionsBlock(options, indent + "  ")}${indent}};\n`;
}

export function submoduleBindingNix(s: SubmoduleType, indent: string, groups: Readonly<Record<string, OptionSet>> = {}): string {
  const inner = indent + "    ";
  const i2 = inner + "  ";
  const { rest, used } = groupsIn(s.options, groups);
  const own = Object.keys(rest).length > 0 ? `{\n${optionsBlock(rest, i2)}${inner}}` : null;
  const parts = [...(own ? [own] : []), ...used];
  let body = `${inner}options = ${parts.join(" // ")};\n`;
  const configs: string[] = (s.nameDefaults ?? []).map((o) => `${i2}${attrName(o)} = lib.mkDefault name;\n`);
  if (configs.length > 0) body += `\n${inner}config = {\n${configs.join("")}${inner}};\n`;
  if (s.configTemplate !== undefined)
    body += `\n${inner}config = ${reindent(renderTemplate(`${s.configTemplate}.nix.njk`, {}), inner)};\n`;
  return `${indent}${submoduleBinding(s)} =\n${indent}  ${args(s, indent + "  ")}{\n${body}${indent}  };\n`;
}
