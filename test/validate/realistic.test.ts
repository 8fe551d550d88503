/**
 * No false alarms: every definition in test/validate/realistic/*.json (real
 * shapes, modeled on public configurations and nixpkgs' container tests)
 * gives no error, read as `containers-nix validate` reads it. Warnings are
 * allowed; they are listed so that a new one is seen in review.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatPath } from "../../src/validate/finding.js";
import { loadJson } from "../../src/validate/input.js";
import { validateContainers } from "../../src/validate/validate.js";
import { root } from "../support/paths.js";

const dir = path.join(root, "test/validate/realistic");
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

/** The warnings each file is known to give, as [rule, path]. */
const warnings: Record<string, [string, string][]> = {};

test("the corpus is there", () => assert.ok(files.length >= 10, `only ${files.length} files`));

for (const file of files)
  test(`${file}: no error`, () => {
    const input = loadJson(path.join(dir, file), null);
    const report = validateContainers(input.containers, { host: input.host, positions: input.positions });
    const show = (sev: string) => report.findings.filter((f) => f.severity === sev).map((f) => [f.rule, formatPath(f.path)]);
    assert.equal(show("error"), [], "errors");
    assert.equal(show("warning"), warnings[file] ?? [], "warnings");
  });

test.run();
