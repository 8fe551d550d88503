/**
 * Which options stand behind a conf key or a unit key, from the conf table
 * (src/options/conf.ts) and the unit model (src/options/unit.ts).
 */
import { confLines, valueOptions } from "../options/conf.js";
import { activationStrategies, unitFields, unitScripts } from "../options/unit.js";

/** The options a conf key's line is written from: its value's options, else its condition's. */
export function confKeyOptions(key: string): string[] {
  const line = confLines().find((l) => l.key === key);
  if (line === undefined) return [];
  const own = valueOptions(line.value);
  return own.length > 0 ? own : line.when !== undefined ? [line.when.option] : [];
}

/** NixOS's unit-file place of a unit field's attribute path. */
function unitKeyOf(path: readonly string[]): { section: string; key: string } | null {
  const [head, key] = path;
  if (head === "serviceConfig" && key !== undefined) return { section: "Service", key };
  if (head === "unitConfig" && key !== undefined) return { section: "Unit", key };
  if (head === "environment") return { section: "Service", key: "Environment" };
  if (head === "wants") return { section: "Unit", key: "Wants" };
  if (head === "after") return { section: "Unit", key: "After" };
  if (head === "restartIfChanged") return { section: "Service", key: "X-RestartIfChanged" };
  return null; // wantedBy: links in <target>.wants/, not a line
}

/** `NAME=value` entries of Environment= whose value differs between the sides. */
export function changedVariables(before: readonly string[], after: readonly string[]): string[] {
  const vars = (vs: readonly string[]) => new Map(vs.map((v) => [v.slice(0, v.indexOf("=")), v] as const));
  const a = vars(before);
  const b = vars(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((n) => a.get(n) !== b.get(n)).sort();
}

/**
 * The options behind a unit file key: unit fields, scripts, and for triggers
 * the strategy's choice. For Environment=, only the fields of the variables
 * that changed (`variables`); a variable no field sets (PATH) comes from the
 * host's packages, not from an option.
 */
export function unitKeyOptions(section: string, key: string, variables?: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of unitFields) {
    const at = unitKeyOf(f.path);
    if (at === null || at.section !== section || at.key !== key) continue;
    if (key === "Environment" && variables !== undefined && !variables.includes(f.path[1]!)) continue;
    f.reads.forEach((r) => out.add(r));
  }
  if (section === "Service") for (const s of unitScripts) if (s.key === key) s.reads.forEach((r) => out.add(r));
  if (section === "Unit" && (key === "X-Restart-Triggers" || key === "X-Reload-Triggers")) {
    out.add("autoStart");
    if (Object.values(activationStrategies).some((s) => s.reloadTriggers.length > 0)) out.add("activation");
  }
  return [...out];
}
