/**
 * types/containers.d.ts: TypeScript types of the option set, generated with
 * ts-morph. Each submodule gets two interfaces: `<Name>Input`, a definition
 * as written (options with a default may be left out), and `<Name>`, the
 * value once defaults apply (every option present). Option groups (boot.*)
 * and the root get `<Path>Options` / `<Path>OptionsInput` the same way.
 */
import { IndentationText, NewLineKind, Project, QuoteKind, type InterfaceDeclarationStructure, type OptionalKind } from "ts-morph";
import { isOption, type OptionSet, type OptionType, type SubmoduleType } from "../options/dsl.js";
import { optionSet } from "../options/index.js";
import { submoduleFacts } from "../validate/zod/module-facts.js";
import { GENERATED_HEADER } from "./template.js";
import { propertyDoc, tsPropertyName } from "./typings-doc.js";

export type Variant = "input" | "resolved";

const typeName = (name: string, v: Variant) => (v === "input" ? `${name}Input` : name);

/** The TypeScript type of an option type. `at` names the option in errors. */
export function tsType(t: OptionType, v: Variant, at: string): string {
  switch (t.kind) {
    case "bool":
      return "boolean";
    case "str":
    case "path":
    case "strMatching":
      return "string";
    case "int":
    case "u32":
    case "port":
      return "number";
    case "unspecified":
      return "unknown";
    case "enum":
      if (t.values.length === 0) throw new Error(`${at}: an enum without values has no TypeScript form`);
      return t.values.map((x) => JSON.stringify(x)).join(" | ");
    case "nullOr":
      return `${tsType(t.elem, v, at)} | null`;
    case "either":
      return `${tsType(t.left, v, at)} | ${tsType(t.right, v, at)}`;
    case "listOf": {
      const elem = tsType(t.elem, v, `${at}.*`);
      const wrapped = elem.includes(" | ") ? `(${elem})` : elem;
      return v === "input" ? `readonly ${wrapped}[]` : `${wrapped}[]`;
    }
    case "attrsOf":
      return `Record<string, ${tsType(t.elem, v, `${at}.<name>`)}>`;
    case "submodule":
      return typeName(t.typeName, v);
    case "nixosConfig":
      return v === "input" ? "NixosModule" : "NixosConfiguration";
    default: {
      const unhandled: never = t;
      throw new Error(`${at}: no TypeScript form for option type ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Where each submodule is used (option paths), innermost submodules first, each once. */
function submoduleUses(set: OptionSet): Map<SubmoduleType, string[]> {
  const uses = new Map<SubmoduleType, string[]>();
  const visitType = (t: OptionType, at: string) => {
    switch (t.kind) {
      case "nullOr":
        return visitType(t.elem, at);
      case "listOf":
        return visitType(t.elem, `${at}.*`);
      case "attrsOf":
        return visitType(t.elem, `${at}.<name>`);
      case "either":
        visitType(t.left, at);
        return visitType(t.right, at);
      case "submodule": {
        const seen = uses.get(t);
        if (seen !== undefined) return void seen.push(at);
        visitSet(t.options, at);
        uses.set(t, [at]);
        return;
      }
      default:
        return;
    }
  };
  const visitSet = (s: OptionSet, at: string) => {
    for (const [name, decl] of Object.entries(s)) {
      const path = at === "" ? name : `${at}.${name}`;
      if (isOption(decl)) visitType(decl.type, path);
      else visitSet(decl, path);
    }
  };
  visitSet(set, "");
  for (const list of uses.values()) list.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return uses;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface Scope {
  /** Option path of this set, for docs and errors. */
  at: string;
  nameDefaults: readonly string[];
  optional: readonly string[];
  derived: readonly string[];
}

/** Whether an input may leave the whole group out: every option in it may be left out. */
function groupOptional(set: OptionSet): boolean {
  return Object.values(set).every((d) => (isOption(d) ? d.default !== undefined : groupOptional(d)));
}

const hidden = (d: { visible?: boolean; internal?: boolean }) => d.visible === false || d.internal === true;

/**
 * The interface of one option set. Groups inside it become interfaces of
 * their own, named after their path (pushed to `out` first).
 */
function setInterface(
  name: string,
  set: OptionSet,
  v: Variant,
  scope: Scope,
  out: OptionalKind<InterfaceDeclarationStructure>[],
  docs: string,
): OptionalKind<InterfaceDeclarationStructure> {
  const properties: NonNullable<InterfaceDeclarationStructure["properties"]> = [];
  for (const [key, decl] of Object.entries(set)) {
    const at = scope.at === "" ? key : `${scope.at}.${key}`;
    if (!isOption(decl)) {
      const group = `${at.split(".").map(capitalize).join("")}Options`;
      out.push(setInterface(typeName(group, v), decl, v, { at, nameDefaults: [], optional: [], derived: [] }, out, `The options under \`${at}\`.`));
      properties.push({ name: tsPropertyName(key), type: typeName(group, v), hasQuestionToken: v === "input" && groupOptional(decl) });
      continue;
    }
    if (hidden(decl)) continue;
    const nameDefault = scope.nameDefaults.includes(key);
    const leaveOut =
      v === "input"
        ? decl.default !== undefined || nameDefault || scope.optional.includes(key)
        : decl.default === undefined && !nameDefault && scope.optional.includes(key) && !scope.derived.includes(key);
    properties.push({
      name: tsPropertyName(key),
      type: tsType(decl.type, v, at),
      hasQuestionToken: leaveOut,
      docs: [propertyDoc(decl, { at, nameDefault })],
    });
  }
  return { name, isExported: true, properties, docs: [{ description: docs }] };
}

