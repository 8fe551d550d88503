/**
 * The one runner for every external program the imperative commands start:
 * an argument array, never a shell string, looked up on PATH (tests put
 * recording stubs first on it). A failure becomes one HostError line naming
 * the program, how it ended and its last line of stderr.
 */
import { spawn, type StdioOptions } from "node:child_process";
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

function spawnProgram(program: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const stdio: StdioOptions = [opts.stdio === "inherit" ? "inherit" : "ignore", opts.stdio === "inherit" ? "inherit" : "pipe", opts.stdio === "inherit" ? "inherit" : "pipe", ...(opts.fds ?? [])];
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) =>
      reject(new HostError(e.code === "ENOENT" ? `${program} was not found on PATH; it is needed to ${purpose(program)}` : `cannot run ${program}: ${e.message}`)),
    );
    child.on("close", (status, signal) => {
      const stderr = Buffer.concat(err).toString("utf8");
      const stdout = Buffer.concat(out).toString("utf8");
      if (signal !== null) reject(new HostError(`${showCommand(program, args)} was killed by ${signal}${tail(stderr)}`));
      else resolve({ status: status ?? 1, stdout, stderr });
    });
  });
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
