/**
 * Boots every shape of shapes.ts with the real systemd-nspawn and iproute2
 * (test/boot/harness.ts) and checks it from both sides (leftovers.test.ts
 * checks that nothing was left behind). Without root, unshare, nspawn or nix-instantiate every case is
 * reported skipped with the reason.
 */
import { test } from "uvu";
import { boot, bootSkipReason } from "./harness.js";
import { assertBooted } from "./assert-booted.js";
import { shapes } from "./shapes.js";

const reason = bootSkipReason();
if (reason !== null) console.log(`skipped: boot tests: ${reason}`);

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

test.run();
