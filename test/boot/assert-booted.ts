/** The checks every booted case passes, whatever its shape. */
import * as assert from "uvu/assert";
import type { BootCase } from "./harness.js";
import type { HostResult } from "./job.js";

/** Every container came up and went down cleanly, and every ping and connection of the case got through. */
export function assertBooted(r: HostResult, c: BootCase): void {
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
