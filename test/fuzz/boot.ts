/**
 * `npm run fuzz:boot -- [COUNT] [SEED] [--shrink N] [--shrink-each K] [--jobs J] [--fresh] [--only I]`: differential
 * fuzzing of validate against real boots (issue #17). COUNT random realistic
 * hosts of the seed (hosts.ts; default 100, seed 1) are each booted by the
 * boot harness and validated; a disagreement (booted and reachable but
 * validate gives an error: a false alarm; failed but validate is silent: a
 * missed failure) is printed with its host, the real failure and the
 * findings, booted again (a different outcome makes it flaky, counted as
 * neither), shrunk with fast-check to a smallest host that still disagrees
 * the same way (at most N boots, default 30), and written to
 * test/boot/regressions/<kind>-<seed>-<index>.json. Shrinking costs boots:
 * only the first K (default 1) disagreements of each cause (causeOf: the
 * same kind, and the same failures or error rules once the names and numbers
 * are taken out) are shrunk; the others are printed and counted. `--only I`
 * boots, and shrinks, host I (from 0) of the seed alone, whatever the log
 * says. The hosts boot J at a time (default 2). Not part of the tests.
 *
 * `--rejudge` boots nothing: the hosts already in the log keep the outcome of
 * their real boot (which no change to validate can alter; the generator and
 * the harness must not have changed since), and are judged again by the
 * validate of now. A host that disagrees now and did not then was booted
 * once only: it is listed, to be booted again (and shrunk) with `--only I`.
 *
 * Resumable: each host's result is appended to .actual/fuzz-boot/seed-<SEED>.jsonl,
 * and a run of the same seed takes the hosts found there instead of booting
 * them again (--fresh starts over).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bootSkipReason } from "../boot/harness.js";
import { actualDir, root } from "../support/paths.js";
import { causeFrom, causeOf, errorsOf, explain, failuresOf, shrink, signature, trial, trials, type Trial } from "./differential.js";
import { buildHost, inputOf, planArb, type FuzzHost } from "./hosts.js";
import { compare, verdictOf, type Agreement } from "./verdict.js";
import fc from "fast-check";

const VALUE_FLAGS = ["--shrink", "--shrink-each", "--only", "--jobs"];
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !VALUE_FLAGS.includes(all[i - 1]!));
const flag = (name: string) => process.argv.includes(name);
const value = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const count = Number(positional[0] ?? 100);
const seed = Number(positional[1] ?? 1);
const budget = value("--shrink", 30);
const shrinkEach = value("--shrink-each", 1);
const only = value("--only", -1);
const jobs = value("--jobs", 2);
const rejudge = flag("--rejudge");
if (![count, seed, budget, shrinkEach, only, jobs].every(Number.isInteger) || count < 1 || budget < 0 || shrinkEach < 0 || only >= count || jobs < 1) {
  console.error("usage: npm run fuzz:boot -- [COUNT] [SEED] [--shrink BOOTS] [--shrink-each K] [--jobs J] [--fresh] [--only INDEX]");
  process.exit(2);
}
const reason = bootSkipReason();
if (reason !== null) {
  console.error(`fuzz:boot: cannot boot here: ${reason}`);
  process.exit(2);
}

type Kind = Agreement | "flaky" | "skipped" | "harness-error";
interface HostRecord {
  index: number;
  kind: Kind;
  containers: number;
  mistakes: string[];
  ok: boolean | null;
  failures: string[];
  errors: string[];
  signature: string[];
  /** causeOf, for a disagreement. */
  cause?: string;
  ms: number;
  fixture?: string;
  shrunk?: { containers: number; boots: number; failures: string[]; errors: string[] };
  note?: string;
}

const logDir = path.join(actualDir, "fuzz-boot");
const logFile = path.join(logDir, only >= 0 ? `seed-${seed}-only-${only}.jsonl` : `seed-${seed}.jsonl`);
const regressions = path.join(root, "test/boot/regressions");
mkdirSync(logDir, { recursive: true });
if (!rejudge && (flag("--fresh") || only >= 0)) rmSync(logFile, { force: true });
const done = new Map<number, HostRecord>();
if (existsSync(logFile))
  for (const line of readFileSync(logFile, "utf8").split("\n"))
    if (line.trim() !== "") {
      const r = JSON.parse(line) as HostRecord;
      done.set(r.index, r);
    }

