/**
 * The one place external programs are started: an argument array, never a
 * shell string, looked up on PATH (tests put recording stubs first on it).
 * Used by the Nix bridge and plan (nix-instantiate, with limits) and by the
 * imperative commands' runner (src/host/runner.ts, which turns results into
 * HostErrors).
 *
 * With `limits`, the program runs as its own process group, so that the time
 * limit or the output limit ends it together with every process it started,
 * and whatever it leaves running in its group goes too when it ends. Without
 * limits it stays in ours (an interactive program keeps the terminal).
 */
import { spawn, type StdioOptions } from "node:child_process";

export interface ProcessLimits {
  timeoutMs: number;
  /** Most bytes kept from stdout; past that the process group is killed. */
  maxOutputBytes: number;
}

export interface ProcessOptions {
  /** `capture` (the default): stdout and stderr are read; `inherit`: the user's terminal. */
  stdio?: "capture" | "inherit";
  /** Extra file descriptors handed to the child as fd 3, 4, ... */
  fds?: readonly number[];
  limits?: ProcessLimits;
  /** The child's environment (default: ours). */
  env?: NodeJS.ProcessEnv;
}

export type ProcessResult =
  | { kind: "exited"; status: number; stdout: string; stderr: string }
  | { kind: "signalled"; signal: NodeJS.Signals; stderr: string }
  | { kind: "missing" }
  | { kind: "timeout" }
  | { kind: "too-much-output" }
  | { kind: "failed"; message: string };

const MAX_STDERR_BYTES = 1024 * 1024;

export function runProcess(command: string, args: readonly string[], opts: ProcessOptions = {}): Promise<ProcessResult> {
  const { limits } = opts;
  const own = opts.stdio === "inherit" ? "inherit" : "pipe";
  const stdio: StdioOptions = [opts.stdio === "inherit" ? "inherit" : "ignore", own, own, ...(opts.fds ?? [])];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio, detached: limits !== undefined, ...(opts.env !== undefined ? { env: opts.env } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let verdict: ProcessResult | null = null;

    const killGroup = () => {
      try {
        if (limits !== undefined && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const stop = (why: ProcessResult) => {
      verdict ??= why;
      killGroup();
    };
    const timer = limits === undefined ? undefined : setTimeout(() => stop({ kind: "timeout" }), limits.timeoutMs);

    child.stdout?.on("data", (b: Buffer) => {
      outBytes += b.length;
      if (limits !== undefined && outBytes > limits.maxOutputBytes) stop({ kind: "too-much-output" });
      else out.push(b);
    });
    child.stderr?.on("data", (b: Buffer) => {
      errBytes += b.length;
      if (errBytes <= MAX_STDERR_BYTES) err.push(b);
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      verdict ??= e.code === "ENOENT" ? { kind: "missing" } : { kind: "failed", message: e.message };
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      killGroup();
      const stderr = Buffer.concat(err).toString("utf8");
      if (verdict !== null) resolve(verdict);
      else if (signal !== null) resolve({ kind: "signalled", signal, stderr });
      else resolve({ kind: "exited", status: status ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr });
    });
  });
}
