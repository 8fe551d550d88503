/**
 * Every shrunk host of a disagreement `npm run fuzz:boot` found
 * (test/boot/regressions/*.json: the host's JSON, its start order, and what
 * the boot and validate said when it was found) is booted and validated
 * again: they agree, but for the known disagreements of fuzz-known.ts, which
 * must still disagree that way. Every known entry names fixtures that exist.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { root } from "../support/paths.js";
import { told, trials, type Trial } from "../fuzz/differential.js";
import type { FuzzHost } from "../fuzz/hosts.js";
import { KNOWN, knownForFixture } from "./fuzz-known.js";
import { bootSkipReason } from "./harness.js";

const dir = path.join(root, "test/boot/regressions");
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
const reason = bootSkipReason();

test("fuzz regressions: every known disagreement names fixtures that exist, and every fixture is a disagreement's or agrees", () => {
  for (const k of KNOWN) {
    assert.ok(k.fixtures.length > 0, `${k.reason}: no fixture`);
    for (const f of k.fixtures) assert.ok(files.includes(f), `${f} of "${k.reason}" is not in test/boot/regressions`);
  }
});

const fixtures = files.map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as FuzzHost & { kind: string; reason: string });
/** Booted three at a time before the tests look at them. */
let booted: Trial[] = [];
if (reason === null) test.before(async () => void (booted = await trials(fixtures.map((f) => ({ containers: f.containers, host: f.host, order: f.order, mistakes: f.mistakes })), 3)));

files.forEach((file, i) => {
  const fixture = fixtures[i]!;
  const known = knownForFixture(file);
  const title = `fuzz regressions: ${file}: ${known ? `known ${known.kind}` : "validate agrees with the boot"}`;
  if (reason !== null) return test.skip(title);
  test(title, () => {
    const t = booted[i]!;
    assert.ok(t.agreement !== null, `the host was not booted: ${t.skip ?? t.harness}`);
    if (known) assert.is(t.agreement, known.kind, `the known ${known.kind} (${known.reason}) now ${t.agreement === "agree" ? "agrees: delete it from fuzz-known.ts" : "disagrees the other way"}\n${told(t)}`);
    else assert.is(t.agreement, "agree", `found as a ${fixture.kind}: ${fixture.reason}\n${told(t)}`);
  });
});

test.run();
