/**
 * Every definition file of the validator's "no false alarms" corpus
 * (test/validate/realistic/*.json, or the directory in $BOOT_CORPUS) whose
 * shape the harness supports boots; the others are reported skipped with the
 * reason. No directory, or an empty one, gives no cases.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import { validateContainers } from "../../src/validate/validate.js";
import { root } from "../support/paths.js";
import { assertBooted } from "./assert-booted.js";
import { corpusCase, type CorpusFile } from "./corpus.js";
import { boot, bootSkipReason } from "./harness.js";

const dir = process.env.BOOT_CORPUS ?? path.join(root, "test/validate/realistic");
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
const reason = bootSkipReason();

test("corpus: the corpus directory is read (missing or empty gives no cases)", () => {
  for (const f of files) JSON.parse(readFileSync(path.join(dir, f), "utf8"));
});

for (const f of files) {
  const title = `corpus: ${f} boots`;
  const file = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as CorpusFile;
  const errors = validateContainers(file.containers, { host: file.host }).findings.filter((x) => x.severity === "error");
  const made = corpusCase(file);
  const skip =
    reason ??
    (errors.length > 0 ? `the validator reports errors (${[...new Set(errors.map((e) => e.rule))].join(", ")}): not a definition that should boot` : null) ??
    ("skip" in made ? made.skip : null);
  if (skip !== null) {
    console.log(`skipped: ${title}: ${skip}`);
    test.skip(title);
    continue;
  }
  test(title, () => {
    const c = (made as { boot: Parameters<typeof boot>[0] }).boot;
    assertBooted(boot(c), c);
  });
}

test.run();
