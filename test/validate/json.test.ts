/** The position-tracking JSON reader: same values as JSON.parse, positions of keys and elements, exact errors. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Json } from "../../src/model/resolve.js";
import { JsonSyntaxError, locateJson, parseJsonWithPositions, readJson, readJsonDocument } from "../../src/validate/json.js";
import { Mutator } from "../support/mutate.js";
import { Gen, prng } from "../support/random.js";
import { fixturesDir } from "../support/paths.js";

const values: [string, { given: string }][] = [
  ["nested", { given: `{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\n\\u00e9\\"\\\\\\/"}}` }],
  ["empty containers", { given: `{"a": {}, "b": []}` }],
  ["unicode and surrogate pairs", { given: `["\u4e2d", "\\ud83d\\ude00", "é"]` }],
  ["scalar", { given: ` 42 ` }],
  ["__proto__ is an ordinary key", { given: `{"__proto__": {"x": 1}}` }],
  ["byte order mark", { given: `\ufeff{"a": 1}` }],
];
for (const [name, { given }] of values)
  test(`same value as JSON.parse: ${name}`, () => {
    const got = parseJsonWithPositions(given, "f.json").value;
    assert.equal(JSON.stringify(got), JSON.stringify(JSON.parse(given.replace(/^\ufeff/, ""))));
  });

const doc = `{
  "containers": {
    "web": {
      "forwardPorts": [
        { "hostPort": 80 },
        {"hostPort": 443}
      ]
    }
  }
}`;

const positions: [string, { given: (string | number)[]; want: [number, number] | undefined }][] = [
  ["a key", { given: ["containers"], want: [2, 3] }],
  ["a nested key", { given: ["containers", "web"], want: [3, 5] }],
  ["a list element", { given: ["containers", "web", "forwardPorts", 1], want: [6, 9] }],
  ["a key inside a list element", { given: ["containers", "web", "forwardPorts", 0, "hostPort"], want: [5, 11] }],
  ["an unknown child falls back to its parent", { given: ["containers", "web", "privateNetwork"], want: [3, 5] }],
  ["the document itself has none", { given: [], want: undefined }],
];
for (const [name, { given, want }] of positions)
  test(`position: ${name}`, () => {
    const at = parseJsonWithPositions(doc, "f.json").positions.lookup(given);
    assert.equal(at === undefined ? undefined : [at.line, at.column], want);
    if (at !== undefined) assert.is(at.file, "f.json");
  });

const errors: [string, { given: string; want: [string, number, number] }][] = [
  ["trailing comma", { given: `{"a": 1,\n}`, want: ["expected a key in double quotes, found \"}\"", 2, 1] }],
  ["missing colon", { given: `{"a" 1}`, want: ["expected ':' after the key, found \"1\"", 1, 6] }],
  ["duplicate key", { given: `{"a": 1,\n  "a": 2}`, want: [`duplicate key "a"`, 2, 3] }],
  ["single quotes", { given: `{'a': 1}`, want: ["expected a key in double quotes, found \"'\"", 1, 2] }],
  ["unterminated string", { given: `{"a": "xy`, want: ["unterminated string", 1, 7] }],
  ["raw newline in a string", { given: `["a\nb"]`, want: ["control character \"\\n\" in a string; write it as an escape", 1, 4] }],
  ["bad escape", { given: `["\\x"]`, want: ["invalid escape \\x", 1, 3] }],
  ["comment", { given: `{\n  // no\n}`, want: ["expected a key in double quotes, found \"/\"", 2, 3] }],
  ["text after the value", { given: `{} x`, want: ["unexpected \"x\" after the JSON value", 1, 4] }],
  ["empty input", { given: ``, want: ["unexpected end of input", 1, 1] }],
  ["leading zero", { given: `[01]`, want: ["expected ',' or ']', found \"1\"", 1, 3] }],
  ["bare word", { given: `[yes]`, want: ["unexpected \"y\"", 1, 2] }],
];
for (const [name, { given, want }] of errors)
  test(`error: ${name}`, () => {
    try {
      parseJsonWithPositions(given, "f.json");
      assert.unreachable("should fail");
    } catch (e) {
      assert.instance(e, JsonSyntaxError);
      const err = e as JsonSyntaxError;
      assert.equal([err.message, err.line, err.column], want);
    }
  });

const readErrors: [string, { given: string; want: [string, number, number] | null }][] = [
  ["a valid document", { given: doc, want: null }],
  ["a duplicate key is found though JSON.parse accepts it", { given: `{"a": {"b": 1, "c": 2,\n "b": 3}}`, want: [`duplicate key "b"`, 2, 2] }],
  ["a key-like string inside a value is no key", { given: `{"a": "x\\":", "b": ["c:", ":"]}`, want: null }],
  ["bad JSON gets the full reader's message and position", { given: `{\n  "a": 1,,\n}`, want: ["expected a key in double quotes, found \",\"", 2, 10] }],
];
for (const [name, { given, want }] of readErrors)
  test(`readJson: ${name}`, () => {
    try {
      const v = readJson(given, "f.json");
      assert.is(want, null, "should fail");
      assert.equal(v, JSON.parse(given));
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      assert.equal([e.message, e.line, e.column], want);
    }
  });

/** Every path of a JSON value. */
function allPaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const kids: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : typeof v === "object" && v !== null ? Object.entries(v) : [];
  return [prefix, ...kids.flatMap(([k, x]) => allPaths(x, [...prefix, k]))];
}

