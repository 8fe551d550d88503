/**
 * A type-check result with the options of every submodule in declared
 * order. The plain checker makes a submodule's value as one object literal of
 * the options with a default and adds the others (config, path, hostPort, …)
 * after it; no reader takes a submodule's options in order (the rules and the
 * conf file name them). Attribute-set keys and list elements keep the order
 * they have. Used wherever the two type layers are compared as text
 * (typecheck.test.ts, the fuzzer).
 */
import { isOption, type OptionType } from "../../src/options/dsl.js";
import type { TypeCheckResult } from "../../src/validate/schema.js";
import { containersType } from "../../src/validate/typecheck/index.js";

function ordered(t: OptionType, v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  switch (t.kind) {
    case "submodule": {
      const c = v as Record<string, unknown>;
      const keys = [...Object.keys(t.options).filter((k) => k in c), ...Object.keys(c).filter((k) => !(k in t.options))];
      return Object.fromEntries(keys.map((k) => [k, t.options[k] !== undefined && isOption(t.options[k]!) ? ordered(t.options[k]!.type, c[k]) : c[k]]));
    }
    case "attrsOf":
      return Array.isArray(v) ? v : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ordered(t.elem, x)]));
    case "listOf":
      return Array.isArray(v) ? v.map((x) => ordered(t.elem, x)) : v;
    case "nullOr":
      return ordered(t.elem, v);
    case "either":
      return ordered(t.right, ordered(t.left, v));
    default:
      return v;
  }
}

export const inDeclaredOrder = (r: TypeCheckResult): TypeCheckResult => ({ ...r, resolved: ordered(containersType(), r.resolved) as TypeCheckResult["resolved"] });
