/** Option types as `lib.types` expressions. */
import type { OptionType, SubmoduleType } from "../options/dsl.js";
import { nixValue, quoted } from "./literal.js";

/** The let-bound name of a submodule's module in the generated file. */
export const submoduleBinding = (s: SubmoduleType) => s.typeName.charAt(0).toLowerCase() + s.typeName.slice(1) + "Module";

const paren = (s: string) => (/\s/.test(s) && !/^\(.*\)$/.test(s) ? `(${s})` : s);

export function nixType(t: OptionType, indent = ""): string {
  switch (t.kind) {
    case "bool":
    case "str":
    case "int":
    case "port":
    case "path":
    case "unspecified":
      return `types.${t.kind}`;
    case "u32":
      return "types.ints.u32";
    case "enum":
      return `types.enum ${nixValue(t.values, indent)}`;
    case "strMatching":
      return `types.strMatching ${quoted(t.pattern)}`;
    case "nullOr":
    case "listOf":
    case "attrsOf":
      return `types.${t.kind} ${paren(nixType(t.elem, indent))}`;
    case "either":
      return `types.either ${paren(nixType(t.left, indent))} ${paren(nixType(t.right, indent))}`;
    case "submodule":
      return `types.submodule ${submoduleBinding(t)}`;
    case "nixosConfig":
      // Only valid inside the container submodule, where `name` and `config` are in scope.
      return "nixosConfigType name config";
    default: {
      const unhandled: never = t;
      throw new Error(`no Nix form for option type ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Submodules used anywhere below a type, innermost first, each once. */
export function submodulesOf(t: OptionType, out: Map<string, SubmoduleType> = new Map()): Map<string, SubmoduleType> {
  switch (t.kind) {
    case "nullOr":
    case "listOf":
    case "attrsOf":
      return submodulesOf(t.elem, out);
    case "either":
      submodulesOf(t.left, out);
      return submodulesOf(t.right, out);
    case "submodule":
      for (const decl of Object.values(t.options)) if ("_option" in decl) submodulesOf(decl.type as OptionType, out);
      if (!out.has(t.typeName)) out.set(t.typeName, t);
      return out;
    default:
      return out;
  }
}
