/**
 * schemaFor, kind by kind, on small option types (including kinds and shapes
 * the container options do not use): what it accepts, and the findings'
 * paths and messages for what it rejects.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { option, types, type OptionType } from "../../src/options/dsl.js";
import { schemaFor } from "../../src/validate/zod/build.js";

const Item = types.submodule("Item", {
  name: option(types.str, { description: "required" }),
  size: option(types.int, { default: 1 }),
  tags: option(types.listOf(types.str), { default: [] }),
});
const Named = types.submodule("Named", { label: option(types.str) }, { nameDefaults: ["label"] });

/** want: the parsed value, or the findings as [path, message part]. */
type Want = { value: unknown } | { issues: [string, string][] };

const cases: [string, { type: OptionType; given: unknown; want: Want }][] = [
  ["int: zero", { type: types.int, given: 0, want: { value: 0 } }],
  ["int: negative", { type: types.int, given: -42, want: { value: -42 } }],
  ["int: largest safe integer", { type: types.int, given: Number.MAX_SAFE_INTEGER, want: { value: Number.MAX_SAFE_INTEGER } }],
  ["int: beyond safe integers", { type: types.int, given: 2 ** 53, want: { issues: [["", "expected an integer, got 9007199254740992"]] } }],
  ["int: fraction", { type: types.int, given: 1.5, want: { issues: [["", "expected an integer, got 1.5; use a whole number"]] } }],
  ["int: quoted", { type: types.int, given: "-3", want: { issues: [["", 'expected an integer, got "-3"; write it without quotes']] } }],
  ["u32: upper bound", { type: types.u32, given: 4294967295, want: { value: 4294967295 } }],
  ["u32: above", { type: types.u32, given: 4294967296, want: { issues: [["", "expected an integer 0–4294967295, got 4294967296"]] } }],
  ["u32: below", { type: types.u32, given: -1, want: { issues: [["", "expected an integer 0–4294967295, got -1"]] } }],
  ["port: upper bound", { type: types.port, given: 65535, want: { value: 65535 } }],
  ["port: above", { type: types.port, given: 65536, want: { issues: [["", "expected a port number 0–65535, got 65536"]] } }],
  ["bool: false", { type: types.bool, given: false, want: { value: false } }],
  ["bool: quoted", { type: types.bool, given: "false", want: { issues: [["", 'expected true or false, got "false"; write it without quotes']] } }],
  ["str: empty", { type: types.str, given: "", want: { value: "" } }],
  ["str: a list", { type: types.str, given: ["a"], want: { issues: [["", "expected a string, got a list"]] } }],
  ["path: absolute", { type: types.path, given: "/", want: { value: "/" } }],
  ["path: relative", { type: types.path, given: "./x", want: { issues: [["", "give an absolute path, starting with /"]] } }],
  ["unspecified: anything", { type: types.unspecified, given: { a: [1, null] }, want: { value: { a: [1, null] } } }],
  ["enum: member", { type: types.enum(["tcp", "udp"]), given: "udp", want: { value: "udp" } }],
  ["enum: close to a member", { type: types.enum(["tcp", "udp"]), given: "UDP", want: { issues: [["", 'expected one of "tcp", "udp", got "UDP"; did you mean "udp"?']] } }],
  ["enum: a number", { type: types.enum(["tcp", "udp"]), given: 6, want: { issues: [["", 'expected one of "tcp", "udp", got 6']] } }],
  ["strMatching: whole string", { type: types.strMatching("[a-z]+"), given: "abc", want: { value: "abc" } }],
  ["strMatching: partial match is no match", { type: types.strMatching("[a-z]+"), given: "abc1", want: { issues: [["", 'expected a string matching [a-z]+, got "abc1"']] } }],
  ["nullOr: null", { type: types.nullOr(types.port), given: null, want: { value: null } }],
  ["nullOr: wrong", { type: types.nullOr(types.port), given: "x", want: { issues: [["", 'expected null or a port number 0–65535, got "x"']] } }],
  ["nullOr submodule: findings inside keep their paths", { type: types.nullOr(Item), given: { size: "2" }, want: { issues: [["name", "name is not set"], ["size", "write it without quotes"]] } }],
  ["either: left", { type: types.either(types.int, types.str), given: 3, want: { value: 3 } }],
  ["either: right", { type: types.either(types.int, types.str), given: "3", want: { value: "3" } }],
  ["either: neither", { type: types.either(types.int, types.str), given: true, want: { issues: [["", "expected an integer or a string, got true"]] } }],
  ["either of list and string: the list branch checks its elements", { type: types.either(types.listOf(types.str), types.str), given: ["a", 1], want: { issues: [["1", "expected a string, got 1"]] } }],
  ["listOf: nested lists", { type: types.listOf(types.listOf(types.port)), given: [[1], [2, 70000]], want: { issues: [["1.1", "got 70000"]] } }],
  ["listOf: not a list", { type: types.listOf(types.str), given: "a", want: { issues: [["", 'expected a list of strings, got "a"; put it in a list: [ … ]']] } }],
  ["attrsOf: values checked", { type: types.attrsOf(types.bool), given: { a: true, b: 1 }, want: { issues: [["b", "expected true or false, got 1"]] } }],
  ["attrsOf: null is not an attribute set", { type: types.attrsOf(types.bool), given: null, want: { issues: [["", "expected an attribute set of booleans, got null"]] } }],
  ["submodule: defaults applied", { type: Item, given: { name: "x" }, want: { value: { name: "x", size: 1, tags: [] } } }],
  ["submodule: unknown option", { type: Item, given: { name: "x", sise: 2 }, want: { issues: [["sise", '"sise" is not an option of Item; did you mean size?']] } }],
  ["submodule: missing option", { type: Item, given: {}, want: { issues: [["name", "name is not set and has no default; give a string"]] } }],
  ["submodule: name defaults from the attribute name", { type: types.attrsOf(Named), given: { a: {}, b: { label: "B" } }, want: { value: { a: { label: "a" }, b: { label: "B" } } } }],
];

for (const [name, { type, given, want }] of cases) {
  test(`kinds: ${name}`, () => {
    const r = schemaFor(type, "test").safeParse(given);
    if ("value" in want) {
      assert.ok(r.success, r.success ? "" : JSON.stringify(r.error.issues));
      assert.equal(r.data, want.value);
      return;
    }
    assert.ok(!r.success, "should be rejected");
    const got = r.error.issues.map((i) => [i.path.join("."), i.message]);
    assert.equal(
      got.map(([p]) => p),
      want.issues.map(([p]) => p),
      "paths",
    );
    got.forEach(([p, m], i) => assert.ok(m!.includes(want.issues[i]![1]), `${p}: ${JSON.stringify(m)} should contain ${JSON.stringify(want.issues[i]![1])}`));
  });
}

const unbuildable: [string, { type: OptionType; want: string }][] = [
  ["name defaults outside attrsOf", { type: types.listOf(Named), want: "test.*: Named takes label from its attribute name" }],
  ["a pattern that cannot be translated", { type: types.strMatching("(a"), want: "test: cannot translate the POSIX regular expression" }],
  ["an enum without values", { type: types.enum([]), want: "test: an enum without values" }],
];
for (const [name, { type, want }] of unbuildable) {
  test(`kinds: fails loudly with the option path: ${name}`, () => {
    assert.throws(() => schemaFor(type, "test"), (e: unknown) => (e as Error).message.startsWith(want));
  });
}

test.run();
