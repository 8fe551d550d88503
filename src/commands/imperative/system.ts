/**
 * What a container runs and how its system profile gets it: a NixOS
 * configuration (`--config`, `--config-file`, or the container's existing
 * configuration.nix), a flake (`--flake REF[#ATTR]`), or a system already built
 * (`--system-path`).
 */
import { mkdirSync, readlinkSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { HostError } from "../../host/errors.js";
import type { ContainerPaths } from "../../host/paths.js";
import { nixBuildFlake, nixEnvBuild, nixEnvSet, nixParse } from "../../host/programs.js";
import { quoted } from "../../nix/literal.js";
import { UsageError } from "../common.js";
import { single, type Parsed } from "./context.js";

export type Source =
  | { kind: "config"; extra: string }
  | { kind: "flake"; ref: string; attr: string }
  | { kind: "system-path"; path: string }
  /** update without a new source: rebuild what the container has. */
  | { kind: "existing" };

/** The attribute of `nixosConfigurations` nixos-container builds when `--flake` names none. */
export const DEFAULT_FLAKE_ATTR = "container";

export function splitFlake(text: string): { ref: string; attr: string } {
  const m = /^(.*)#([^#"]+)$/.exec(text);
  return m === null ? { ref: text, attr: DEFAULT_FLAKE_ATTR } : { ref: m[1]!, attr: m[2]! };
}

/** The FLAKE line's value: REF alone for the default attribute, which is all nixos-container reads back. */
export const flakeConfValue = (f: { ref: string; attr: string }) => (f.attr === DEFAULT_FLAKE_ATTR ? f.ref : `${f.ref}#${f.attr}`);

export const SOURCE_FLAGS = ["config", "config-file", "flake", "system-path"] as const;

export function sourceFrom(p: Parsed, fallback: Source): Source {
  const given = SOURCE_FLAGS.filter((f) => p.values.has(f));
  if (given.length > 1) throw new UsageError(`--${given[0]} and --${given[1]} exclude each other; give one of them`);
  const config = single(p, "config");
  const file = single(p, "config-file");
  const flake = single(p, "flake");
  const system = single(p, "system-path");
  if (config !== undefined) return { kind: "config", extra: config };
  if (file !== undefined) {
    const abs = path.resolve(file);
    if (!statSync(abs, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`--config-file: ${file} is not a file`);
    return { kind: "config", extra: `imports = [ (/. + ${quoted(abs)}) ];` };
  }
  if (flake !== undefined) {
    if (flake === "" || /[\s"]/.test(flake)) throw new UsageError(`--flake: ${JSON.stringify(flake)} is not a flake reference`);
    return { kind: "flake", ...splitFlake(flake) };
  }
  if (system !== undefined) {
    if (!path.isAbsolute(system)) throw new UsageError(`--system-path takes an absolute store path`);
    return { kind: "system-path", path: system };
  }
  return fallback;
}

/**
 * The line of configuration.nix that marks the system as a container run by
 * systemd-nspawn. It sets boot.isNspawnContainer where the container's NixOS
 * declares it (25.11 and newer, which need it) and boot.isContainer where it
 * does not (an older nixpkgs, which would refuse an option it lacks). The
 * attribute name is chosen inside `boot`, so the user's own `boot.…` and
 * `imports` lines still merge with it.
 */
export const NSPAWN_LINE = 'boot.${if options.boot ? isNspawnContainer then "isNspawnContainer" else "isContainer"} = true;';

/** The container's `etc/nixos/configuration.nix` around the user's extra configuration. */
export function configurationNix(name: string, extra: string): string {
  return `# Written by containers-nix for the imperative container ${name}.
{ config, lib, pkgs, options, ... }:

{
  # Run by systemd-nspawn: NixOS 25.11 and newer need boot.isNspawnContainer
  # (it implies boot.isContainer); older NixOS has only boot.isContainer.
  ${NSPAWN_LINE}
  networking.hostName = lib.mkDefault ${quoted(name)};
  networking.useDHCP = false;
  ${extra}
}
`;
}

/** Refuses a configuration that is not valid Nix before anything is written. */
export const checkConfiguration = (text: string) => nixParse(text, "--config does not parse as Nix");

export interface BuildOptions {
  nixosPath: string;
  nixFlags: readonly string[];
}

/** Makes the container's system profile point at a build of `source` (a new generation). */
export async function buildProfile(source: Source, c: ContainerPaths, opts: BuildOptions): Promise<void> {
  mkdirSync(c.profileDir, { recursive: true, mode: 0o755 });
  switch (source.kind) {
    case "system-path":
      await nixEnvSet(c.systemProfile, source.path);
      return;
    case "flake": {
      // The out-link lives in the container's own profile directory, never in the working directory.
      const link = path.join(c.profileDir, ".containers-nix-build");
      try {
        await nixBuildFlake(source.ref, source.attr, link, opts.nixFlags);
        let built: string;
        try {
          built = readlinkSync(link);
        } catch {
          throw new HostError(`nix build printed no result for flake '${source.ref}'`);
        }
        await nixEnvSet(c.systemProfile, built);
      } finally {
        rmSync(link, { force: true });
      }
      return;
    }
    case "config":
    case "existing":
      await nixEnvBuild(c.systemProfile, c.configFile, opts.nixosPath, opts.nixFlags);
      return;
  }
}
