/**
 * `types.submodule`: an attribute set of the submodule's options. Unknown
 * names are findings with a suggestion, options without a default must be
 * given, defaults are filled in, and so are options whose default is the
 * attribute name the submodule sits under (`nameDefaults`). What to check is
 * read from the option set once, in ../typecheck/plan.ts, for both layers.
 */
import { z } from "zod";
import type { OptionType, SubmoduleType } from "../../options/dsl.js";
import { submodulePlan } from "../typecheck/plan.js";
import { isAttrs } from "./check.js";
import { missingMessage, typeMessage, unknownMessage } from "./message.js";

export type Build = (t: OptionType, at: string, named?: boolean) => z.ZodTypeAny;

/**
 * `named`: the submodule is the element of an attrsOf, so the last element
 * of its path is its attribute name (Nix's `name` argument).
 */
export function submoduleSchema(t: SubmoduleType, at: string, named: boolean, build: Build): z.ZodTypeAny {
  const plan = submodulePlan(t, at, named);
  const { required, known, elsewhere, nameDefaults, facts } = plan;

  const shape: Record<string, z.ZodTypeAny> = {};
  for (const o of plan.options) {
    const schema = build(o.type, `${at}.${o.key}`);
    shape[o.key] = o.fresh !== undefined ? schema.default(o.fresh) : schema.optional();
  }

  const unknownOption = z.unknown().superRefine((_, ctx) => {
    const name = String(ctx.path[ctx.path.length - 1]);
    ctx.addIssue({ code: "custom", message: unknownMessage(name, t.typeName, known, elsewhere), params: { rule: "unknown-option" } });
  });
  const nameOf = (path: (string | number)[]) => (named ? String(path[path.length - 1]) : undefined);

  const object = z.object(shape, { errorMap: (_issue, ctx) => ({ message: typeMessage(t, ctx.data) }) }).catchall(unknownOption);
  return z
    .preprocess((v, ctx) => {
      if (!isAttrs(v)) return v;
      for (const [key, type] of required)
        if (v[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: missingMessage(key, type), params: { rule: "missing-option" } });
      for (const issue of facts?.check(v, nameOf(ctx.path)) ?? [])
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, params: { rule: issue.rule } });
      return v;
    }, object)
    .transform((v, ctx) => {
      const resolved = v as Record<string, unknown>;
      const name = nameOf(ctx.path);
      for (const key of nameDefaults) if (resolved[key] === undefined) resolved[key] = name;
      facts?.derive(resolved, name);
      return resolved;
    });
}
