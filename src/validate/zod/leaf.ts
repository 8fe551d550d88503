/**
 * Zod schemas for the option types that hold no other type, with the checks
 * of their `lib.types` counterparts. Every failure gets the message computed
 * by `message(value)` (see message.ts), whatever zod check failed.
 */
import { z } from "zod";
import { ereMatches } from "../../model/ere.js";
import { compilePattern, type LeafType } from "../typecheck/leaf.js";

export { isLeaf, type LeafKind, type LeafType } from "../typecheck/leaf.js";

/** `lib.types.ints.between lo hi`: Nix integers, limited here to those JS numbers hold exactly. */
const intBetween = (lo: number, hi: number, errorMap: z.ZodErrorMap) => z.number({ errorMap }).int().min(lo).max(hi);

/**
 * `at` names the option (for errors about the option set itself, such as a
 * pattern that cannot be translated).
 */
export function leafSchema(t: LeafType, at: string, message: (value: unknown) => string): z.ZodTypeAny {
  const errorMap: z.ZodErrorMap = (_issue, ctx) => ({ message: message(ctx.data) });
  switch (t.kind) {
    case "bool":
      return z.boolean({ errorMap });
    case "str":
      return z.string({ errorMap });
    case "int":
      return intBetween(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, errorMap);
    case "u32":
      return intBetween(0, 4294967295, errorMap);
    case "port":
      return intBetween(0, 65535, errorMap);
    case "path":
      // `types.path` accepts any string whose first character is `/`.
      return z.string({ errorMap }).startsWith("/");
    case "enum": {
      const [first, ...rest] = t.values;
      if (first === undefined) throw new Error(`${at}: an enum without values cannot hold any value`);
      return z.enum([first, ...rest], { errorMap });
    }
    case "strMatching": {
      const re = compilePattern(t.pattern, at);
      return z.string({ errorMap }).refine((s) => ereMatches(re, s), (v) => ({ message: message(v) }));
    }
    case "unspecified":
    case "nixosConfig":
      // Accepted as they are: neither is evaluated by the validator.
      return z.unknown();
    default: {
      const unhandled: never = t;
      throw new Error(`${at}: no zod form for option type ${JSON.stringify(unhandled)}`);
    }
  }
}
