/** The `plan` example in docs/plan.md is what the CLI prints for test/plan/docs-example/{old,new}.json. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { root } from "../support/paths.js";

test("docs/plan.md: the plan example is real output, and its exit code with --exit-code is 1", () => {
  const page = readFileSync(path.join(root, "docs/plan.md"), "utf8");
  assert.ok(page.startsWith("# Before you switch: `containers-nix plan`\n"), "docs/plan.md is the plan page");
  const block = /\*\*Example\.\*\*\n\n```\n([\s\S]*?)```/.exec(page);
  assert.ok(block !== null, "docs/plan.md has the example block");
  const r = spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "plan", "old.json", "new.json", "--exit-code"], {
    encoding: "utf8",
    cwd: path.join(root, "test/plan/docs-example"),
  });
  assert.is(r.status, 1, r.stderr);
  assert.fixture(r.stdout, block![1]!);
});

test.run();
