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
import type { OptionType } from "../../options/dsl.js";
import type { TypeFinding } from "../schema.js";
import { accepts, isAttrs } from "../zod/check.js";
import { typeMessage } from "../zod/message.js";
import { isLeaf, leafVerdictFor, type LeafType } from "./leaf.js";
import { submoduleChecker, type Checker, type Path } from "./submodule.js";

export type { Checker, Path } from "./submodule.js";

const typeFinding = (path: Path, message: string): TypeFinding => ({ rule: "type", path: path.slice(), message });

/** A leaf checked with the message of `shown`: the leaf itself, or the nullOr/either around it. */
function leafChecker(t: LeafType, shown: OptionType, at: string): Checker {
  const verdict = leafVerdictFor(t, at);
  return (v, path, out) => {
    const { issues } = verdict(v);
    if (issues > 0) {
      const message = typeMessage(shown, v);
      for (let i = 0; i < issues; i++) out.push(typeFinding(path, message));
    }
    return v;
  };
}

/** Two leaves: valid when one takes the value; else the first one's partial verdict, or one finding for the whole type. */
function eitherLeaves(t: OptionType, left: LeafType, right: LeafType, at: string): Checker {
  const leftVerdict = leafVerdictFor(left, at);
  const rightVerdict = leafVerdictFor(right, at);
  return (v, path, out) => {
    const l = leftVerdict(v);
    if (l.issues === 0) return v;
    const r = rightVerdict(v);
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

function attrsChecker(t: OptionType, elem: Checker): Checker {
  return (v, path, out) => {
    if (!isAttrs(v)) {
      out.push(typeFinding(path, typeMessage(t, v)));
      return undefined;
    }
    const result: Record<string, unknown> = {};
    for (const key in v) {
      path.push(key);
      const value = elem(v[key], path, out);
      // As zod's record: never `__proto__` (an own key from JSON.parse would set the prototype).
      if (key !== "__proto__") result[key] = value;
      path.pop();
    }
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
      return submoduleChecker(t, at, named, checkerFor);
    default: {
      const unhandled: never = t;
      throw new Error(`${at}: no check for option type ${JSON.stringify(unhandled)}`);
    }
  }
}
