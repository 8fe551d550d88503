/**
 * Option types in Nix's words: each case's description is fixed here and,
 * with a nixpkgs lib, also compared with the `description` lib.types gives
 * the same type (the module's own "Toplevel NixOS config" type is covered by
 * the options.json test, which reads it from the generated module).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { typeDescription } from "../../src/docs/type-description.js";
import { types, type OptionType } from "../../src/options/dsl.js";
import { nixType } from "../../src/nix/types.js";
import { evalJson, findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";

const sub = types.submodule("Sub", {});

const cases: [string, { given: OptionType; want: string }][] = [
  ["bool", { given: types.bool, want: "boolean" }],
  ["str", { given: types.str, want: "string" }],
  ["int", { given: types.int, want: "signed integer" }],
  ["ints.u32", { given: types.u32, want: "32 bit unsigned integer; between 0 and 4294967295 (both inclusive)" }],
  ["port", { given: types.port, want: "16 bit unsigned integer; between 0 and 65535 (both inclusive)" }],
  ["path is an absolute path", { given: types.path, want: "absolute path" }],
  ["unspecified", { given: types.unspecified, want: "unspecified value" }],
  ["enum of three", { given: types.enum(["no", "identity", "pick"]), want: 'one of "no", "identity", "pick"' }],
  ["enum of one", { given: types.enum(["only"]), want: 'value "only" (singular enum)' }],
  ["enum of none", { given: types.enum([]), want: "impossible (empty enum)" }],
  ["strMatching shows the pattern as it is", { given: types.strMatching("[a-z]+\\.x"), want: "string matching the pattern [a-z]+\\.x" }],
  ["submodule", { given: sub, want: "submodule" }],
  ["nixosConfig", { given: types.nixosConfig, want: "Toplevel NixOS config" }],
  ["nullOr of a noun", { given: types.nullOr(types.str), want: "null or string" }],
  ["nullOr of a conjunction", { given: types.nullOr(types.enum(["a", "b"])), want: 'null or one of "a", "b"' }],
  ["nullOr of a composite", { given: types.nullOr(types.listOf(types.str)), want: "null or (list of string)" }],
  ["nullOr of a submodule", { given: types.nullOr(sub), want: "null or (submodule)" }],
  ["listOf a submodule", { given: types.listOf(sub), want: "list of (submodule)" }],
  ["listOf a composite", { given: types.listOf(types.attrsOf(types.int)), want: "list of attribute set of signed integer" }],
  ["listOf a conjunction", { given: types.listOf(types.nullOr(types.str)), want: "list of (null or string)" }],
  ["attrsOf a submodule", { given: types.attrsOf(sub), want: "attribute set of (submodule)" }],
  ["attrsOf unspecified", { given: types.attrsOf(types.unspecified), want: "attribute set of unspecified value" }],
  [
    "either of a u32 and an enum",
    {
      given: types.either(types.u32, types.enum(["no", "identity", "pick"])),
      want: '32 bit unsigned integer; between 0 and 4294967295 (both inclusive) or one of "no", "identity", "pick"',
    },
  ],
  ["either with a composite on the left", { given: types.either(types.listOf(types.str), types.str), want: "(list of string) or string" }],
  ["either with a composite on the right", { given: types.either(types.str, types.listOf(types.str)), want: "string or list of string" }],
  ["either with a submodule", { given: types.either(sub, types.bool), want: "(submodule) or boolean" }],
  ["nullOr of strMatching", { given: types.nullOr(types.strMatching("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")), want: "null or string matching the pattern ([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}" }],
];

for (const [name, { given, want }] of cases) test(`typeDescription: ${name}`, () => assert.is(typeDescription(given), want));

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const inNix = cases.filter(([, { given }]) => !JSON.stringify(given).includes('"nixosConfig"'));

if (nixpkgs === null) {
  reportNoNixpkgs();
  test.skip("typeDescription equals lib.types' description");
} else {
  test("typeDescription equals lib.types' description", () => {
    // A submodule's let-bound module is not in scope here: an empty module stands in.
    const nixTypes = inNix.map(([, { given }]) => nixType(given).replace(/types\.submodule \w+/g, "(types.submodule { })"));
    const expr = `let lib = import ${JSON.stringify(nixpkgs + "/lib")}; inherit (lib) types; in map (t: t.description) [ ${nixTypes.map((t) => `(${t})`).join(" ")} ]`;
    const got = evalJson(["-E", expr]) as string[];
    inNix.forEach(([name, { given }], i) => assert.is(got[i], typeDescription(given), name));
  });
}

test.run();
