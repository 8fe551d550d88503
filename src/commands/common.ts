/** Small helpers shared by the CLI commands. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** How long a Nix evaluation may take, in seconds, unless --timeout says otherwise (validate, plan). */
export const DEFAULT_TIMEOUT_S = 120;

/** A mistake in how the command was called: reported with the usage text, exit 2. */
export class UsageError extends Error {}

/** `generate` and `check`: `[--out DIR]`, the directory the artifacts are in (the project's own by default). */
export function outDir(command: string, args: readonly string[]): string {
  const p = parseFlags(command, args, { values: ["--out"] as const, switches: [] });
  if (p.positional.length > 0) throw new UsageError(`${command} takes no arguments, found ${JSON.stringify(p.positional[0])}`);
  const dir = p.values["--out"];
  return dir === undefined ? projectRoot : path.resolve(dir);
}

/** What readArgs found: positional arguments, each flag's values in order, switches, and what follows `--`. */
export interface Args {
  positional: string[];
  values: Map<string, string[]>;
  switches: Set<string>;
  /** Everything after `--`; null without one. */
  after: string[] | null;
}

/** The flags a command takes, named without the leading `--`. */
export interface ArgSpec {
  /** Flags taking a value: `--flag VALUE` or `--flag=VALUE`, as often as given. */
  values?: readonly string[];
  switches?: readonly string[];
  /** Flags taking two values (`--option NAME VALUE`). */
  pairs?: readonly string[];
}

/**
 * The one reader of a command's arguments. Anything else that starts with
 * `-` (but `-` itself) is refused, and `--` ends the flags: what follows is
 * the command's to hand on (or, for parseFlags, more positional arguments).
 */
export function readArgs(command: string, args: readonly string[], spec: ArgSpec): Args {
  const { values = [], switches = [], pairs = [] } = spec;
  const p: Args = { positional: [], values: new Map(), switches: new Set(), after: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      p.after = args.slice(i + 1);
      break;
    }
    if (!a.startsWith("--")) {
      if (a.startsWith("-") && a.length > 1) throw new UsageError(`${command}: unknown option ${a}`);
      p.positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const flag = eq === -1 ? a.slice(2) : a.slice(2, eq);
    const add = (v: string) => {
      const given = p.values.get(flag);
      if (given === undefined) p.values.set(flag, [v]);
      else given.push(v);
    };
    if (switches.includes(flag)) {
      if (eq !== -1) throw new UsageError(`--${flag} takes no value`);
      p.switches.add(flag);
    } else if (values.includes(flag)) {
      const v = eq !== -1 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`--${flag} needs a value`);
      add(v);
    } else if (pairs.includes(flag)) {
      const k = args[++i];
      const v = args[++i];
      if (k === undefined || v === undefined) throw new UsageError(`--${flag} needs two values`);
      add(k);
      add(v);
    } else throw new UsageError(`${command}: unknown option --${flag}`);
  }
  return p;
}

/** What `parseFlags` found: positional arguments, `--flag VALUE` (or `--flag=VALUE`) values, and switches. */
export interface ParsedFlags<V extends string, S extends string> {
  positional: string[];
  values: Partial<Record<V, string>>;
  switches: Set<S>;
}

/**
 * readArgs for commands whose flags each take at most one value, named with
 * their `--` (validate, plan, generate, check); what follows `--` is more
 * positional arguments (a file whose name starts with `-`).
 */
export function parseFlags<V extends string, S extends string>(
  command: string,
  args: readonly string[],
  spec: { values: readonly V[]; switches: readonly S[] },
): ParsedFlags<V, S> {
  const bare = (flags: readonly string[]) => flags.map((f) => f.replace(/^--/, ""));
  const a = readArgs(command, args, { values: bare(spec.values), switches: bare(spec.switches) });
  const values: Partial<Record<V, string>> = {};
  for (const [flag, given] of a.values) {
    if (given.length > 1) throw new UsageError(`--${flag} given twice`);
    values[`--${flag}` as V] = given[0]!;
  }
  return { positional: [...a.positional, ...(a.after ?? [])], values, switches: new Set([...a.switches].map((s) => `--${s}` as S)) };
}
