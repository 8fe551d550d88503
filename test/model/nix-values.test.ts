/** compareAttrNames (the shortcut over UTF-16 units) orders names exactly as their UTF-8 bytes do. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compareAttrNames, compareAttrNamesAsBytes, sortAttrNames } from "../../src/model/nix-values.js";
import { Gen, prng } from "../support/random.js";

const cases: [string, { a: string; b: string }][] = [
  ["equal", { a: "web", b: "web" }],
  ["prefix first", { a: "web", b: "web1" }],
  ["upper case before lower", { a: "Web", b: "web" }],
  ["ASCII before é", { a: "z", b: "é" }],
  ["U+FFFF after an astral character in UTF-16 but before it in UTF-8", { a: "\uffff", b: "😀" }],
  ["U+E000 against a surrogate pair", { a: "\ue000", b: "\ud83d\ude00" }],
  ["lone surrogates", { a: "a\ud800", b: "a\udc00" }],
  ["a lone high surrogate before a differing ASCII unit", { a: "\ud83da", b: "\ud83db" }],
];
for (const [name, { a, b }] of cases)
  test(name, () => {
    assert.is(compareAttrNames(a, b), compareAttrNamesAsBytes(a, b));
    assert.is(compareAttrNames(b, a), compareAttrNamesAsBytes(b, a));
  });

test("100,000 seeded random pairs", () => {
  const g = new Gen(prng(5));
  const alphabet = ["a", "b", "Z", "-", "_", "é", "中", "\ue000", "\uffff", "😀", "🙂", "\ud800", "\udc00"];
  const word = () => g.list(6, () => g.pick(alphabet)).join("");
  for (let i = 0; i < 100_000; i++) {
    const a = word();
    const b = g.bool(0.3) ? a + word() : word();
    assert.is(compareAttrNames(a, b), compareAttrNamesAsBytes(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
});

test("sortAttrNames gives the UTF-8 byte order, with and without names from U+D800 up (1,000 seeded random lists)", () => {
  const g = new Gen(prng(6));
  const plain = ["a", "b", "Z", "-", "_", "0", "10", "9", "é", "中"];
  const high = [...plain, "\ue000", "\uffff", "😀", "\ud800", "\udc00"];
  for (let i = 0; i < 1000; i++) {
    const alphabet = i % 2 === 0 ? plain : high;
    const names = g.list(40, () => g.list(5, () => g.pick(alphabet)).join(""));
    assert.equal(sortAttrNames([...names]), [...names].sort(compareAttrNamesAsBytes), JSON.stringify(names));
  }
});

test.run();
