/** The doc list: names, defaults as nixpkgs' docs show them, and loud failures. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { docList, optionAnchor, showOption } from "../../src/docs/doc-list.js";
import { expr, literalExpression, option, types } from "../../src/options/index.js";

test("showOption quotes only where Nix needs it and leaves placeholders alone", () => {
  assert.is(showOption(["containers", "<name>", "bindMounts", "<name>", "hostPath"]), "containers.<name>.bindMounts.<name>.hostPath");
  assert.is(showOption(["a", "*", "b.c", "if"]), 'a.*."b.c"."if"');
});

test("optionAnchor replaces what the manual replaces", () => {
  assert.is(optionAnchor(["containers", "<name>", "allowedDevices", "*", "node"]), "opt-containers._name_.allowedDevices._.node");
});

const defaults: [string, { decl: ReturnType<typeof option>; want: string | undefined }][] = [
  ["a plain default, pretty-printed", { decl: option(types.listOf(types.str), { default: ["a"] }), want: '[\n  "a"\n]' }],
  ["defaultText wins over default", { decl: option(types.path, { default: expr("pkgs.path"), defaultText: literalExpression("pkgs.path") }), want: "pkgs.path" }],
  ["a string defaultText is shown as a string", { decl: option(types.bool, { default: expr("x"), defaultText: "x" }), want: '"x"' }],
  ["no default: a list's empty value", { decl: option(types.listOf(types.str)), want: "[ ]" }],
  ["no default: null for nullOr", { decl: option(types.nullOr(types.str)), want: "null" }],
  ["no default, submodules below: none", { decl: option(types.attrsOf(types.submodule("S", {}))), want: undefined }],
  ["no default, a string: none", { decl: option(types.str), want: undefined }],
];

for (const [name, { decl, want }] of defaults)
  test(`default: ${name}`, () => {
    const [entry] = docList({ x: decl });
    assert.is(entry!.default?.text, want);
  });

test("a literal expression keeps spliced Nix as ${...}", () => {
  const [entry] = docList({ x: option(types.str, { example: literalExpression('"', expr("lib.trivial.release"), '"') }) });
  assert.is(entry!.example!.text, '"${lib.trivial.release}"');
});

test("a Nix-expression default without defaultText fails, naming the option", () => {
  assert.throws(() => docList({ a: { b: option(types.bool, { default: expr("config.x") }) } }), /^a\.b: default is a Nix expression/);
});

test("a hidden option is listed, its sub-options are not", () => {
  const list = docList({ h: option(types.attrsOf(types.submodule("S", { y: option(types.bool, { default: true }) })), { visible: false, default: {} }) });
  assert.equal(
    list.map((o) => [o.name, o.visible]),
    [["h", false]],
  );
});

test.run();
