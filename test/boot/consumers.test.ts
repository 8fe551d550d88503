/**
 * The validator's error rules against their real consumers (consumers.ts):
 * each proof's definition is flagged by its rule, and the consumer refuses it;
 * every error rule of the registry has a proof or a reason; and the false
 * alarms found so far are shown to be accepted by the consumer, and values of
 * warning rules to be taken and ignored.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rules } from "../../src/validate/rules/index.js";
import { validateContainers } from "../../src/validate/validate.js";
import { assertBooted } from "./assert-booted.js";
import { falseAlarms, ignored, proofs, type BootProof, type UnitProof } from "./consumers.js";
import { boot, bootSkipReason, renderCore, TMP_PREFIX, type BootCase } from "./harness.js";
import type { HostResult } from "./job.js";
import { run, which } from "./run.js";

const reason = bootSkipReason();

test("consumers: every error rule of the registry has a proof or a reason, and nothing else does", () => {
  const errorRules = rules.filter((r) => r.severity === "error").map((r) => r.id);
  const covered = proofs.map((p) => p.rule);
  assert.equal([...new Set(covered)].sort(), [...new Set(errorRules)].sort());
});

test("consumers: the evidence of ignored values is for warning rules only", () => {
  const warningRules = new Set(rules.filter((r) => r.severity === "warning").map((r) => r.id));
  assert.equal(ignored.filter((p) => !warningRules.has(p.rule)).map((p) => p.rule), []);
});

const asCase = (p: BootProof | (typeof falseAlarms)[number]): BootCase => ({
  ...p.boot,
  containers: Object.fromEntries(Object.entries(p.given).map(([name, definition]) => [name, { definition, probe: p.probe }])),
});

/** Everything the consumers said while the case booted. */
const said = (r: HostResult) =>
  [r.error ?? "", ...r.containers.flatMap((k) => [k.preStart.output, k.postStart?.output ?? "", k.exit.output])].join("\n");

const failed = (r: HostResult) =>
  r.error !== null || r.containers.some((k) => k.preStart.status !== 0 || k.postStart === null || k.postStart.status !== 0 || !k.report?.done || k.exit.status !== 0);

function unitRefusal(p: UnitProof): string {
  const [rendered] = renderCore({ containers: Object.fromEntries(Object.entries(p.given).map(([n, definition]) => [n, { definition }])) });
  const s = rendered!.unit.serviceConfig;
  const dir = tmp.dirSync({ prefix: TMP_PREFIX, unsafeCleanup: true });
  try {
    const file = path.join(dir.name, "container-w.service");
    writeFileSync(file, ["[Service]", "ExecStart=/bin/true", `TimeoutStartSec=${s.TimeoutStartSec}`, ...s.DeviceAllow.map((d) => `DeviceAllow=${d}`), ""].join("\n"));
    const r = run("systemd-analyze", ["verify", file]);
    return r.stdout + r.stderr;
  } finally {
    dir.removeCallback();
  }
}

for (const p of proofs) {
  if (p.kind === "cannot") {
    test.skip(`consumers: ${p.rule}: ${p.reason}`);
    continue;
  }
  const title = `consumers: ${p.rule}: the real consumer refuses ${p.value}`;
  const unavailable = p.kind === "unit" ? (which("systemd-analyze") === null ? "systemd-analyze is missing" : null) : reason;
  if (unavailable !== null) {
    test.skip(title);
    continue;
  }
  test(title, () => {
    const flagged = validateContainers(p.given, { host: p.host }).findings.filter((f) => f.rule === p.rule && f.severity === "error");
    assert.ok(flagged.length > 0, `the rule ${p.rule} does not flag ${p.value}`);
    if (p.kind === "unit") {
      const out = unitRefusal(p);
      assert.ok(p.refusal.test(out), `systemd-analyze verify said:\n${out}`);
      return;
    }
    const r = boot(asCase(p));
    if (p.refused) assert.ok(p.refused(r), `the consumer took ${p.value}:\n${JSON.stringify({ ping: r.ping, tcp: r.tcp, shown: r.shownUp, containers: r.containers.map((k) => k.report?.done) }, null, 1)}`);
    else {
      assert.ok(failed(r), `the boot succeeded with ${p.value}:\n${said(r)}`);
      assert.ok(p.refusal.test(said(r)), `no ${p.refusal} in what the consumers said:\n${said(r)}`);
    }
  });
}

for (const p of ignored) {
  const title = `consumers: ${p.rule} (warning): the real consumer takes and ignores ${p.value}`;
  const unavailable = p.kind === "unit" ? (which("systemd-analyze") === null ? "systemd-analyze is missing" : null) : reason;
  if (unavailable !== null) {
    test.skip(title);
    continue;
  }
  test(title, () => {
    const flagged = validateContainers(p.given, { host: p.host }).findings.filter((f) => f.rule === p.rule && f.severity === "warning");
    assert.ok(flagged.length > 0, `the rule ${p.rule} does not warn about ${p.value}`);
    if (p.kind === "unit") {
      const out = unitRefusal(p);
      assert.ok(p.refusal.test(out), `systemd-analyze verify said:\n${out}`);
      return;
    }
    const r = boot(asCase(p));
    assert.ok(!failed(r), `the boot failed with ${p.value}:\n${said(r)}`);
    if (p.refused) assert.ok(p.refused(r), `the value did something:\n${JSON.stringify({ ping: r.ping, shown: r.shownUp }, null, 1)}`);
  });
}

for (const f of falseAlarms) {
  const title = `consumers: false alarm of ${f.rule}: the real consumer takes ${f.value}`;
  if (reason !== null) {
    test.skip(title);
    continue;
  }
  test(title, () => {
    const flagged = validateContainers(f.given).findings.some((x) => x.rule === f.rule);
    console.log(`note: ${f.rule} ${flagged ? "still flags" : "no longer flags"} ${f.value}; the consumer takes it`);
    const c = asCase(f);
    assertBooted(boot(c), c);
  });
}

test.run();