function submoduleDocs(s: SubmoduleType, uses: readonly string[], v: Variant): string {
  const where = uses.map((u) => `\`${u}\``).join(", ");
  return v === "input"
    ? `${s.typeName} as written at ${where}: options that have a default may be left out.`
    : `${s.typeName} with its defaults applied, as the module sees it at ${where}: every option is present.`;
}

const FILE_DOC = `${GENERATED_HEADER.replace(/^# /, "// ")}
//
// TypeScript types of the NixOS containers options. \`<Name>Input\` types are
// definitions as written, where options that have a default may be left out;
// \`<Name>\` types are the values once defaults apply, as the module sees them
// (config.containers.<name>), with every option present. Hidden options (the
// removed \`pkgs\`) are left out, so writing one is a type error.
`;

const MODULE_TYPES = `
/**
 * A NixOS module, the value of a container's \`config\`: an attribute set of
 * option definitions, or a function from the module arguments (\`config\`,
 * \`pkgs\`, \`lib\`, …) to one. NixOS options are not modelled here, so its
 * contents are not checked.
 */
export type NixosModule = { readonly [name: string]: unknown } | ((args: { readonly [name: string]: unknown }) => { readonly [name: string]: unknown });

/** A container's NixOS configuration after evaluation (\`config.containers.<name>.config\`); not modelled here. */
export type NixosConfiguration = { readonly [option: string]: unknown };
`;

export function emitTypings(set: OptionSet = optionSet): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, newLineKind: NewLineKind.LineFeed, quoteKind: QuoteKind.Double },
  });
  const file = project.createSourceFile("containers.d.ts", MODULE_TYPES);
  const uses = submoduleUses(set);
  for (const v of ["input", "resolved"] as const) {
    const out: OptionalKind<InterfaceDeclarationStructure>[] = [];
    for (const [s, at] of uses) {
      const facts = submoduleFacts[s.typeName];
      const scope: Scope = { at: at[0]!, nameDefaults: s.nameDefaults ?? [], optional: facts?.optional ?? [], derived: facts?.derived ?? [] };
      out.push(setInterface(typeName(s.typeName, v), s.options, v, scope, out, submoduleDocs(s, at, v)));
    }
    const rootDocs = v === "input" ? "NixOS options as written in a host's configuration." : "NixOS options with their defaults applied.";
    out.push(setInterface(typeName("Options", v), set, v, { at: "", nameDefaults: [], optional: [], derived: [] }, out, rootDocs));
    file.addInterfaces(out);
  }
  return `${FILE_DOC}${file.getFullText()}`;
}
