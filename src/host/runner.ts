/**
 * The imperative commands' runner over src/io/run-process.ts, where every
 * external program is started (an argument array, looked up on PATH), each
 * in our environment without NIXOS_CONFIG. A failure becomes one HostError
 * line naming the program, how it ended and its last line of stderr.
 */
import { runProcess } from "../io/run-process.js";
import { HostError } from "./errors.js";

export interface RunOptions {
  /** `capture`: stdout and stderr are read; `inherit`: the user's terminal (login, run). */
  stdio?: "capture" | "inherit";
  /** Extra file descriptors handed to the child as fd 3, 4, ... */
  fds?: number[];
  /** Exit statuses that count as success (default: 0 only). */
  ok?: readonly number[];
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** The command as a user would type it, for messages only (never run). */
export const showCommand = (program: string, args: readonly string[]) =>
  [program, ...args].map((a) => (/^[\w./=:@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");

const lastLine = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .pop();

/**
 * Our environment without NIXOS_CONFIG, as nixos-container clears it:
 * `<nixpkgs/nixos>` takes $NIXOS_CONFIG before `-I nixos-config=…`, so a
 * caller's own host configuration would be built into the container.
 */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NIXOS_CONFIG: _, ...rest } = env;
  return rest;
}

async function spawnProgram(program: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const r = await runProcess(program, args, { stdio: opts.stdio ?? "capture", env: childEnv(), ...(opts.fds !== undefined ? { fds: opts.fds } : {}) });
  switch (r.kind) {
    case "exited":
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    case "missing":
      throw new HostError(`${program} was not found on PATH; it is needed to ${purpose(program)}`);
    case "failed":
      throw new HostError(`cannot run ${program}: ${r.message}`);
    case "signalled":
      throw new HostError(`${showCommand(program, args)} was killed by ${r.signal}${tail(r.stderr)}`);
    case "timeout":
    case "too-much-output":
      throw new Error(`${program}: ${r.kind} without limits`); // runProcess gives these only with limits
  }
}

const tail = (stderr: string) => {
  const l = lastLine(stderr);
  return l === undefined ? "" : `: ${l}`;
};

const PURPOSES: Record<string, string> = {
  "nix-env": "build and switch container profiles (install Nix)",
  nix: "build flake containers (install Nix)",
  "nix-instantiate": "check --config (apt-get install -y nix-bin, or install Nix)",
  systemctl: "start and stop containers (systemd)",
  machinectl: "find and terminate running containers (systemd-container)",
  nsenter: "run commands in containers (util-linux)",
  flock: "take the nixos-container lock (util-linux)",
  chattr: "clear the immutable flag of var/empty (e2fsprogs)",
  umount: "unmount file systems below a container's root (util-linux)",
};
const purpose = (program: string) => PURPOSES[program] ?? "run this command";

/** Runs a program; a status outside `ok` is a HostError saying `what` failed. */
export async function run(program: string, args: readonly string[], what: string, opts: RunOptions = {}): Promise<RunResult> {
  const r = await spawnProgram(program, args, opts);
  if (!(opts.ok ?? [0]).includes(r.status)) throw new HostError(`${what}: ${program} exited with status ${r.status}${tail(r.stderr)}`);
  return r;
}

/** Runs an interactive program on the user's terminal and returns its exit status as it is. */
export async function runInteractive(program: string, args: readonly string[]): Promise<number> {
  return (await spawnProgram(program, args, { stdio: "inherit" })).status;
}
