/**
 * Changes from an old to a new set of container definitions, with the verdict
 * and the reasons `plan` must give: one case per verdict and per reason. The
 * definitions test runs them on the definitions; the built-system test runs
 * the same changes on system trees written from them, and must agree.
 */
import type { Json } from "../../src/model/resolve.js";
import type { Verdict, Via } from "../../src/plan/verdict.js";

export type Defs = { [name: string]: { [k: string]: Json } };

export interface Want {
  verdict: Verdict;
  startsNow?: boolean;
  /** Each reason's `via` with its keys, in order. */
  reasons: [Via, string[]][];
  /** Options named by the reasons (definitions only: a built system names every candidate). */
  options?: string[];
}

export interface PlanCase {
  old: Defs;
  new: Defs;
  want: Want;
  /** Config as Nix code: only definitions can carry it. */
  definitionsOnly?: boolean;
}

const P1 = "/nix/store/11111111111111111111111111111111-nixos-system-web";
const P2 = "/nix/store/22222222222222222222222222222222-nixos-system-web";
const web = { path: P1, autoStart: true, privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2" };
const one = (def: { [k: string]: Json }): Defs => ({ web: def });

export const planCases: [string, PlanCase][] = [
  ["new with autoStart: starts now", { old: {}, new: one(web), want: { verdict: "new", startsNow: true, reasons: [["unit", []]] } }],
  ["new without autoStart: not started", { old: {}, new: one({ ...web, autoStart: false }), want: { verdict: "new", startsNow: false, reasons: [["unit", []]] } }],
  ["removed: stopped", { old: one(web), new: {}, want: { verdict: "removed", reasons: [["unit", []]] } }],
  ["unchanged", { old: one(web), new: one({ ...web }), want: { verdict: "unchanged", reasons: [] } }],
  [
    "restart through the system path",
    { old: one(web), new: one({ ...web, path: P2 }), want: { verdict: "restart", reasons: [["system-path", ["SYSTEM_PATH"]]], options: ["path"] } },
  ],
  [
    "restart through the conf file",
    { old: one(web), new: one({ ...web, extraFlags: ["--volatile=state"] }), want: { verdict: "restart", reasons: [["conf-file", ["EXTRA_NSPAWN_FLAGS"]]], options: ["extraFlags"] } },
  ],
  [
    "restart through the conf file and a script (hostAddress)",
    {
      old: one(web),
      new: one({ ...web, hostAddress: "10.0.0.9" }),
      want: { verdict: "restart", reasons: [["conf-file", ["HOST_ADDRESS"]], ["unit", ["Service.ExecStartPost"]]], options: ["hostAddress"] },
    },
  ],
  [
    "restart through the unit itself (timeoutStartSec)",
    { old: one(web), new: one({ ...web, timeoutStartSec: "5min" }), want: { verdict: "restart", reasons: [["unit", ["Service.TimeoutStartSec"]]], options: ["timeoutStartSec"] } },
  ],
  [
    "restart when autoStart is turned on",
    {
      old: one({ ...web, autoStart: false }),
      new: one(web),
      want: {
        verdict: "restart",
        reasons: [["conf-file", ["AUTO_START"]], ["unit", ["Unit.Wants", "Unit.After", "Service.X-RestartIfChanged"]]],
        options: ["autoStart"],
      },
    },
  ],
  [
    "reload: activation = reload and a new system path",
    { old: one({ ...web, activation: "reload" }), new: one({ ...web, activation: "reload", path: P2 }), want: { verdict: "reload", reasons: [["system-path", ["SYSTEM_PATH"]]], options: ["path"] } },
  ],
  [
    "reload strategy: another conf value still restarts",
    {
      old: one({ ...web, activation: "reload" }),
      new: one({ ...web, activation: "reload", path: P2, copyResolvConf: false }),
      want: { verdict: "restart", reasons: [["system-path", ["SYSTEM_PATH"]], ["conf-file", ["COPY_RESOLV_CONF"]]], options: ["path", "copyResolvConf"] },
    },
  ],
  [
    "reload strategy with restartIfChanged = false: a new system still reloads",
    {
      old: one({ ...web, activation: "reload", restartIfChanged: false }),
      new: one({ ...web, activation: "reload", restartIfChanged: false, path: P2 }),
      want: { verdict: "reload", reasons: [["system-path", ["SYSTEM_PATH"]]] },
    },
  ],
  [
    "changing the strategy from restart to reload restarts once",
    {
      old: one(web),
      new: one({ ...web, activation: "reload" }),
      want: { verdict: "restart", reasons: [["unit", ["Unit.X-Restart-Triggers", "Unit.X-Reload-Triggers"]]], options: ["activation"] },
    },
  ],
  [
    "not applied: restartIfChanged = false",
    {
      old: one({ ...web, restartIfChanged: false }),
      new: one({ ...web, restartIfChanged: false, path: P2 }),
      want: { verdict: "not-applied", reasons: [["system-path", ["SYSTEM_PATH"]], ["not-applied", ["Service.X-RestartIfChanged"]]], options: ["path", "restartIfChanged"] },
    },
  ],
  [
    "not applied: no autoStart, a new system",
    {
      old: one({ ...web, autoStart: false }),
      new: one({ ...web, autoStart: false, path: P2 }),
      want: { verdict: "not-applied", reasons: [["system-path", ["SYSTEM_PATH"]], ["not-applied", []]], options: ["path", "autoStart"] },
    },
  ],
  [
    "not applied: no autoStart, a unit change (timeoutStartSec)",
    {
      old: one({ ...web, autoStart: false }),
      new: one({ ...web, autoStart: false, timeoutStartSec: "5min" }),
      want: { verdict: "not-applied", reasons: [["unit", ["Service.TimeoutStartSec"]], ["not-applied", []]], options: ["timeoutStartSec", "autoStart"] },
    },
  ],
  [
    "not applied: activation = none",
    {
      old: one({ ...web, activation: "none" }),
      new: one({ ...web, activation: "none", path: P2, hostAddress: "10.0.0.9" }),
      want: {
        verdict: "not-applied",
        reasons: [["system-path", ["SYSTEM_PATH"]], ["conf-file", ["HOST_ADDRESS"]], ["unit", ["Service.ExecStartPost"]], ["not-applied", ["Service.X-RestartIfChanged"]]],
      },
    },
  ],
  [
    "not applied: activation = none, only the conf file changes",
    {
      old: one({ ...web, activation: "none" }),
      new: one({ ...web, activation: "none", copyResolvConf: false }),
      want: { verdict: "not-applied", reasons: [["conf-file", ["COPY_RESOLV_CONF"]], ["not-applied", ["Service.X-RestartIfChanged"]]], options: ["copyResolvConf", "activation"] },
    },
  ],
  [
    "config given as a value: the same value is unchanged",
    { old: one({ autoStart: true, config: { services: { nginx: { enable: true } } } }), new: one({ autoStart: true, config: { services: { nginx: { enable: true } } } }), want: { verdict: "unchanged", reasons: [] } },
  ],
  [
    "config given as a value: another value restarts through the system path",
    {
      old: one({ autoStart: true, config: { services: { nginx: { enable: true } } } }),
      new: one({ autoStart: true, config: { services: { nginx: { enable: false } } } }),
      want: { verdict: "restart", reasons: [["system-path", ["SYSTEM_PATH"]]], options: ["config"] },
    },
  ],
];
