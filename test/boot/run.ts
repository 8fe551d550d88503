/** The one runner the boot harness uses for external programs: argument arrays, never a shell string. */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncOptions } from "node:child_process";
import { accessSync, constants, realpathSync } from "node:fs";

export interface Ran {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The command line, quoted for a shell, to reproduce a failure. */
  command: string;
}

export const quoted = (argv: readonly string[]) => argv.map((a) => (/^[\w./=:@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");

export function run(command: string, args: readonly string[], options: SpawnSyncOptions & { timeoutMs?: number } = {}): Ran {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, ...options });
  return {
    status: r.status,
    signal: r.signal,
    stdout: String(r.stdout ?? ""),
    stderr: String(r.stderr ?? "") + (r.error ? `\n${r.error.message}` : ""),
    command: quoted([command, ...args]),
  };
}

/** run, without blocking: the other boots of a batch go on meanwhile. */
export function runAsync(command: string, args: readonly string[], options: { timeoutMs?: number; killSignal?: NodeJS.Signals } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawn(command, args, { timeout: options.timeoutMs ?? 30_000, killSignal: options.killSignal ?? "SIGTERM", stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout!.on("data", (d) => (stdout += d));
    p.stderr!.on("data", (d) => (stderr += d));
    p.on("error", (e) => (stderr += `\n${e.message}`));
    p.on("close", (status, signal) => resolve({ status, signal, stdout, stderr, command: quoted([command, ...args]) }));
  });
}

/** Runs and throws with the command and its stderr unless it exits 0. */
export function must(command: string, args: readonly string[], options: SpawnSyncOptions = {}): string {
  const r = run(command, args, options);
  if (r.status !== 0) throw new Error(`${r.command} failed (${r.status ?? r.signal}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** Where `program` is on PATH (or in the sbin directories), symlinks resolved, or null. */
export function which(program: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])) {
    const p = `${dir}/${program}`;
    try {
      accessSync(p, constants.X_OK);
      return realpathSync(p);
    } catch {
      // not here
    }
  }
  return null;
}

/** Starts a long-running program (the unit's start script) and returns at once. */
export function start(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, options);
}
