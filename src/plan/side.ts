/**
 * One side of a plan: what a switch-to-configuration would see of each
 * container, whether it comes from definitions or from a built system. The
 * verdicts (verdict.ts) are computed from this alone, so both kinds of input
 * reach them the same way.
 */
import type { UnitState } from "./switch.js";

export interface ContainerView {
  /** The container@<name> unit, with the targets that want it. */
  unit: UnitState;
  /** The conf file `/etc/<confDir>/<name>.conf`, key by key; null when there is none. */
  conf: ReadonlyMap<string, string> | null;
}

export interface Side {
  /** What the user named: a file, a directory, or "(expr)". */
  source: string;
  kind: "definitions" | "system";
  containers: ReadonlyMap<string, ContainerView>;
}
