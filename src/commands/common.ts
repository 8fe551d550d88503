/** Small helpers shared by the CLI commands. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** How long a Nix evaluation may take, in seconds, unless --timeout says otherwise (validate, plan). */
export const DEFAULT_TIMEOUT_S = 120;

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

/** What `parseFlags` found: positional arguments, `--flag VALUE` (or `--flag=VALUE`) values, and switches. */
export interface ParsedFlags<V extends string, S extends string> {
  positional: string[];
  values: Partial<Record<V, string>>;
  switches: Set<S>;
}

/**
 * Reads a command's arguments: each value flag at most once, switches
 * without a value, anything else starting with `-` (but `-` itself) refused.
 */
export function parseFlags<V extends string, S extends string>(
  command: string,
  args: readonly string[],
  spec: { values: readonly V[]; switches: readonly S[] },
): ParsedFlags<V, S> {
  const parsed: ParsedFlags<V, S> = { positional: [], values: {}, switches: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf("=");
    const [flag, inline] = a.startsWith("--") && eq !== -1 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if ((spec.switches as readonly string[]).includes(a)) parsed.switches.add(a as S);
    else if ((spec.values as readonly string[]).includes(flag)) {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      if (parsed.values[flag as V] !== undefined) throw new UsageError(`${flag} given twice`);
      parsed.values[flag as V] = v;
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`${command}: unknown option ${a}`);
    else parsed.positional.push(a);
  }
  return parsed;
}
