/**
 * A systemd unit file read the way switch-to-configuration reads it: sections
 * of keys, each key with every value it is given, in order. An empty value
 * (`ExecStart=`) drops the values before it; `[Install]` is left out (it
 * matters to `systemctl enable`, not to a switch); a value in double quotes
 * loses them. Drop-ins are read on top, in the order given.
 */
export type UnitInfo = Map<string, Map<string, string[]>>;

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** Reads one unit file (or drop-in) into `into`. */
export function parseUnitFile(text: string, into: UnitInfo = new Map()): UnitInfo {
  let section: Map<string, string[]> | null = null;
  const lines = text.split("\n");
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      const name = line.slice(1, -1);
      if (name === "Install") section = null;
      else {
        section = into.get(name) ?? new Map();
        into.set(name, section);
      }
      continue;
    }
    if (section === null) continue;
    const eq = line.indexOf("=");
    if (eq === -1) continue;
    const key = line.slice(0, eq).trim();
    const value = unquote(line.slice(eq + 1).trim());
    if (value === "") section.set(key, []);
    else section.set(key, [...(section.get(key) ?? []), value]);
  }
  return into;
}

/** The last value of a key, or undefined. */
export function lastValue(info: UnitInfo, section: string, key: string): string | undefined {
  const vs = info.get(section)?.get(key);
  return vs === undefined || vs.length === 0 ? undefined : vs[vs.length - 1];
}

/** A boolean the way systemd and switch-to-configuration spell it, with a default when unset. */
export function unitBool(info: UnitInfo, section: string, key: string, fallback: boolean): boolean {
  const v = lastValue(info, section, key);
  return v === undefined ? fallback : ["1", "yes", "true", "on"].includes(v);
}
