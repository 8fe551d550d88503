/**
 * Removing a container's tree without ever leaving it: symbolic links are
 * removed, never followed; file systems mounted below it are unmounted first
 * (through umount), and if one stays mounted, or a directory turns out to be on
 * another file system, nothing below it is touched and the removal fails.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, rmdirSync, unlinkSync } from "node:fs";
import path from "node:path";
import { HostError } from "./errors.js";
import { umountRecursive } from "./programs.js";

/** Mount points of this process's mount namespace (octal escapes undone). */
export function mountPoints(): string[] {
  let text: string;
  try {
    text = readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split(" ")[4]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
}

const isBelow = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith("/") ? dir : `${dir}/`);

function mountsBelow(real: string): string[] {
  return mountPoints()
    .filter((m) => isBelow(m, real))
    .sort((a, b) => b.length - a.length);
}

function removeWithin(p: string, dev: number): void {
  const st = lstatSync(p);
  if (st.isDirectory()) {
    if (st.dev !== dev) throw new HostError(`${p} is on another file system; unmount it, then run destroy again`);
    for (const e of readdirSync(p)) removeWithin(path.join(p, e), dev);
    rmdirSync(p);
  } else unlinkSync(p);
}

/** Removes `dir` and everything in it, staying inside it. */
export async function removeTree(dir: string): Promise<void> {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return;
  }
  try {
    if (!st.isDirectory()) {
      unlinkSync(dir);
      return;
    }
    const real = realpathSync(dir);
    for (const m of mountsBelow(real)) await umountRecursive(m);
    const left = mountsBelow(real);
    if (left.length > 0) throw new HostError(`${left[0]} is still mounted; unmount it, then run destroy again`);
    removeWithin(dir, st.dev);
  } catch (e) {
    if (e instanceof HostError) throw e;
    throw new HostError(`cannot remove ${dir}: ${(e as Error).message}`);
  }
}
