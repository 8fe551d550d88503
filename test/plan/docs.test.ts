/** The `plan` example in docs/plan.md is what the CLI prints for test/plan/docs-example/{old,new}.json; the README quotes lines of it. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { blockAfter } from "../support/markdown.js";
import { root } from "../support/paths.js";

const page = readFileSync(path.join(root, "docs/plan.md"), "utf8");
const block = blockAfter(page, "**Example.**");

test("docs/plan.md: the plan example is real output, and its exit code with --exit-code is 1", () => {
  assert.ok(page.startsWith("# Before you switch: `containers-nix plan`\n"), "docs/plan.md is the plan page");
  assert.ok(block !== null, "docs/plan.md has the example block");
  const r = spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "plan", "old.json", "new.json", "--exit-code"], {
    encoding: "utf8",
    cwd: path.join(root, "test/plan/docs-example"),
  });
  assert.is(r.status, 1, r.stderr);
  assert.fixture(r.stdout, block!);
});

test("the README's plan excerpt is lines of that example", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const excerpt = blockAfter(readme, "npx containers-nix plan old.json new.json --exit-code\n```");
  assert.ok(excerpt !== null, "the README has the plan excerpt");
  for (const line of excerpt!.split("\n").filter((l) => l !== "")) assert.ok(block!.split("\n").includes(line), line);
});

test.run();
