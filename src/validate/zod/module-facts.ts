/**
 * What the module's own Nix does with some options, beyond their declared
 * types and defaults, for the submodules where it matters. Written from
 * templates/container-config.nix.njk (the Container submodule's `config`),
 * which sets `path` from `config` or `flake`, and from the checks in
 * src/options/checks.ts, which only ask whether `config` and `pkgs` are
 * defined.
 */
import { flakeProfilePath } from "../../model/container.js";

export interface FactIssue {
  rule: "missing-option" | "conflicting-definition";
  /** Relative to the submodule's own path. */
  path: (string | number)[];
  message: string;
}

export interface SubmoduleFacts {
  /** Options without a default that may still be left out. */
  readonly optional: readonly string[];
  /** Of those, the ones the module always defines itself, so they are present once resolved. */
  readonly derived: readonly string[];
  /** Findings about combinations of options, on the definition as given. */
  check(value: Readonly<Record<string, unknown>>, name: string | undefined): readonly FactIssue[];
  /** Fills in what the module derives, on the value with defaults applied. */
  derive(resolved: Record<string, unknown>, name: string | undefined): void;
}

/** The result when the definition gives no such finding: one shared list, which callers only read. */
const NONE: readonly FactIssue[] = [];

const container: SubmoduleFacts = {
  // config: read only when defined. pkgs: removed, only asked whether it is
  // defined (the removed-pkgs check reports it). path: set by the module from
  // config or flake, so required only without them (check below).
  optional: ["config", "pkgs", "path"],
  derived: ["path"],
  check(v, name) {
    // Each option read by its name, once: an option left out reads as undefined, as one given as undefined does.
    const path = v.path;
    const hasPath = path !== undefined;
    const hasConfig = v.config !== undefined;
    const flake = v.flake;
    const hasFlake = flake !== undefined && flake !== null;
    if (!hasPath && !hasConfig && !hasFlake) {
      return [
        {
          rule: "missing-option",
          path: [],
          message:
            "none of path, flake and config is set, so the container has no system to run; " +
            "give path (a built NixOS system), flake (a flake URI) or config (a NixOS module)",
        },
      ];
    }
    if (hasPath && hasConfig) {
      return [
        {
          rule: "conflicting-definition",
          path: ["path"],
          message: "path is set together with config, but the module sets path to the system built from config, so the two definitions conflict; remove one of them",
        },
      ];
    }
    if (hasPath && hasFlake && name !== undefined && path !== flakeProfilePath(name)) {
      return [
        {
          rule: "conflicting-definition",
          path: ["path"],
          message: `path is set together with flake, but the module sets path to ${flakeProfilePath(name)} for a flake container, so the two definitions conflict; remove path`,
        },
      ];
    }
    return NONE;
  },
  derive(resolved, name) {
    if (resolved.path === undefined && typeof resolved.flake === "string" && name !== undefined) resolved.path = flakeProfilePath(name);
  },
};

/** Facts by submodule typeName. */
export const submoduleFacts: Readonly<Record<string, SubmoduleFacts>> = { Container: container };
