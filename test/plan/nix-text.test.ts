/** bindingText: the value text of one binding in a Nix file, from the position of its name. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bindingText } from "../../src/plan/nix-text.js";

/** [name, source with the binding's name at line 2 column 3, the text wanted (null: cannot be delimited), paths] */
const cases: [string, string, string | null, string[]][] = [
  ["an attribute set", "{\n  config = { services.nginx.enable = true; };\n}", "{ services.nginx.enable = true; }", []],
  ["a function with let … in", "{\n  config = { pkgs, ... }: let a = 1; b = 2; in { x = a; };\n  y = 1;\n}", "{ pkgs, ... }: let a = 1; b = 2; in { x = a; }", []],
  ["with …; before the body", "{\n  config = with builtins; { x = 1; };\n}", "with builtins; { x = 1; }", []],
  ["assert …; before the body", "{\n  config = assert true; { };\n}", "assert true; { }", []],
  ["a comment and strings holding ; and }", '{\n  config = { a = "x; }"; b = \'\'\n y; }\n \'\'; # ; }\n  };\n}', "{ a = \"x; }\"; b = ''\n y; }\n ''; # ; }\n  }", []],
  ["an interpolation holding ;", '{\n  config = { a = "${let v = "1"; in v};"; };\n}', '{ a = "${let v = "1"; in v};"; }', []],
  ["a path: listed", "{\n  config = ./web.nix;\n}", "./web.nix", ["./web.nix"]],
  ["paths inside imports", "{\n  config = { imports = [ ./a.nix ../b/c.nix ]; };\n}", "{ imports = [ ./a.nix ../b/c.nix ]; }", ["./a.nix", "../b/c.nix"]],
  ["unbalanced: null", "{\n  config = { a = 1;\n", null, []],
];

for (const [name, src, want, paths] of cases)
  test(name, () => {
    const got = bindingText(src, 2, 3);
    if (want === null) return assert.is(got, null);
    assert.ok(got !== null, "delimited");
    assert.is(got!.text, want);
    assert.equal(got!.paths, paths);
  });

test.run();
