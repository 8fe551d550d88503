/**
 * Built-system trees as NixOS writes them, for `plan` tests: under DIR,
 * `etc/systemd/system/container@<name>.service` (the unit file, with its
 * X-Restart-Triggers=/X-Reload-Triggers= store paths, X-RestartIfChanged=,
 * Environment= lines, script store paths and the static lines every
 * container unit has), `machines.target.wants/` links for autoStart, the
 * template unit `container@.service`, and `etc/nixos-containers/<name>.conf`.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dirsFor } from "../../src/model/dirs.js";
import type { Json } from "../../src/model/resolve.js";
import { definedHost, definedService } from "../../src/plan/from-definitions.js";
import { storePath, unitText } from "../../src/plan/nixos-unit.js";
import { checkContainers } from "../../src/validate/schema.js";

/** Lines every container@ unit has whatever its options (see unitFor in templates/module.nix.njk). */
const STATIC_UNIT = ["Description=Container '%i'"];
const STATIC_SERVICE = [
  'Environment="INSTANCE=%i"',
  'Environment="PATH=/nix/store/00000000000000000000000000000000-iproute2/bin"',
  "ExecReload=/nix/store/00000000000000000000000000000000-reload-container",
  "Type=notify",
  "Restart=on-failure",
  "Slice=machine.slice",
  "Delegate=true",
  "KillMode=mixed",
];

const stable = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));

export function writeSystemTree(dir: string, containers: { [name: string]: { [k: string]: Json } }, host: { stateVersion?: string } = {}): string {
  const typed = checkContainers(containers);
  if (typed.findings.length > 0) throw new Error(`test definitions do not type-check: ${JSON.stringify(typed.findings)}`);
  const h = definedHost(typed.resolved, containers, host);
  const units = path.join(dir, "etc/systemd/system");
  const confDir = path.join(dir, "etc", dirsFor(h.stateVersion).confDirName);
  mkdirSync(units, { recursive: true });
  mkdirSync(confDir, { recursive: true });
  writeFileSync(path.join(units, "container@.service"), unitText([], { unit: STATIC_UNIT, service: STATIC_SERVICE }));
  for (const [name, c] of h.containers) {
    // A system built from config: a store path that changes with the config's value.
    const system = c.fromConfig ? storePath(`nixos-system-${name}`, stable(containers[name]!.config)) : c.cfg.path;
    const s = definedService(name, c, h.stateVersion, system);
    const unit = `container@${name}.service`;
    const install = s.wantedBy.length > 0 ? `\n[Install]\nWantedBy=${s.wantedBy.join(" ")}\n` : "";
    writeFileSync(path.join(units, unit), unitText(s.lines, { unit: STATIC_UNIT, service: STATIC_SERVICE }) + install);
    for (const target of s.wantedBy) {
      mkdirSync(path.join(units, `${target}.wants`), { recursive: true });
      symlinkSync(`../${unit}`, path.join(units, `${target}.wants`, unit));
    }
    writeFileSync(path.join(confDir, `${name}.conf`), s.confText);
  }
  return dir;
}
