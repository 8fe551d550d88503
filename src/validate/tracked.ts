/**
 * A read-only view of a value that notes when a rule reads one of a given set
 * of paths: how validate.ts knows that a rule's verdict on a container rests
 * on a value that was a type error and is now only its default.
 */
import type { Path } from "./finding.js";

export interface Tracker {
  /** Whether anything read through a view reached one of the paths. */
  touched: boolean;
}

/** Paths as flat keys: each segment after a separator no option name contains. */
const keyOf = (path: Path) => path.map((s) => `\u0000${s}`).join("");

/** `value` seen through a proxy; reading any of `paths` sets `tracker.touched`. */
export function trackReads<T>(value: T, paths: readonly Path[], tracker: Tracker): T {
  const watched = new Set(paths.map(keyOf));
  // Only paths that lead to a watched one need a view below them.
  const prefixes = new Set(paths.flatMap((p) => p.map((_, i) => keyOf(p.slice(0, i)))));
  const view = (target: unknown, at: string): unknown => {
    if (typeof target !== "object" || target === null || !prefixes.has(at)) return target;
    // One proxy per read, not cached per object: option defaults are shared objects and may sit at several paths.
    return new Proxy(target as object, {
      get(t, key, receiver) {
        const v = Reflect.get(t, key, receiver);
        if (typeof key === "symbol" || typeof v === "function") return v;
        const path = `${at}\u0000${key}`;
        if (watched.has(path)) tracker.touched = true;
        return view(v, path);
      },
      has(t, key) {
        if (typeof key === "string" && watched.has(`${at}\u0000${key}`)) tracker.touched = true;
        return Reflect.has(t, key);
      },
      set: () => false,
      deleteProperty: () => false,
    });
  };
  return view(value, "") as T;
}
