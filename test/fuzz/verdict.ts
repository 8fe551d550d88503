/**
 * Validate's verdict on a host's JSON, read as the CLI reads a file
 * (loadJson: the containers, the `host` object, positions) and checked by
 * validateContainers; and how it compares with the real boot's outcome.
 * Warnings do not count: the verdict is the error findings, or none.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { loadJson } from "../../src/validate/input.js";
import { validateContainers } from "../../src/validate/validate.js";
import type { Outcome } from "../boot/host-case.js";
import type { HostFile } from "../boot/host-pairs.js";

export interface ErrorFinding {
  rule: string;
  path: string;
  message: string;
}

/** The error findings of `validate` on the host (its `containers` and `host`; the start order is no input). */
export function verdictOf(file: HostFile): ErrorFinding[] {
  const dir = tmp.dirSync({ prefix: "cnix-fuzz-", unsafeCleanup: true });
  try {
    const input = path.join(dir.name, "host.json");
    writeFileSync(input, JSON.stringify({ containers: file.containers, host: file.host }, null, 1));
    const loaded = loadJson(input, null);
    const report = validateContainers(loaded.containers, { host: loaded.host, positions: loaded.positions });
    return report.findings.filter((f) => f.severity === "error").map((f) => ({ rule: f.rule, path: f.path.join("."), message: f.message }));
  } finally {
    dir.removeCallback();
  }
}

/**
 * `agree`: the boot went well and validate is silent, or it failed and
 * validate gives an error; `false-alarm`: it went well but validate gives an
 * error; `missed-failure`: it failed and validate is silent.
 */
export type Agreement = "agree" | "false-alarm" | "missed-failure";

export function compare(outcome: Outcome, errors: readonly ErrorFinding[]): Agreement {
  if (outcome.ok) return errors.length === 0 ? "agree" : "false-alarm";
  return errors.length > 0 ? "agree" : "missed-failure";
}
