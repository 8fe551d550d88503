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

/** The paths to watch, as flat keys; made once per container and shared by all its views. */
export interface Watch {
  watched: ReadonlySet<string>;
  /** Only paths that lead to a watched one need a view below them. */
  prefixes: ReadonlySet<string>;
}

export const watchOf = (paths: readonly Path[]): Watch => ({
  watched: new Set(paths.map(keyOf)),
  prefixes: new Set(paths.flatMap((p) => p.map((_, i) => keyOf(p.slice(0, i))))),
});

/** `value` seen through a proxy; reading any of the watched paths sets `tracker.touched`. */
export function trackReads<T>(value: T, watch: Watch | readonly Path[], tracker: Tracker): T {
  const { watched, prefixes } = Array.isArray(watch) ? watchOf(watch) : (watch as Watch);
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
