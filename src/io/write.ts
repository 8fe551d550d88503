/**
 * Writing artifacts without ever leaving a half-written file or a half-updated
 * set of files:
 *
 * 1. every file is written to a temporary file beside its target;
 * 2. each target in turn is moved aside (if it exists) and the temporary file
 *    renamed into its place;
 * 3. if any step fails, every target already replaced is put back, every
 *    temporary file is removed, and the error names the file that failed.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export class WriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException).code;
    super(`cannot write ${file}${code ? ` (${code})` : ""}: ${(cause as Error).message.replace(/^[A-Z]+: /, "")}`);
  }
}

/** Filesystem calls the writer makes, replaceable in tests to inject faults. */
export interface WriteFs {
  mkdir(dir: string): void;
  writeFile(file: string, content: string): void;
  rename(from: string, to: string): void;
  remove(file: string): void;
  exists(file: string): boolean;
  isDirectory(file: string): boolean;
}

export const nodeFs: WriteFs = {
  mkdir: (dir) => mkdirSync(dir, { recursive: true }),
  writeFile: (file, content) => writeFileSync(file, content),
  rename: renameSync,
  remove: (file) => rmSync(file, { force: true }),
  exists: existsSync,
  isDirectory: (file) => statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false,
};

const sidecar = (target: string, kind: string) => path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${kind}`);

/** Writes `files` (relative path → content) below `outDir`; returns the absolute paths written. */
export function writeAtomically(outDir: string, files: ReadonlyMap<string, string>, fs: WriteFs = nodeFs): string[] {
  const staged: { temp: string; target: string; backup: string | null }[] = [];
  const replaced: typeof staged = [];
  try {
    for (const [rel, content] of files) {
      const target = path.join(outDir, rel);
      const temp = sidecar(target, "tmp");
      try {
        if (fs.isDirectory(target)) throw Object.assign(new Error("a directory is in the way"), { code: "EISDIR" });
        fs.mkdir(path.dirname(target));
        staged.push({ temp, target, backup: null });
        fs.writeFile(temp, content);
      } catch (e) {
        throw new WriteError(target, e);
      }
    }
    for (const entry of staged) {
      try {
        if (fs.exists(entry.target)) {
          entry.backup = sidecar(entry.target, "bak");
          fs.rename(entry.target, entry.backup);
        }
        replaced.push(entry);
        fs.rename(entry.temp, entry.target);
      } catch (e) {
        throw new WriteError(entry.target, e);
      }
    }
    for (const { backup } of replaced) if (backup) fs.remove(backup);
    return staged.map((s) => s.target);
  } catch (e) {
    // Put back what was there before, newest first; a failure here leaves the backup file in place.
    for (const { target, backup, temp } of replaced.reverse()) {
      try {
        if (!fs.exists(temp)) fs.remove(target);
        if (backup) fs.rename(backup, target);
      } catch {
        /* the backup stays beside the target; the error below still names the file that failed */
      }
    }
    throw e;
  } finally {
    for (const { temp } of staged) {
      try {
        fs.remove(temp);
      } catch {
        /* nothing more can be done */
      }
    }
  }
}
