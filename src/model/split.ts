/**
 * Values the container@ start script expands unquoted, so that bash splits
 * them at a space or tab: bind mount paths (inside EXTRA_NSPAWN_FLAGS) and
 * the names in INTERFACES and MACVLANS. The module's `start-script-split`
 * check (src/options/checks.ts) and the validator both use this list; the
 * generated core file has the same function in Nix (templates/core.nix.njk).
 */
import type { ResolvedContainer } from "./container.js";
import { compareAttrNames } from "./nix-values.js";

/** What bash splits an unquoted expansion at (IFS's default, less the newline conf-injection refuses). */
export const hasSplitChar = (s: string): boolean => s.includes(" ") || s.includes("\t");

type OptionPath = (string | number)[];

/** The answer for a container with nothing split: one shared list, so that the common case allocates nothing. */
const NOTHING_SPLIT: readonly OptionPath[] = [];

/** The list options whose names the start script expands unquoted. */
const SPLIT_LISTS = ["interfaces", "macvlans"] as const;

/** Paths below `containers.<name>` of the values that would be split, in the order the module lists them. */
export function splitValuePaths(cfg: ResolvedContainer): readonly OptionPath[] {
  // Bind mounts in the module's order (by name); the names are sorted only when one has a hit, which is rare.
  let mounts: [string, OptionPath[]][] | undefined;
  for (const key in cfg.bindMounts) {
    const b = cfg.bindMounts[key]!;
    let hits: OptionPath[] | undefined;
    if (b.hostPath !== null && hasSplitChar(b.hostPath)) (hits ??= []).push(["bindMounts", key, "hostPath"]);
    if (hasSplitChar(b.mountPoint)) (hits ??= []).push(["bindMounts", key, "mountPoint"]);
    if (hits !== undefined) (mounts ??= []).push([key, hits]);
  }
  let out = mounts?.sort(([x], [y]) => compareAttrNames(x, y)).flatMap(([, hits]) => hits);
  for (const option of SPLIT_LISTS) {
    const names = cfg[option];
    for (let i = 0; i < names.length; i++) if (hasSplitChar(names[i]!)) (out ??= []).push([option, i]);
  }
  return out ?? NOTHING_SPLIT;
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
