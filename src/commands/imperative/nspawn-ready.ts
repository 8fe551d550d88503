/**
 * From NixOS 25.11 a container that systemd-nspawn runs must set
 * `boot.isNspawnContainer = true`. Before building, as nixos-container's
 * update does, the container's evaluation is asked for its nixpkgs version
 * and, when that is 25.11 or newer, for the setting; without it the build is
 * refused (exit 1) before anything is written or built.
 */
import { HostError, Refusal } from "../../host/errors.js";
import type { ContainerPaths } from "../../host/paths.js";
import { nixEvalFlake, nixosEval } from "../../host/programs.js";
import { compareVersions } from "../../model/versions.js";
import type { BuildOptions, Source } from "./system.js";

/** nixos-container compares the evaluated `lib.version` with this (a 25.11 pre-release counts). */
export const NSPAWN_SETTING_SINCE = "25.11pre-git";

const SETTING = "boot.isNspawnContainer = true;";

interface Evaluation {
  ask: (attr: string) => Promise<unknown>;
  versionAttr: string;
  /** Where the user adds the setting. */
  place: string;
}

function evaluationOf(source: Source, c: ContainerPaths, opts: BuildOptions): Evaluation | null {
  switch (source.kind) {
    case "system-path":
      return null; // already built: nothing to evaluate
    case "flake":
      return {
        ask: (attr) => nixEvalFlake(source.ref, source.attr, attr, opts.nixFlags),
        versionAttr: "lib.version",
        place: `nixosConfigurations.${source.attr} of flake '${source.ref}'`,
      };
    case "config":
    case "existing":
      return { ask: (attr) => nixosEval(opts.nixosPath, c.configFile, attr), versionAttr: "pkgs.lib.version", place: c.configFile };
  }
}

/** Refuses a container whose NixOS is 25.11 or newer and whose configuration does not set boot.isNspawnContainer. */
export async function mustBeNspawnReady(source: Source, c: ContainerPaths, opts: BuildOptions, verb: "created" | "updated"): Promise<void> {
  const e = evaluationOf(source, c, opts);
  if (e === null) return;
  const version = await e.ask(e.versionAttr);
  if (typeof version !== "string") throw new HostError(`the evaluation gave ${JSON.stringify(version)} for ${e.versionAttr}, not a version`);
  if (compareVersions(version, NSPAWN_SETTING_SINCE) < 0) return;
  if ((await e.ask("config.boot.isNspawnContainer")) === true) return;
  throw new Refusal(`container ${c.name} was not ${verb}: NixOS ${version} runs a container under systemd-nspawn only with ${SETTING} add it to ${e.place}`);
}
