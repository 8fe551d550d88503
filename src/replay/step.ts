/**
 * One step a container's unit takes at start, as the replay sees it: a
 * program run with its arguments, in the network namespace it runs in, with
 * the options whose values it carries. The steps come from the scripts'
 * renderer (the same data the generated Nix scripts are emitted from), never
 * written again by hand; the replay (src/replay/) runs them over a model of
 * the kernel state they touch.
 */
import type { ConsumerId } from "../validate/consumers.js";
import type { Path } from "../validate/finding.js";

/**
 * Where in the unit's start the step is: `preStart`, `start` (the start
 * script, up to and including its `exec systemd-nspawn ...`), `init` (the
 * container-init script, inside the container before its stage 2), `postStart`.
 */
export type Phase = "preStart" | "start" | "init" | "postStart";

export interface Step {
  /** The container whose unit takes the step. */
  container: string;
  phase: Phase;
  /** The host's network namespace (preStart, start, postStart), or the container's own (init). */
  ns: "host" | "container";
  /** The program and its arguments as the program receives them, after the shell's expansion and word splitting (argv[0]: `ip`, `systemd-nspawn`, ...). */
  argv: readonly string[];
  /** The script goes on when the step fails (`|| true`). */
  mayFail: boolean;
  /** The options whose values the step's arguments carry, each from the configuration's root; empty when no option shapes it. */
  origin: readonly Path[];
  /** The row of the consumer table (src/validate/consumers.ts) for the program and flag that read those values. */
  consumer: ConsumerId;
  /** The script's line the step comes from, as rendered (for messages). */
  line: string;
}
