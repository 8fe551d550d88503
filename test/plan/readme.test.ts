/** The README's `plan` example is what the CLI prints for test/plan/readme/{old,new}.json. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { root } from "../support/paths.js";

test("README: the plan example is real output, and its exit code with --exit-code is 1", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Before you switch: `containers-nix plan`"));
  const block = /\*\*Example\.\*\*\n\n```\n([\s\S]*?)```/.exec(section);
  assert.ok(block !== null, "the README has the example block");
  const r = spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "plan", "old.json", "new.json", "--exit-code"], {
    encoding: "utf8",
    cwd: path.join(root, "test/plan/readme"),
  });
  assert.is(r.status, 1, r.stderr);
  assert.fixture(r.stdout, block![1]!);
});

test.run();
