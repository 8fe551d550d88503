/**
 * Running an external program (nix-instantiate) as its own process group, so
 * that a time limit or an output limit ends it together with every process it
 * started. Arguments are an array, never a shell string.
 */
import { spawn } from "node:child_process";

export interface ProcessLimits {
  timeoutMs: number;
  /** Most bytes kept from stdout; past that the process group is killed. */
  maxOutputBytes: number;
}

export type ProcessResult =
  | { kind: "exited"; status: number; stdout: string; stderr: string }
  | { kind: "signalled"; signal: NodeJS.Signals; stderr: string }
  | { kind: "missing" }
  | { kind: "timeout" }
  | { kind: "too-much-output" }
  | { kind: "failed"; message: string };

const MAX_STDERR_BYTES = 1024 * 1024;

export function runProcess(command: string, args: readonly string[], limits: ProcessLimits): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let verdict: ProcessResult | null = null;

    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const stop = (why: ProcessResult) => {
      verdict ??= why;
      killGroup();
    };
    const timer = setTimeout(() => stop({ kind: "timeout" }), limits.timeoutMs);

    child.stdout.on("data", (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > limits.maxOutputBytes) stop({ kind: "too-much-output" });
      else out.push(b);
    });
    child.stderr.on("data", (b: Buffer) => {
      errBytes += b.length;
      if (errBytes <= MAX_STDERR_BYTES) err.push(b);
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      verdict ??= e.code === "ENOENT" ? { kind: "missing" } : { kind: "failed", message: e.message };
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      // Whatever the program left running in its group goes too.
      killGroup();
      const stderr = Buffer.concat(err).toString("utf8");
      if (verdict !== null) resolve(verdict);
      else if (signal !== null) resolve({ kind: "signalled", signal, stderr });
      else resolve({ kind: "exited", status: status ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr });
    });
  });
}
