/** The four scripts of a container's start, in the order they run, with where each runs. */
import type { Phase } from "../replay/step.js";
import { containerInit } from "./container-init.js";
import type { Script } from "./dsl.js";
import { postStart } from "./post-start.js";
import { preStart } from "./pre-start.js";
import { start } from "./start.js";

export interface Stage {
  script: Script;
  phase: Phase;
  /** The network namespace it runs in: the host's, or the container's own (the init script). */
  ns: "host" | "container";
}

/** preStart, the start script (which execs nspawn), the init script inside, postStart once the container is up. */
export const stages: readonly Stage[] = [
  { script: preStart, phase: "preStart", ns: "host" },
  { script: start, phase: "start", ns: "host" },
  { script: containerInit, phase: "init", ns: "container" },
  { script: postStart, phase: "postStart", ns: "host" },
];

export const scripts: readonly Script[] = stages.map((s) => s.script);
