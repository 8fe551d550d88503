/**
 * Applying option defaults in TypeScript, the way the module system would:
 * the resolved value has every option that has a known default.
 */
import { isOption, isPlainValue, type OptionSet, type OptionType } from "../options/dsl.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function resolveValue(type: OptionType, value: Json, name: string | undefined): Json {
  switch (type.kind) {
    case "submodule":
      return resolveOptions(type.options, value as { [k: string]: Json }, name, type.nameDefaults);
    case "attrsOf":
      return Object.fromEntries(Object.entries(value as { [k: string]: Json }).map(([k, v]) => [k, resolveValue(type.elem, v, k)]));
    case "listOf":
      return (value as Json[]).map((v) => resolveValue(type.elem, v, undefined));
    case "nullOr":
      return value === null ? null : resolveValue(type.elem, value, name);
    default:
      return value;
  }
}

export function resolveOptions(
  options: OptionSet,
  value: { [k: string]: Json },
  name?: string,
  nameDefaults: readonly string[] = [],
): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const [key, decl] of Object.entries(options)) {
    if (!isOption(decl)) {
      const sub = value[key];
      out[key] = resolveOptions(decl, (sub ?? {}) as { [k: string]: Json });
      continue;
    }
    if (key in value) out[key] = resolveValue(decl.type, value[key]!, name);
    else if (nameDefaults.includes(key) && name !== undefined) out[key] = name;
    else if (isPlainValue(decl.default)) out[key] = decl.default as Json;
  }
  for (const [key, v] of Object.entries(value)) if (!(key in out)) out[key] = v;
  return out;
}
