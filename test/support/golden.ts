/**
 * Golden files: expected outputs committed beside their fixtures. A mismatch
 * writes the actual output under .actual/ and fails, naming the one command
 * that accepts new output (`npm run golden:update`, which sets
 * CONTAINERS_NIX_ACCEPT=1). Goldens never change on their own.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as assert from "uvu/assert";
import { actualDir, root } from "./paths.js";

export const accepting = process.env.CONTAINERS_NIX_ACCEPT === "1";

/** Compares `actual` with the golden at `file` (relative to the project root). */
export function assertGolden(file: string, actual: string): void {
  const abs = path.join(root, file);
  if (accepting) {
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, actual);
    return;
  }
  const out = path.join(actualDir, file);
  if (!existsSync(abs)) {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, actual);
    assert.unreachable(`golden ${file} does not exist (actual output in ${path.relative(root, out)}); run \`npm run golden:update\` to create it`);
  }
  const expected = readFileSync(abs, "utf8");
  if (expected !== actual) {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, actual);
  } else rmSync(out, { force: true });
  assert.fixture(actual, expected, `golden ${file} differs (actual output in ${path.relative(root, out)}); review, then run \`npm run golden:update\``);
}

/** Fails on golden files in `dir` that no test produced; in accept mode, deletes them. */
export function assertNoOrphans(dir: string, present: readonly string[], produced: ReadonlySet<string>): void {
  const orphans = present.filter((f) => !produced.has(f));
  if (accepting) {
    for (const f of orphans) rmSync(path.join(root, dir, f));
    return;
  }
  assert.equal(orphans, [], `golden files in ${dir} that no test produces: ${orphans.join(", ")}; run \`npm run golden:update\` to delete them`);
}
