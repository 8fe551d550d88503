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

/** One option as read: its long name (the table's name for a short letter), and its value if it takes one. */
export interface ReadOption {
  name: string;
  value: string | null;
}

export type GetoptResult = { ok: true; options: ReadOption[]; rest: string[] } | { ok: false; message: string };

/**
 * Reads argv (argv[0] is the program) with the long options and the short
 * ones (`shorts`: letter → has an argument).
 */
export function getoptLong(argv: readonly string[], longs: readonly LongOption[], shorts: ReadonlyMap<string, boolean>): GetoptResult {
  const prog = argv[0] ?? "";
  const options: ReadOption[] = [];
  const { byShort, byName } = indexOf(longs);
  let i = 1;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    if (arg.startsWith("--")) {
      const body = arg.slice(2);
      const eq = body.indexOf("=");
      const name = eq === -1 ? body : body.slice(0, eq);
      let found = byName.get(name);
      if (found === undefined) {
        const candidates = longs.filter((o) => o.name.startsWith(name));
        const distinct = candidates.filter((c, k) => candidates.findIndex((d) => d.hasArg === c.hasArg && d.short === c.short && d.name === c.name) === k);
        if (candidates.length === 1) found = candidates[0];
        else if (distinct.length > 1) return { ok: false, message: `${prog}: option '--${body}' is ambiguous; possibilities:${distinct.map((c) => ` '--${c.name}'`).join("")}` };
      }
      if (found === undefined) return { ok: false, message: `${prog}: unrecognized option '${arg}'` };
      i++;
      if (eq !== -1) {
        if (found.hasArg === "no") return { ok: false, message: `${prog}: option '--${found.name}' doesn't allow an argument` };
        options.push({ name: found.name, value: body.slice(eq + 1) });
      } else if (found.hasArg === "required") {
        if (i >= argv.length) return { ok: false, message: `${prog}: option '--${found.name}' requires an argument` };
        options.push({ name: found.name, value: argv[i]! });
        i++;
      } else options.push({ name: found.name, value: null });
      continue;
    }
    // A cluster of short options.
    i++;
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      const takes = shorts.get(c);
      if (takes === undefined) return { ok: false, message: `${prog}: invalid option -- '${c}'` };
      const name = byShort.get(c) ?? c;
      if (!takes) {
        options.push({ name, value: null });
        continue;
      }
      if (j + 1 < arg.length) options.push({ name, value: arg.slice(j + 1) });
      else {
        if (i >= argv.length) return { ok: false, message: `${prog}: option requires an argument -- '${c}'` };
        options.push({ name, value: argv[i]! });
        i++;
      }
      break;
    }
  }
  return { ok: true, options, rest: argv.slice(i) };
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
