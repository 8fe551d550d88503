/**
 * The pieces of bash's semantics the interpreter has of its own
 * (src/scripts/bash.ts) against bash itself: one bash run per table, the
 * same inputs, the same answers.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { arithmeticValue, Fields, readFields } from "../../src/scripts/bash.js";
import { run, which } from "../boot/run.js";

const bash = which("bash");

/** Runs `script` with the inputs as $1…, and gives its output's records (NUL-separated words, each record ended by \x1e). */
function records(script: string, inputs: readonly string[]): string[][] {
  const r = run(bash!, ["-c", script, "bash", ...inputs]);
  assert.is(r.status, 0, r.stderr);
  return r.stdout
    .split("\x1e")
    .slice(0, -1)
    .map((rec) => (rec === "" ? [] : rec.slice(0, -1).split("\0")));
}
const emit = `emit() { if (($# > 0)); then printf '%s\\0' "$@"; fi; printf '\\036'; }`;

const values = ["", " ", "x", " x", "x ", "a  b", "\ta\n b ", "a\tb", "--a  --b ", "10.0.0.2/24 noprefixroute"];

/** Words built around an unquoted $V: as it is, between text, after a quoted empty string. */
const words: [string, (f: Fields, v: string) => void][] = [
  ["$V", (f, v) => f.split(v)],
  ["x${V}y", (f, v) => (f.keep("x", false), f.split(v), f.keep("y", false))],
  ['""$V', (f, v) => (f.keep("", true), f.split(v))],
  ['"$V"', (f, v) => f.keep(v, true)],
];

if (bash === null) {
  console.log("skipped: bash semantics: bash is missing");
  test.skip("bash semantics");
} else {
  for (const [shape, expand] of words)
    test(`field splitting of ${shape} is bash's`, () => {
      const want = records(`${emit}; for V in "$@"; do emit ${shape}; done`, values);
      values.forEach((v, i) => {
        const out: string[] = [];
        const f = new Fields();
        f.start(out);
        expand(f, v);
        f.end();
        assert.equal(out, want[i], `${shape} with V=${JSON.stringify(v)}`);
      });
    });

  test("IFS=, read -r -a is bash's", () => {
    const lists = ["", ",", "a", "a,", ",a", "a,,b,", "a,b,,", " a , b ", "tcp:80:80,udp:53:53"];
    const want = records(`${emit}; for V in "$@"; do IFS=, read -r -a p <<< "$V"; emit "\${p[@]}"; done`, lists);
    lists.forEach((l, i) => assert.equal(readFields(l, ","), want[i], JSON.stringify(l)));
  });

  test("(( X > 0 )) is bash's for digits: decimal, octal, invalid octal, 64-bit wrap", () => {
    const numbers = ["", "0", "00", "1", "010", "08", "0100", "4294967295", "9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999"];
    const want = records(`${emit}; for X in "$@"; do if (( X > 0 )) 2> /dev/null; then emit yes; else emit no; fi; done`, numbers);
    numbers.forEach((n, i) => {
      const v = arithmeticValue(n);
      assert.equal([v !== null && v > 0n ? "yes" : "no"], want[i], JSON.stringify(n));
    });
  });
}

test.run();
