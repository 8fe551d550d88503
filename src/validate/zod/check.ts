/**
 * `check` of each `lib.types` type: whether a value is of the type at its
 * root, without looking inside lists and attribute sets. The module system
 * uses it to choose the branch of `either` and `nullOr`, and so do we.
 *
 * One deliberate difference: Nix's submodule check also takes a function or
 * a string starting with `/` (a module file to import). Definitions here are
 * JSON-shaped data, where such a string is a mistake (Nix would try to import
 * e.g. /dev/net/tun as a module), so only attribute sets pass.
 *
 * Plain JavaScript (no zod), so that the messages, which use it, load no zod.
 */
import type { OptionType } from "../../options/dsl.js";
import { isLeaf, leafAccepts } from "../typecheck/leaf.js";

export const isAttrs = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function accepts(t: OptionType, v: unknown): boolean {
  if (isLeaf(t)) return leafAccepts(t, v);
  switch (t.kind) {
    case "nullOr":
      return v === null || accepts(t.elem, v);
    case "either":
      return accepts(t.left, v) || accepts(t.right, v);
    case "listOf":
      return Array.isArray(v);
    case "attrsOf":
    case "submodule":
      return isAttrs(v);
    default: {
      const unhandled: never = t;
      throw new Error(`no check for option type ${JSON.stringify(unhandled)}`);
    }
  }
}
