/**
 * `types.submodule`: an attribute set of the submodule's options. Unknown
 * names are findings with a suggestion, options without a default must be
 * given, defaults are filled in, and so are options whose default is the
 * attribute name the submodule sits under (`nameDefaults`).
 */
import { z } from "zod";
import { isOption, isPlainValue, type NixValue, type OptionType, type SubmoduleType } from "../../options/dsl.js";
import { isAttrs } from "./check.js";
import { missingMessage, typeMessage, unknownMessage } from "./message.js";
import { submoduleFacts } from "./module-facts.js";

export type Build = (t: OptionType, at: string, named?: boolean) => z.ZodTypeAny;

/** A function giving a new copy of a default each time, so resolved values never share one. */
function fresh(v: NixValue | undefined): () => unknown {
  if (typeof v !== "object" || v === null) return () => v;
  if (Array.isArray(v) && v.length === 0) return () => [];
  if (!Array.isArray(v) && Object.keys(v).length === 0) return () => ({});
  return () => structuredClone(v);
}

/** The submodule an option's type holds (through nullOr, listOf, attrsOf), if any. */
function innerSubmodule(t: OptionType): SubmoduleType | undefined {
  if (t.kind === "submodule") return t;
  if (t.kind === "nullOr" || t.kind === "listOf" || t.kind === "attrsOf") return innerSubmodule(t.elem);
  return undefined;
}

/**
 * `named`: the submodule is the element of an attrsOf, so the last element
 * of its path is its attribute name (Nix's `name` argument).
 */
export function submoduleSchema(t: SubmoduleType, at: string, named: boolean, build: Build): z.ZodTypeAny {
  const nameDefaults = t.nameDefaults ?? [];
  if (nameDefaults.length > 0 && !named)
    throw new Error(`${at}: ${t.typeName} takes ${nameDefaults.join(", ")} from its attribute name, so it must be the element of an attrsOf`);
  const facts = submoduleFacts[t.typeName];

  const shape: Record<string, z.ZodTypeAny> = {};
  const required: [string, OptionType][] = [];
  const known: string[] = [];
  const elsewhere = new Map<string, string>();
  for (const [key, decl] of Object.entries(t.options)) {
    if (!isOption(decl)) throw new Error(`${at}.${key}: option groups inside a submodule have no zod form; declare the options directly`);
    const schema = build(decl.type, `${at}.${key}`);
    const dflt = decl.default;
    shape[key] = isPlainValue(dflt) ? schema.default(fresh(dflt)) : schema.optional();
    if (dflt === undefined && !nameDefaults.includes(key) && !facts?.optional.includes(key)) required.push([key, decl.type]);
    if (decl.visible !== false && decl.internal !== true) known.push(key);
    const inner = innerSubmodule(decl.type);
    if (inner !== undefined) for (const k of Object.keys(inner.options)) if (!(k in t.options) && !elsewhere.has(k)) elsewhere.set(k, key);
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
