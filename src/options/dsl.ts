/**
 * The vocabulary for declaring NixOS options as TypeScript data.
 *
 * It mirrors `lib.mkOption` and `lib.types` closely enough that every emitter
 * (Nix module, typings, zod schema, docs) can be driven from the same values.
 */

/** A Nix expression given as source text, e.g. `pkgs.path`. */
export interface NixExpr {
  readonly _nix: "expr";
  readonly text: string;
}

/**
 * `lib.literalExpression`: text shown in docs in place of a value.
 * Its parts are text, or Nix expressions spliced in as `${...}` when the module is evaluated.
 */
export interface LiteralExpression {
  readonly _nix: "literalExpression";
  readonly parts: readonly (string | NixExpr)[];
}

/** Values we know how to print as Nix and to hold in JSON. */
export type NixValue =
  | null
  | boolean
  | number
  | string
  | NixExpr
  | LiteralExpression
  | readonly NixValue[]
  | { readonly [name: string]: NixValue };

export const expr = (text: string): NixExpr => ({ _nix: "expr", text });
export const literalExpression = (...parts: (string | NixExpr)[]): LiteralExpression => ({ _nix: "literalExpression", parts });

export function isNixExpr(v: unknown): v is NixExpr {
  return typeof v === "object" && v !== null && (v as NixExpr)._nix === "expr";
}
export function isLiteralExpression(v: unknown): v is LiteralExpression {
  return typeof v === "object" && v !== null && (v as LiteralExpression)._nix === "literalExpression";
}

/** Plain data, with no Nix expression anywhere inside: a value TypeScript can hold as it is. */
export function isPlainValue(v: NixValue | undefined): v is Exclude<NixValue, undefined> {
  if (v === undefined || isNixExpr(v) || isLiteralExpression(v)) return false;
  if (v === null || typeof v !== "object") return true;
  return (Array.isArray(v) ? (v as readonly NixValue[]) : Object.values(v)).every(isPlainValue);
}

/** Option types: one variant per `lib.types` constructor we use. */
export type OptionType =
  | { readonly kind: "bool" }
  | { readonly kind: "str" }
  | { readonly kind: "int" }
  | { readonly kind: "u32" }
  | { readonly kind: "port" }
  | { readonly kind: "path" }
  | { readonly kind: "unspecified" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "strMatching"; readonly pattern: string }
  | { readonly kind: "nullOr"; readonly elem: OptionType }
  | { readonly kind: "listOf"; readonly elem: OptionType }
  | { readonly kind: "attrsOf"; readonly elem: OptionType }
  | { readonly kind: "either"; readonly left: OptionType; readonly right: OptionType }
  | SubmoduleType
  | { readonly kind: "nixosConfig" };

export type TypeKind = OptionType["kind"];

export interface SubmoduleType {
  readonly kind: "submodule";
  /** Name of the TS interface the typings emitter gives this submodule. */
  readonly typeName: string;
  readonly options: OptionSet;
  /**
   * Options whose default is the attribute name the submodule sits under
   * (`attrsOf (submodule ({ name, ... }: ...))`), e.g. bindMounts' mountPoint.
   */
  readonly nameDefaults?: readonly string[];
  /** Name of a template with extra Nix for the submodule's `config` (see templates/). */
  readonly configTemplate?: string;
}

export interface OptionDecl {
  readonly _option: true;
  readonly type: OptionType;
  /** Absent: the option has no default and must be defined. */
  readonly default?: NixValue;
  readonly defaultText?: NixValue;
  readonly example?: NixValue;
  readonly description?: string;
  readonly visible?: boolean;
  readonly internal?: boolean;
  readonly readOnly?: boolean;
}

/** Options nested by attribute path, like `options = { boot.isContainer = ...; }`. */
export interface OptionSet {
  readonly [name: string]: OptionDecl | OptionSet;
}

export function isOption(v: OptionDecl | OptionSet): v is OptionDecl {
  return (v as OptionDecl)._option === true;
}

type OptionFields = Omit<OptionDecl, "_option" | "type">;

export const option = (type: OptionType, fields: OptionFields = {}): OptionDecl => ({ _option: true, type, ...fields });

/** Type constructors, spelled as in `lib.types`. */
export const types = {
  bool: { kind: "bool" },
  str: { kind: "str" },
  int: { kind: "int" },
  u32: { kind: "u32" },
  port: { kind: "port" },
  path: { kind: "path" },
  unspecified: { kind: "unspecified" },
  nixosConfig: { kind: "nixosConfig" },
  enum: (values: readonly string[]): OptionType => ({ kind: "enum", values }),
  strMatching: (pattern: string): OptionType => ({ kind: "strMatching", pattern }),
  nullOr: (elem: OptionType): OptionType => ({ kind: "nullOr", elem }),
  listOf: (elem: OptionType): OptionType => ({ kind: "listOf", elem }),
  attrsOf: (elem: OptionType): OptionType => ({ kind: "attrsOf", elem }),
  either: (left: OptionType, right: OptionType): OptionType => ({ kind: "either", left, right }),
  submodule: (typeName: string, options: OptionSet, extra: Omit<SubmoduleType, "kind" | "typeName" | "options"> = {}): SubmoduleType => ({
    kind: "submodule",
    typeName,
    options,
    ...extra,
  }),
} as const satisfies Record<string, OptionType | ((...args: never[]) => OptionType)>;

/** Depth-first walk over declared options, with their attribute path. */
export function* walkOptions(set: OptionSet, prefix: readonly string[] = []): Generator<[readonly string[], OptionDecl]> {
  for (const [name, v] of Object.entries(set)) {
    const path = [...prefix, name];
    if (isOption(v)) yield [path, v];
    else yield* walkOptions(v, path);
  }
}

/** The options one level below an option's type (`type.getSubOptions`), with their path prefix. */
export function subOptions(t: OptionType, loc: readonly string[]): [OptionSet, readonly string[]] | null {
  switch (t.kind) {
    case "submodule":
      return [t.options, loc];
    case "attrsOf":
      return subOptions(t.elem, [...loc, "<name>"]);
    case "listOf":
      return subOptions(t.elem, [...loc, "*"]);
    case "nullOr":
      return subOptions(t.elem, loc);
    default:
      return null;
  }
}
