/**
 * `containers-nix create NAME [--config NIX | --config-file FILE | --flake REF[#ATTR] | --system-path PATH]
 *   [--nixos-path PATH] [--ensure-unique-name] [SETTINGS...]`
 *
 * Under nixos-container's lock: pick the name, allocate addresses, validate
 * the container with every other one on the host, write its conf file. Then
 * build its system profile. A failure at any step removes everything this
 * create made.
 */
import { existsSync, mkdirSync } from "node:fs";
import { allocatePair } from "../../host/allocate.js";
import { readConfs, writeWhole, type ConfRecord, type Definition } from "../../host/conf-file.js";
import { confText, IMPERATIVE_DEFAULTS, IMPERATIVE_SYSTEM_PATH, mustPass } from "../../host/container-def.js";
import { Refusal } from "../../host/errors.js";
import { faultPoint } from "../../host/fault.js";
import { withLock } from "../../host/lock.js";
import { removeTree } from "../../host/remove-tree.js";
import { takeSettings } from "../../host/setting-flags.js";
import { UsageError } from "../common.js";
import { command, containerOf, hostFrom, NIX_PASSTHROUGH, nameArg, nixFlags, parseArgs, single, type Host } from "./context.js";
import { mustBeNspawnReady } from "./nspawn-ready.js";
import { buildProfile, checkConfiguration, configurationNix, flakeConfValue, SOURCE_FLAGS, sourceFrom, type Source } from "./system.js";

export const CREATE_SPEC = {
  values: [...SOURCE_FLAGS, "nixos-path", ...NIX_PASSTHROUGH.values],
  switches: ["ensure-unique-name", ...NIX_PASSTHROUGH.switches],
  pairs: NIX_PASSTHROUGH.pairs,
};

/** `base`, then `base-0`, `base-1`, ... until neither a conf file nor a root tree has the name. */
function uniqueName(host: Host, base: string): string {
  for (let n = -1; ; n++) {
    const name = n < 0 ? base : `${base}-${n}`;
    const c = containerOf(host, name);
    if (!existsSync(c.confFile) && !existsSync(c.rootDir)) return name;
  }
}

const hasAnyAddress = (d: Definition) => ["hostAddress", "localAddress", "hostAddress6", "localAddress6"].some((o) => typeof d[o] === "string");

/** The new container's definition: imperative defaults, what it runs, the settings given, and addresses when it needs them. */
export function newDefinition(source: Source, settings: Definition, confs: readonly ConfRecord[]): Definition {
  const def: Definition = { ...IMPERATIVE_DEFAULTS, ...settings };
  if (source.kind === "flake") def.flake = flakeConfValue(source);
  // Also for --system-path: the profile is set to that system, and the conf file names the profile, so that
  // rollback and switch-generation change what the unit starts.
  else def.path = IMPERATIVE_SYSTEM_PATH;
  const wantsAddresses = def.privateNetwork === true && (def.hostBridge ?? null) === null && !hasAnyAddress(def) && (def.networkNamespace ?? null) === null;
  if (wantsAddresses) {
    const pair = allocatePair(confs.map((c) => c.definition));
    if (pair === null) throw new Refusal("out of addresses: every pair 10.233.N.1/10.233.N.2 (N = 1..254) is in use; give --host-address and --local-address");
    Object.assign(def, pair);
  }
  return def;
}

/** Everything this create made (files, and the topmost of each run of new directories), removed newest first when a later step fails. */
async function undo(made: string[]): Promise<void> {
  for (const p of [...made].reverse()) await removeTree(p).catch(() => undefined);
}

function mkdirNew(dir: string, mode: number, made: string[]): void {
  const first = mkdirSync(dir, { recursive: true, mode });
  if (first !== undefined) made.push(first);
}

export const create = command(async (args) => {
  const { changes, rest } = takeSettings(args);
  const p = parseArgs(rest, CREATE_SPEC, "create");
  const host = hostFrom(p);
  const requested = nameArg(p, "create");
  if (changes.hostAddress !== undefined && changes.localAddress === undefined && changes.hostBridge === undefined)
    throw new UsageError("--host-address needs --local-address as well");
  const source = sourceFrom(p, { kind: "config", extra: "" });
  const extra = source.kind === "config" ? source.extra : null;
  const configText = extra === null ? null : configurationNix(requested, extra);
  if (configText !== null) await checkConfiguration(configText);
  const build = { nixosPath: single(p, "nixos-path") ?? "<nixpkgs/nixos>", nixFlags: nixFlags(p) };
  // A flake's configuration is the user's own: checked before anything is written (nixos-container checks it on update only).
  if (source.kind === "flake") await mustBeNspawnReady(source, containerOf(host, requested), build, "created");

  const made: string[] = [];
  try {
    const { name, def } = await withLock(host.paths, async () => {
      faultPoint("lock");
      const name = p.switches.has("ensure-unique-name") ? uniqueName(host, requested) : requested;
      const c = containerOf(host, name);
      if (existsSync(c.confFile)) throw new Refusal(`container ${name} already exists (${c.confFile}); pick another name, or give --ensure-unique-name`);
      const confs = readConfs(host.paths);
      const def = newDefinition(source, changes, confs);
      mustPass(confs, name, def, host, "created");
      mkdirNew(host.paths.confDir, 0o755, made);
      writeWhole(c.confFile, confText(name, def), false);
      made.push(c.confFile);
      return { name, def };
    });
    faultPoint("conf");
    const c = containerOf(host, name);
    if (typeof def.hostAddress === "string" && typeof def.localAddress === "string")
      process.stderr.write(`host IP is ${def.hostAddress}, container IP is ${def.localAddress}\n`);
    // The per-container profile directory is private, so host users cannot reach into guests' profiles.
    mkdirNew(host.paths.profilesDir, 0o700, made);
    mkdirNew(c.profileDir, 0o755, made);
    // So is the state directory, for every container as nixos-container makes it: else the unit's start
    // would make it, open, for a --flake or --system-path container.
    mkdirNew(host.paths.stateDir, 0o700, made);
    faultPoint("profile-dir");
    if (extra !== null) {
      mkdirNew(`${c.rootDir}/etc/nixos`, 0o755, made);
      writeWhole(c.configFile, configurationNix(name, extra), true);
      faultPoint("config-file");
    }
    await buildProfile(source, c, build);
    faultPoint("build");
    if (p.switches.has("ensure-unique-name")) process.stdout.write(`${name}\n`);
    return 0;
  } catch (e) {
    if (made.length > 0) await withLock(host.paths, () => undo(made));
    throw e;
  }
});
