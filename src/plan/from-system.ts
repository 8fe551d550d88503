/**
 * A side of a plan from a built NixOS system (`/run/current-system`,
 * `./result`): its `etc/systemd/system/container@<name>.service` unit files
 * (with their drop-ins), the `<target>.wants/` links that make a unit start
 * with its target, and the conf files in `etc/nixos-containers/` (or
 * `etc/containers/` below stateVersion 22.05).
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { InputError } from "../validate/input-error.js";
import { parseUnitFile, type UnitInfo } from "./unit-file.js";
import type { ContainerView, Side } from "./side.js";
import { confEntries } from "../host/conf-file.js";

const UNIT = /^container@(.+)\.service$/;

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A unit that resolves to /dev/null is masked: as good as absent. */
function isMasked(file: string): boolean {
  try {
    return realpathSync(file) === "/dev/null";
  } catch {
    return true; // a dangling link
  }
}

export function readSystem(root: string): Side {
  const units = path.join(root, "etc/systemd/system");
  if (!existsSync(units)) throw new InputError(`${root}: no etc/systemd/system; is it a built system (a nixos-rebuild build result, /run/current-system)?`);
  const confDirs = ["etc/nixos-containers", "etc/containers"].map((d) => path.join(root, d));
  const wants = new Map<string, string[]>();
  for (const entry of list(units))
    if (entry.endsWith(".wants"))
      for (const u of list(path.join(units, entry))) wants.set(u, [...(wants.get(u) ?? []), entry.slice(0, -".wants".length)]);

  const containers = new Map<string, ContainerView>();
  for (const entry of list(units)) {
    const m = UNIT.exec(entry);
    if (m === null) continue;
    const file = path.join(units, entry);
    if (isMasked(file)) continue;
    const info: UnitInfo = parseUnitFile(read(file));
    for (const d of list(`${file}.d`).filter((f) => f.endsWith(".conf"))) parseUnitFile(read(path.join(`${file}.d`, d)), info);
    const name = m[1]!;
    const confFile = confDirs.map((d) => path.join(d, `${name}.conf`)).find((f) => existsSync(f));
    containers.set(name, { unit: { info, wantedBy: wants.get(entry) ?? [] }, conf: confFile === undefined ? null : confEntries(read(confFile)) });
  }
  return { source: root, kind: "system", containers };
}
