/**
 * The port of `lib.generators.toPretty { multiline = true; }`: each case's
 * text is fixed here and, with a nixpkgs lib, also compared with what Nix
 * prints for the same value (read from JSON).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { escapeNixIdentifier, toPretty } from "../../src/docs/pretty.js";
import type { NixValue } from "../../src/options/dsl.js";
import { evalJson, findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";

const cases: [string, { given: NixValue; want: string }][] = [
  ["null, booleans, integers", { given: [null, true, false, 0, -12], want: "[\n  null\n  true\n  false\n  0\n  -12\n]" }],
  ["empty list and set", { given: { a: [], b: {} }, want: "{\n  a = [ ];\n  b = { };\n}" }],
  ["a one-item list is still expanded", { given: ["/var"], want: '[\n  "/var"\n]' }],
  ["attribute names sorted", { given: { node: "/dev/net/tun", modifier: "rwm" }, want: '{\n  modifier = "rwm";\n  node = "/dev/net/tun";\n}' }],
  ["attribute names quoted where Nix needs it", { given: { "/home": 1, "a b": 2, if: 3, "x'-y": 4, "a$b": 5 }, want: '{\n  "/home" = 1;\n  "a b" = 2;\n  "a\\$b" = 5;\n  "if" = 3;\n  x\'-y = 4;\n}' }],
  ["nested indentation", { given: [{ a: [1] }], want: "[\n  {\n    a = [\n      1\n    ];\n  }\n]" }],
  ["escapes in a one-line string", { given: 'a"b\\c${d}$e\tf', want: '"a\\"b\\\\c\\${d}$e\tf"' }],
  ["a multi-line string ending in a newline", { given: "one\ntwo\n", want: "''\n  one\n  two\n''" }],
  ["a multi-line string without the final newline", { given: "one\ntwo", want: "''\n  one\n  two''" }],
  ["blank lines keep the indentation", { given: "a\n\nb\n", want: "''\n  a\n  \n  b\n''" }],
  ["escapes in a multi-line string", { given: "x ${y} '' z\n", want: "''\n  x ''${y} ''' z\n''" }],
  ["a multi-line string inside a list", { given: ["a\nb\n"], want: "[\n  ''\n    a\n    b\n  ''\n]" }],
  ["a set that looks like a derivation", { given: { type: "derivation", name: "hello" }, want: "<derivation hello>" }],
  ["non-ASCII text", { given: "«name» é 中", want: '"«name» é 中"' }],
];

for (const [name, { given, want }] of cases) test(`toPretty: ${name}`, () => assert.is(toPretty(given), want));

test("escapeNixIdentifier", () => {
  assert.is(escapeNixIdentifier("containers"), "containers");
  assert.is(escapeNixIdentifier("with"), '"with"');
  assert.is(escapeNixIdentifier("a.b"), '"a.b"');
});

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;

if (nixpkgs === null) {
  reportNoNixpkgs();
  test.skip("toPretty equals lib.generators.toPretty");
} else {
  test("toPretty equals lib.generators.toPretty", () => {
    const dir = tmp.dirSync({ unsafeCleanup: true });
    try {
      const file = path.join(dir.name, "values.json");
      writeFileSync(file, JSON.stringify(cases.map(([, c]) => c.given)));
      const expr =
        `let lib = import ${JSON.stringify(nixpkgs + "/lib")}; in ` +
        `map (lib.generators.toPretty { multiline = true; allowPrettyValues = true; }) (builtins.fromJSON (builtins.readFile ${JSON.stringify(file)}))`;
      const got = evalJson(["-E", expr]) as string[];
      cases.forEach(([name, { given }], i) => assert.is(toPretty(given), got[i], name));
    } finally {
      dir.removeCallback();
    }
  });
}

test.run();
