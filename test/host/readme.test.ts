/** The README's section on imperative containers names every imperative command and every exit code they use. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { imperativeEntries } from "../../src/commands/imperative/entries.js";
import { settingFlags } from "../../src/host/setting-flags.js";
import { root } from "../support/paths.js";

const readme = readFileSync(path.join(root, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Imperative containers"), readme.indexOf("## Errors and guarantees"));

test("the section exists, before Errors and guarantees", () => assert.ok(section.length > 1000));

for (const c of imperativeEntries) test(`the README's table names ${c.name}`, () => assert.match(section, `\`${c.name}`));

test("the README names every setting flag", () => {
  for (const f of settingFlags()) assert.ok(section.includes(`--${f.flag}`) || section.includes(`--[no-]${f.flag}`), f.flag);
});

test.run();
