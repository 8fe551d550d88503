/**
 * The rule table of docs/validate.md is the registry: one row per rule, with its id,
 * severity, explanation and consumer; its consumer and option tables are
 * src/validate/consumers.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { consumers, optionConsumers } from "../../src/validate/consumers.js";
import { rules } from "../../src/validate/rules/index.js";
import { root } from "../support/paths.js";

const page = readFileSync(path.join(root, "docs/validate.md"), "utf8");
const rows = page.split("\n").filter((l) => /^\| `[a-z0-9-]+` \| (error|warning) \|/.test(l));
const hasRow = (row: string) => page.includes(`\n${row}\n`);

for (const r of rules)
  test(`docs/validate.md lists ${r.id}`, () => {
    const row = `| \`${r.id}\` | ${r.severity} | ${r.summary} | [\`${r.consumer}\`](#consumer-${r.consumer}) |`;
    assert.ok(hasRow(row), `docs/validate.md lacks the row:\n${row}`);
  });

test("the rule table has no row for a rule that does not exist", () => {
  const ids = new Set(rules.map((r) => r.id));
  assert.equal(rows.map((l) => /^\| `([a-z0-9-]+)`/.exec(l)![1]).filter((id) => !ids.has(id!)), []);
});

test("docs/validate.md names the type layer's rules", () => {
  for (const id of ["type", "unknown-option", "missing-option", "conflicting-definition"]) assert.ok(page.includes(`\`${id}\``), id);
});

test("the consumer table of docs/validate.md is consumers.ts", () => {
  const missing = Object.entries(consumers)
    .map(([id, c]) => `| <a id="consumer-${id}"></a>\`${id}\` | ${c.program} | ${c.accepts} | ${c.source} |`)
    .filter((row) => !hasRow(row));
  assert.equal(missing, []);
  const listed = [...page.matchAll(/^\| <a id="consumer-([a-z0-9-]+)"><\/a>/gm)].map((m) => m[1]);
  assert.equal(listed, Object.keys(consumers));
});

test("the option table of docs/validate.md is consumers.ts", () => {
  const missing = optionConsumers.map((o) => `| \`${o.option}\` | ${o.consumers.map((c) => `\`${c}\``).join(", ")} | ${o.note} |`).filter((row) => !hasRow(row));
  assert.equal(missing, []);
});

test.run();
