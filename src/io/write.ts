/**
 * Writing artifacts without ever leaving a half-written file: every file is
 * first written to a temporary file beside its target, and only when all of
 * them are written are they renamed into place. On failure the temporary files
 * are removed and the targets are left as they were.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export class WriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot write ${file}: ${(cause as NodeJS.ErrnoException).code ?? ""} ${(cause as Error).message}`.replace(/\s+/g, " "));
  }
}

export function writeAtomically(outDir: string, files: ReadonlyMap<string, string>): string[] {
  const staged: [string, string][] = [];
  try {
    for (const [rel, content] of files) {
      const target = path.join(outDir, rel);
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      try {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(temp, content);
      } catch (e) {
        rmSync(temp, { force: true });
        throw new WriteError(target, e);
      }
      staged.push([temp, target]);
    }
    for (const [temp, target] of staged) {
      try {
        renameSync(temp, target);
      } catch (e) {
        throw new WriteError(target, e);
      }
    }
    return staged.map(([, target]) => target);
  } finally {
    for (const [temp] of staged) rmSync(temp, { force: true });
  }
}
