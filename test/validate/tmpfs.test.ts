/** splitTmpfs: a tmpfs entry split as systemd-nspawn splits `--tmpfs=PATH[:OPTIONS]`, `\x` escapes in PATH undone. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { splitTmpfs } from "../../src/validate/rules/paths.js";
import { Gen, prng } from "../support/random.js";

const cases: [string, { path: string; options: string | null }][] = [
  ["/tmp", { path: "/tmp", options: null }],
  ["/tmp:mode=1777", { path: "/tmp", options: "mode=1777" }],
  ["/tmp:", { path: "/tmp", options: "" }],
  ["/a::b", { path: "/a", options: ":b" }],
  ["/my\\:dir:size=10%", { path: "/my:dir", options: "size=10%" }],
  ["/x\\\\:y", { path: "/x\\", options: "y" }],
  ["/end\\", { path: "/end\\", options: null }],
  ["", { path: "", options: null }],
];
for (const [entry, want] of cases) test(`splitTmpfs(${JSON.stringify(entry)})`, () => assert.equal(splitTmpfs(entry), want));

/** The definition, one character at a time: a backslash takes the next character as it is, the first other ':' splits. */
function reference(entry: string): { path: string; options: string | null } {
  let path = "";
  for (let i = 0; i < entry.length; i++) {
    if (entry[i] === "\\" && i + 1 < entry.length) path += entry[++i];
    else if (entry[i] === ":") return { path, options: entry.slice(i + 1) };
    else path += entry[i];
  }
  return { path, options: null };
}

test("splitTmpfs equals the character-by-character definition on 5,000 seeded random entries, with and without backslashes", () => {
  const g = new Gen(prng(7));
  for (let i = 0; i < 5_000; i++) {
    const entry = g.word(i % 2 === 0 ? "/ab:=," : "/ab:\\=,", 0, 12);
    assert.equal(splitTmpfs(entry), reference(entry), JSON.stringify(entry));
  }
});

test.run();
