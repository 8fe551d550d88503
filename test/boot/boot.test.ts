/**
 * Boots every shape of shapes.ts with the real systemd-nspawn and iproute2
 * (test/boot/harness.ts) and checks it from both sides; then that nothing was
 * left behind. Without root, unshare, nspawn or nix-instantiate every case is
 * reported skipped with the reason.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { boot, bootSkipReason, leftovers } from "./harness.js";
import { assertBooted } from "./assert-booted.js";
import { shapes } from "./shapes.js";

const reason = bootSkipReason();
if (reason !== null) console.log(`skipped: boot tests: ${reason}`);
const before = reason === null ? leftovers() : [];

for (const s of shapes) {
  if (reason !== null || s.skip !== undefined) {
    if (s.skip !== undefined && reason === null) console.log(`skipped: boot ${s.name}: ${s.skip}`);
    test.skip(`boot: ${s.name}`);
    continue;
  }
  test(`boot: ${s.name}`, () => {
    const r = boot(s.boot);
    if (s.expectFailure) return s.expectFailure(r, r.containers[0]!);
    assertBooted(r, s.boot);
    s.want?.(r, r.containers[0]!);
  });
}

if (reason === null)
  test("boot: nothing is left behind (temporary trees, processes, mounts)", () => {
    assert.equal(leftovers(), before);
  });
else test.skip("boot: nothing is left behind (temporary trees, processes, mounts)");

test.run();
