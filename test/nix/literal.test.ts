/**
 * The Nix printers: table-driven cases for their exact output, and a seeded
 * round-trip property test: 10,000 random values printed as Nix, evaluated back
 * to JSON by nix-instantiate in batches, must equal the values they came from.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { literalExpression, type NixValue } from "../../src/options/dsl.js";
import { attrName, nixString, nixValue, quoted } from "../../src/nix/literal.js";
import { evalJson, hasNixInstantiate } from "../support/nix.js";
import { Gen, prng } from "../support/random.js";

const cases: [string, { given: NixValue; want: string }][] = [
  ["null", { given: null, want: "null" }],
  ["booleans", { given: [true, false], want: "[\n  true\n  false\n]" }],
  ["empty list and set", { given: { a: [], b: {} }, want: "{\n  a = [ ];\n  b = { };\n}" }],
  ["single scalar list stays on one line", { given: ["/var"], want: '[ "/var" ]' }],
  ["escapes in a quoted string", { given: 'a"b\\c${d}$e\tf', want: '"a\\"b\\\\c\\${d}\\$e\\tf"' }],
  ["a lone quote before an escape is spliced in", { given: "x'$\n", want: "''\n  x${\"'\"}''$\n''" }],
  ["multi-line text becomes an indented string", { given: "one\n  two\nthree ${x} ''\n", want: "''\n  one\n    two\n  three ''${x} '''\n''" }],
  ["text indented throughout stays quoted", { given: "  a\n  b\n", want: '"  a\\n  b\\n"' }],
  ["attribute names quoted only when needed", { given: { ok: 1, "needs-quote?": 2, "with space": 3, if: 4, "x'": 5 }, want: '{\n  ok = 1;\n  "needs-quote?" = 2;\n  "with space" = 3;\n  "if" = 4;\n  x\' = 5;\n}' }],
  ["literal expression", { given: literalExpression("pkgs.path"), want: 'lib.literalExpression "pkgs.path"' }],
];

for (const [name, { given, want }] of cases) test(`nixValue: ${name}`, () => assert.is(nixValue(given), want));

test("attrName and quoted agree on what needs quotes", () => {
  assert.is(attrName("a.b"), '"a.b"');
  assert.is(quoted("tab\tcr\r"), '"tab\\tcr\\r"');
  assert.is(nixString("no newline"), '"no newline"');
});

/** Random JSON-like values rich in characters Nix treats specially. */
function randomValue(g: Gen, depth = 0): NixValue {
  const special = ["''", "${", "$", "\\", '"', "\t", "\r", "\n", "'", "''$", "\u00e9", "\u4e2d", "\ud83d\ude00", " ", "}", "{", "#", "/*"];
  const str = (): string => {
    let s = "";
    for (let n = g.int(0, 8); n > 0; n--) s += g.bool(0.4) ? g.pick(special) : g.word("abc xyz", 0, 6);
    if (g.bool(0.3)) s += "\n";
    return s;
  };
  const kind = depth > 2 ? g.int(0, 3) : g.int(0, 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return g.bool();
    case 2:
      return g.pick([0, 1, -1, g.int(-1e9, 1e9), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
    case 3:
      return str();
    case 4:
      return g.list(4, () => randomValue(g, depth + 1));
    default: {
      const set: { [k: string]: NixValue } = {};
      for (let n = g.int(0, 4); n > 0; n--) set[g.bool(0.5) ? g.word() : str()] = randomValue(g, depth + 1);
      return set;
    }
  }
}

test("round trip: 10,000 random values printed as Nix evaluate back to themselves", () => {
  assert.ok(hasNixInstantiate, "nix-instantiate is missing: apt-get install -y nix-bin");
  const SEED = 5;
  const g = new Gen(prng(SEED));
  const values = Array.from({ length: 10_000 }, () => randomValue(g));
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    for (let start = 0; start < values.length; start += 2_500) {
      const batch = values.slice(start, start + 2_500);
      const file = path.join(dir.name, `batch-${start}.nix`);
      writeFileSync(file, "[\n" + batch.map((v) => "  (" + nixValue(v, "  ") + ")\n").join("") + "]\n");
      const back = evalJson([file]) as unknown[];
      batch.forEach((v, i) => assert.equal(back[i], v, `value #${start + i} (seed ${SEED}) printed as:\n${nixValue(v)}`));
    }
  } finally {
    dir.removeCallback();
  }
});

test.run();
