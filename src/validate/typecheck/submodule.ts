/**
 * The plain checker of a submodule, as JavaScript generated from its plan
 * (plan.ts) and compiled once with `new Function`: one loop over the keys the
 * definition gives, each read into its option's own variable, then one
 * straight-line block per option with the option name as a constant (a loop
 * over the options would share one check and one write for all of them, and
 * pay for it on every container). A definition's attributes are the keys a
 * `for…in` loop gives, as for JSON and the Nix bridge's values. Option names
 * are written with JSON.stringify, so any name is a valid literal.
 */
import type { OptionType, SubmoduleType } from "../../options/dsl.js";
import type { TypeFinding } from "../schema.js";
import { isAttrs } from "../zod/check.js";
import { missingMessage, typeMessage, unknownMessage } from "../zod/message.js";
import { submodulePlan } from "./plan.js";

export type Path = (string | number)[];
export type Checker = (v: unknown, path: Path, out: TypeFinding[]) => unknown;

/** What the generated code calls: everything that is not a plain read, write or comparison. */
interface Helpers {
  isAttrs: (v: unknown) => boolean;
  notAttrs: (v: unknown, path: Path, out: TypeFinding[]) => void;
  missing: (i: number, path: Path, out: TypeFinding[]) => void;
  facts: (v: Record<string, unknown>, name: string | undefined, path: Path, out: TypeFinding[]) => void;
  unknown: (v: Record<string, unknown>, path: Path, out: TypeFinding[]) => void;
  derive: (r: Record<string, unknown>, name: string | undefined) => void;
  fresh: ((() => unknown) | undefined)[];
  checks: Checker[];
}

const lit = (s: string) => JSON.stringify(s);

const integer = (x: string, lo: number, hi: number) => `typeof ${x} === "number" && Number.isInteger(${x}) && ${x} >= ${lo} && ${x} <= ${hi}`;

/**
 * A JS condition true exactly when `x` is a valid value of `t`, for the leaf
 * types that are valid as they are (so the resolved value is `x` itself); the
 * checker is then called only on a failure, to report it. Undefined for the
 * other types, which always go through their checker. Must agree with
 * leaf.ts (the equivalence test covers every option).
 */
function inlineTest(t: OptionType, x: string): string | undefined {
  switch (t.kind) {
    case "bool":
      return `typeof ${x} === "boolean"`;
    case "str":
      return `typeof ${x} === "string"`;
    case "path":
      return `typeof ${x} === "string" && ${x}.charCodeAt(0) === 47`;
    case "port":
      return integer(x, 0, 65535);
    case "u32":
      return integer(x, 0, 4294967295);
    case "int":
      return integer(x, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case "unspecified":
    case "nixosConfig":
      return "true";
    case "nullOr": {
      const inner = inlineTest(t.elem, x);
      return inner === undefined ? undefined : `${x} === null || (${inner})`;
    }
    default:
      return undefined;
  }
}

export function submoduleChecker(t: SubmoduleType, at: string, named: boolean, build: (t: OptionType, at: string) => Checker): Checker {
  const plan = submodulePlan(t, at, named);
  const { required, keys, known, elsewhere, nameDefaults, facts } = plan;
  // A misspelt name is often misspelt the same way in many containers: its message (a search for the closest option) is made once.
  const unknownMessages = new Map<string, string>();
  const unknownMessageOf = (key: string) => {
    let m = unknownMessages.get(key);
    if (m === undefined) {
      m = unknownMessage(key, t.typeName, known, elsewhere);
      if (unknownMessages.size < 1024) unknownMessages.set(key, m);
    }
    return m;
  };
  const helpers: Helpers = {
    isAttrs,
    notAttrs: (v, path, out) => void out.push({ rule: "type", path: path.slice(), message: typeMessage(t, v) }),
    missing: (i, path, out) => {
      const [key, type] = required[i]!;
      out.push({ rule: "missing-option", path: [...path, key], message: missingMessage(key, type) });
    },
    facts: (v, name, path, out) => {
      for (const f of facts?.check(v, name) ?? []) out.push({ rule: f.rule, path: [...path, ...f.path], message: f.message });
    },
    unknown: (v, path, out) => {
      for (const key in v)
        if (!keys.has(key)) out.push({ rule: "unknown-option", path: [...path, key], message: unknownMessageOf(key) });
    },
    derive: (r, name) => facts?.derive(r, name),
    fresh: plan.options.map((o) => o.fresh),
    checks: plan.options.map((o) => build(o.type, `${at}.${o.key}`)),
  };

  // The definition's keys are read by one loop over them, each into the variable of its option (x0, x1, …; h0, h1, …
  // whether given): a definition gives few of the options, and reading each option by name would look up every absent
  // one too, slowly when the definitions have many shapes (as real ones do). Then each option in declared order is
  // checked or takes its default, and the result is one object literal, made in one allocation with one shape, rather
  // than grown a property at a time. Options without a default follow it, where given.
  const slot = (i: number) => [`x${i}`, `h${i}`] as const;
  const body: string[] = [
    "if (!h.isAttrs(v)) { h.notAttrs(v, path, out); return undefined; }",
    "const before = out.length;",
    `const name = ${named ? "String(path[path.length - 1])" : "undefined"};`,
    `let ${plan.options.map((_, i) => `${slot(i)[0]}, ${slot(i)[1]} = false`).join(", ")};`,
    "let unknown = false;",
    "for (const key in v) {",
    "  switch (key) {",
    ...plan.options.map((o, i) => `    case ${lit(o.key)}: ${slot(i)[0]} = v[key]; ${slot(i)[1]} = true; break;`),
    "    default: unknown = true;",
    "  }",
    "}",
    ...required.map(([key], i) => `if (${slot(plan.options.findIndex((o) => o.key === key))[0]} === undefined) h.missing(${i}, path, out);`),
    ...(facts !== undefined ? ["h.facts(v, name, path, out);"] : []),
    "let x;",
  ];
  plan.options.forEach((o, i) => {
    const k = lit(o.key);
    const [xi] = slot(i);
    const test = inlineTest(o.type, "x");
    const call = `{ path.push(${k}); x = h.checks[${i}](x, path, out); path.pop(); }`;
    const check = test === undefined ? call : `if (!(${test})) ${call}`;
    body.push(`x = ${xi};`);
    if (o.fresh === undefined) body.push(`if (x !== undefined) { ${check} }`);
    else if (o.resolvedDefault) body.push(`if (x === undefined) x = h.fresh[${i}](); else { ${check} }`);
    else body.push(`if (x === undefined) x = h.fresh[${i}]();`, check);
    body.push(`${xi} = x;`);
  });
  body.push(
    "if (unknown) h.unknown(v, path, out);",
    "if (out.length > before) return undefined;",
    `const r = { ${plan.options.flatMap((o, i) => (o.fresh === undefined ? [] : [`${lit(o.key)}: ${slot(i)[0]}`])).join(", ")} };`,
    ...plan.options.flatMap((o, i) => (o.fresh === undefined ? [`if (${slot(i)[0]} !== undefined || ${slot(i)[1]}) r[${lit(o.key)}] = ${slot(i)[0]};`] : [])),
    ...nameDefaults.map((key) => `if (r[${lit(key)}] === undefined) r[${lit(key)}] = name;`),
    ...(facts !== undefined ? ["h.derive(r, name);"] : []),
    "return r;",
  );
  const make = new Function("h", `return function check${t.typeName.replace(/[^A-Za-z0-9_$]/g, "_")}(v, path, out) {\n${body.join("\n")}\n};`) as (h: Helpers) => Checker;
  return make(helpers);
}