const documents: [string, string][] = [
  ["the example document", doc],
  // Keys that V8 orders before the others (array indices), in the outer objects whose members readJsonDocument indexes and below.
  ["index-like keys", `{"containers": {"b": {"x": 1}, "10": {"y": [2]}, "a": {"2": 3, "z": 4}, "0": {}}, "7": {"q": 5}, "host": {}}`],
  ["index-like keys in a bare set", `{"web": {"9": 1}, "1": {"x": 2}}`],
  ["a byte order mark", `\ufeff{"containers": {"web": {"a": 1}, "db": {"b": [1, {"c": 2}]}}}`],
  ["__proto__ as a member", `{"containers": {"__proto__": {"a": 1}, "web": {"b": 2}}}`],
  ["not an object", `[{"a": {"b": 1}}, {"a": 2}]`],
  ...readdirSync(fixturesDir).map((d): [string, string] => [`fixture ${d}`, readFileSync(path.join(fixturesDir, d, "input.json"), "utf8")])];
for (const [name, text] of documents)
  test(`locateJson finds every path where the full reader puts it: ${name}`, () => {
    const full = parseJsonWithPositions(text, "f.json");
    const paths = allPaths(full.value);
    for (const source of [text, readJsonDocument(text, "f.json")]) {
      const how = typeof source === "string" ? "from the text" : "from the document";
      const located = locateJson(source, "f.json", paths);
      for (const p of paths) assert.equal(located.lookup(p), full.positions.lookup(p), `${JSON.stringify(p)}, ${how}`);
      const one = paths[paths.length - 1]!;
      assert.equal(locateJson(source, "f.json", [one]).lookup(one), full.positions.lookup(one), `a single path, ${how}`);
    }
  });

test("locateJson on some paths only (so the rest is skipped), over fixtures and 1,000 seeded random documents, pretty and compact", () => {
  const g = new Gen(prng(11));
  const m = new Mutator(g);
  const texts = documents.map(([, text]) => text);
  for (let i = 0; i < 1000; i++) {
    const text = JSON.stringify({ containers: m.definitions(), tail: [m.junk(), "x\\\"y"] }, null, i % 2 === 0 ? 2 : 0);
    // Every third one with spaces around all punctuation (inside strings too, which stay valid), as hand-written JSON may have.
    texts.push(i % 3 === 0 ? text.replace(/([,:[\]{}])/g, " $1 ") : text);
  }
  for (const text of texts) {
    const full = parseJsonWithPositions(text, "f.json");
    const paths = allPaths(full.value).filter(() => g.bool(0.1));
    for (const source of [text, readJsonDocument(text, "f.json")]) {
      const located = locateJson(source, "f.json", paths);
      for (const p of paths) assert.equal(located.lookup(p), full.positions.lookup(p), `${JSON.stringify(p)} in ${text.slice(0, 200)}`);
    }
  }
});

test.run();
