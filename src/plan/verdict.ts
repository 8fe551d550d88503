/**
 * A container's verdict and its reasons, from what a switch sees of it on the
 * old and the new side (side.ts), through switch-to-configuration's decision
 * (switch.ts). The verdict assumes the container runs when the switch starts;
 * a container that is not running is only ever started (`new` with autoStart,
 * or a unit wanted by machines.target).
 */
import { lastValue, unitBool } from "./unit-file.js";
import { changedVariables, confKeyOptions, unitKeyOptions } from "./explain.js";
import { decideUnit, type KeyChange, type SwitchAction } from "./switch.js";
import type { ContainerView } from "./side.js";

export const VERDICTS = ["removed", "restart", "may-restart", "reload", "new", "not-applied", "unchanged"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Whether the switch stops the running container, for a while or for good (or may): what `--exit-code` reports. */
export const stops = (e: PlanEntry): boolean => e.verdict === "restart" || e.verdict === "may-restart" || (e.verdict === "removed" && e.action === "stop");

export type Via = "conf-file" | "system-path" | "unit" | "config" | "not-applied";

export interface Reason {
  /** Where the change reaches the container from. */
  via: Via;
  /** Conf keys (`HOST_ADDRESS`) or unit keys (`Service.TimeoutStartSec`). */
  keys: string[];
  /** The options behind them. */
  options: string[];
  message: string;
}

export interface PlanEntry {
  name: string;
  verdict: Verdict;
  /** For `new`: whether the switch starts it (autoStart). */
  startsNow?: boolean;
  /** What switch-to-configuration does to the unit. */
  action: SwitchAction;
  reasons: Reason[];
}

const TRIGGER_KEYS = new Set(["Unit.X-Restart-Triggers", "Unit.X-Reload-Triggers"]);

function confChanges(a: ReadonlyMap<string, string> | null, b: ReadonlyMap<string, string> | null): string[] {
  const keys = new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])]);
  return [...keys].filter((k) => a?.get(k) !== b?.get(k));
}

const unique = (xs: string[]) => [...new Set(xs)];
const withOptions = (key: string, options: readonly string[]) => `${key} (${options.length > 0 ? options.join(", ") : "no container option: the host or the module changed it"})`;

/**
 * Reasons for the changes: through the conf file, the system path, the unit
 * itself. `narrow`, when the options that changed are known (definitions),
 * keeps only those among the options a key could come from.
 */
function changeReasons(changes: readonly KeyChange[], conf: string[], narrow: (options: string[]) => string[]): Reason[] {
  const reasons: Reason[] = [];
  if (conf.includes("SYSTEM_PATH"))
    reasons.push({ via: "system-path", keys: ["SYSTEM_PATH"], options: confKeyOptions("SYSTEM_PATH"), message: "its system changed (SYSTEM_PATH in the conf file)" });
  const other = conf.filter((k) => k !== "SYSTEM_PATH");
  if (other.length > 0) {
    const per = other.map((k) => [k, narrow(confKeyOptions(k))] as const);
    reasons.push({ via: "conf-file", keys: other, options: unique(per.flatMap(([, o]) => o)), message: `conf file: ${per.map(([k, o]) => withOptions(k, o)).join(", ")}` });
  }
  // A trigger that changed with the conf file is explained by it; one that changed alone is named.
  const own = changes.filter((c) => c.effect !== "equal" && !(TRIGGER_KEYS.has(`${c.section}.${c.key}`) && conf.length > 0));
  if (own.length > 0) {
    const per = own.map((c) => {
      if (c.key !== "Environment") return [c.key, narrow(unitKeyOptions(c.section, c.key))] as const;
      const vars = changedVariables(c.before, c.after);
      return [`${c.key} ${vars.join(" ")}`, narrow(unitKeyOptions(c.section, c.key, vars))] as const;
    });
    reasons.push({
      via: "unit",
      keys: own.map((c) => `${c.section}.${c.key}`),
      options: unique(per.flatMap(([, o]) => o)),
      message: `unit: ${per.map(([k, o]) => withOptions(k, o)).join(", ")}`,
    });
  }
  return reasons;
}

/** Why a changed container keeps running as it was: read from the new unit. */
function notAppliedReason(next: ContainerView): Reason {
  const info = next.unit.info;
  if (next.unit.wantedBy.length === 0)
    return { via: "not-applied", keys: [], options: ["autoStart"], message: "it does not start at boot (autoStart = false): a running container keeps its old settings until it is restarted" };
  const hasTriggers = lastValue(info, "Unit", "X-Restart-Triggers") !== undefined || lastValue(info, "Unit", "X-Reload-Triggers") !== undefined;
  if (!unitBool(info, "Service", "X-RestartIfChanged", true) && !hasTriggers)
    return { via: "not-applied", keys: ["Service.X-RestartIfChanged"], options: ["activation"], message: "activation = none: a switch leaves it running as it was; the changes apply at its next start" };
  if (!unitBool(info, "Service", "X-RestartIfChanged", true))
    return { via: "not-applied", keys: ["Service.X-RestartIfChanged"], options: ["restartIfChanged"], message: "restartIfChanged = false: a switch leaves it running as it was; the changes apply at its next start" };
  return { via: "not-applied", keys: [], options: [], message: "the conf file is read when the container starts: the changes apply at its next start" };
}

/** `changed`: the options whose values differ, when known; reasons then name only those. */
export function planEntry(name: string, old: ContainerView | null, next: ContainerView | null, changed?: ReadonlySet<string>): PlanEntry {
  const d = decideUnit(old?.unit ?? null, next?.unit ?? null);
  if (old === null) {
    const startsNow = d.action === "start";
    return { name, verdict: "new", startsNow, action: d.action, reasons: [{ via: "unit", keys: [], options: ["autoStart"], message: startsNow ? "new; the switch starts it (autoStart)" : "new; not started (autoStart = false)" }] };
  }
  if (next === null) {
    const message = d.action === "stop" ? "removed; the switch stops it if it runs" : "removed; its unit asks not to be stopped (X-StopOnRemoval=false), so it keeps running";
    return { name, verdict: "removed", action: d.action, reasons: [{ via: "unit", keys: [], options: [], message }] };
  }
  const conf = confChanges(old.conf, next.conf);
  const narrow = (options: string[]) => {
    if (changed === undefined) return options;
    const kept = options.filter((o) => changed.has(o));
    return kept.length > 0 ? kept : options;
  };
  const reasons = changeReasons(d.changes, conf, narrow);
  switch (d.action) {
    case "restart":
      return { name, verdict: "restart", action: d.action, reasons };
    case "reload":
      return { name, verdict: "reload", action: d.action, reasons };
    case "skip":
      return { name, verdict: "not-applied", action: d.action, reasons: [...reasons, notAppliedReason(next)] };
    default:
      if (reasons.length === 0) return { name, verdict: "unchanged", action: d.action, reasons: [] };
      return { name, verdict: "not-applied", action: d.action, reasons: [...reasons, notAppliedReason(next)] };
  }
}
