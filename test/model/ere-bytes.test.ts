/**
 * POSIX ERE → JS RegExp: each case's verdict is fixed here and, when
 * nix-instantiate is present, also checked against `builtins.match` itself.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { EreError, ereMatches, ereToRegExp } from "../../src/model/ere.js";
import { evalJson, hasNixInstantiate } from "../support/nix.js";

const MAC = "([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}";

const cases: [string, { pattern: string; subject: string; want: boolean }][] = [
  ["MAC address, lower case", { pattern: MAC, subject: "de:b7:73:01:10:90", want: true }],
  ["MAC address, upper case", { pattern: MAC, subject: "DE:B7:73:01:10:90", want: true }],
  ["MAC address, five groups", { pattern: MAC, subject: "de:b7:73:01:10", want: false }],
  ["MAC address, dashes", { pattern: MAC, subject: "de-b7-73-01-10-90", want: false }],
  ["MAC address, trailing newline (whole-string match)", { pattern: MAC, subject: "de:b7:73:01:10:90\n", want: false }],
  ["MAC address, prefix only (whole-string match)", { pattern: MAC, subject: "xde:b7:73:01:10:90", want: false }],
  ["alternation covers the whole pattern", { pattern: "ab|cd", subject: "cd", want: true }],
  ["alternation, no partial match", { pattern: "ab|cd", subject: "abd", want: false }],
  ["dot matches a newline", { pattern: "a.b", subject: "a\nb", want: true }],
  ["dot matches one byte of a two-byte character", { pattern: "..", subject: "é", want: true }],
  ["one dot does not match a two-byte character", { pattern: ".", subject: "é", want: false }],
  ["] first in a bracket is literal", { pattern: "[]a]+", subject: "]a]", want: true }],
  ["backslash in a bracket is literal", { pattern: "[\\\\n]+", subject: "\\n\\", want: true }],
  ["backslash in a bracket does not make a newline", { pattern: "[\\\\n]", subject: "\n", want: false }],
  ["negated bracket matches a newline", { pattern: "[^a]", subject: "\n", want: true }],
  ["[:digit:] class", { pattern: "[[:digit:]]{3}", subject: "123", want: true }],
  ["[:alpha:] class rejects digits", { pattern: "[[:alpha:]]+", subject: "ab1", want: false }],
  ["[:space:] class", { pattern: "a[[:space:]]b", subject: "a\tb", want: true }],
  ["escaped dot is literal", { pattern: "a\\.b", subject: "axb", want: false }],
  ["escaped dot matches a dot", { pattern: "a\\.b", subject: "a.b", want: true }],
  ["interval {m,}", { pattern: "a{2,}", subject: "aaaa", want: true }],
  ["interval {m,n} upper bound", { pattern: "a{1,2}", subject: "aaa", want: false }],
  ["dash last in a bracket is literal", { pattern: "[a-]+", subject: "-a-", want: true }],
  ["slash needs no escape", { pattern: "/[a-z]+", subject: "/dev", want: true }],
  ["empty pattern matches only the empty string", { pattern: "", subject: "", want: true }],
  ["empty pattern, non-empty subject", { pattern: "", subject: "a", want: false }],
];

for (const [name, { pattern, subject, want }] of cases) {
  test(`ere: ${name}`, () => {
    assert.is(ereMatches(ereToRegExp(pattern), subject), want);
  });
}

if (hasNixInstantiate) {
  test("ere: every case gives the verdict of builtins.match", () => {
    const expr = `map (c: builtins.match c.p c.s != null) (builtins.fromJSON ${JSON.stringify(JSON.stringify(cases.map(([, c]) => ({ p: c.pattern, s: c.subject }))))})`;
    const got = evalJson(["--expr", expr]) as boolean[];
    assert.equal(
      cases.map(([name], i) => [name, got[i]]),
      cases.map(([name, c]) => [name, c.want]),
    );
  });
} else test.skip("ere: every case gives the verdict of builtins.match (needs nix-instantiate)");

const rejected: [string, { pattern: string; want: string }][] = [
  ["repeat with nothing to repeat", { pattern: "*a", want: "nothing to repeat" }],
  ["unbalanced (", { pattern: "(a", want: "unmatched (" }],
  ["unbalanced )", { pattern: "a)", want: "unmatched )" }],
  ["bad interval", { pattern: "a{x}", want: "invalid interval" }],
  ["unknown class", { pattern: "[[:word:]]", want: "unknown character class" }],
  ["unterminated bracket", { pattern: "[abc", want: "unterminated bracket" }],
];

for (const [name, { pattern, want }] of rejected) {
  test(`ere rejects: ${name}`, () => {
    assert.throws(() => ereToRegExp(pattern), (e: unknown) => e instanceof EreError && e.message.includes(want));
  });
}

test.run();
