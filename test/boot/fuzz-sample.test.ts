/**
 * Validate predicts the boot, on a fixed-seed sample of random realistic
 * hosts (issue #17): the first SAMPLE_COUNT hosts of `npm run fuzz:boot`'s
 * seed SAMPLE_SEED, each booted for real (every container up, every pair
 * pinged both ways, every forward answered) and validated, must agree, but
 * for the known disagreements of fuzz-known.ts, which must still disagree
 * that way (an entry that now agrees is to be deleted). Without root and the
 * boot programs, each host is reported skipped with the reason.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { told, trials, type Trial } from "../fuzz/differential.js";
import { sampleHosts } from "../fuzz/hosts.js";
import { knownForSample, SAMPLE_COUNT, SAMPLE_SEED } from "./fuzz-known.js";
import { bootSkipReason } from "./harness.js";

const reason = bootSkipReason();
if (reason !== null) console.log(`skipped: fuzz sample: ${reason}`);

const hosts = sampleHosts(SAMPLE_SEED, SAMPLE_COUNT);
/** The hosts are booted three at a time before the tests look at them (most of a boot is waiting: for nspawn, duplicate address detection, pings). */
let booted: Trial[] = [];
if (reason === null) test.before(async () => void (booted = await trials(hosts, 3)));

hosts.forEach((host, index) => {
  const known = knownForSample(index);
  const title = `fuzz sample: host ${index} of seed ${SAMPLE_SEED} (${Object.keys(host.containers).join(", ")}${host.mistakes.length > 0 ? `; ${host.mistakes.join(", ")}` : ""}): ${known ? `known ${known.kind}` : "validate agrees with the boot"}`;
  if (reason !== null) return test.skip(title);
  test(title, () => {
    const t = booted[index]!;
    assert.ok(t.agreement !== null, `the host was not booted: ${t.skip ?? t.harness}`);
    if (known) assert.is(t.agreement, known.kind, `the known ${known.kind} (${known.reason}) now ${t.agreement === "agree" ? "agrees: delete it from fuzz-known.ts" : "disagrees the other way"}\n${told(t)}`);
    else assert.is(t.agreement, "agree", told(t));
  });
});

test.run();
