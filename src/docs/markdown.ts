/**
 * docs/options.md: the option reference, readable on GitHub. One section per
 * documented option, in the NixOS manual's order and with its anchors
 * (`#opt-containers._name_.autoStart`), each giving the description, the type
 * in Nix's words, default, example, flags and the file that declares it.
 */
import type { OptionSet } from "../options/dsl.js";
import { optionSet } from "../options/index.js";
import { compareManualOrder, DECLARATION, documentedOptions, optionAnchor, showOption, type DocOption, type RenderedValue } from "./doc-list.js";
import { MARKDOWN_HEADER } from "./marker.js";
import { codeSpan, githubMarkdown, type ProseLinks } from "./prose.js";

/** docs/ → the repository root, for links to files. */
const TO_ROOT = "../";

/** Characters that Markdown could read as markup in plain text such as a type description. */
const escapeMarkdown = (text: string) => text.replace(/[\\`*_[\]<>|#]/g, (c) => "\\" + c);

/** A value inline when it is one line, else as a fenced Nix block (as nixos-render-docs does). */
function code(value: RenderedValue): string {
  const text = value.text;
  if (!text.includes("\n")) return " " + codeSpan(text);
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `\n\n${fence}nix\n${text.endsWith("\n") ? text : text + "\n"}${fence}`;
}

/** Resolves {option}`...` names: absolute, or relative to the options beside the one described. */
function linksFor(options: readonly DocOption[], current: DocOption): ProseLinks {
  const byName = new Map(options.map((o) => [o.name, o]));
  const byAnchor = new Map(options.map((o) => [optionAnchor(o.loc), o.name]));
  return {
    optionAnchor(name) {
      for (let n = current.loc.length - 1; n >= 0; n--) {
        const candidate = byName.get(n === 0 ? name : `${showOption(current.loc.slice(0, n))}.${name}`);
        if (candidate !== undefined) return optionAnchor(candidate.loc);
      }
      return null;
    },
    optionName: (anchor) => byAnchor.get(anchor) ?? null,
  };
}

function flags(o: DocOption): string {
  return [o.readOnly ? " *(read only)*" : "", o.internal ? " *(internal: for the module's own use)*" : ""].join("");
}

function section(o: DocOption, all: readonly DocOption[]): string {
  const parts = [`<a id="${optionAnchor(o.loc)}"></a>\n## ${codeSpan(o.name)}`];
  if (o.description !== null && o.description !== "") parts.push(githubMarkdown(o.description.trimEnd(), linksFor(all, o)));
  parts.push(`*Type:* ${escapeMarkdown(o.type)}${flags(o)}`);
  if (o.default !== undefined) parts.push(`*Default:*${code(o.default)}`);
  if (o.example !== undefined) parts.push(`*Example:*${code(o.example)}`);
  parts.push(`*Declared in:* ${o.declarations.map((d) => `[${codeSpan(d)}](${TO_ROOT}${d})`).join(", ")}`);
  return parts.join("\n\n");
}

function intro(options: readonly DocOption[]): string {
  return [
    "# Options",
    `The options that [${codeSpan(DECLARATION)}](${TO_ROOT}${DECLARATION}) declares, ${options.length} in all, ` +
      "in the order and with the anchors of the NixOS manual. " +
      "Options that the module hides from documentation are left out, as in the manual.",
    "The same options as data: [`options.json`](options.json), in the format of nixpkgs' `nixosOptionsDoc`, " +
      "and [`containers.schema.json`](containers.schema.json), a JSON Schema for container definitions written as JSON.",
    options.map((o) => `- [${codeSpan(o.name)}](#${optionAnchor(o.loc)})`).join("\n"),
  ].join("\n\n");
}

export function emitOptionsMarkdown(set: OptionSet = optionSet): string {
  const options = documentedOptions(set).sort(compareManualOrder);
  return [MARKDOWN_HEADER, intro(options), ...options.map((o) => section(o, options))].join("\n\n") + "\n";
}
