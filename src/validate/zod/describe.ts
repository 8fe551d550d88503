/** Option types and values in words, for the validator's messages. */
import type { OptionType } from "../../options/dsl.js";

export interface Described {
  /** One value of the type, with its article: "a port number 0–65535". */
  one: string;
  /** Several values, as in "a list of …": "port numbers 0–65535". */
  many: string;
}

const article = (noun: string) => (/^[aeiouAEIOU]/.test(noun) ? `an ${noun}` : `a ${noun}`);
const quotedList = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

export function describe(t: OptionType): Described {
  switch (t.kind) {
    case "bool":
      return { one: "true or false", many: "booleans" };
    case "str":
      return { one: "a string", many: "strings" };
    case "int":
      return { one: "an integer", many: "integers" };
    case "u32":
      return { one: "an integer 0–4294967295", many: "integers 0–4294967295" };
    case "port":
      return { one: "a port number 0–65535", many: "port numbers 0–65535" };
    case "path":
      return { one: "an absolute path (a string starting with /)", many: "absolute paths" };
    case "unspecified":
      return { one: "any value", many: "values" };
    case "nixosConfig":
      return { one: "a NixOS module", many: "NixOS modules" };
    case "enum":
      return { one: `one of ${quotedList(t.values)}`, many: `values among ${quotedList(t.values)}` };
    case "strMatching":
      return { one: `a string matching ${t.pattern}`, many: `strings matching ${t.pattern}` };
    case "nullOr": {
      const e = describe(t.elem);
      return { one: `null or ${e.one}`, many: `${e.many} or nulls` };
    }
    case "listOf":
      return { one: `a list of ${describe(t.elem).many}`, many: `lists of ${describe(t.elem).many}` };
    case "attrsOf":
      return { one: `an attribute set of ${describe(t.elem).many}`, many: `attribute sets of ${describe(t.elem).many}` };
    case "either": {
      const l = describe(t.left);
      const r = describe(t.right);
      return { one: `${l.one} or ${r.one}`, many: `${l.many} or ${r.many}` };
    }
    case "submodule":
      return { one: `${article(t.typeName)} (an attribute set of options)`, many: `${t.typeName} attribute sets` };
    default: {
      const unhandled: never = t;
      throw new Error(`no description for option type ${JSON.stringify(unhandled)}`);
    }
  }
}

/** A value as the message shows it: scalars as JSON (shortened), lists and attribute sets by kind. */
export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : "a list";
  if (typeof v === "object" && v !== null) return Object.keys(v).length === 0 ? "an empty attribute set" : "an attribute set";
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
