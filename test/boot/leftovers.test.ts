/**
 * Runs after the other boot tests (files run in name order): nothing of the
 * harness is left on the machine, after the boots that went well and after a
 * driver error and a driver killed halfway through a boot.
 */
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { falseAlarms, proofs } from "./consumers.js";
import { boot, bootSkipReason, leftovers, TMP_PREFIX, type BootCase } from "./harness.js";
import { shapes } from "./shapes.js";

const reason = bootSkipReason();
const cases: BootCase[] = [
  ...shapes.map((s) => s.boot),
  ...[...proofs, ...falseAlarms].flatMap((p) => ("given" in p && "boot" in p ? [{ ...p.boot, containers: Object.fromEntries(Object.keys(p.given).map((n) => [n, { definition: p.given[n]! }])) }] : [])),
];

/** Every interface name a case creates or has nspawn create. */
const interfaceNames = [
  ...new Set(
    cases.flatMap((c) => [
      ...(c.setup ?? []).flatMap((a) => (a[0] === "link" && a[1] === "add" ? [a[2]!, ...(a.includes("peer") ? [a[a.indexOf("peer") + 2]!] : [])] : [])),
      ...Object.entries(c.containers).flatMap(([n, k]) => [`ve-${n}`, `vb-${n}`, ...Object.keys((k.definition.extraVeths as object | undefined) ?? {})]),
    ]),
  ),
];

test("leftovers: the check sees a temporary tree of the harness", () => {
  const dir = tmp.dirSync({ prefix: TMP_PREFIX });
  try {
    assert.ok(leftovers().some((l) => l.includes(dir.name)), "a leftover temporary tree is found");
  } finally {
    dir.removeCallback();
  }
});

const settle = () => new Promise((r) => setTimeout(r, 300));

if (reason !== null) {
  test.skip("leftovers: nothing is left after a driver error");
  test.skip("leftovers: nothing is left after the driver is killed halfway through a boot");
  test.skip("leftovers: nothing is left after all the boot tests");
} else {
  test("leftovers: nothing is left after a driver error", async () => {
    const r = boot({ containers: { web: { definition: { privateNetwork: true, hostAddress: "10.231.50.1", localAddress: "10.231.50.2" } } }, setup: [["link", "add", "cnxbad", "type", "no-such-type"]] });
    assert.ok(r.error !== null && /no-such-type/.test(r.error), `expected the setup error, got ${r.error}`);
    await settle();
    assert.equal(leftovers(interfaceNames), []);
  });

  test("leftovers: nothing is left after the driver is killed halfway through a boot", async () => {
    // The container is up and busy (its check sleeps) when the driver is killed.
    const c: BootCase = {
      containers: {
        web: { definition: { privateNetwork: true, hostAddress: "10.231.51.1", localAddress: "10.231.51.2" }, probe: { commands: [["sleep", "30"]] } },
      },
    };
    assert.throws(() => boot(c, 2500), /wrote no result/);
    await settle();
    assert.equal(leftovers(interfaceNames), []);
  });

  test("leftovers: nothing is left after all the boot tests", () => {
    assert.equal(leftovers(interfaceNames), []);
  });
}

test.run();
