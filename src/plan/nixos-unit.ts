/**
 * How NixOS writes a service's attributes into its unit file (nixpkgs
 * nixos/lib/systemd-lib.nix, serviceToUnit and unitConfig; systemd.nix for
 * the scripts): `unitConfig` and `serviceConfig` keys one line per list
 * element, `wants`/`after` as one space-separated line, each `environment`
 * entry as `Environment="NAME=value"`, restartIfChanged = false as
 * `X-RestartIfChanged=false`, restart and reload triggers as the store path of
 * a file holding them, scripts as the store paths of their files, and
 * wantedBy as links in `<target>.wants/`. Only the parts the option set
 * decides are modelled: the rest of a container's unit is the same on both
 * sides of a plan.
 */
import { createHash } from "node:crypto";
import type { Json } from "../model/resolve.js";
import { parseUnitFile, type UnitInfo } from "./unit-file.js";

export interface ServiceAttrs {
  unitConfig: { [k: string]: Json };
  serviceConfig: { [k: string]: Json };
  environment: { [k: string]: Json };
  wants: readonly string[];
  after: readonly string[];
  wantedBy: readonly string[];
  restartIfChanged: boolean;
  /** The text NixOS writes into the X-Restart-Triggers / X-Reload-Triggers file; null: no triggers. */
  restartTriggers: string | null;
  reloadTriggers: string | null;
  /** Unit key (ExecStart, …) → what the script's text depends on. */
  scripts: { [key: string]: string };
}

export type Line = readonly [section: "Unit" | "Service", key: string, value: string];

/** A store path standing for a file with this content (the same content gives the same path). */
export function storePath(name: string, content: string): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 32);
  return `/nix/store/${hash}-${name}`;
}

const value = (v: Json): string => (v === true ? "true" : v === false ? "false" : String(v));
const many = (section: Line[0], key: string, v: Json): Line[] => (Array.isArray(v) ? v.map((x) => [section, key, value(x)] as const) : [[section, key, value(v)]]);

/** The lines of the unit file of service `unit` (`container@web`). */
export function serviceLines(unit: string, s: ServiceAttrs): Line[] {
  const lines: Line[] = [];
  if (s.wants.length > 0) lines.push(["Unit", "Wants", s.wants.join(" ")]);
  if (s.after.length > 0) lines.push(["Unit", "After", s.after.join(" ")]);
  if (s.restartTriggers !== null) lines.push(["Unit", "X-Restart-Triggers", storePath(`X-Restart-Triggers-${unit}`, s.restartTriggers)]);
  if (s.reloadTriggers !== null) lines.push(["Unit", "X-Reload-Triggers", storePath(`X-Reload-Triggers-${unit}`, s.reloadTriggers)]);
  for (const [k, v] of Object.entries(s.unitConfig)) lines.push(...many("Unit", k, v));
  for (const k of Object.keys(s.environment).sort()) lines.push(["Service", "Environment", `${k}=${value(s.environment[k]!)}`]);
  if (!s.restartIfChanged) lines.push(["Service", "X-RestartIfChanged", "false"]);
  for (const [k, v] of Object.entries(s.serviceConfig)) lines.push(...many("Service", k, v));
  for (const [k, v] of Object.entries(s.scripts)) lines.push(["Service", k, storePath(`unit-script-${unit.replace("@", "_")}-${k}`, v)]);
  return lines;
}

/** The unit file's text, as NixOS lays it out (sections in order, environment values quoted). */
export function unitText(lines: readonly Line[], extra: { unit?: readonly string[]; service?: readonly string[] } = {}): string {
  const section = (name: Line[0], more: readonly string[]) =>
    `[${name}]\n${[...more, ...lines.filter((l) => l[0] === name).map(([, k, v]) => (k === "Environment" ? `${k}="${v}"` : `${k}=${v}`))].join("\n")}\n`;
  return `${section("Unit", extra.unit ?? [])}\n${section("Service", extra.service ?? [])}`;
}

export function unitInfoOf(lines: readonly Line[]): UnitInfo {
  return parseUnitFile(unitText(lines));
}
