/**
 * The fake /nix the boot harness builds inside its private mount namespace:
 * the store paths the generated scripts name, as plain strings for
 * core.scripts, and what each one is made of on this machine.
 */
import type { ScriptPaths } from "../../src/scripts/text.js";

export const STORE = "/nix/store";

/** A store path with a hash-shaped part of its own, so names never collide. */
export const storePath = (n: number, name: string) => `${STORE}/${String(n).padStart(32, "0")}-${name}`;

export const packages = {
  bash: storePath(1, "bash-5"),
  iproute2: storePath(2, "iproute2"),
  systemd: storePath(3, "systemd"),
  nix: storePath(4, "nix"),
  coreutils: storePath(5, "coreutils"),
  findutils: storePath(6, "findutils"),
  gnugrep: storePath(7, "gnugrep"),
  gnused: storePath(8, "gnused"),
  nixosContainer: storePath(9, "nixos-container"),
  nodejs: storePath(10, "nodejs"),
  busybox: storePath(11, "busybox"),
} as const;


export const containerInitPath = (name: string) => storePath(20, `container-init-${name}`);
/** The container's system: `init` (which container-init sources), `system` and the probe. */
export const systemPath = (name: string) => storePath(21, `nixos-system-${name}`);

export function scriptPaths(name: string): ScriptPaths {
  return {
    runtimeShell: `${packages.bash}/bin/bash`,
    systemdNspawn: `${packages.systemd}/bin/systemd-nspawn`,
    nixosContainer: `${packages.nixosContainer}/bin/nixos-container`,
    isX86_64: process.arch === "x64",
    containerInitPath: containerInitPath(name),
  };
}

/**
 * The unit's PATH as NixOS builds it: the unit's `path` (iproute2 and nix for
 * container@) and the default packages every unit gets (coreutils, findutils,
 * gnugrep, gnused, systemd), each with bin/ then sbin/.
 */
export function unitPath(): string {
  const pkgs = [packages.iproute2, packages.nix, packages.coreutils, packages.findutils, packages.gnugrep, packages.gnused, packages.systemd];
  return [...pkgs.map((p) => `${p}/bin`), ...pkgs.map((p) => `${p}/sbin`)].join(":");
}

/**
 * A unit script as NixOS writes it with enableStrictShellChecks
 * (writeShellApplication): the shell, errexit, nounset and pipefail, the text.
 */
export const shellApplication = (text: string) => [`#!${packages.bash}/bin/bash`, "set -o errexit", "set -o nounset", "set -o pipefail", "", text].join("\n");
