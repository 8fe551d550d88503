/** The README's rule table is the registry: one row per rule, with its id, severity and explanation. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rules } from "../../src/validate/rules/index.js";
import { root } from "../support/paths.js";

const readme = readFileSync(path.join(root, "README.md"), "utf8");
const rows = readme.split("\n").filter((l) => /^\| `[a-z0-9-]+` \| (error|warning) \|/.test(l));

for (const r of rules)
  test(`README lists ${r.id}`, () => {
    const row = `| \`${r.id}\` | ${r.severity} | ${r.summary} |`;
    assert.ok(readme.includes(`\n${row}\n`), `README lacks the row:\n${row}`);
  });

test("the README's table has no row for a rule that does not exist", () => {
  const ids = new Set(rules.map((r) => r.id));
  assert.equal(rows.map((l) => /^\| `([a-z0-9-]+)`/.exec(l)![1]).filter((id) => !ids.has(id!)), []);
});

test("the README names the type layer's rules", () => {
  for (const id of ["type", "unknown-option", "missing-option", "conflicting-definition"]) assert.ok(readme.includes(`\`${id}\``), id);
});

test.run();
