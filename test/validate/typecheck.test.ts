/**
 * The plain type checker (src/validate/typecheck/, what `validate` runs) and
 * the zod schema (src/validate/schema.ts, the library's public type layer)
 * give the same verdict: the same findings (rule, path, message) in the same
 * order, the same resolved containers and the same `defined` flags, on every
 * fixture, every rule case, values of every kind at every option, and seeded
 * random and mutated definitions (the fuzzer's, which `npm run fuzz` also
 * compares, 100,000 of them).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { isOption, type OptionSet, type OptionType, type SubmoduleType } from "../../src/options/dsl.js";
import { checkContainers, type TypeCheckResult } from "../../src/validate/schema.js";
import { checkContainersFast, containersType } from "../../src/validate/typecheck/index.js";
import { fixtures } from "../support/fixtures.js";
import { Mutator } from "../support/mutate.js";
import { Gen, prng } from "../support/random.js";
import { ruleCases } from "./rule-cases.js";

const P = "/nix/store/00000000000000000000000000000000-nixos-system-web";

/** Exact text of a result, key order included (rules iterate the resolved values), functions and undefined marked. */
const text = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "function" ? "<function>" : x === undefined ? "<undefined>" : x), 1);

/**
 * A value with the options of every submodule in it in declared order. The
 * plain checker makes a submodule's value as one object literal of the
 * options with a default and adds the others (config, path, hostPort, …)
 * after it; no reader takes a submodule's options in order (the rules and the
 * conf file name them). Attribute-set keys and list elements keep the order
 * they have, and are compared as they are.
 */
function inDeclaredOrder(t: OptionType, v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  switch (t.kind) {
    case "submodule": {
      const c = v as Record<string, unknown>;
      const keys = [...Object.keys(t.options).filter((k) => k in c), ...Object.keys(c).filter((k) => !(k in t.options))];
      return Object.fromEntries(keys.map((k) => [k, t.options[k] !== undefined && isOption(t.options[k]!) ? inDeclaredOrder(t.options[k]!.type, c[k]) : c[k]]));
    }
    case "attrsOf":
      return Array.isArray(v) ? v : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inDeclaredOrder(t.elem, x)]));
    case "listOf":
      return Array.isArray(v) ? v.map((x) => inDeclaredOrder(t.elem, x)) : v;
    case "nullOr":
      return inDeclaredOrder(t.elem, v);
    case "either":
      return inDeclaredOrder(t.right, inDeclaredOrder(t.left, v));
    default:
      return v;
  }
}

const ordered = (r: TypeCheckResult): TypeCheckResult => ({ ...r, resolved: inDeclaredOrder(containersType(), r.resolved) as TypeCheckResult["resolved"] });

function same(given: unknown, label: string): void {
  assert.fixture(text(ordered(checkContainersFast(given))), text(ordered(checkContainers(given))), label);
}

test("every fixture", () => {
  for (const f of fixtures()) same(f.input.containers, f.name);
});

test("every rule case", () => {
  for (const [name, c] of ruleCases) same(c.given, name);
});

/** Values that hit every leaf check and its edges: wrong JS types, ranges, fractions, prefixes, patterns. */
const ODD: unknown[] = [
  null, true, false, 0, -0, 1, -1, 1.5, -1.5, 65535, 65536, 70000.5, 4294967295, 4294967296, 4294967296.5, -4294967296.5,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, Infinity, -Infinity, NaN,
  "", "/", "/srv", "srv", "80", "true", "tcp", "TCP", "udp", "pick", "no", "identity", "5min", "10.0.0.1", "fc00::1/64",
  "de:b7:73:01:10:90", "rwm", "__proto__", [], [1], ["/x"], [{}], {}, { hostPort: 1 }, { "": null }, () => undefined,
];

/** Each ODD value at each option of a container and of its submodules' entries. */
function atEveryOption(options: OptionSet, wrap: (key: string, v: unknown) => unknown, label: string): void {
  for (const [key, decl] of Object.entries(options)) {
    if (!isOption(decl)) continue;
    for (const v of ODD) same(wrap(key, v), `${label}.${key} = ${String(v)}`);
    const t = decl.type;
    const inner = t.kind === "listOf" || t.kind === "attrsOf" ? t.elem : t;
    if (inner.kind === "submodule") {
      const entry = (k: string, v: unknown) => (t.kind === "listOf" ? [{ [k]: v }] : t.kind === "attrsOf" ? { "/e": { [k]: v } } : { [k]: v });
      atEveryOption(inner.options, (k, v) => wrap(key, entry(k, v)), `${label}.${key}`);
    }
  }
}

test("odd values at every option", () => {
  atEveryOption((containersType().elem as SubmoduleType).options, (key, v) => ({ web: { path: P, [key]: v }, "b_c": { flake: "x", path: P, [key]: v } }), "web");
});

test("odd values as the containers set and as a container", () => {
  for (const v of ODD) {
    same(v, `containers = ${String(v)}`);
    same({ web: v }, `containers.web = ${String(v)}`);
  }
});

test("2,000 seeded random and mutated definitions", () => {
  for (const seed of [1, 2]) {
    const m = new Mutator(new Gen(prng(seed)));
    for (let i = 0; i < 1000; i++) {
      const given = m.definitions();
      // As a file would give them: through JSON (own "__proto__" keys, no undefined), and as they are.
      same(JSON.parse(JSON.stringify(given) ?? "null"), `seed ${seed} #${i} (JSON)`);
      same(given, `seed ${seed} #${i}`);
    }
  }
});

test.run();
