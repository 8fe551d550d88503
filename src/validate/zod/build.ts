/** A zod schema for any option type, built from the option set: one case per type kind. */
import { z } from "zod";
import type { OptionType } from "../../options/dsl.js";
import { accepts } from "./check.js";
import { isLeaf, leafSchema } from "./leaf.js";
import { typeMessage } from "./message.js";
import { submoduleSchema } from "./submodule.js";

type Branch = readonly [accepts: (v: unknown) => boolean, schema: z.ZodTypeAny];

/**
 * `either` and `nullOr` as the module system merges them: the first branch
 * whose `check` accepts the value is the one that validates it, so findings
 * inside a chosen branch keep their paths. No branch: one finding for the
 * whole type.
 */
function dispatch(t: OptionType, branches: readonly Branch[]): z.ZodTypeAny {
  return z.unknown().transform((v, ctx) => {
    const branch = branches.find(([ok]) => ok(v));
    if (branch === undefined) {
      ctx.addIssue({ code: "custom", message: typeMessage(t, v), params: { rule: "type" } });
      return z.NEVER;
    }
    const r = branch[1].safeParse(v, { path: ctx.path });
    if (r.success) return r.data as unknown;
    for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: issue.path.slice(ctx.path.length) } as z.IssueData);
    return z.NEVER;
  });
}

/**
 * `at` is the option path in Nix's notation (`containers.<name>.forwardPorts.*.hostPort`),
 * used in errors about the option set itself. `named`: the value is the
 * element of an attrsOf (see submoduleSchema).
 */
export function schemaFor(t: OptionType, at: string, named = false): z.ZodTypeAny {
  if (isLeaf(t)) return leafSchema(t, at, (v) => typeMessage(t, v));
  const errorMap: z.ZodErrorMap = (_issue, ctx) => ({ message: typeMessage(t, ctx.data) });
  switch (t.kind) {
    case "nullOr":
      // Over a leaf, zod's own nullable has the same verdicts; the leaf reports with this type's message.
      if (isLeaf(t.elem)) return leafSchema(t.elem, at, (v) => typeMessage(t, v)).nullable();
      return dispatch(t, [
        [(v) => v === null, z.null()],
        [(v) => accepts(t.elem, v), schemaFor(t.elem, at, named)],
      ]);
    case "either":
      // Over two leaves, a value is valid when one of them takes it: zod's union, with this type's message.
      if (isLeaf(t.left) && isLeaf(t.right)) {
        const message = (v: unknown) => typeMessage(t, v);
        return z.union([leafSchema(t.left, at, message), leafSchema(t.right, at, message)], { errorMap });
      }
      return dispatch(t, [
        [(v) => accepts(t.left, v), schemaFor(t.left, at, named)],
        [(v) => accepts(t.right, v), schemaFor(t.right, at, named)],
      ]);
    case "listOf":
      return z.array(schemaFor(t.elem, `${at}.*`), { errorMap });
    case "attrsOf":
      return z.record(z.string(), schemaFor(t.elem, `${at}.<name>`, true), { errorMap });
    case "submodule":
      return submoduleSchema(t, at, named, schemaFor);
    default: {
      const unhandled: never = t;
      throw new Error(`${at}: no zod form for option type ${JSON.stringify(unhandled)}`);
    }
  }
}
