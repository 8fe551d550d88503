/**
 * The harness's EnvironmentFile= reader (env-file.ts) on systemd's rules, and
 * on every conf file golden of a definition the module accepts: each KEY=VALUE line of the conf file gives that
 * key, with the quotes of a quoted value taken off.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fixtures } from "../support/fixtures.js";
import { parseEnvironmentFile } from "./env-file.js";

const cases: [string, { given: string; want: Record<string, string> }][] = [
  ["bare values, blank lines", { given: "A=1\n\nB=two words\n", want: { A: "1", B: "two words" } }],
  ["comments with # and ;", { given: "# c\n; c\nA=1\n", want: { A: "1" } }],
  ["whitespace around the key and before the value", { given: "  A =  x\n", want: { A: "x" } }],
  ["trailing whitespace of a bare value is cut", { given: "A=x  \t\n", want: { A: "x" } }],
  ["an empty value", { given: "A=\n", want: { A: "" } }],
  ["double quotes keep spaces and take escapes of \\ \" ` $", { given: 'A=" x \\" \\$y \\n"\n', want: { A: ' x " $y \\n' } }],
  ["single quotes keep everything", { given: "A=' x \\\" $y '\n", want: { A: ' x \\" $y ' } }],
  ["a bare backslash escapes the next character", { given: "A=a\\ b\\\\c\n", want: { A: "a b\\c" } }],
  ["a backslash at the end of a line continues it", { given: "A=a\\\nb\nC=1\n", want: { A: "ab", C: "1" } }],
  ["quoted and bare parts join", { given: 'A="a b"c\'d\'\n', want: { A: "a bcd" } }],
  ["a line without = is ignored", { given: "junk\nA=1\n", want: { A: "1" } }],
  ["a key that is not a variable name is ignored", { given: "1A=x\nA-B=y\nA_B=z\n", want: { A_B: "z" } }],
  ["a later line wins", { given: "A=1\nA=2\n", want: { A: "2" } }],
];

for (const [name, { given, want }] of cases)
  test(`env-file: ${name}`, () => {
    assert.equal(parseEnvironmentFile(given), want);
  });

// The conf-injection fixtures hold values the module refuses, written to break the file's lines.
test("env-file: every conf file golden (but the conf-injection ones) gives its lines' keys and values", () => {
  for (const f of fixtures().filter((x) => !x.name.startsWith("assert-conf-injection")))
    for (const file of readdirSync(f.dir).filter((n) => n.endsWith(".conf"))) {
      const text = readFileSync(path.join(f.dir, file), "utf8");
      const want: Record<string, string> = {};
      for (const line of text.split("\n")) {
        const m = /^([A-Z_0-9]+)=(.*)$/.exec(line);
        if (m) want[m[1]!] = m[2]!.startsWith('"') && m[2]!.endsWith('"') ? m[2]!.slice(1, -1) : m[2]!.trimEnd();
      }
      assert.equal(parseEnvironmentFile(text), want, `${f.name}/${file}`);
    }
});

test.run();
