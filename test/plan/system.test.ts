/**
 * `plan` on built systems written by hand, line by line as NixOS writes
 * them: each of switch-to-configuration's decisions (restart and reload
 * triggers, X-ReloadIfChanged, X-RestartIfChanged, ignored [Unit] keys,
 * drop-ins, masked and removed units, wantedBy links) and the conf files in
 * both of their directories.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readSystem } from "../../src/plan/from-system.js";
import { planExitCode } from "../../src/plan/format.js";
import { planSystems } from "../../src/plan/plan.js";
import type { Via } from "../../src/plan/verdict.js";
import { InputError } from "../../src/validate/input-error.js";

interface Tree {
  /** Unit file text, or "masked" for a link to /dev/null. */
  unit?: string;
  dropIn?: string;
  wantedBy?: string[];
  conf?: string;
  /** "containers": the directory below stateVersion 22.05. */
  confDir?: string;
}

const T1 = "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-X-Restart-Triggers-container-web";
const T2 = "/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-X-Restart-Triggers-container-web";
const R1 = "/nix/store/cccccccccccccccccccccccccccccccc-X-Reload-Triggers-container-web";
const R2 = "/nix/store/dddddddddddddddddddddddddddddddd-X-Reload-Triggers-container-web";
const S1 = "/nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-unit-script-container_web-start/bin/container_web-start";
const S2 = "/nix/store/ffffffffffffffffffffffffffffffff-unit-script-container_web-start/bin/container_web-start";

function unit(o: { description?: string; restartTriggers?: string; reloadTriggers?: string; flags?: string[]; start?: string; timeout?: string } = {}): string {
  return [
    "[Unit]",
    `Description=${o.description ?? "Container '%i'"}`,
    "After=network.target",
    "RequiresMountsFor=/var/lib/nixos-containers/%i",
    "Wants=network.target",
    ...(o.restartTriggers ? [`X-Restart-Triggers=${o.restartTriggers}`] : []),
    ...(o.reloadTriggers ? [`X-Reload-Triggers=${o.reloadTriggers}`] : []),
    "",
    "[Service]",
    'Environment="INSTANCE=%i"',
    'Environment="root=/var/lib/nixos-containers/%i"',
    ...(o.flags ?? []),
    "DevicePolicy=closed",
    "EnvironmentFile=-/etc/nixos-containers/%i.conf",
    `ExecStart=${o.start ?? S1}`,
    `TimeoutStartSec=${o.timeout ?? "1min"}`,
    "Type=notify",
    "",
    "[Install]",
    "WantedBy=machines.target",
    "",
  ].join("\n");
}

const conf = (system: string, hostAddress = "10.0.0.1") => `SYSTEM_PATH=${system}\nCOPY_RESOLV_CONF=1\nPRIVATE_NETWORK=1\n\nHOST_ADDRESS=${hostAddress}\n\nAUTO_START=1\n`;
const SYS1 = "/nix/store/11111111111111111111111111111111-nixos-system-web";
const SYS2 = "/nix/store/22222222222222222222222222222222-nixos-system-web";
const auto: Partial<Tree> = { wantedBy: ["machines.target"] };

const dir = tmp.dirSync({ unsafeCleanup: true }).name;
let count = 0;

function tree(containers: Record<string, Tree>): string {
  const root = path.join(dir, String(count++));
  const units = path.join(root, "etc/systemd/system");
  mkdirSync(units, { recursive: true });
  for (const [name, t] of Object.entries(containers)) {
    const file = path.join(units, `container@${name}.service`);
    if (t.unit === "masked") symlinkSync("/dev/null", file);
    else if (t.unit !== undefined) writeFileSync(file, t.unit);
    if (t.dropIn !== undefined) {
      mkdirSync(`${file}.d`, { recursive: true });
      writeFileSync(path.join(`${file}.d`, "overrides.conf"), t.dropIn);
    }
    for (const target of t.wantedBy ?? []) {
      mkdirSync(path.join(units, `${target}.wants`), { recursive: true });
      symlinkSync(`../container@${name}.service`, path.join(units, `${target}.wants`, `container@${name}.service`));
    }
    if (t.conf !== undefined) {
      const confDir = path.join(root, "etc", t.confDir ?? "nixos-containers");
      mkdirSync(confDir, { recursive: true });
      writeFileSync(path.join(confDir, `${name}.conf`), t.conf);
    }
  }
  return root;
}

type Case = { old: Record<string, Tree>; new: Record<string, Tree>; verdict: string; startsNow?: boolean; reasons: [Via, string[]][] };

