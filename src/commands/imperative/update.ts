/**
 * `containers-nix update NAME [--config NIX | --config-file FILE | --flake REF[#ATTR] | --system-path PATH]
 *   [--nixos-path PATH] [SETTINGS...]`
 *
 * Validates the new settings with every other container of the host, builds
 * a new generation of the system profile, then writes the conf file (a new
 * `--flake` is kept in it) and reloads the container when it runs. A failed
 * build, or a NixOS 25.11 configuration without boot.isNspawnContainer
 * (nspawn-ready.ts), leaves configuration.nix and the conf file as they were.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { readConfs, writeWhole, type Definition } from "../../host/conf-file.js";
import { confText, IMPERATIVE_SYSTEM_PATH, mustPass, runnable } from "../../host/container-def.js";
import { withLock } from "../../host/lock.js";
import { reloadIfRunning } from "./running.js";
import { takeSettings } from "../../host/setting-flags.js";
import { command, hostFrom, nameArg, nixFlags, parseArgs, single, type Host } from "./context.js";
import { CREATE_SPEC } from "./create.js";
import { mustBeImperative, mustExist } from "./existing.js";
import { mustBeNspawnReady } from "./nspawn-ready.js";
import { buildProfile, checkConfiguration, configurationNix, flakeConfValue, SOURCE_FLAGS, sourceFrom, splitFlake, type Source } from "./system.js";

const UPDATE_SPEC = { ...CREATE_SPEC, switches: CREATE_SPEC.switches.filter((s) => s !== "ensure-unique-name") };

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

const checked = (host: Host, name: string, def: Definition) => mustPass(readConfs(host.paths), name, def, host, "updated");

export const update = command(async (args) => {
  const { changes, rest } = takeSettings(args);
  const p = parseArgs(rest, UPDATE_SPEC, "update");
  const host = hostFrom(p);
  const name = nameArg(p, "update");
  const c = mustExist(host, name);
  mustBeImperative(c, "update");

  // Unless told otherwise, rebuild what the conf file records: its flake, or configuration.nix.
  const recorded: Source = typeof c.definition.flake === "string" ? { kind: "flake", ...splitFlake(c.definition.flake) } : { kind: "existing" };
  const source = sourceFrom(p, recorded);
  const def: Definition = runnable({ ...c.definition, ...changes });
  if (source.kind === "flake") {
    def.flake = flakeConfValue(source);
    delete def.path;
  } else if (p.values.has("config") || p.values.has("config-file") || p.values.has("system-path")) {
    delete def.flake;
    // The profile gets the new system; the conf file names the profile (see create).
    def.path = IMPERATIVE_SYSTEM_PATH;
  }
  // The conf file is rewritten only when this update changes what it records (a file nixos-container
  // wrote keeps its own layout otherwise).
  const text = confText(name, def);
  const recordsChange = Object.keys(changes).length > 0 || SOURCE_FLAGS.some((f) => p.values.has(f));
  const confChanged = recordsChange && text !== c.text;
  if (confChanged) checked(host, name, def);

  const configText = source.kind === "config" ? configurationNix(name, source.extra) : null;
  if (configText !== null) await checkConfiguration(configText);
  const previous = configText === null ? null : readIfExists(c.paths.configFile);
  if (configText !== null) {
    mkdirSync(path.dirname(c.paths.configFile), { recursive: true, mode: 0o755 });
    writeWhole(c.paths.configFile, configText, true);
  }
  const build = { nixosPath: single(p, "nixos-path") ?? "<nixpkgs/nixos>", nixFlags: nixFlags(p) };
  try {
    await mustBeNspawnReady(source, c.paths, build, "updated");
    await buildProfile(source, c.paths, build);
  } catch (e) {
    if (configText !== null) {
      if (previous === null) rmSync(c.paths.configFile, { force: true });
      else writeWhole(c.paths.configFile, previous, true);
    }
    throw e;
  }
  if (confChanged)
    await withLock(host.paths, async () => {
      checked(host, name, def);
      writeWhole(c.paths.confFile, text, true);
    });

  if ((await reloadIfRunning(name)) && confChanged) process.stderr.write(`containers-nix: the new settings take effect when container ${name} restarts\n`);
  return 0;
});
