/**
 * JSON text for the generated .json files: two-space indent, a final newline,
 * keys in the order given. Like JSON.stringify(v, null, 2), plus bigints
 * printed exactly (a Nix int's range does not fit in a JS number).
 */
export type JsonOut = null | boolean | number | bigint | string | readonly JsonOut[] | { readonly [k: string]: JsonOut | undefined };

function go(v: JsonOut, indent: string): string {
  if (typeof v === "bigint") return v.toString();
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`${v} has no JSON form`);
    return JSON.stringify(v);
  }
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    const items = v as readonly JsonOut[];
    if (items.length === 0) return "[]";
    return "[\n" + items.map((x) => inner + go(x, inner)).join(",\n") + "\n" + indent + "]";
  }
  const entries = Object.entries(v).filter((e): e is [string, JsonOut] => e[1] !== undefined);
  if (entries.length === 0) return "{}";
  return "{\n" + entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${go(x, inner)}`).join(",\n") + "\n" + indent + "}";
}

export function jsonText(v: JsonOut): string {
  return go(v, "") + "\n";
}