/** The host's JSON, one line per container. */
const show = (h: FuzzHost) =>
  [
    `{ "containers": {`,
    ...Object.entries(h.containers).map(([name, d], i, all) => `    ${JSON.stringify(name)}: ${JSON.stringify(d)}${i < all.length - 1 ? "," : ""}`),
    `  },`,
    `  "host": ${JSON.stringify(h.host)},`,
    `  "order": ${JSON.stringify(h.order)} }`,
  ].join("\n");

function record(r: HostRecord): void {
  done.set(r.index, r);
  appendFileSync(logFile, JSON.stringify(r) + "\n");
}

const plans = fc.sample(planArb, { seed, numRuns: count });
const started = Date.now();
console.log(`fuzz:boot: ${count} hosts, seed ${seed}, at most ${budget} boots per shrink; log ${path.relative(root, logFile)}${done.size > 0 ? ` (${done.size} hosts already there)` : ""}`);

const todo = [];
if (rejudge) rejudgeAll();
else for (let index = Math.max(only, 0); index < (only >= 0 ? only + 1 : count); index++) if (!done.has(index)) todo.push(index);
// The hosts are booted `jobs` at a time (most of a boot is waiting); what follows a disagreement (boot again, shrink) one at a time.
const batches: number[][] = [];
for (let k = 0; k < todo.length; k += jobs) batches.push(todo.slice(k, k + jobs));
for (const batch of batches) {
  const booted = await trials(batch.map((i) => buildHost(plans[i]!)), jobs);
  batch.forEach((index, k) => judgeOne(index, booted[k]!));
}

