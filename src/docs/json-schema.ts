/**
 * docs/containers.schema.json: a JSON Schema (draft 2020-12) for container
 * definitions written as JSON, `{ "containers": { "<name>": { ... } } }`, the
 * shape `builtins.fromJSON` hands to `containers = ...;`, with the validator's
 * optional `host` object beside them (host-schema.ts). Editors that read a
 * `$schema` line give completion and hover text from it.
 *
 * It checks what Nix's option types check, the same way as the validator's
 * type layer (src/validate/schema.ts): unknown options are errors
 * (`additionalProperties: false`), integers carry Nix's exact ranges,
 * `strMatching` becomes an anchored pattern (src/model/ere.ts), options
 * without a default are required. Beyond the types, it knows what the
 * container's own config template does with `path` (see schema-facts.ts).
 * Rules that are not about types (name lengths, exclusive network options,
 * ...) are the validator's.
 *
 * Where JSON and Nix differ, a description says so, never a silent `{}`:
 * - `config` is a NixOS module: JSON can write one that is an attribute set,
 *   or the absolute path of a module file; NixOS checks what it defines;
 * - `unspecified` values (`specialArgs`) accept any JSON value;
 * - defaults that are Nix expressions (`nixpkgs`: `pkgs.path`) and examples
 *   written as Nix appear as text in the description;
 * - hidden options (`pkgs`) are listed as deprecated, with their type: the
 *   type accepts a definition, and what the module then does (for `pkgs`, the
 *   removed-pkgs check) is the validator's business;
 * - a submodule given as the path of a module file is not accepted.
 */
import { isOption, isPlainValue, type OptionDecl, type OptionSet, type OptionType, type SubmoduleType } from "../options/dsl.js";
import { optionSet } from "../options/index.js";
import { normalizeDescription } from "../nix/options.js";
import { documentedOptions, optionAnchor, renderOptionValue, showOption } from "./doc-list.js";
import { ereToEcmaScript } from "../model/ere.js";
import { jsonText, type JsonOut } from "./json.js";
import { hostInterfaceSchema, hostSchema } from "./host-schema.js";
import { GENERATED_NOTE } from "./marker.js";
import { plainText } from "./prose.js";
import { moduleFacts, type Schema } from "./schema-facts.js";
import { integerRanges, typeDescription } from "./type-description.js";

interface Context {
  readonly defs: Map<string, Schema>;
  /** Option name behind an `#opt-...` anchor, for option links in descriptions. */
  readonly optionName: (anchor: string) => string | null;
}

const ANY_VALUE_NOTE = "Any JSON value: the Nix type accepts any value, of which JSON can write null, booleans, numbers, strings, lists and objects.";
const NIXOS_MODULE_NOTE =
  "A NixOS module. In JSON that is an attribute set of option definitions (no function, no Nix expression), " +
  "or the absolute path of a module file; what it defines is checked by NixOS, not by this schema.";
const HIDDEN_NOTE = "Hidden: the module does not document this option and it is not meant to be set.";

function integer(range: { min: bigint; max: bigint }): Schema {
  return { type: "integer", minimum: range.min, maximum: range.max };
}

function submoduleRef(t: SubmoduleType, loc: readonly string[], ctx: Context): Schema {
  if (!ctx.defs.has(t.typeName)) {
    ctx.defs.set(t.typeName, {}); // placeholder first, so a recursive submodule refers to itself
    ctx.defs.set(t.typeName, submoduleSchema(t, loc, ctx));
  }
  return { $ref: `#/$defs/${t.typeName}` };
}

