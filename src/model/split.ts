/**
 * Values the container@ start script expands unquoted, so that bash splits
 * them at a space or tab: bind mount paths (inside EXTRA_NSPAWN_FLAGS) and
 * the names in INTERFACES and MACVLANS. The module's `start-script-split`
 * check (src/options/checks.ts) and the validator both use this list; the
 * generated core file has the same function in Nix (templates/core.nix.njk).
 */
import type { ResolvedContainer } from "./container.js";
import { sortedEntries } from "./nix-values.js";

/** What bash splits an unquoted expansion at (IFS's default, less the newline conf-injection refuses). */
export const hasSplitChar = (s: string): boolean => s.includes(" ") || s.includes("\t");

/** Paths below `containers.<name>` of the values that would be split, in the order the module lists them. */
export function splitValuePaths(cfg: ResolvedContainer): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (!anySplit(cfg)) return out; // the common case, decided without sorting
  for (const [key, b] of sortedEntries(cfg.bindMounts)) {
    if (b.hostPath !== null && hasSplitChar(b.hostPath)) out.push(["bindMounts", key, "hostPath"]);
    if (hasSplitChar(b.mountPoint)) out.push(["bindMounts", key, "mountPoint"]);
  }
  for (const option of ["interfaces", "macvlans"] as const) cfg[option].forEach((v, i) => hasSplitChar(v) && out.push([option, i]));
  return out;
}

function anySplit(cfg: ResolvedContainer): boolean {
  for (const key in cfg.bindMounts) {
    const b = cfg.bindMounts[key]!;
    if ((b.hostPath !== null && hasSplitChar(b.hostPath)) || hasSplitChar(b.mountPoint)) return true;
  }
  return cfg.interfaces.some(hasSplitChar) || cfg.macvlans.some(hasSplitChar);
}

/**
 * An option path as the messages write it: `containers.web.bindMounts."/my data".hostPath`.
 * Names that are not identifiers are quoted as JSON strings (Nix: builtins.toJSON), as the
 * validator's formatPath writes them; a test keeps the two equal.
 */
export function optionPathText(path: readonly (string | number)[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `${i === 0 ? "" : "."}${JSON.stringify(p)}`))
    .join("");
}
