/** The TS-side view of the option set that test/nix/options-view.nix produces from the module. */
import { isLiteralExpression, isNixExpr, subOptions, walkOptions, type NixValue, type OptionSet, type OptionType } from "../../src/options/dsl.js";

export interface OptionView {
  loc: string[];
  type: string;
  default: unknown;
  defaultText: unknown;
  example: unknown;
  visible: boolean;
  internal: boolean;
  readOnly: boolean;
}

export function signature(t: OptionType): string {
  switch (t.kind) {
    case "bool":
    case "str":
    case "int":
    case "path":
    case "unspecified":
    case "enum":
    case "submodule":
      return t.kind;
    case "u32":
      return "unsignedInt32";
    case "port":
      return "unsignedInt16";
    case "strMatching":
      return `strMatching ${JSON.stringify(t.pattern)}`;
    case "nullOr":
    case "listOf":
    case "attrsOf":
      return `${t.kind}(${signature(t.elem)})`;
    case "either":
      return `either(${signature(t.left)},${signature(t.right)})`;
    case "nixosConfig":
      return "Toplevel NixOS config";
  }
}

/** A value as options-view.nix shows it; `undefined` where only Nix can know it. */
function shown(v: NixValue | undefined, release: string): unknown {
  if (v === undefined) return "<none>";
  if (isNixExpr(v)) return undefined;
  if (isLiteralExpression(v))
    return { literalExpression: v.parts.map((p) => (typeof p === "string" ? p : p.text === "lib.trivial.release" ? release : `\${${p.text}}`)).join("") };
  return v;
}

export function optionViews(set: OptionSet, release: string, prefix: string[] = []): OptionView[] {
  const out: OptionView[] = [];
  for (const [path, decl] of walkOptions(set)) {
    const loc = [...prefix, ...path];
    out.push({
      loc,
      type: signature(decl.type),
      default: shown(decl.default, release),
      defaultText: shown(decl.defaultText, release),
      example: shown(decl.example, release),
      visible: decl.visible ?? true,
      internal: decl.internal ?? false,
      readOnly: decl.readOnly ?? false,
    });
    const sub = subOptions(decl.type, loc);
    if (sub) out.push(...optionViews(sub[0], release, [...sub[1]]));
  }
  return out;
}
