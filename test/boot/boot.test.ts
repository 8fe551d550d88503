/**
 * Boots every shape of shapes.ts with the real systemd-nspawn and iproute2
 * (test/boot/harness.ts) and checks it from both sides; then that nothing was
 * left behind. Without root, unshare, nspawn or nix-instantiate every case is
 * reported skipped with the reason.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { boot, bootSkipReason, leftovers } from "./harness.js";
import type { HostResult } from "./job.js";
import { shapes } from "./shapes.js";

const reason = bootSkipReason();
if (reason !== null) console.log(`skipped: boot tests: ${reason}`);
const before = reason === null ? leftovers() : [];

/** Every container came up and went down cleanly, and every ping and connection of the case got through. */
export function assertBooted(r: HostResult, c: Parameters<typeof boot>[0]): void {
  assert.is(r.error, null, "driver error");
  for (const k of r.containers) {
    const log = `\n--- nspawn output of ${k.name}:\n${k.exit.output}`;
    assert.is(k.preStart.status, 0, `${k.name}: preStart failed:\n${k.preStart.output}`);
    assert.ok(k.postStart, `${k.name}: the container never reported it was up${log}`);
    assert.is(k.postStart!.status, 0, `${k.name}: postStart failed:\n${k.postStart!.output}`);
    assert.ok(k.report?.done, `${k.name}: the container's checks did not finish${log}`);
    for (const s of k.report!.ready.setup) assert.is(s.status, 0, `${k.name}: ${s.argv.join(" ")}: ${s.output}`);
    for (const [a, ok] of Object.entries(k.report!.done!.ping)) assert.ok(ok, `${k.name} cannot ping ${a}`);
    assert.is(k.exit.status, 0, `${k.name}: nspawn's exit after SIGTERM${log}`);
  }
  for (const [a, ok] of Object.entries(r.ping)) assert.ok(ok, `the host cannot ping ${a}`);
  for (const t of c.tcp ?? []) assert.is(r.tcp[`${t.address} ${t.port}`], t.reply, `tcp ${t.address} port ${t.port}`);
  for (const u of c.udp ?? []) assert.is(r.udp[`${u.address} ${u.port}`], u.reply, `udp ${u.address} port ${u.port}`);
}

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
