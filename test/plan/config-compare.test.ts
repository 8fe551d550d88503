/** compareConfigs: configs as values, as Nix code (text and the files it names), and what cannot be read. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compareConfigs, type ConfigSource, type Sameness } from "../../src/plan/config-compare.js";

const code = { __containersNix: "module" };
/** A config written as Nix in `file` (the binding's name at 2:3), with other files the text may name. */
const inFile = (file: string, text: string, files: Record<string, string> = {}): ConfigSource => ({
  value: code,
  position: { file, line: 2, column: 3 },
  readSource: (f) => (f === file ? `{\n  config = ${text};\n}\n` : (files[f] ?? null)),
});
const value = (v: unknown): ConfigSource => ({ value: v, position: undefined, readSource: () => null });

const cases: [string, ConfigSource, ConfigSource, Sameness][] = [
  ["equal values, keys in another order", value({ a: 1, b: [1, 2] }), value({ b: [1, 2], a: 1 }), "same"],
  ["different values", value({ a: 1 }), value({ a: 2 }), "different"],
  ["the same text in two files", inFile("/old/host.nix", "{ x = 1; }"), inFile("/new/host.nix", "{ x = 1; }"), "same"],
  ["other text", inFile("/old/host.nix", "{ x = 1; }"), inFile("/new/host.nix", "{ x = 2; }"), "unknown"],
  [
    "the same text naming files with the same contents",
    inFile("/old/host.nix", "./web.nix", { "/old/web.nix": "{ }" }),
    inFile("/new/host.nix", "./web.nix", { "/new/web.nix": "{ }" }),
    "same",
  ],
  [
    "the same text naming files with other contents",
    inFile("/old/host.nix", "./web.nix", { "/old/web.nix": "{ }" }),
    inFile("/new/host.nix", "./web.nix", { "/new/web.nix": "{ a = 1; }" }),
    "unknown",
  ],
  ["a named file that cannot be read", inFile("/old/host.nix", "./web.nix"), inFile("/new/host.nix", "./web.nix"), "unknown"],
  ["code without a position", { value: code, position: undefined, readSource: () => null }, { value: code, position: undefined, readSource: () => null }, "unknown"],
  ["a value against code", value({ a: 1 }), inFile("/new/host.nix", "{ a = 1; }"), "unknown"],
];

for (const [name, a, b, want] of cases) test(name, () => assert.is(compareConfigs(a, b).sameness, want));

test.run();
