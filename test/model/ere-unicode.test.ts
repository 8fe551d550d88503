/**
 * strMatching patterns as anchored ECMAScript patterns for the JSON Schema:
 * the translation of each pattern is fixed here, and every (pattern, subject)
 * verdict is compared with `builtins.match` when nix-instantiate is present.
 * Subjects are ASCII: Nix matches bytes, the schema code points (see src/model/ere.ts).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { EreError as UnsupportedPattern, ereToEcmaScript } from "../../src/model/ere.js";
import { evalJson, hasNixInstantiate } from "../support/nix.js";

const MAC = "([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}";

const translations: [string, { given: string; want: string }][] = [
  ["anchored as a whole", { given: MAC, want: `^(?:${MAC})$` }],
  ["alternation stays inside the group", { given: "ab|cd", want: "^(?:ab|cd)$" }],
  ["dot matches newlines too", { given: "a.b", want: "^(?:a[\\s\\S]b)$" }],
  ["backslash in a bracket is literal", { given: "[\\n]", want: "^(?:[\\\\n])$" }],
  ["] first in a bracket", { given: "[]a]", want: "^(?:[\\]a])$" }],
  ["POSIX class", { given: "[[:digit:]x]", want: "^(?:[0-9x])$" }],
  ["escaped syntax character kept", { given: "a\\.b", want: "^(?:a\\.b)$" }],
  ["escaped backslash", { given: "a\\\\b", want: "^(?:a\\\\b)$" }],
];

for (const [name, { given, want }] of translations) test(`ereToEcmaScript: ${name}`, () => assert.is(ereToEcmaScript(given), want));

const refused: [string, string][] = [
  ["collating element", "[[.a.]]"],
  ["equivalence class", "[[=a=]]"],
  ["unknown class", "[[:nope:]]"],
  ["back-reference", "(a)\\1"],
  ["letter escape", "\\d"],
  ["escape Nix refuses", "a\\-b"],
  ["unterminated bracket", "[abc"],
  ["trailing backslash", "a\\"],
];

for (const [name, pattern] of refused)
  test(`ereToEcmaScript refuses: ${name}`, () => assert.throws(() => ereToEcmaScript(pattern), (e: unknown) => e instanceof UnsupportedPattern));

const verdicts: [string, { pattern: string; subject: string; want: boolean }][] = [
  ["MAC", { pattern: MAC, subject: "de:b7:73:01:10:90", want: true }],
  ["MAC upper case", { pattern: MAC, subject: "DE:B7:73:01:10:90", want: true }],
  ["MAC five groups", { pattern: MAC, subject: "de:b7:73:01:10", want: false }],
  ["MAC with text before", { pattern: MAC, subject: "xde:b7:73:01:10:90", want: false }],
  ["MAC with a newline after", { pattern: MAC, subject: "de:b7:73:01:10:90\n", want: false }],
  ["alternation whole", { pattern: "ab|cd", subject: "cd", want: true }],
  ["alternation partial", { pattern: "ab|cd", subject: "abd", want: false }],
  ["dot and newline", { pattern: "a.b", subject: "a\nb", want: true }],
  ["backslash in bracket", { pattern: "[\\n]+", subject: "\\n\\", want: true }],
  ["backslash in bracket is no newline", { pattern: "[\\n]", subject: "\n", want: false }],
  ["] first", { pattern: "[]a]+", subject: "]a]", want: true }],
  ["negated ] first", { pattern: "[^]a]", subject: "b", want: true }],
  ["[:digit:]", { pattern: "[[:digit:]]{3}", subject: "123", want: true }],
  ["[:alpha:] rejects digits", { pattern: "[[:alpha:]]+", subject: "ab1", want: false }],
  ["[:space:] tab", { pattern: "a[[:space:]]b", subject: "a\tb", want: true }],
  ["[:punct:] slash", { pattern: "[[:punct:]]", subject: "/", want: true }],
  ["escaped dot", { pattern: "a\\.b", subject: "axb", want: false }],
  ["escaped backslash", { pattern: "a\\\\b", subject: "a\\b", want: true }],
  ["escaped brace", { pattern: "a\\{", subject: "a{", want: true }],
  ["interval", { pattern: "a{1,2}", subject: "aaa", want: false }],
  ["dash last in bracket", { pattern: "[a-]+", subject: "-a-", want: true }],
  ["empty pattern", { pattern: "", subject: "", want: true }],
  ["empty pattern, text", { pattern: "", subject: "a", want: false }],
];

for (const [name, { pattern, subject, want }] of verdicts)
  test(`verdict: ${name}`, () => assert.is(new RegExp(ereToEcmaScript(pattern), "u").test(subject), want));

if (!hasNixInstantiate) {
  console.log("skipped: no nix-instantiate (apt-get install -y nix-bin)");
  test.skip("verdicts equal builtins.match");
} else {
  test("verdicts equal builtins.match", () => {
    const list = verdicts.map(([, v]) => `(builtins.match ${JSON.stringify(v.pattern).replace(/\$/g, "\\$")} ${JSON.stringify(v.subject).replace(/\$/g, "\\$")} != null)`);
    const got = evalJson(["-E", `[ ${list.join(" ")} ]`]) as boolean[];
    verdicts.forEach(([name, { want }], i) => assert.is(got[i], want, name));
  });
}

test.run();
