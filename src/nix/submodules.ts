/** Submodules as let-bound modules: `bindMountModule = { name, ... }: { options = ...; config = ...; };` */
import type { SubmoduleType } from "../options/dsl.js";
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

export function submoduleBindingNix(s: SubmoduleType, indent: string): string {
  const inner = indent + "    ";
  const i2 = inner + "  ";
  let body = `${inner}options = {\n${optionsBlock(s.options, i2 + "")}${inner}};\n`;
  const configs: string[] = (s.nameDefaults ?? []).map((o) => `${i2}${attrName(o)} = lib.mkDefault name;\n`);
  if (configs.length > 0) body += `\n${inner}config = {\n${configs.join("")}${inner}};\n`;
  if (s.configTemplate !== undefined)
    body += `\n${inner}config = ${reindent(renderTemplate(`${s.configTemplate}.nix.njk`, {}), inner)};\n`;
  return `${indent}${submoduleBinding(s)} =\n${indent}  ${args(s, indent + "  ")}{\n${body}${indent}  };\n`;
}
