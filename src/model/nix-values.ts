/** Nix semantics the TS side needs to mirror exactly. */

/** `builtins.toString` on JSON-shaped values. */
export function nixToString(v: unknown): string {
  if (v === null || v === undefined || v === false) return "";
  if (v === true) return "1";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.map(nixToString).join(" ");
  throw new Error(`toString: cannot coerce ${JSON.stringify(v)} to a string`);
}

/**
 * Nix orders attribute names by their bytes; `attrNames` and `attrValues`
 * follow that order. UTF-8 keeps the order of code points, which is that of
 * UTF-16 code units below the surrogates (U+D800): so the first differing
 * unit decides when both are below it, without encoding anything; otherwise
 * the UTF-8 bytes are compared.
 */
export function compareAttrNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    return compareAttrNamesAsBytes(a, b);
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Sorts names in place in compareAttrNames' order. Where no name has a UTF-16
 * code unit from U+D800 up, that order is the engine's own string order (code
 * units, code points and UTF-8 bytes all compare alike below U+D800), and the
 * sort needs no comparator written in JavaScript: for 100,000 names, several
 * times faster.
 */
export function sortAttrNames(names: string[]): string[] {
  return /[\ud800-\uffff]/.test(names.join("")) ? names.sort(compareAttrNames) : names.sort();
}

/** The definition compareAttrNames follows: the names' UTF-8 bytes compared. */
export const compareAttrNamesAsBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function sortedEntries<T>(attrs: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(attrs).sort(([a], [b]) => compareAttrNames(a, b));
}
