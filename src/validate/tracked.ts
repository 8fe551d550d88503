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

/** `value` seen through a proxy rooted at `at`; reading any of `paths` (or below them) sets `tracker.touched`. */
export function trackReads<T>(value: T, paths: readonly Path[], tracker: Tracker): T {
  const watched = new Set(paths.map((p) => JSON.stringify(p)));
  const view = (target: unknown, at: Path): unknown => {
    if (typeof target !== "object" || target === null) return target;
    // One proxy per read, not cached per object: option defaults are shared objects and may sit at several paths.
    return new Proxy(target as object, {
      get(t, key, receiver) {
        const v = Reflect.get(t, key, receiver);
        if (typeof key === "symbol" || (Array.isArray(t) && key === "length") || typeof v === "function") return v;
        const seg = Array.isArray(t) && /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : key;
        const path = [...at, seg];
        if (watched.has(JSON.stringify(path))) tracker.touched = true;
        return view(v, path);
      },
      has(t, key) {
        if (typeof key === "string" && watched.has(JSON.stringify([...at, key]))) tracker.touched = true;
        return Reflect.has(t, key);
      },
      set: () => false,
      deleteProperty: () => false,
    });
  };
  return view(value, []) as T;
}
