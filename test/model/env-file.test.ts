/**
 * The EnvironmentFile= reader (src/model/env-file.ts) on systemd's rules, and
 * on every conf file golden of a definition the module accepts: each KEY=VALUE
 * line of the conf file gives that key, with the quotes of a quoted value
 * taken off. confEnvironment, which gives the same variables without writing
 * and reading the file, agrees with it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fixtures } from "../support/fixtures.js";
import { confEnvironment, renderConf } from "../../src/model/conf.js";
import { resolveContainer } from "../../src/model/container.js";
import { parseEnvironmentFile } from "../../src/model/env-file.js";
import { Gen, prng, randomContainer, randomName } from "../support/random.js";

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

test("confEnvironment: the conf file's text read as systemd reads it, on every fixture, blanks at the ends of values and 3,000 random definitions", () => {
  const definitions = fixtures().flatMap((f) => Object.entries(f.input.containers).map(([name, input]) => ({ source: f.name, name, input })));
  definitions.push({
    source: "blanks at the ends of values",
    name: "b",
    input: { path: " /nix/store/x\t", privateNetwork: true, hostBridge: "\tbr 0 ", hostAddress: "10.0.0.1 ", networkNamespace: " /run/netns/a b", interfaces: [" a", "b\t"], extraFlags: [" --x "] },
  });
  const g = new Gen(prng(20261117));
  for (let i = 0; i < 3000; i++) definitions.push({ source: `random #${i}`, name: randomName(g), input: randomContainer(g) });
  for (const d of definitions) {
    const cfg = resolveContainer(d.name, d.input);
    assert.equal(confEnvironment(d.name, cfg), parseEnvironmentFile(renderConf(d.name, cfg)), `${d.source}: containers.${d.name}`);
  }
});

test.run();
