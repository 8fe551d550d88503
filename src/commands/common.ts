/** Small helpers shared by the CLI commands. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A mistake in how the command was called: reported with the usage text, exit 2. */
export class UsageError extends Error {}

/** The value after `--flag`, or undefined when the flag is absent. */
export function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
  return v;
}

export function outDir(args: string[]): string {
  const dir = flagValue(args, "--out");
  return dir === undefined ? projectRoot : path.resolve(dir);
}
