/**
 * The `ip` model on recorded cases: each kept sequence (ip-regressions.ts)
 * gives, command by command, the exit status and message the real ip gave.
 * Runs everywhere; ip-differential.test.ts holds the same cases to the real
 * programs where it can run them.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { regressions } from "./ip-regressions.js";
import { modelWorld } from "./ip-world.js";

for (const [name, { given, want }] of regressions)
  test(`ip model: ${name}`, () => {
    assert.is(given.length, want.length, "a recorded outcome for each command");
    const got = modelWorld(given).ran.map((r) => ("notModelled" in r ? ["not modelled", r.notModelled] : [r.status, r.message]));
    assert.equal(got, want);
  });

test.run();
