/**
 * glibc's getopt_long with a `+` optstring (options end at the first
 * argument that is not one), as systemd-nspawn calls it: long options by
 * their full name or any unambiguous prefix, `--name=value` or `--name value`
 * for required values (the next argument is taken even when it starts with
 * `-`), optional values only after `=`, clustered short options, and glibc's
 * messages (prefixed with argv[0] as the program was invoked).
 */

export type HasArg = "no" | "required" | "optional";

export interface LongOption {
  name: string;
  hasArg: HasArg;
  /** The short letter it shares a case with, if any. */
  short?: string;
}

/**
 * The options read, in order: the first `count` of `names` (the long name;
 * the table's name for a short letter) and of `values` (null for none). A
 * caller that reads many command lines keeps one of these instead of an
 * object per option.
 */
export class ReadOptions {
  readonly names: string[] = [];
  readonly values: (string | null)[] = [];
  count = 0;

  add(name: string, value: string | null): void {
    this.names[this.count] = name;
    this.values[this.count] = value;
    this.count++;
  }
}

/**
 * Reads argv (argv[0] is the program) with the long options and the short
 * ones (`shorts`: letter → has an argument) into `out` (emptied first).
 * Answers the index of the first argument after the options, or glibc's
 * message.
 */
export function getoptLong(argv: readonly string[], longs: readonly LongOption[], shorts: ReadonlyMap<string, boolean>, out: ReadOptions): number | string {
  const prog = argv[0] ?? "";
  out.count = 0;
  const { byShort, byName } = indexOf(longs);
  let i = 1;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (arg === "--") {
      i++;
      break;
    }
    if (arg.length < 2 || arg.charCodeAt(0) !== 0x2d) break;
    if (arg.charCodeAt(1) === 0x2d) {
      const eq = arg.indexOf("=", 2);
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      let found = byName.get(name);
      if (found === undefined) {
        const body = arg.slice(2);
        const candidates = longs.filter((o) => o.name.startsWith(name));
        const distinct = candidates.filter((c, k) => candidates.findIndex((d) => d.hasArg === c.hasArg && d.short === c.short && d.name === c.name) === k);
        if (candidates.length === 1) found = candidates[0];
        else if (distinct.length > 1) return `${prog}: option '--${body}' is ambiguous; possibilities:${distinct.map((c) => ` '--${c.name}'`).join("")}`;
      }
      if (found === undefined) return `${prog}: unrecognized option '${arg}'`;
      i++;
      if (eq !== -1) {
        if (found.hasArg === "no") return `${prog}: option '--${found.name}' doesn't allow an argument`;
        out.add(found.name, arg.slice(eq + 1));
      } else if (found.hasArg === "required") {
        if (i >= argv.length) return `${prog}: option '--${found.name}' requires an argument`;
        out.add(found.name, argv[i]!);
        i++;
      } else {
        out.add(found.name, null);
      }
      continue;
    }
    // A cluster of short options.
    i++;
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      const takes = shorts.get(c);
      if (takes === undefined) return `${prog}: invalid option -- '${c}'`;
      const name = byShort.get(c) ?? c;
      if (!takes) {
        out.add(name, null);
        continue;
      }
      if (j + 1 < arg.length) {
        out.add(name, arg.slice(j + 1));
      } else {
        if (i >= argv.length) return `${prog}: option requires an argument -- '${c}'`;
        out.add(name, argv[i]!);
        i++;
      }
      break;
    }
  }
  return i;
}

const indexes = new WeakMap<readonly LongOption[], { byShort: Map<string, string>; byName: Map<string, LongOption> }>();

/** The table's options by short letter and by name, made once per table. */
function indexOf(longs: readonly LongOption[]) {
  let ix = indexes.get(longs);
  if (ix === undefined) {
    ix = { byShort: new Map(), byName: new Map() };
    for (const o of longs) {
      if (o.short !== undefined) ix.byShort.set(o.short, o.name);
      ix.byName.set(o.name, o);
    }
    indexes.set(longs, ix);
  }
  return ix;
}

/** The short options of an optstring like "+hD:u:ab": letter → takes an argument. */
export function shortOptions(optstring: string): Map<string, boolean> {
  const m = new Map<string, boolean>();
  const s = optstring.replace(/^[+-]/, "");
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ":") continue;
    m.set(s[i]!, s[i + 1] === ":");
  }
  return m;
}
