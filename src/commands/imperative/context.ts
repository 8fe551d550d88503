/**
 * What every imperative command shares: its command line (a NAME, flags,
 * `--` and what follows), the host it works on (`--root DIR`,
 * $CONTAINERS_NIX_ROOT, `--state-version`, `--kernel`), and how its
 * refusals and failures become one line and an exit code.
 */
import os from "node:os";
import path from "node:path";
import { DEFAULT_STATE_VERSION } from "../../model/host-defaults.js";
import { EXIT_FAILED, EXIT_REFUSED, HostError, Refusal, SettingError } from "../../host/errors.js";
import { containerPaths, hostPaths, type ContainerPaths, type HostPaths } from "../../host/paths.js";
import { readArgs, UsageError, type ArgSpec, type Args } from "../common.js";
import type { Command } from "../registry.js";

export interface Host {
  paths: HostPaths;
  kernelVersion: string;
  stateVersion: string;
}

export type Parsed = Args;

const GLOBAL_VALUES = ["root", "state-version", "kernel"];
const GLOBAL_SWITCHES = ["json"];

/** nix's own flags that create and update hand on to nix-env and nix build, as nixos-container does. */
export const NIX_PASSTHROUGH = {
  switches: ["impure", "commit-lock-file", "no-registries", "no-update-lock-file", "no-write-lock-file", "no-allow-dirty", "recreate-lock-file", "refresh"],
  values: ["log-format", "update-input"],
  pairs: ["option", "override-input"],
} as const;

/** A command's arguments (readArgs), with the flags every imperative command takes. */
export function parseArgs(args: readonly string[], spec: ArgSpec, command: string): Parsed {
  return readArgs(command, args, { ...spec, values: [...GLOBAL_VALUES, ...(spec.values ?? [])], switches: [...GLOBAL_SWITCHES, ...(spec.switches ?? [])] });
}

/** The single value of a flag, or undefined; refuses one given twice. */
export function single(p: Parsed, flag: string): string | undefined {
  const v = p.values.get(flag);
  if (v === undefined) return undefined;
  if (v.length > 1) throw new UsageError(`--${flag} given twice`);
  return v[0];
}

export function hostFrom(p: Parsed): Host {
  const root = path.resolve(single(p, "root") ?? (process.env.CONTAINERS_NIX_ROOT || "/"));
  const stateVersion = single(p, "state-version") ?? DEFAULT_STATE_VERSION;
  const kernelVersion = single(p, "kernel") ?? os.release();
  for (const [f, v] of [["state-version", stateVersion], ["kernel", kernelVersion]] as const)
    if (!/^[0-9][0-9A-Za-z.+_-]*$/.test(v)) throw new UsageError(`--${f} takes a version such as 6.12.0`);
  return { paths: hostPaths(root, stateVersion), kernelVersion, stateVersion };
}

/**
 * A container name as nixos-container accepts it (letters, digits, `-`, `_`),
 * checked before any path is made from it; the module's own name rules are the
 * validator's, on create.
 */
export function validName(name: string, command: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name) || name.startsWith("-"))
    throw new UsageError(`${command}: invalid container name ${JSON.stringify(name)}: use letters, digits, '-' and '_' only`);
  return name;
}

/** The one positional argument NAME, checked by validName. */
export function nameArg(p: Parsed, command: string): string {
  const [name, ...extra] = p.positional;
  if (name === undefined) throw new UsageError(`${command}: no container name given`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument ${extra[0]}`);
  return validName(name, command);
}

export function containerOf(host: Host, name: string): ContainerPaths {
  return containerPaths(host.paths, name);
}

/**
 * The umask every imperative command runs under, whatever the caller's, as
 * nixos-container sets it first: a container's files get the same modes
 * whoever made it (each mkdir and write gives its mode, 0755 or 0700, 0644 or
 * 0600, as it is). Set for the process, not as modes on our own files, because
 * the programs we start inherit it: nix-env, nix build and the like create
 * profiles, links and state of their own.
 */
export const UMASK = 0o022;

/**
 * Wraps a flow: run under UMASK, and a refusal exits 1 and a host failure
 * exits 2, each as one line on stderr.
 */
export function command(flow: (args: string[]) => Promise<number>): Command {
  return async (args) => {
    process.umask(UMASK);
    try {
      return await flow(args);
    } catch (e) {
      if (e instanceof SettingError) throw new UsageError(e.message);
      if (e instanceof Refusal) {
        process.stderr.write(`containers-nix: ${e.message}\n`);
        return EXIT_REFUSED;
      }
      if (e instanceof HostError) {
        process.stderr.write(`containers-nix: ${e.message}\n`);
        return EXIT_FAILED;
      }
      throw e;
    }
  };
}

/** Collects nix's passthrough flags in the order nixos-container hands them on. */
export function nixFlags(p: Parsed): string[] {
  const out: string[] = [];
  for (const s of NIX_PASSTHROUGH.switches) if (p.switches.has(s)) out.push(`--${s}`);
  for (const v of NIX_PASSTHROUGH.values) for (const x of p.values.get(v) ?? []) out.push(`--${v}`, x);
  for (const v of NIX_PASSTHROUGH.pairs) {
    const xs = p.values.get(v) ?? [];
    for (let i = 0; i + 1 < xs.length; i += 2) out.push(`--${v}`, xs[i]!, xs[i + 1]!);
  }
  return out;
}
