/** What the agreement test hands its driver (agreement-driver.ts), and what the driver gives back. */
import type { RenderedScripts } from "./cases.js";

export interface AgreementJob {
  bash: string;
  /** The stand-ins found on PATH, by name (this directory is the scripts' whole PATH). */
  binDir: string;
  onPath: readonly string[];
  /** The stand-ins at the store paths core.scripts was given. */
  inStore: readonly string[];
  workDir: string;
  logFile: string;
  resultFile: string;
  containers: {
    name: string;
    /** The unit's environment and the conf file's variables. */
    environment: Record<string, string>;
    scripts: RenderedScripts;
    containerInitPath: string;
    /** Systems whose `system` file the start script reads. */
    systems: string[];
  }[];
}

export interface ScriptRun {
  status: number | null;
  stderr: string;
  /** The stand-ins' records: each the path the program was started as, then its arguments. */
  calls: string[][];
}

/** Each script's run, or null when an earlier one failed (or the start script ran no systemd-nspawn). */
export type AgreementResult = { preStart: ScriptRun; script: ScriptRun | null; containerInit: ScriptRun | null; postStart: ScriptRun | null }[];

/** Stage 2 of the stand-in system: sourced by the init script, it leaves a record that the script got to its end. */
export const STAGE_2_MARK = "stage-2";
