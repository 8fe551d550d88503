/**
 * The validator's messages for type findings: what was expected, what was
 * given, and, when we can tell, what to write instead.
 */
import type { OptionType } from "../../options/dsl.js";
import { accepts } from "./check.js";
import { describe, show } from "./describe.js";
import { closest } from "./suggest.js";

/** The enum values a type allows anywhere at its root (through nullOr and either). */
function enumValues(t: OptionType): string[] {
  if (t.kind === "enum") return [...t.values];
  if (t.kind === "nullOr") return enumValues(t.elem);
  if (t.kind === "either") return [...enumValues(t.left), ...enumValues(t.right)];
  return [];
}

/** The kinds a type allows at its root (through nullOr and either). */
function rootKinds(t: OptionType): OptionType[] {
  if (t.kind === "nullOr") return rootKinds(t.elem);
  if (t.kind === "either") return [...rootKinds(t.left), ...rootKinds(t.right)];
  return [t];
}

/** What to write instead, or "" when nothing obvious would fix it. */
function hint(t: OptionType, v: unknown): string {
  if (typeof v === "string") {
    if (/^-?[0-9]+$/.test(v) && accepts(t, Number(v))) return "; write it without quotes";
    if ((v === "true" || v === "false") && accepts(t, v === "true")) return "; write it without quotes";
    const suggestion = closest(v, enumValues(t));
    if (suggestion !== undefined) return `; did you mean ${JSON.stringify(suggestion)}?`;
    const kinds = rootKinds(t);
    if (kinds.some((k) => k.kind === "path") && !v.startsWith("/")) return "; give an absolute path, starting with /";
  }
  if ((typeof v === "number" || typeof v === "boolean") && accepts(t, String(v))) return `; put it in quotes: "${String(v)}"`;
  if (typeof v === "number" && !Number.isInteger(v) && rootKinds(t).some((k) => ["int", "u32", "port"].includes(k.kind))) return "; use a whole number";
  if (!Array.isArray(v) && v !== null) {
    const list = rootKinds(t).find((k) => k.kind === "listOf");
    if (list !== undefined && list.kind === "listOf" && accepts(list.elem, v)) return "; put it in a list: [ … ]";
  }
  return "";
}

/** `expected a port number 0–65535, got "80"; write it without quotes` */
export function typeMessage(t: OptionType, v: unknown): string {
  return `expected ${describe(t).one}, got ${show(v)}${hint(t, v)}`;
}

/** An option with no default that was not given. */
export function missingMessage(name: string, t: OptionType): string {
  return `${name} is not set and has no default; give ${describe(t).one}`;
}

/**
 * A name that is not an option here. `known` are the visible option names in
 * their declared order; `elsewhere` maps an option of a nested submodule to
 * the option that holds it, for names given one level too high.
 */
export function unknownMessage(name: string, typeName: string, known: readonly string[], elsewhere: ReadonlyMap<string, string>): string {
  const head = `${JSON.stringify(name)} is not an option of ${typeName}`;
  const suggestion = closest(name, known);
  if (suggestion !== undefined) return `${head}; did you mean ${suggestion}?`;
  const nested = closest(name, [...elsewhere.keys()]);
  const holder = nested === undefined ? undefined : elsewhere.get(nested);
  if (holder !== undefined) return `${head}; ${nested} is an option of each ${holder} entry, so move it there`;
  return known.length <= 8 ? `${head}; the options are ${known.join(", ")}` : `${head}; remove it, or check its spelling`;
}
