/**
 * The rule table of docs/validate.md is the registry: one row per rule, with its id,
 * severity, explanation and consumer; its consumer and option tables are
 * src/validate/consumers.ts; its output examples, and the README's copy, are
 * what the CLI prints for test/validate/docs-example/containers.json. Its host
 * facts section: the example host object reads without a finding, the kind
 * table is host-object.ts's, and the note on an unknown network is what the
 * CLI prints for docs-example/bridged.json.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { consumers, optionConsumers } from "../../src/validate/consumers.js";
import { HOST_INTERFACE_KINDS, readHostObject } from "../../src/validate/host-object.js";
import { rules } from "../../src/validate/rules/index.js";
import { ruleSummary } from "../../src/validate/rules/rule.js";
import { blockAfter } from "../support/markdown.js";
import { root } from "../support/paths.js";

const page = readFileSync(path.join(root, "docs/validate.md"), "utf8");
const rows = page.split("\n").filter((l) => /^\| `[a-z0-9-]+` \| (error|warning) \|/.test(l));
const hasRow = (row: string) => page.includes(`\n${row}\n`);

for (const r of rules)
  test(`docs/validate.md lists ${r.id}`, () => {
    const row = `| \`${r.id}\` | ${r.severity} | ${ruleSummary(r)} | [\`${r.consumer}\`](#consumer-${r.consumer}) |`;
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

const validateFile = (file: string, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "validate", file, ...args], {
    encoding: "utf8",
    cwd: path.join(root, "test/validate/docs-example"),
  });
const validate = (...args: string[]) => validateFile("containers.json", ...args);

test("the human example of docs/validate.md is real output, and the README shows the same", () => {
  const block = blockAfter(page, "`--format human` (the default)");
  assert.ok(block !== null, "docs/validate.md has the human example");
  const r = validate();
  assert.is(r.status, 1, r.stderr);
  assert.fixture(r.stdout, block!);
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  assert.is(blockAfter(readme, "### Validate a host"), "npx containers-nix validate containers.json\nnpx containers-nix validate ./configuration.nix --format github\n");
  assert.fixture(blockAfter(readme, "./configuration.nix --format github\n```") ?? "", block!);
});

test("the github example of docs/validate.md is a line of real output", () => {
  const block = blockAfter(page, "`--format github`");
  assert.ok(block !== null, "docs/validate.md has the github example");
  const r = validate("--format", "github");
  assert.is(r.status, 1, r.stderr);
  for (const line of block!.split("\n").filter((l) => l !== "")) assert.ok(r.stdout.split("\n").includes(line), line);
});

test("the host object example of docs/validate.md reads without a finding, as the network it shows", () => {
  const block = blockAfter(page, "### The JSON `host` object");
  assert.ok(block !== null, "docs/validate.md has the host object example");
  const example = JSON.parse(block!) as { host: { interfaces: object; networkNamespaces: string[] } };
  const r = readHostObject(example.host);
  assert.equal(r.findings, []);
  assert.equal(r.host.network, { interfaces: example.host.interfaces, networkNamespaces: example.host.networkNamespaces } as typeof r.host.network);
});

test("the kind table of docs/validate.md is host-object.ts's", () => {
  const rows = HOST_INTERFACE_KINDS.map((k) => `| \`${k.kind}\` | ${k.meaning} |`);
  assert.equal(rows.filter((row) => !hasRow(row)), []);
});

test("the note on an unknown network in docs/validate.md is real output, and its JSON form too", () => {
  const block = blockAfter(page, "says how to give the facts:");
  assert.ok(block !== null, "docs/validate.md has the note's example");
  const r = validateFile("bridged.json");
  assert.is(r.status, 0, r.stderr);
  assert.fixture(`$ containers-nix validate bridged.json\n${r.stderr}${r.stdout}`, block!);
  const json = blockAfter(page, "(`null` when nothing is unchecked):");
  assert.ok(json !== null, "docs/validate.md has the JSON form");
  assert.equal(JSON.parse(`{${json}}`).unchecked, JSON.parse(validateFile("bridged.json", "--format", "json").stdout).unchecked);
});

test.run();
