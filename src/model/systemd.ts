/**
 * `utils.escapeSystemdPath` from NixOS: a path as a systemd unit name. Slashes
 * at the ends are dropped, inner ones become `-`, and characters systemd
 * reserves are written `\xNN`; a leading dot is escaped too.
 */
const RESERVED = new Set(" !\"#$%&'()*+,;<=>=@[\\]^`{|}~-");

const hex = (c: string) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0");

export function escapeSystemdPath(path: string): string {
  const normalized = path.replace(/\/+/g, "/");
  const trimmed = normalized === "/" ? normalized : normalized.replace(/^\//, "").replace(/\/$/, "");
  let out = [...trimmed].map((c) => (RESERVED.has(c) ? hex(c) : c)).join("");
  if (out.startsWith(".")) out = hex(".") + out.slice(1);
  return out.replace(/\//g, "-");
}
