/**
 * What switch-to-configuration does to one unit, in the order it decides it
 * (nixpkgs pkgs/by-name/sw/switch-to-configuration-ng, compare_units and
 * handle_modified_unit), for a unit that is active when the switch starts:
 *
 * - gone from the new system: stopped (unless X-StopOnRemoval=false);
 * - unit files equal: nothing;
 * - only `X-Reload-Triggers` (or keys it ignores) differ in `[Unit]`: reloaded;
 * - anything else differs: with `X-ReloadIfChanged=true` in the new unit,
 *   reloaded; with `X-RestartIfChanged=false` (or RefuseManualStop,
 *   X-OnlyManualStart), left alone; else restarted (stopped, then started).
 *
 * A unit that is new is started when a target that is active wants it (the
 * switch starts every active target again): for a container, autoStart's
 * machines.target. Both sides of `plan` (definitions and built systems) reach
 * their verdicts through this one module.
 */
import { unitBool, type UnitInfo } from "./unit-file.js";

/** Keys of `[Unit]` whose changes alone neither restart nor reload a unit. */
export const IGNORED_UNIT_KEYS: ReadonlySet<string> = new Set([
  "X-Reload-Triggers",
  "Description",
  "Documentation",
  "OnFailure",
  "OnSuccess",
  "OnFailureJobMode",
  "IgnoreOnIsolate",
  "StopWhenUnneeded",
  "RefuseManualStart",
  "RefuseManualStop",
  "AllowIsolate",
  "CollectMode",
  "SourcePath",
]);

export type Comparison = "equal" | "restart" | "reload";

/** One key that differs between the two unit files, with the effect it has. */
export interface KeyChange {
  section: string;
  key: string;
  effect: Comparison;
  /** The key's values on each side ([] when absent). */
  before: readonly string[];
  after: readonly string[];
}

const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** Every key that differs, with its effect: what compare_units weighs, key by key. */
export function unitChanges(cur: UnitInfo, next: UnitInfo): KeyChange[] {
  const out: KeyChange[] = [];
  const sections = new Set([...cur.keys(), ...next.keys()]);
  for (const section of sections) {
    const a = cur.get(section) ?? new Map<string, string[]>();
    const b = next.get(section) ?? new Map<string, string[]>();
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (same(a.get(key), b.get(key))) continue;
      let effect: Comparison = "restart";
      if (section === "Unit" && key === "X-Reload-Triggers") effect = "reload";
      else if (section === "Unit" && IGNORED_UNIT_KEYS.has(key)) effect = "equal";
      else if (section === "Mount" && key === "Options") effect = "reload";
      out.push({ section, key, effect, before: a.get(key) ?? [], after: b.get(key) ?? [] });
    }
  }
  return out;
}

/** compare_units: restart when any change needs one, else reload when one asks for it, else equal. */
export function compareUnits(changes: readonly KeyChange[]): Comparison {
  if (changes.some((c) => c.effect === "restart")) return "restart";
  return changes.some((c) => c.effect === "reload") ? "reload" : "equal";
}

/** What the switch does to one unit. `skip`: changed, but the unit asks not to be restarted. */
export type SwitchAction = "start" | "none" | "stop" | "restart" | "reload" | "skip";

export interface UnitState {
  info: UnitInfo;
  /** Targets whose `.wants/` directory links the unit (NixOS writes wantedBy that way). */
  wantedBy: readonly string[];
}

export interface UnitDecision {
  action: SwitchAction;
  changes: KeyChange[];
  /** For `restart`/`skip`/`reload` through handle_modified_unit: the new unit's setting that decided it. */
  because?: "X-ReloadIfChanged" | "X-RestartIfChanged" | "RefuseManualStop" | "X-OnlyManualStart";
}

/** The decision for a unit that exists on either side; the old one is taken as active. */
export function decideUnit(old: UnitState | null, next: UnitState | null): UnitDecision {
  if (old === null) return { action: next !== null && next.wantedBy.length > 0 ? "start" : "none", changes: [] };
  if (next === null) return { action: unitBool(old.info, "Unit", "X-StopOnRemoval", true) ? "stop" : "none", changes: [] };
  const changes = unitChanges(old.info, next.info);
  switch (compareUnits(changes)) {
    case "equal":
      return { action: "none", changes };
    case "reload":
      return { action: "reload", changes };
    case "restart":
      if (unitBool(next.info, "Service", "X-ReloadIfChanged", false)) return { action: "reload", changes, because: "X-ReloadIfChanged" };
      for (const [section, key, fallback] of [
        ["Service", "X-RestartIfChanged", true],
        ["Unit", "RefuseManualStop", false],
        ["Unit", "X-OnlyManualStart", false],
      ] as const)
        if (unitBool(next.info, section, key, fallback) !== fallback)
          return { action: "skip", changes, because: key as UnitDecision["because"] };
      return { action: "restart", changes };
  }
}
