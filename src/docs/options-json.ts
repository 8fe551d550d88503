/**
 * docs/options.json in the format of nixpkgs' nixosOptionsDoc (`optionsJSON`):
 * an object keyed by option name, each value an entry of
 * `lib.optionAttrSetToDocList` without its `name` (the key already is the name).
 *
 * Differences from nixosOptionsDoc, each deliberate:
 * - `visible` and `internal` stay in every entry (nixosOptionsDoc drops them
 *   once it has filtered on them), so the file equals the doc list field for field;
 * - `declarations` is the repository-relative path of the generated module;
 * - there is no "generated" marker inside: every top-level key of this format
 *   is read as an option by its consumers (nixos-render-docs and others), so a
 *   `$comment` key would break them. The file is marked generated in
 *   .gitattributes and by docs/options.md, and `containers-nix check` covers it.
 */
import type { OptionSet } from "../options/dsl.js";
import { optionSet } from "../options/index.js";
import { documentedOptions, type DocOption } from "./doc-list.js";
import { jsonText, type JsonOut } from "./json.js";
import { compareAttrNames } from "../model/nix-values.js";

/** One entry with its fields in the order `builtins.toJSON` writes them (sorted by name). */
export function optionsJsonEntry(o: DocOption): { [field: string]: JsonOut } {
  const fields: { [field: string]: JsonOut | undefined } = {
    declarations: o.declarations,
    default: o.default,
    description: o.description,
    example: o.example,
    internal: o.internal,
    loc: o.loc,
    readOnly: o.readOnly,
    type: o.type,
    visible: o.visible,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, JsonOut] => e[1] !== undefined));
}

/** name → entry, ordered by name as Nix orders attribute names. */
export function optionsJson(set: OptionSet = optionSet): { [name: string]: { [field: string]: JsonOut } } {
  const list = documentedOptions(set).sort((a, b) => compareAttrNames(a.name, b.name));
  return Object.fromEntries(list.map((o) => [o.name, optionsJsonEntry(o)]));
}

export function emitOptionsJson(set: OptionSet = optionSet): string {
  return jsonText(optionsJson(set));
}
