/**
 * The lock nixos-container takes: an exclusive flock(2) on
 * `/run/lock/nixos-container`. Node has no flock, so `flock(1)` takes it on a
 * file descriptor we opened and hand over: flock locks belong to the open file,
 * so the lock stays ours after flock exits, until we close the file. Both
 * tools therefore exclude each other.
 */
import { closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { HostError } from "./errors.js";
import type { HostPaths } from "./paths.js";
import { flockFd } from "./programs.js";

export async function withLock<T>(host: HostPaths, body: () => Promise<T>): Promise<T> {
  let fd: number;
  try {
    mkdirSync(path.dirname(host.lockFile), { recursive: true, mode: 0o755 });
    fd = openSync(host.lockFile, "a", 0o600);
  } catch (e) {
    throw new HostError(`cannot open the lock file ${host.lockFile}: ${(e as Error).message}`);
  }
  try {
    await flockFd(fd, host.lockFile);
    return await body();
  } finally {
    closeSync(fd);
  }
}
