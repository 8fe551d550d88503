/**
 * One host through both judges: booted for real by the boot harness
 * (host-case.ts: the host's interfaces and namespaces made, every container
 * started, every pair pinged both ways, every forward connected to), and
 * validated (verdict.ts); and, for a host where they disagree, fast-check's
 * shrinking to a smallest host that still disagrees the same way, within a
 * budget of boots.
 */
import fc from "fast-check";
import { boot, bootMany } from "../boot/harness.js";
import { hostBootCase, judge, type Failure, type Outcome } from "../boot/host-case.js";
import type { Expected } from "../boot/host-pairs.js";
import type { HostResult } from "../boot/job.js";
import { buildHost, planArb, type FuzzHost, type Plan } from "./hosts.js";
import { compare, verdictOf, type Agreement, type ErrorFinding } from "./verdict.js";

export interface Trial {
  host: FuzzHost;
  /** Null when the harness cannot boot the host (skip says why) or the driver itself broke (harness says how). */
  outcome: Outcome | null;
  errors: ErrorFinding[];
  agreement: Agreement | null;
  skip?: string;
  harness?: string;
  ms: number;
}

/** A host's trial from its boot's result (or the driver's error). */
function judged(host: FuzzHost, errors: ErrorFinding[], expected: Expected, result: HostResult | Error, ms: number): Trial {
  if (result instanceof Error) return { host, outcome: null, errors, agreement: null, harness: result.message, ms };
  const outcome = judge(result, expected);
  return { host, outcome, errors, agreement: compare(outcome, errors), ms };
}

/** Boots and validates one host. */
export function trial(host: FuzzHost): Trial {
  const t = Date.now();
  const errors = verdictOf(host);
  const made = hostBootCase(host);
  if ("skip" in made) return { host, outcome: null, errors, agreement: null, skip: made.skip, ms: Date.now() - t };
  let result: HostResult | Error;
  try {
    result = boot(made.boot, 180_000);
  } catch (e) {
    result = e as Error;
  }
  return judged(host, errors, made.expected, result, Date.now() - t);
}

/** Boots and validates many hosts, `concurrency` boots at a time; each trial's time is its driver's. */
export async function trials(hosts: readonly FuzzHost[], concurrency: number): Promise<Trial[]> {
  const made = hosts.map(hostBootCase);
  const bootable = made.flatMap((m, i) => ("skip" in m ? [] : [{ i, m }]));
  const results = await bootMany(bootable.map((b) => b.m.boot), concurrency, 180_000);
  const out: Trial[] = hosts.map((host, i) => {
    const m = made[i]!;
    return { host, outcome: null, errors: verdictOf(host), agreement: null, skip: "skip" in m ? m.skip : "not booted", ms: 0 };
  });
  bootable.forEach(({ i, m }, k) => {
    const r = results[k]!;
    out[i] = judged(hosts[i]!, out[i]!.errors, m.expected, r, r instanceof Error ? 0 : r.ms);
  });
  return out;
}

/** What a disagreement is about, for grouping and for keeping a shrunk host on the same disagreement: error rules, or failing steps. */
export function signature(t: Pick<Trial, "outcome" | "errors" | "agreement">): string[] {
  if (t.agreement === "false-alarm") return [...new Set(t.errors.map((e) => e.rule))].sort();
  if (t.agreement === "missed-failure" && t.outcome && !t.outcome.ok) return [...new Set(t.outcome.failures.map((f) => f.step))].sort();
  return [];
}

/**
 * What a disagreement comes from, the same for the same cause on other
 * containers and hosts: its kind and, with the host's container names and
 * all numbers taken out, the failures (a missed failure) or the error rules
 * (a false alarm).
 */
export function causeOf(t: Trial): string {
  return causeFrom(Object.keys(t.host.containers), t.agreement, failuresOf(t), signature(t));
}

/** causeOf from its parts: the host's container names, the kind, the failures in one line each, the error rules. */
export function causeFrom(containers: readonly string[], agreement: Agreement | null, failures: readonly string[], rules: readonly string[]): string {
  const names = [...containers].sort((a, b) => b.length - a.length);
  const plain = (line: string) => names.reduce((l, n) => l.replaceAll(n, "<c>"), line).replace(/[0-9a-f]*[0-9][0-9a-f]*/g, "#");
  const what = agreement === "missed-failure" ? [...new Set(failures.map(plain))].sort() : [...new Set(rules)].sort();
  return `${agreement}: ${what.join("; ")}`;
}

export interface Shrunk {
  trial: Trial;
  boots: number;
  /** fast-check's path of the shrunk host from the original (replayable with `path`). */
  path: string;
}

/**
 * Replays run `index` of the seed (fast-check's `path`) and shrinks it: a
 * candidate counts as still failing when it disagrees the same way (the same
 * kind, and a rule or step in common). At most `budget` boots; the original,
 * already booted, costs none.
 */
export function shrink(seed: number, index: number, original: Trial & { plan: Plan }, budget: number): Shrunk {
  const kind = original.agreement;
  const sig = new Set(signature(original));
  const originalKey = JSON.stringify(original.plan);
  const seen = new Map<string, Trial>([[originalKey, original]]);
  let boots = 0;
  const property = fc.property(planArb, (plan) => {
    const key = JSON.stringify(plan);
    if (key === originalKey) return false;
    if (boots >= budget) return true;
    const host = buildHost(plan);
    if ("skip" in hostBootCase(host)) return true;
    boots++;
    const t = trial(host);
    const still = t.agreement === kind && signature(t).some((s) => sig.has(s));
    if (still) seen.set(key, t);
    return !still;
  });
  const details = fc.check(property, { seed, path: String(index), numRuns: index + 1 });
  const smallest = details.counterexample?.[0];
  const found = smallest === undefined ? undefined : seen.get(JSON.stringify(smallest));
  return { trial: found ?? original, boots, path: details.counterexamplePath ?? String(index) };
}

/** A failure in one line. */
export const failureLine = (f: Failure) => `${f.step}${f.container !== null ? ` (${f.container})` : ""}: ${f.detail}`;
export const failuresOf = (t: Trial) => (t.outcome && !t.outcome.ok ? t.outcome.failures.map(failureLine) : []);
export const errorsOf = (t: Trial) => t.errors.map((e) => `${e.rule} at ${e.path}: ${e.message}`);

/** What the boot and validate said about a host, a line each, then each failure and error. */
export function explain(t: Trial, indent = "  "): string {
  const boot = t.outcome === null ? `not booted: ${t.skip ?? t.harness}` : t.outcome.ok ? "booted, every pair and forward answered" : "failed:";
  const lines = [`${indent}boot: ${boot}`, ...failuresOf(t).map((f) => `${indent}  ${f}`)];
  lines.push(`${indent}validate: ${t.errors.length === 0 ? "no error" : `${t.errors.length} error(s):`}`, ...errorsOf(t).map((e) => `${indent}  ${e}`));
  return lines.join("\n");
}

/** explain, and the host's JSON, for a test's failure message. */
export const told = (t: Trial) => `${explain(t)}\nhost: ${JSON.stringify({ containers: t.host.containers, host: t.host.host, order: t.host.order })}`;
