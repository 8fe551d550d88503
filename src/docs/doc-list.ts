/**
 * The option set as a list of documented options, in the shape of nixpkgs'
 * `lib.optionAttrSetToDocList`: one entry per option, submodule options
 * included with `<name>` (attribute sets) and `*` (lists) in their path.
 * docs/options.json and docs/options.md are both printed from this list.
 */
import { isLiteralExpression, isNixExpr, subOptions, walkOptions, type NixValue, type OptionDecl, type OptionSet, type OptionType } from "../options/dsl.js";
import { optionSet } from "../options/index.js";
import { normalizeDescription } from "../nix/options.js";
import { escapeNixIdentifier, toPretty } from "./pretty.js";
import { typeDescription } from "./type-description.js";

/**
 * Where every option is declared, relative to the repository root. Nix gives
 * the absolute path of the file it evaluated; a fixed relative path keeps the
 * generated files independent of where the repository is checked out.
 */
export const DECLARATION = "nix/containers.nix";

/** `lib.literalExpression`: the shape options.json gives defaults and examples. */
export type RenderedValue = {
  readonly _type: "literalExpression";
  readonly text: string;
};

export interface DocOption {
  readonly loc: readonly string[];
  readonly name: string;
  readonly description: string | null;
  readonly declarations: readonly string[];
  readonly internal: boolean;
  readonly visible: boolean;
  readonly readOnly: boolean;
  readonly type: string;
  readonly default?: RenderedValue;
  readonly example?: RenderedValue;
  /** The declaration the entry was made from (not part of the Nix format). */
  readonly decl: OptionDecl;
}

/** `lib.showOption`: path parts joined by dots, quoted where Nix needs it, placeholders left alone. */
export function showOption(loc: readonly string[]): string {
  return loc.map((p) => (p === "*" || /^<.*>$/s.test(p) ? p : escapeNixIdentifier(p))).join(".");
}

/**
 * Text of a literal expression. A spliced Nix expression, which Nix evaluates
 * when it reads the module, stays in `${...}` form: e.g. the containers example's
 * `${lib.trivial.release}` depends on the nixpkgs the module is used with.
 */
export function literalText(v: NixValue): string | null {
  if (!isLiteralExpression(v)) return null;
  return v.parts.map((p) => (typeof p === "string" ? p : "${" + p.text + "}")).join("");
}

function containsExpr(v: NixValue): boolean {
  if (isNixExpr(v)) return true;
  if (v === null || typeof v !== "object" || isLiteralExpression(v)) return false;
  return (Array.isArray(v) ? (v as readonly NixValue[]) : Object.values(v)).some(containsExpr);
}

/** `lib.options.renderOptionValue`: literal expressions as they are, plain values pretty-printed. */
export function renderOptionValue(v: NixValue, what: string): RenderedValue {
  const text = literalText(v);
  if (text !== null) return { _type: "literalExpression", text };
  if (containsExpr(v)) throw new Error(`${what} is a Nix expression: give the option a defaultText to show instead`);
  return { _type: "literalExpression", text: toPretty(v) };
}

/** Whether a type has submodules below it (`getSubModules != null` in lib.types). */
function hasSubModules(t: OptionType): boolean {
  switch (t.kind) {
    case "submodule":
      return true;
    case "nullOr":
    case "listOf":
    case "attrsOf":
      return hasSubModules(t.elem);
    default:
      return false;
  }
}

/** The value lib.types gives an option with no definition (`emptyValue.value`), where there is one. */
function emptyValue(t: OptionType): NixValue | undefined {
  switch (t.kind) {
    case "nullOr":
      return null;
    case "listOf":
      return [];
    case "attrsOf":
      return {};
    default:
      return undefined;
  }
}

/** The default as the docs show it: defaultText, else default, else the type's empty value (no submodules). */
function documentedDefault(decl: OptionDecl, name: string): RenderedValue | undefined {
  if (decl.defaultText !== undefined) return renderOptionValue(decl.defaultText, `${name}: defaultText`);
  if (decl.default !== undefined) return renderOptionValue(decl.default, `${name}: default`);
  const empty = hasSubModules(decl.type) ? undefined : emptyValue(decl.type);
  return empty === undefined ? undefined : renderOptionValue(empty, `${name}: empty value`);
}

function docOption(loc: readonly string[], decl: OptionDecl): DocOption {
  const name = showOption(loc);
  const dflt = documentedDefault(decl, name);
  return {
    loc,
    name,
    description: decl.description === undefined ? null : normalizeDescription(decl.description),
    declarations: [DECLARATION],
    internal: decl.internal ?? false,
    visible: decl.visible ?? true,
    readOnly: decl.readOnly ?? false,
    type: typeDescription(decl.type),
    ...(decl.example !== undefined ? { example: renderOptionValue(decl.example, `${name}: example`) } : {}),
    ...(dflt !== undefined ? { default: dflt } : {}),
    decl,
  };
}

/**
 * Every option with its sub-options, as optionAttrSetToDocList lists them: a
 * hidden option is listed (visible = false) but its sub-options are not.
 */
export function docList(set: OptionSet = optionSet, prefix: readonly string[] = []): DocOption[] {
  const out: DocOption[] = [];
  for (const [path, decl] of walkOptions(set)) {
    const entry = docOption([...prefix, ...path], decl);
    out.push(entry);
    const sub = entry.visible ? subOptions(decl.type, entry.loc) : null;
    if (sub !== null) out.push(...docList(sub[0], sub[1]));
  }
  return out;
}

/**
 * The options the docs show: hidden ones (`visible = false`) are left out, as
 * in the NixOS manual. Internal options would be listed with `internal: true`
 * (none is internal today); nixosOptionsDoc leaves those out as well.
 */
export function documentedOptions(set: OptionSet = optionSet): DocOption[] {
  return docList(set).filter((o) => o.visible);
}

/**
 * The NixOS manual's order (nixos-render-docs): path part by part, and within
 * one level names starting with `enable` first, then `package`, then the rest.
 */
export function compareManualOrder(a: DocOption, b: DocOption): number {
  const rank = (p: string) => (p.startsWith("enable") ? 0 : p.startsWith("package") ? 1 : 2);
  for (let i = 0; i < Math.min(a.loc.length, b.loc.length); i++) {
    const x = a.loc[i]!;
    const y = b.loc[i]!;
    if (x === y) continue;
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    return codePointCompare(x, y);
  }
  return a.loc.length - b.loc.length;
}

function codePointCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The NixOS manual's anchor for an option: `opt-` and the path with `<`, `>`, `*` and the like as `_`. */
export function optionAnchor(loc: readonly string[]): string {
  return "opt-" + loc.map((p) => p.replace(/[*<> [\]:"]/g, "_")).join(".");
}
