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
import { isOption, type OptionSet, type SubmoduleType } from "../../src/options/dsl.js";
import { checkContainers } from "../../src/validate/schema.js";
import { checkContainersFast, containersType } from "../../src/validate/typecheck/index.js";
import { inDeclaredOrder } from "../support/declared-order.js";
import { fixtures } from "../support/fixtures.js";
import { Mutator } from "../support/mutate.js";
import { Gen, prng } from "../support/random.js";
import { ruleCases } from "./rule-cases.js";

const P = "/nix/store/00000000000000000000000000000000-nixos-system-web";

/** Exact text of a result, key order included (rules iterate the resolved values), functions and undefined marked. */
const text = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "function" ? "<function>" : x === undefined ? "<undefined>" : x), 1);

function same(given: unknown, label: string): void {
  assert.fixture(text(inDeclaredOrder(checkContainersFast(given))), text(inDeclaredOrder(checkContainers(given))), label);
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
