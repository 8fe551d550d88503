/**
 * Option types in Nix's own words: the `description` that nixpkgs' lib gives
 * each `lib.types` value, which the NixOS manual and options.json show.
 *
 * Compound types put their parts in parentheses unless the part's
 * "description class" reads unambiguously in that place: `list of string`,
 * but `list of (submodule)` and `null or (list of string)`.
 */
import type { OptionType } from "../options/dsl.js";

/** How a type's description reads inside a longer one (`descriptionClass` in lib.types). */
export type DescriptionClass = "noun" | "conjunction" | "composite" | "nonRestrictiveClause" | null;

export interface TypeDescription {
  readonly text: string;
  readonly descriptionClass: DescriptionClass;
}

/** The values each integer type accepts: a Nix int is 64-bit signed; port is `ints.u16`. */
export const integerRanges = {
  int: { min: -(2n ** 63n), max: 2n ** 63n - 1n, bits: 64 },
  u32: { min: 0n, max: 2n ** 32n - 1n, bits: 32 },
  port: { min: 0n, max: 2n ** 16n - 1n, bits: 16 },
} as const;

/** `ints.u16`, `ints.u32`: "N bit unsigned integer; between 0 and 2^N - 1 (both inclusive)". */
function unsignedInt(range: { max: bigint; bits: number }): TypeDescription {
  return { text: `${range.bits} bit unsigned integer; between 0 and ${range.max} (both inclusive)`, descriptionClass: "noun" };
}

/** An enum value as lib.types.enum shows it. */
const enumValue = (v: string) => `"${v}"`;

function enumDescription(values: readonly string[]): TypeDescription {
  if (values.length === 0) return { text: "impossible (empty enum)", descriptionClass: "noun" };
  if (values.length === 1) return { text: `value ${enumValue(values[0]!)} (singular enum)`, descriptionClass: "noun" };
  return { text: `one of ${values.map(enumValue).join(", ")}`, descriptionClass: "conjunction" };
}

/** A part's description, parenthesized unless its class fits where it goes. */
function phrase(t: OptionType, fits: readonly DescriptionClass[]): string {
  const d = describeType(t);
  return fits.includes(d.descriptionClass) ? d.text : `(${d.text})`;
}

export function describeType(t: OptionType): TypeDescription {
  switch (t.kind) {
    case "bool":
      return { text: "boolean", descriptionClass: "noun" };
    case "str":
      return { text: "string", descriptionClass: "noun" };
    case "int":
      return { text: "signed integer", descriptionClass: "noun" };
    case "u32":
      return unsignedInt(integerRanges.u32);
    case "port":
      return unsignedInt(integerRanges.port);
    case "path":
      // lib.types.path is pathWith { absolute = true; }.
      return { text: "absolute path", descriptionClass: "noun" };
    case "unspecified":
      return { text: "unspecified value", descriptionClass: "noun" };
    case "enum":
      return enumDescription(t.values);
    case "strMatching":
      return { text: `string matching the pattern ${t.pattern}`, descriptionClass: "noun" };
    case "nullOr":
      return { text: `null or ${phrase(t.elem, ["noun", "conjunction"])}`, descriptionClass: "conjunction" };
    case "listOf":
      return { text: `list of ${phrase(t.elem, ["noun", "composite"])}`, descriptionClass: "composite" };
    case "attrsOf":
      return { text: `attribute set of ${phrase(t.elem, ["noun", "composite"])}`, descriptionClass: "composite" };
    case "either": {
      const left = describeType(t.left);
      const text =
        left.descriptionClass === "nonRestrictiveClause"
          ? `${left.text}, or ${phrase(t.right, ["noun", "conjunction"])}`
          : `${phrase(t.left, ["noun", "conjunction"])} or ${phrase(t.right, ["noun", "conjunction", "composite"])}`;
      return { text, descriptionClass: "conjunction" };
    }
    case "submodule":
      // No freeform type: the plain name, and no description class.
      return { text: "submodule", descriptionClass: null };
    case "nixosConfig":
      // The module's own mkOptionType: its name doubles as its description.
      return { text: "Toplevel NixOS config", descriptionClass: null };
    default: {
      const unhandled: never = t;
      throw new Error(`no description for option type ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The type as the manual and options.json show it. */
export const typeDescription = (t: OptionType): string => describeType(t).text;
