/**
 * Every host path the imperative commands touch, derived from one root prefix
 * (`--root DIR` or $CONTAINERS_NIX_ROOT; `/` on a real host), so tests and
 * hosts see the same layout. The places are nixos-container's and the
 * module's: the conf directory depends on the host's stateVersion.
 */
import path from "node:path";
import { dirsFor } from "../model/dirs.js";

export interface HostPaths {
  root: string;
  /** `/etc/nixos-containers`, or `/etc/containers` below stateVersion 22.05. */
  confDir: string;
  /** `/var/lib/nixos-containers` (or `/var/lib/containers`): one root tree per container. */
  stateDir: string;
  /** `/nix/var/nix/profiles/per-container`. */
  profilesDir: string;
  /** `/nix/var/nix/gcroots/per-container`. */
  gcrootsDir: string;
  /** The lock file nixos-container takes around create. */
  lockFile: string;
}

export function hostPaths(root: string, stateVersion: string): HostPaths {
  const dirs = dirsFor(stateVersion);
  const under = (p: string) => path.join(root, p);
  return {
    root,
    confDir: under(dirs.confDir),
    stateDir: under(dirs.stateDir),
    profilesDir: under("/nix/var/nix/profiles/per-container"),
    gcrootsDir: under("/nix/var/nix/gcroots/per-container"),
    lockFile: under("/run/lock/nixos-container"),
  };
}

/** The files and directories of one container. */
export interface ContainerPaths {
  name: string;
  confFile: string;
  /** The container's root file system. */
  rootDir: string;
  /** Its `etc/nixos/configuration.nix`, written for `--config` and `--config-file`. */
  configFile: string;
  profileDir: string;
  /** The system profile nix-env manages: `<profileDir>/system`. */
  systemProfile: string;
  gcrootsDir: string;
}

export function containerPaths(host: HostPaths, name: string): ContainerPaths {
  const rootDir = path.join(host.stateDir, name);
  const profileDir = path.join(host.profilesDir, name);
  return {
    name,
    confFile: path.join(host.confDir, `${name}.conf`),
    rootDir,
    configFile: path.join(rootDir, "etc/nixos/configuration.nix"),
    profileDir,
    systemProfile: path.join(profileDir, "system"),
    gcrootsDir: path.join(host.gcrootsDir, name),
  };
}

/**
 * The files podman keeps in `/etc/containers` that are not container conf
 * files; they share that directory on hosts below stateVersion 22.05.
 */
export const FOREIGN_CONF_FILES: readonly string[] = ["libpod.conf", "containers.conf", "registries.conf"];
