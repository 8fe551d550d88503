/**
 * The plain type checker: for any option type, a function built once from
 * the option set that checks a value and returns it resolved (defaults
 * filled in, as the module fills them). It gives the findings of the zod
 * layer (../zod/), rule for rule, path for path and message for message, in
 * the same order (a test holds the two equal on every fixture, rule case and
 * fuzz case), at a fraction of its time and allocation: this is what
 * `containers-nix validate` runs.
 *
 * `path` is one array shared by the whole walk: each checker pushes the key
 * it descends into and pops it after, and a finding copies it. The returned
 * value means something only when the walk added no finding.
 */
import type { OptionType, SubmoduleType } from "../../options/dsl.js";
import type { TypeFinding } from "../schema.js";
import { accepts, isAttrs } from "../zod/check.js";
import { missingMessage, typeMessage, unknownMessage } from "../zod/message.js";
import { isLeaf, leafVerdict, type LeafType } from "./leaf.js";
import { submodulePlan } from "./plan.js";

export type Path = (string | number)[];
export type Checker = (v: unknown, path: Path, out: TypeFinding[]) => unknown;

const typeFinding = (path: Path, message: string): TypeFinding => ({ rule: "type", path: path.slice(), message });

/** A leaf checked with the message of `shown`: the leaf itself, or the nullOr/either around it. */
function leafChecker(t: LeafType, shown: OptionType, at: string): Checker {
  return (v, path, out) => {
    const { issues } = leafVerdict(t, v, at);
    if (issues > 0) {
      const message = typeMessage(shown, v);
      for (let i = 0; i < issues; i++) out.push(typeFinding(path, message));
    }
    return v;
  };
}

/** Two leaves: valid when one takes the value; else the first one's partial verdict, or one finding for the whole type. */
function eitherLeaves(t: OptionType, left: LeafType, right: LeafType, at: string): Checker {
  return (v, path, out) => {
    const l = leafVerdict(left, v, at);
    if (l.issues === 0) return v;
    const r = leafVerdict(right, v, at);
    if (r.issues === 0) return v;
    const issues = l.partial ? l.issues : r.partial ? r.issues : 1;
    const message = typeMessage(t, v);
    for (let i = 0; i < issues; i++) out.push(typeFinding(path, message));
    return v;
  };
}

/** `either` and `nullOr` as the module system merges them: the first branch whose `check` accepts the value validates it. */
function dispatch(t: OptionType, branches: readonly (readonly [(v: unknown) => boolean, Checker])[]): Checker {
  return (v, path, out) => {
    for (const [ok, check] of branches) if (ok(v)) return check(v, path, out);
    out.push(typeFinding(path, typeMessage(t, v)));
    return undefined;
  };
}

function listChecker(t: OptionType, elem: Checker): Checker {
  return (v, path, out) => {
    if (!Array.isArray(v)) {
      out.push(typeFinding(path, typeMessage(t, v)));
      return undefined;
    }
    const result = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      result[i] = elem(v[i], path, out);
      path.pop();
    }
    return result;
  };
}

/** Sets `key` on a resolved object as zod does: never `__proto__`, and undefined only when the key was given. */
function put(o: Record<string, unknown>, key: string, value: unknown, given: boolean): void {
  if (key !== "__proto__" && (value !== undefined || given)) o[key] = value;
}

function attrsChecker(t: OptionType, elem: Checker): Checker {
  return (v, path, out) => {
    if (!isAttrs(v)) {
      out.push(typeFinding(path, typeMessage(t, v)));
      return undefined;
    }
    const result: Record<string, unknown> = {};
    for (const key in v) {
      path.push(key);
      put(result, key, elem(v[key], path, out), true);
      path.pop();
    }
    return result;
  };
}

function submoduleChecker(t: SubmoduleType, at: string, named: boolean): Checker {
  const plan = submodulePlan(t, at, named);
  const { required, keys, known, elsewhere, nameDefaults, facts } = plan;
  const options = plan.options.map((o) => ({ ...o, check: checkerFor(o.type, `${at}.${o.key}`) }));
  return (v, path, out) => {
    if (!isAttrs(v)) {
      out.push(typeFinding(path, typeMessage(t, v)));
      return undefined;
    }
    const before = out.length;
    const name = named ? String(path[path.length - 1]) : undefined;
    for (const [key, type] of required) if (v[key] === undefined) out.push({ rule: "missing-option", path: [...path, key], message: missingMessage(key, type) });
    if (facts !== undefined) for (const f of facts.check(v, name)) out.push({ rule: f.rule, path: [...path, ...f.path], message: f.message });
    const result: Record<string, unknown> = {};
    for (const o of options) {
      let given = v[o.key];
      if (given === undefined && o.fresh !== undefined) given = o.fresh();
      path.push(o.key);
      const value = given === undefined ? undefined : o.check(given, path, out);
      path.pop();
      put(result, o.key, value, o.key in v);
    }
    for (const key in v) {
      if (keys.has(key)) continue;
      out.push({ rule: "unknown-option", path: [...path, key], message: unknownMessage(key, t.typeName, known, elsewhere) });
    }
    if (out.length > before) return undefined;
    for (const key of nameDefaults) if (result[key] === undefined) result[key] = name;
    facts?.derive(result, name);
    return result;
  };
}

/**
 * `at` is the option path in Nix's notation (`containers.<name>.forwardPorts.*.hostPort`),
 * used in errors about the option set itself. `named`: the value is the
 * element of an attrsOf.
 */
export function checkerFor(t: OptionType, at: string, named = false): Checker {
  if (isLeaf(t)) return leafChecker(t, t, at);
  switch (t.kind) {
    case "nullOr": {
      const elem = t.elem;
      if (isLeaf(elem)) {
        const leaf = leafChecker(elem, t, at);
        return (v, path, out) => (v === null ? null : leaf(v, path, out));
      }
      return dispatch(t, [
        [(v) => v === null, (v) => v],
        [(v) => accepts(elem, v), checkerFor(elem, at, named)],
      ]);
    }
    case "either": {
      const { left, right } = t;
      if (isLeaf(left) && isLeaf(right)) return eitherLeaves(t, left, right, at);
      return dispatch(t, [
        [(v) => accepts(left, v), checkerFor(left, at, named)],
        [(v) => accepts(right, v), checkerFor(right, at, named)],
      ]);
    }
    case "listOf":
      return listChecker(t, checkerFor(t.elem, `${at}.*`));
    case "attrsOf":
      return attrsChecker(t, checkerFor(t.elem, `${at}.<name>`, true));
    case "submodule":
      return submoduleChecker(t, at, named);
    default: {
      const unhandled: never = t;
      throw new Error(`${at}: no check for option type ${JSON.stringify(unhandled)}`);
    }
  }
}
