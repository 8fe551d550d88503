/**
 * What a submodule's check needs to know, read once from the option set and
 * shared by both type layers (the zod schema and the plain checker): its
 * options in declared order with their defaults, which must be given, the
 * names suggested for a misspelt one, and what the module derives.
 */
import { isOption, isPlainValue, type NixValue, type OptionType, type SubmoduleType } from "../../options/dsl.js";
import { submoduleFacts, type SubmoduleFacts } from "../zod/module-facts.js";

export interface PlannedOption {
  key: string;
  type: OptionType;
  /** The default for each use: a new copy, except for scalars and the shared frozen `[ ]` and `{ }`; undefined without a plain default. */
  fresh: (() => unknown) | undefined;
  /**
   * The default is a scalar, `[ ]` or `{ }`: its own resolved value, which
   * checking would only copy. Others (a list or set with content) go through
   * the option's check like a given value, which fills in their defaults.
   */
  resolvedDefault: boolean;
}

export interface SubmodulePlan {
  options: readonly PlannedOption[];
  keys: ReadonlySet<string>;
  /** Options that must be given (no default, not named after the attribute, not optional by the module's facts). */
  required: readonly (readonly [string, OptionType])[];
  /** The visible option names in declared order, for "did you mean". */
  known: readonly string[];
  /** An option of a nested submodule → the option that holds it, for names given one level too high. */
  elsewhere: ReadonlyMap<string, string>;
  nameDefaults: readonly string[];
  facts: SubmoduleFacts | undefined;
}

/** `[ ]` and `{ }` defaults, shared by every resolved value that takes them: frozen, so that no reader can change them for the others. */
const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_SET: Readonly<Record<string, never>> = Object.freeze({});

function fresh(v: NixValue): () => unknown {
  if (typeof v !== "object" || v === null) return () => v;
  if (Array.isArray(v) && v.length === 0) return () => EMPTY_LIST;
  if (!Array.isArray(v) && Object.keys(v).length === 0) return () => EMPTY_SET;
  return () => structuredClone(v);
}

/** The submodule an option's type holds (through nullOr, listOf, attrsOf), if any. */
function innerSubmodule(t: OptionType): SubmoduleType | undefined {
  if (t.kind === "submodule") return t;
  if (t.kind === "nullOr" || t.kind === "listOf" || t.kind === "attrsOf") return innerSubmodule(t.elem);
  return undefined;
}

/**
 * `at` is the submodule's option path in Nix's notation, for errors about the
 * option set itself. `named`: the submodule is the element of an attrsOf, so
 * its attribute name is known (Nix's `name` argument).
 */
export function submodulePlan(t: SubmoduleType, at: string, named: boolean): SubmodulePlan {
  const nameDefaults = t.nameDefaults ?? [];
  if (nameDefaults.length > 0 && !named)
    throw new Error(`${at}: ${t.typeName} takes ${nameDefaults.join(", ")} from its attribute name, so it must be the element of an attrsOf`);
  const facts = submoduleFacts[t.typeName];
  const options: PlannedOption[] = [];
  const required: [string, OptionType][] = [];
  const known: string[] = [];
  const elsewhere = new Map<string, string>();
  for (const [key, decl] of Object.entries(t.options)) {
    if (!isOption(decl)) throw new Error(`${at}.${key}: option groups inside a submodule cannot be checked; declare the options directly`);
    const dflt = decl.default;
    const plain = isPlainValue(dflt);
    const empty = plain && (typeof dflt !== "object" || dflt === null || (Array.isArray(dflt) ? dflt.length === 0 : Object.keys(dflt).length === 0));
    options.push({ key, type: decl.type, fresh: plain ? fresh(dflt) : undefined, resolvedDefault: empty });
    if (dflt === undefined && !nameDefaults.includes(key) && !facts?.optional.includes(key)) required.push([key, decl.type]);
    if (decl.visible !== false && decl.internal !== true) known.push(key);
    const inner = innerSubmodule(decl.type);
    if (inner !== undefined) for (const k of Object.keys(inner.options)) if (!(k in t.options) && !elsewhere.has(k)) elsewhere.set(k, key);
  }
  return { options, keys: new Set(options.map((o) => o.key)), required, known, elsewhere, nameDefaults, facts };
}
