/** docs/imperative.md names every imperative command and every setting flag. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { imperativeEntries } from "../../src/commands/imperative/entries.js";
import { settingFlags } from "../../src/host/setting-flags.js";
import { root } from "../support/paths.js";

const page = readFileSync(path.join(root, "docs/imperative.md"), "utf8");

test("docs/imperative.md is the page on imperative containers", () => assert.ok(page.startsWith("# Imperative containers\n") && page.length > 1000));

for (const c of imperativeEntries) test(`docs/imperative.md's table names ${c.name}`, () => assert.match(page, `\`${c.name}`));

test("docs/imperative.md names every setting flag", () => {
  for (const f of settingFlags()) assert.ok(page.includes(`--${f.flag}`) || page.includes(`--[no-]${f.flag}`), f.flag);
});

test.run();