function judgeOne(index: number, t: Trial): void {
  const plan = plans[index]!;
  const host = t.host;
  const base = { index, containers: Object.keys(host.containers).length, mistakes: host.mistakes, ok: t.outcome?.ok ?? null, failures: failuresOf(t), errors: errorsOf(t), ms: t.ms };
  const head = `[${index + 1}/${count}] ${Object.keys(host.containers).join(",")}${host.mistakes.length > 0 ? ` (mistakes: ${host.mistakes.join(", ")})` : ""}`;
  if (t.agreement === null) {
    const kind: Kind = t.skip !== undefined ? "skipped" : "harness-error";
    console.log(`${head}: ${kind}: ${t.skip ?? t.harness}`);
    record({ ...base, kind, signature: [], note: t.skip ?? t.harness });
    return;
  }
  const verdict = `boot ${t.outcome!.ok ? "ok" : "failed"}, validate ${t.errors.length === 0 ? "silent" : `${t.errors.length} error(s)`}`;
  if (t.agreement === "agree") {
    console.log(`${head}: agree (${verdict}) ${(t.ms / 1000).toFixed(1)} s`);
    record({ ...base, kind: "agree", signature: [] });
    return;
  }
  console.log(`\n=== [${index + 1}/${count}] ${t.agreement} (${verdict})\nhost:\n${show(host)}\n${explain(t)}`);
  const again = trial(host);
  if (again.outcome?.ok !== t.outcome?.ok) {
    console.log(`  booted again: ${again.outcome === null ? "not booted" : again.outcome.ok ? "ok" : "failed"}: flaky, counted as neither\n`);
    record({ ...base, kind: "flaky", signature: signature(t), note: explain(again) });
    return;
  }
  const cause = causeOf(t);
  const earlier = [...done.values()].filter((r) => r.fixture !== undefined && r.cause === cause).length;
  if (earlier >= shrinkEach) {
    console.log(`  booted again: the same. Not shrunk: ${earlier} of its cause (${cause}) already were\n`);
    record({ ...base, kind: t.agreement, signature: signature(t), cause });
    return;
  }
  const s = shrink(seed, index, { ...t, plan }, budget);
  const small = s.trial;
  console.log(`  booted again: the same. Shrunk in ${s.boots} boot(s) (at most ${budget}), ${base.containers} → ${Object.keys(small.host.containers).length} container(s):`);
  console.log(`${show(small.host)}\n${explain(small)}`);
  const fixture = path.join(regressions, `${t.agreement}-${seed}-${index}.json`);
  mkdirSync(regressions, { recursive: true });
  writeFileSync(
    fixture,
    JSON.stringify(
      {
        kind: t.agreement,
        reason: t.agreement === "false-alarm" ? `booted and reachable, but validate: ${errorsOf(small).join("; ")}` : `failed (${failuresOf(small).join("; ")}), but validate is silent`,
        seed,
        index,
        path: s.path,
        mistakes: small.host.mistakes,
        outcome: small.outcome,
        errors: small.errors,
        order: small.host.order,
        ...inputOf(small.host),
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`  written ${path.relative(root, fixture)}\n`);
  record({
    ...base,
    kind: t.agreement,
    signature: signature(t),
    cause,
    fixture: path.relative(root, fixture),
    shrunk: { containers: Object.keys(small.host.containers).length, boots: s.boots, failures: failuresOf(small), errors: errorsOf(small) },
  });
}

/**
 * --rejudge: each logged host with a real boot outcome, judged again by the
 * validate of now (in memory; the log is left as it is). Flaky, skipped and
 * broken hosts stay what they were.
 */
function rejudgeAll(): void {
  const changed: string[] = [];
  for (const [index, r] of done) {
    if (index >= count || r.ok === null || !(r.kind === "agree" || r.kind === "false-alarm" || r.kind === "missed-failure")) continue;
    const host = buildHost(plans[index]!);
    const errors = verdictOf(host);
    const kind = compare(r.ok ? { ok: true } : { ok: false, failures: [] }, errors);
    const lines = errors.map((e) => `${e.rule} at ${e.path}: ${e.message}`);
    const rules = [...new Set(errors.map((e) => e.rule))].sort();
    const cause = kind === "agree" ? undefined : causeFrom(Object.keys(host.containers), kind, r.failures, rules);
    if (kind !== r.kind) changed.push(`  #${index + 1} (--only ${index}): ${r.kind} → ${kind}${kind === "agree" ? "" : `, never booted twice: ${cause}`}`);
    done.set(index, { ...r, kind, errors: lines, signature: kind === "false-alarm" ? rules : kind === r.kind ? r.signature : [], cause, ...(kind === r.kind ? {} : { fixture: undefined, shrunk: undefined }) });
  }
  console.log(`rejudged ${done.size} logged hosts with the validate of now; ${changed.length} changed:`);
  for (const line of changed) console.log(line);
}

// ---------------------------------------------------------------- summary
const records = [...done.values()].filter((r) => r.index < count).sort((a, b) => a.index - b.index);
const n = (k: Kind) => records.filter((r) => r.kind === k).length;
const agree = n("agree");
const judged = agree + n("false-alarm") + n("missed-failure");
console.log(`\nfuzz:boot seed ${seed}: ${records.length} hosts in ${((Date.now() - started) / 1000).toFixed(0)} s this run`);
console.log(`  agree ${agree} (booted ${records.filter((r) => r.kind === "agree" && r.ok).length}, failed ${records.filter((r) => r.kind === "agree" && !r.ok).length})`);
console.log(`  disagree ${n("false-alarm") + n("missed-failure")}: false alarm ${n("false-alarm")}, missed failure ${n("missed-failure")}`);
console.log(`  flaky ${n("flaky")}, skipped ${n("skipped")}, harness errors ${n("harness-error")}`);
console.log(`  agreement ${judged === 0 ? "n/a" : `${((100 * agree) / judged).toFixed(1)}%`} (${agree} of ${judged})`);
const groups = new Map<string, HostRecord[]>();
for (const r of records)
  if (r.kind === "false-alarm" || r.kind === "missed-failure") {
    const key = r.cause ?? r.kind;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
if (groups.size > 0) console.log("\ndisagreements by kind (the shrunk host of each is in its fixture):");
for (const [key, rs] of [...groups.entries()].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`  ${key}: ${rs.length} host(s)`);
  for (const r of rs) {
    const said = r.shrunk ? (r.kind === "false-alarm" ? r.shrunk.errors : r.shrunk.failures) : r.kind === "false-alarm" ? r.errors : r.failures;
    console.log(`    #${r.index + 1}${r.fixture ? ` ${r.fixture} (shrunk to ${r.shrunk!.containers} container(s) in ${r.shrunk!.boots} boot(s))` : ""}: ${said.join("; ")}`);
  }
}
if (n("false-alarm") + n("missed-failure") > 0) process.exitCode = 1;