function typeSchema(t: OptionType, loc: readonly string[], ctx: Context): Schema {
  switch (t.kind) {
    case "bool":
      return { type: "boolean" };
    case "str":
      return { type: "string" };
    case "int":
    case "u32":
    case "port":
      return integer(integerRanges[t.kind]);
    case "path":
      // types.path: a string (or Nix path) that starts with "/".
      return { type: "string", pattern: "^/" };
    case "unspecified":
      return { description: ANY_VALUE_NOTE };
    case "enum":
      return { enum: t.values };
    case "strMatching":
      return { type: "string", pattern: ereToEcmaScript(t.pattern) };
    case "nullOr":
      return { anyOf: [{ type: "null" }, typeSchema(t.elem, loc, ctx)] };
    case "listOf":
      return { type: "array", items: typeSchema(t.elem, [...loc, "*"], ctx) };
    case "attrsOf":
      return { type: "object", additionalProperties: typeSchema(t.elem, [...loc, "<name>"], ctx) };
    case "either":
      return { anyOf: [typeSchema(t.left, loc, ctx), typeSchema(t.right, loc, ctx)] };
    case "submodule":
      return submoduleRef(t, loc, ctx);
    case "nixosConfig":
      return { description: NIXOS_MODULE_NOTE, anyOf: [{ type: "object" }, { type: "string", pattern: "^/" }] };
    default: {
      const unhandled: never = t;
      throw new Error(`${showOption(loc)}: no JSON Schema for option type ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Description text for hover: the option's own words, its Nix type, and what JSON cannot show. */
function describe(decl: OptionDecl, typeNote: JsonOut | undefined, name: string, ctx: Context): string {
  const parts: string[] = [];
  if (decl.description !== undefined) parts.push(plainText(normalizeDescription(decl.description).trimEnd(), ctx));
  if (decl.visible === false) parts.push(HIDDEN_NOTE);
  if (typeof typeNote === "string") parts.push(typeNote);
  parts.push(`Nix type: ${typeDescription(decl.type)}.`);
  if (decl.default !== undefined && !isPlainValue(decl.default)) {
    const shown = renderOptionValue(decl.defaultText ?? decl.default, `${name}: defaultText`).text;
    parts.push(`Default, a Nix expression that JSON cannot write: ${shown}`);
  }
  if (decl.example !== undefined && !isPlainValue(decl.example)) parts.push(`Example, in Nix:\n${renderOptionValue(decl.example, `${name}: example`).text.trimEnd()}`);
  return parts.join("\n\n");
}

function optionSchema(loc: readonly string[], decl: OptionDecl, ctx: Context): Schema {
  const name = showOption(loc);
  const { description: typeNote, ...type } = typeSchema(decl.type, loc, ctx);
  return {
    description: describe(decl, typeNote, name, ctx),
    ...type,
    ...(decl.readOnly ? { readOnly: true } : {}),
    ...(decl.visible === false ? { deprecated: true } : {}),
    ...(decl.default !== undefined && isPlainValue(decl.default) ? { default: decl.default as JsonOut } : {}),
    ...(decl.example !== undefined && isPlainValue(decl.example) ? { examples: [decl.example as JsonOut] } : {}),
  };
}

function submoduleSchema(t: SubmoduleType, loc: readonly string[], ctx: Context): Schema {
  const facts = moduleFacts[t.typeName]?.();
  if (facts === undefined && t.configTemplate !== undefined)
    throw new Error(`${showOption(loc)}: submodule ${t.typeName} has a config template but no module facts for the JSON Schema`);
  const properties: Schema = {};
  const required: string[] = [];
  for (const [name, decl] of Object.entries(t.options)) {
    if (!isOption(decl)) throw new Error(`${showOption([...loc, name])}: nested option sets inside a submodule have no JSON Schema form yet`);
    properties[name] = optionSchema([...loc, name], decl, ctx);
    const optional = decl.visible === false || (t.nameDefaults ?? []).includes(name) || (facts?.optional ?? []).includes(name);
    if (decl.default === undefined && !optional) required.push(name);
  }
  return {
    type: "object",
    properties,
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    ...(facts !== undefined ? { allOf: facts.constraints } : {}),
  };
}

export function containersSchema(set: OptionSet = optionSet): Schema {
  const decl = set.containers;
  if (decl === undefined || !isOption(decl)) throw new Error("containers: the option set declares no containers option");
  const anchors = new Map(documentedOptions(set).map((o) => [optionAnchor(o.loc), o.name]));
  const ctx: Context = { defs: new Map(), optionName: (a) => anchors.get(a) ?? null };
  const containers = optionSchema(["containers"], decl, ctx);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $comment: GENERATED_NOTE,
    title: "NixOS container definitions (containers-nix)",
    description:
      "Definitions of NixOS containers written as JSON: the value of the `containers` option under a `containers` key, " +
      'as in `containers = (builtins.fromJSON (builtins.readFile ./containers.json)).containers;`, ' +
      "and optionally facts about the host for `containers-nix validate` under `host`. See docs/options.md for every option.",
    type: "object",
    properties: {
      $schema: { type: "string", description: "Where this schema is, for editors: a path or URL of containers.schema.json." },
      containers,
      host: hostSchema(),
    },
    additionalProperties: false,
    $defs: { ...Object.fromEntries(ctx.defs), HostInterface: hostInterfaceSchema() },
  };
}

export function emitJsonSchema(set: OptionSet = optionSet): string {
  return jsonText(containersSchema(set));
}
