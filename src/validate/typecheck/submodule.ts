/**
 * The plain checker of a submodule, as JavaScript generated from its plan
 * (plan.ts) and compiled once with `new Function`: one straight-line block
 * per option, with the option name as a constant, so each property read and
 * write in it sees a single shape and stays fast (a loop over the options
 * would share one read and one write for all of them, and pay for it on
 * every container). Option names are written with JSON.stringify, so any
 * name is a valid literal.
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

export function submoduleChecker(t: SubmoduleType, at: string, named: boolean, build: (t: OptionType, at: string) => Checker): Checker {
  const plan = submodulePlan(t, at, named);
  const { required, keys, known, elsewhere, nameDefaults, facts } = plan;
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
        if (!keys.has(key)) out.push({ rule: "unknown-option", path: [...path, key], message: unknownMessage(key, t.typeName, known, elsewhere) });
    },
    derive: (r, name) => facts?.derive(r, name),
    fresh: plan.options.map((o) => o.fresh),
    checks: plan.options.map((o) => build(o.type, `${at}.${o.key}`)),
  };

  const body: string[] = [
    "if (!h.isAttrs(v)) { h.notAttrs(v, path, out); return undefined; }",
    "const before = out.length;",
    `const name = ${named ? "String(path[path.length - 1])" : "undefined"};`,
    ...required.map(([key], i) => `if (v[${lit(key)}] === undefined) h.missing(${i}, path, out);`),
    ...(facts !== undefined ? ["h.facts(v, name, path, out);"] : []),
    "const r = {};",
    "let x;",
    // Given keys counted on the way, so that the search for unknown ones runs only when some key is not an option.
    "let given = 0;",
  ];
  plan.options.forEach((o, i) => {
    const k = lit(o.key);
    body.push(
      `x = v[${k}];`,
      `if (x !== undefined || ${k} in v) given++;`,
      ...(o.fresh !== undefined ? [`if (x === undefined) x = h.fresh[${i}]();`] : []),
      `if (x !== undefined) { path.push(${k}); x = h.checks[${i}](x, path, out); path.pop(); }`,
      `if (x !== undefined || ${k} in v) r[${k}] = x;`,
    );
  });
  body.push(
    "let count = 0;",
    "for (const key in v) count++;",
    "if (count !== given) h.unknown(v, path, out);",
    "if (out.length > before) return undefined;",
    ...nameDefaults.map((key) => `if (r[${lit(key)}] === undefined) r[${lit(key)}] = name;`),
    ...(facts !== undefined ? ["h.derive(r, name);"] : []),
    "return r;",
  );
  const make = new Function("h", `return function check${t.typeName}(v, path, out) {\n${body.join("\n")}\n};`) as (h: Helpers) => Checker;
  return make(helpers);
}
