import type { Dirs } from "../options/unit.js";
import { compareVersions } from "./versions.js";

/** Where conf files and container state live: `nixos-` prefixed from stateVersion 22.05 on. */
export function dirsFor(stateVersion: string): Dirs {
  const prefix = compareVersions(stateVersion, "22.05") >= 0 ? "nixos-" : "";
  return { confDirName: `${prefix}containers`, confDir: `/etc/${prefix}containers`, stateDir: `/var/lib/${prefix}containers` };
}
