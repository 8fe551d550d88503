/**
 * `containers-nix plan` output: lines for people, grouped by verdict, with a
 * summary; and a versioned JSON document for programs (schema in docs/plan.md).
 */
import { displayFile } from "../validate/format.js";
import type { Plan } from "./plan.js";
import { stops, VERDICTS, type PlanEntry, type Verdict } from "./verdict.js";

export type PlanFormat = "human" | "json";
export const PLAN_FORMATS: readonly PlanFormat[] = ["human", "json"];

/** Version of the JSON output schema; bumped on any incompatible change. */
export const PLAN_SCHEMA_VERSION = 1;

/** 1 when the switch restarts or stops a container (or may restart one), else 0: the `--exit-code` status. */
export function planExitCode(p: Plan): 0 | 1 {
  return p.entries.some(stops) ? 1 : 0;
}

const label = (e: PlanEntry) => (e.verdict === "new" ? (e.startsNow ? "new, starts now" : "new, not started") : e.verdict);

function counts(p: Plan): Map<Verdict, number> {
  const m = new Map<Verdict, number>();
  for (const e of p.entries) m.set(e.verdict, (m.get(e.verdict) ?? 0) + 1);
  return m;
}

export function summaryLine(p: Plan): string {
  const c = counts(p);
  const n = p.entries.length;
  const parts = VERDICTS.filter((v) => c.has(v)).map((v) => `${c.get(v)} ${v}`);
  const stopping = p.entries.filter(stops).length;
  const tail = stopping === 0 ? "no container is restarted or stopped" : `${stopping} ${stopping === 1 ? "container is" : "containers are"} restarted or stopped${c.has("may-restart") ? " (or may be)" : ""}`;
  return `${n} container${n === 1 ? "" : "s"}${parts.length > 0 ? `: ${parts.join(", ")}` : ""}; ${tail}`;
}

export function formatPlanHuman(p: Plan): string {
  const width = Math.max(0, ...p.entries.map((e) => label(e).length));
  let out = "";
  for (const v of VERDICTS) {
    const group = p.entries.filter((e) => e.verdict === v);
    if (group.length === 0) continue;
    for (const e of group) {
      const why = e.reasons.map((r) => r.message).join("; ");
      out += `${label(e).padEnd(width)}  ${e.name}${why === "" ? "" : `: ${why}`}\n`;
    }
    out += "\n";
  }
  return out + summaryLine(p) + "\n";
}

/**
 * The JSON document (schema version 1; documented in docs/plan.md):
 * { version, kind, old, new, containers: [ { name, verdict, startsNow?, action,
 * reasons: [ { via, keys, options, message } ] } ], notes,
 * summary: { containers, <verdict>: count …, stopping, exitCode } }
 */
export function formatPlanJson(p: Plan): string {
  const c = counts(p);
  const doc = {
    version: PLAN_SCHEMA_VERSION,
    kind: p.kind,
    old: displayFile(p.old),
    new: displayFile(p.new),
    containers: p.entries.map((e) => ({
      name: e.name,
      verdict: e.verdict,
      ...(e.startsNow === undefined ? {} : { startsNow: e.startsNow }),
      action: e.action,
      reasons: e.reasons,
    })),
    notes: p.notes,
    summary: {
      containers: p.entries.length,
      ...Object.fromEntries(VERDICTS.map((v) => [v, c.get(v) ?? 0])),
      stopping: p.entries.filter(stops).length,
      exitCode: planExitCode(p),
    },
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

export function formatPlan(format: PlanFormat, p: Plan): string {
  return format === "json" ? formatPlanJson(p) : formatPlanHuman(p);
}
