/**
 * One small function per external program call the imperative commands make,
 * each through the runner (src/host/runner.ts). Flows call these by meaning;
 * tests assert the exact argument arrays they produce.
 */
import { HostError } from "./errors.js";
import { run, runInteractive } from "./runner.js";

export const unitName = (name: string) => `container@${name}`;

// --- nix-env: the container's system profile -------------------------------

/** Points the profile at an already built system (a new generation). */
export const nixEnvSet = (profile: string, systemPath: string) =>
  run("nix-env", ["-p", profile, "--set", systemPath], "failed to set the container's system profile");

/** Builds `<nixos>` with the container's configuration.nix and sets the profile to it. */
export const nixEnvBuild = (profile: string, configFile: string, nixosPath: string, nixFlags: readonly string[]) =>
  run("nix-env", ["-p", profile, "-I", `nixos-config=${configFile}`, "-f", nixosPath, "--set", "-A", "system", ...nixFlags], "failed to build the container's configuration");

export const nixEnvListGenerations = async (profile: string) =>
  (await run("nix-env", ["-p", profile, "--list-generations"], "failed to list the container's generations")).stdout;

export const nixEnvRollback = (profile: string) => run("nix-env", ["-p", profile, "--rollback"], "failed to roll the container back");

export const nixEnvSwitchGeneration = (profile: string, generation: number) =>
  run("nix-env", ["-p", profile, "--switch-generation", String(generation)], `failed to switch the container to generation ${generation}`);

export const nixEnvDeleteGenerations = (profile: string, which: readonly string[]) =>
  run("nix-env", ["-p", profile, "--delete-generations", ...which], "failed to delete the container's generations");

// --- nix: flakes ------------------------------------------------------------

/** The installable nixos-container builds for `--flake REF#ATTR`. */
export const flakeInstallable = (ref: string, attr: string) => `${ref}#nixosConfigurations."${attr}".config.system.build.toplevel`;

/** Builds a flake's system; the out-link keeps it alive until the profile holds it. */
export const nixBuildFlake = (ref: string, attr: string, outLink: string, nixFlags: readonly string[]) =>
  run("nix", ["build", "--out-link", outLink, ...nixFlags, "--", flakeInstallable(ref, attr)], `failed to build the container from flake '${ref}'`);

/** One attribute of a flake's `nixosConfigurations.ATTR`, as JSON (with the build's own nix flags, so it is the flake the build sees). */
export async function nixEvalFlake(ref: string, attr: string, path: string, nixFlags: readonly string[]): Promise<unknown> {
  const what = `cannot evaluate ${path} of flake '${ref}'`;
  return parseJson((await run("nix", ["eval", "--json", ...nixFlags, "--", `${ref}#nixosConfigurations."${attr}".${path}`], what)).stdout, what);
}

// --- nix-instantiate: checking a configuration before it is written --------

/** One attribute of `<nixos>` (or --nixos-path) evaluated with the container's configuration.nix, as JSON. */
export async function nixosEval(nixosPath: string, configFile: string, attr: string): Promise<unknown> {
  const what = `cannot evaluate ${attr} of the container's configuration`;
  return parseJson((await run("nix-instantiate", [nixosPath, "-I", `nixos-config=${configFile}`, "-A", attr, "--eval", "--json"], what)).stdout, what);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HostError(`${what}: the answer was not JSON: ${JSON.stringify(text.trim().slice(0, 80))}`);
  }
}

export async function nixParse(text: string, what: string): Promise<void> {
  const r = await run("nix-instantiate", ["--parse", "-E", text], what, { ok: [0, 1] });
  if (r.status !== 0) {
    const line = r.stderr.split("\n").find((l) => l.trim() !== "")?.trim() ?? "it does not parse";
    throw new HostError(`${what}: ${line.replace(/^error: /, "")}`);
  }
}

// --- systemctl / machinectl -------------------------------------------------

export const systemctl = (verb: "start" | "stop" | "reload", name: string) => run("systemctl", [verb, unitName(name)], `failed to ${verb} container ${name}`);

/** `active`, `inactive`, `failed`, ... as systemd reports the unit. */
export async function activeState(name: string): Promise<string> {
  const r = await run("systemctl", ["show", "-p", "ActiveState", "--value", unitName(name)], `cannot ask systemd about container ${name}`);
  return r.stdout.trim();
}

/** The PID of the container's init, as machined knows it. */
export async function leaderPid(name: string): Promise<number> {
  const r = await run("machinectl", ["show", name, "-p", "Leader"], `cannot find the running container ${name}`);
  const m = /^Leader=(\d+)$/m.exec(r.stdout);
  if (m === null) throw new HostError(`cannot find the running container ${name}: machinectl gave no Leader`);
  return Number(m[1]);
}

export const machinectlTerminate = (name: string) => run("machinectl", ["terminate", name], `failed to terminate container ${name}`);

export const machinectlLogin = (name: string) => runInteractive("machinectl", ["login", "--", name]);

/**
 * Runs `command` in every namespace of the container's init (`--all`, as
 * nixos-container enters them): mount, UTS, IPC, network, PID, cgroup, time,
 * and its user namespace when it has one of its own (privateUsers).
 */
export const nsenterInteractive = (leader: number, command: readonly string[]) => runInteractive("nsenter", ["--all", "-t", String(leader), "--", ...command]);

// --- files ------------------------------------------------------------------

export const chattrMutable = (file: string) => run("chattr", ["-i", file], `cannot clear the immutable flag of ${file}`);

/** Unmounts a mount point and everything below it. */
export const umountRecursive = (dir: string) => run("umount", ["-fR", dir], `cannot unmount ${dir}`);

/** Blocks until the open file `fd` (handed over as fd 3) holds an exclusive flock. */
export const flockFd = (fd: number, file: string) => run("flock", ["--exclusive", "3"], `cannot lock ${file}`, { fds: [fd] });
