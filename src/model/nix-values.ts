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

/** Nix orders attribute names by their bytes; `attrNames` and `attrValues` follow that order. */
export function compareAttrNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function sortedEntries<T>(attrs: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(attrs).sort(([a], [b]) => compareAttrNames(a, b));
}