const cases: [string, Case][] = [
  [
    "restart triggers and a conf value change: restart, through the conf file",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T2 }), conf: conf(SYS1, "10.0.0.9") } },
      verdict: "restart",
      reasons: [["conf-file", ["HOST_ADDRESS"]]],
    },
  ],
  [
    "restart triggers change alone: restart, named by the unit key",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T2 }), conf: conf(SYS1) } },
      verdict: "restart",
      reasons: [["unit", ["Unit.X-Restart-Triggers"]]],
    },
  ],
  [
    "only the reload triggers change: reload, through the system path",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1, reloadTriggers: R1 }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T1, reloadTriggers: R2 }), conf: conf(SYS2) } },
      verdict: "reload",
      reasons: [["system-path", ["SYSTEM_PATH"]]],
    },
  ],
  [
    "reload and restart triggers both change: restart wins",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1, reloadTriggers: R1 }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T2, reloadTriggers: R2 }), conf: conf(SYS2, "10.0.0.9") } },
      verdict: "restart",
      reasons: [["system-path", ["SYSTEM_PATH"]], ["conf-file", ["HOST_ADDRESS"]]],
    },
  ],
  [
    "X-ReloadIfChanged=true: a changed script reloads",
    {
      old: { web: { ...auto, unit: unit({ flags: ["X-ReloadIfChanged=true"] }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ flags: ["X-ReloadIfChanged=true"], start: S2 }), conf: conf(SYS1) } },
      verdict: "reload",
      reasons: [["unit", ["Service.ExecStart"]]],
    },
  ],
  [
    "X-RestartIfChanged=false: not applied",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1, flags: ["X-RestartIfChanged=false"] }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T2, flags: ["X-RestartIfChanged=false"] }), conf: conf(SYS2) } },
      verdict: "not-applied",
      reasons: [["system-path", ["SYSTEM_PATH"]], ["not-applied", ["Service.X-RestartIfChanged"]]],
    },
  ],
  [
    "a unit nothing wants, conf file changed: not applied",
    {
      old: { web: { unit: unit({ flags: ["X-RestartIfChanged=false"] }), conf: conf(SYS1) } },
      new: { web: { unit: unit({ flags: ["X-RestartIfChanged=false"] }), conf: conf(SYS2) } },
      verdict: "not-applied",
      reasons: [["system-path", ["SYSTEM_PATH"]], ["not-applied", []]],
    },
  ],
  [
    "only the Description changes: unchanged",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T1, description: "Container web" }), conf: conf(SYS1) } },
      verdict: "unchanged",
      reasons: [],
    },
  ],
  [
    "a drop-in that changes a key: restart",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1) } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T1 }), dropIn: "[Service]\nTimeoutStartSec=\nTimeoutStartSec=5min\n", conf: conf(SYS1) } },
      verdict: "restart",
      reasons: [["unit", ["Service.TimeoutStartSec"]]],
    },
  ],
  [
    "a unit gone from the new system: removed",
    { old: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1) } }, new: {}, verdict: "removed", reasons: [["unit", []]] },
  ],
  [
    "a unit masked in the new system: removed",
    { old: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1) } }, new: { web: { unit: "masked" } }, verdict: "removed", reasons: [["unit", []]] },
  ],
  [
    "a new unit that machines.target wants: new, starts now",
    { old: {}, new: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1) } }, verdict: "new", startsNow: true, reasons: [["unit", []]] },
  ],
  [
    "a new unit nothing wants: new, not started",
    { old: {}, new: { web: { unit: unit({ flags: ["X-RestartIfChanged=false"] }), conf: conf(SYS1) } }, verdict: "new", startsNow: false, reasons: [["unit", []]] },
  ],
  [
    "conf files in etc/containers (stateVersion before 22.05) are read too",
    {
      old: { web: { ...auto, unit: unit({ restartTriggers: T1 }), conf: conf(SYS1), confDir: "containers" } },
      new: { web: { ...auto, unit: unit({ restartTriggers: T2 }), conf: conf(SYS2), confDir: "containers" } },
      verdict: "restart",
      reasons: [["system-path", ["SYSTEM_PATH"]]],
    },
  ],
];

for (const [name, c] of cases)
  test(name, () => {
    const plan = planSystems(readSystem(tree(c.old)), readSystem(tree(c.new)));
    assert.is(plan.entries.length, 1);
    const e = plan.entries[0]!;
    assert.is(e.verdict, c.verdict);
    assert.is(e.startsNow, c.startsNow);
    assert.equal(
      e.reasons.map((r) => [r.via, r.keys]),
      c.reasons,
    );
  });

test("a changed Environment= names its variables: PATH comes from the host, root from ephemeral", () => {
  const withPath = (p: string) => unit({ restartTriggers: T1 }).replace('Environment="INSTANCE=%i"', `Environment="INSTANCE=%i"\nEnvironment="PATH=${p}"`);
  const a = tree({ web: { ...auto, unit: withPath("/nix/store/1-iproute2/bin"), conf: conf(SYS1) } });
  const b = tree({ web: { ...auto, unit: withPath("/nix/store/2-iproute2/bin"), conf: conf(SYS1) } });
  const path = planSystems(readSystem(a), readSystem(b)).entries[0]!;
  assert.is(path.verdict, "restart");
  assert.equal(path.reasons, [{ via: "unit", keys: ["Service.Environment"], options: [], message: "unit: Environment PATH (no container option: the host or the module changed it)" }]);
  const ephemeral = unit({ restartTriggers: T1 }).replace("root=/var/lib/nixos-containers/%i", "root=/run/nixos-containers/%i");
  const c = tree({ web: { ...auto, unit: ephemeral, conf: conf(SYS1) } });
  assert.equal(planSystems(readSystem(a), readSystem(c)).entries[0]!.reasons[0]!.message, "unit: Environment PATH root (ephemeral)");
});

test("X-StopOnRemoval=false: removed, but not stopped, and --exit-code says so", () => {
  const kept = unit({ restartTriggers: T1 }).replace("[Unit]\n", "[Unit]\nX-StopOnRemoval=false\n");
  const plan = planSystems(readSystem(tree({ web: { ...auto, unit: kept, conf: conf(SYS1) } })), readSystem(tree({})));
  assert.is(plan.entries[0]!.verdict, "removed");
  assert.is(plan.entries[0]!.action, "none");
  assert.match(plan.entries[0]!.reasons[0]!.message, /X-StopOnRemoval=false/);
  assert.is(planExitCode(plan), 0);
});

test("the template unit container@.service is not a container", () => {
  const root = tree({});
  writeFileSync(path.join(root, "etc/systemd/system/container@.service"), unit());
  assert.equal([...readSystem(root).containers.keys()], []);
});

test("a directory without etc/systemd/system is refused with what to give", () => {
  assert.throws(
    () => readSystem(dir),
    (e: unknown) => e instanceof InputError && /no etc\/systemd\/system; is it a built system/.test(e.message),
  );
});

test.run();
