/**
 * The validator: one pass over the containers in attribute-name order. Each
 * container is type-checked (typecheck/, the checks of schema.ts without
 * zod), then every container rule runs on it and every host rule collects
 * what it needs from it (rules/); at the end the host rules judge what they
 * collected. Each finding gets the position of its definition when the input
 * told us. A container with type errors is checked with its broken values
 * replaced by their defaults (repair.ts); a rule that read one of those gives
 * nothing there.
 *
 * Nothing of a container is kept once the pass has moved on but its findings
 * and the host rules' small entries: its resolved values die young, which is
 * most of what keeps a run of 100,000 containers fast and small.
 */
import { hostFacts } from "../model/checks.js";
import { resolveContainer } from "../model/container.js";
import { sortAttrNames } from "../model/nix-values.js";
import type { Json } from "../model/resolve.js";
import { container } from "../options/index.js";
import type { HostFacts } from "../options/checks.js";
import { compareFindings, type Finding, type Path } from "./finding.js";
import { resolvePositions, type PositionSource } from "./positions.js";
import { rules as allRules, type ContainerRule, type HostRule, type Rule, type Subject } from "./rules/index.js";
import type { ReplayRule } from "./rules/rule.js";
import { ReplayPass, type Fallback, type Unreplayed } from "./replay.js";
import { repairDefinition } from "./repair.js";
import type { Hit } from "./rules/rule.js";
import type { TypeFinding } from "./schema.js";
import { HOST_FACT_OPTIONS, UncheckedCollector, type Unchecked } from "./unchecked.js";
import { trackReads, watchOf, type Tracker, type Watch } from "./tracked.js";
import type { Checker } from "./typecheck/build.js";
import { containerChecker, containersType } from "./typecheck/index.js";
import { isAttrs } from "./zod/check.js";
import { typeMessage } from "./zod/message.js";

export interface ValidateOptions {
  /**
   * Host facts; the rest default as in src/model/checks.ts hostFacts (kernel
   * 6.12.0, stateVersion 25.11, the network unknown: null).
   */
  host?: Partial<Omit<HostFacts, "hasContainers">>;
  /** Positions rooted at the configuration's root. */
  positions?: PositionSource;
  rules?: readonly Rule[];
  /** Findings the input's reader made (LoadedInput.findings: a bad JSON host object), reported with the rest. */
  inputFindings?: readonly Finding[];
}

export interface Report {
  findings: Finding[];
  /** How many containers the input defines. */
  containers: number;
  host: HostFacts;
  /** What containers' options could not be checked for want of host facts (unchecked.ts), or null. */
  unchecked: Unchecked | null;
  /** The containers whose bind mount sources could not be checked for want of host.paths, or null. */
  uncheckedPaths: Unchecked | null;
  /** The containers whose start the replay could not follow to the end (replay.ts), or null. */
  unreplayed: Unreplayed | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Repair = { replaced: Path[]; toGiven: (p: Path) => Path; shifted: boolean; watch: Watch };

/** A container to run the rules on; `repair` is set when its definition had type errors. */
interface Checked {
  subject: Subject;
  repair?: Repair;
}

/**
 * A subject with its memo fields there from the start: a field added later
 * would change the shape of every subject, and V8 would throw away the
 * compiled rules that relied on the old one.
 */
const subject = (name: string, cfg: Subject["cfg"], given: Subject["given"]): Subject => ({ name, cfg, given, scopes: undefined, checkInput: undefined });

/**
 * The subject of one container definition (an attribute set): as the type
 * layer resolved it, or, when it had type findings (`failing`, paths below the
 * container), repaired; null when nothing of it is left to check.
 */
function checkedContainer(name: string, given: Record<string, unknown>, resolved: unknown, failing: readonly Path[], check: Checker): Checked | null {
  if (failing.length === 0) {
    // The type layer's own resolution when it gives one (the same defaults, already computed), else the resolver's.
    const cfg = resolved !== undefined ? (resolved as Subject["cfg"]) : resolveContainer(name, given as { [k: string]: Json });
    return { subject: subject(name, cfg, given as { [k: string]: Json }) };
  }
  const r = repairDefinition(container.options, container.nameDefaults ?? [], given, failing);
  if (r === null) return null;
  // The repaired definition through the type layer again, which resolves it as the resolver does (and faster) when it
  // has nothing left to say; else (a container given no system at all, say) through the resolver.
  const again: TypeFinding[] = [];
  const checked = check(r.value, ["containers", name], again);
  const cfg = again.length === 0 ? (checked as Subject["cfg"]) : resolveContainer(name, r.value);
  return { subject: subject(name, cfg, r.value), repair: { replaced: r.replaced, toGiven: r.toGiven, shifted: r.shifted, watch: watchOf(r.replaced) } };
}

/** The subject as a rule sees it: for a repaired container, through a view that notes reads of replaced values. */
function viewOf(c: Checked, tracker: Tracker): Subject {
  if (c.repair === undefined || c.repair.replaced.length === 0) return c.subject;
  const { name, cfg, given } = c.subject;
  return subject(name, trackReads(cfg, c.repair.watch, tracker), trackReads(given, c.repair.watch, tracker));
}

type ToGiven = (p: Path) => Path;

/** A hit on a repaired container, with the path the user wrote. */
const toGiven = (h: Hit, given: ToGiven): Hit => (h.path.length > 2 ? { ...h, path: [...h.path.slice(0, 2), ...given(h.path.slice(2))] } : h);

/** A host rule's hit, with the path the user wrote when it is on a repaired container whose list elements moved. */
function hostHitToGiven(h: Hit, shifted: ReadonlyMap<string, ToGiven>): Hit {
  const given = h.path[0] === "containers" && h.path.length > 2 ? shifted.get(String(h.path[1])) : undefined;
  return given === undefined ? h : toGiven(h, given);
}

type Emit = (rule: Rule, h: Hit) => void;

/** Each container option as one bit, for Rule.triggers; null when the options outnumber a 32-bit mask (then every rule runs). */
const OPTION_BITS: ReadonlyMap<string, number> | null = (() => {
  const names = Object.keys(container.options);
  return names.length > 31 ? null : new Map(names.map((n, i) => [n, 1 << i]));
})();

/** A rule's triggers as a mask; -1 (every bit) for a rule that runs on every container. */
function triggerMask(rule: Rule): number {
  if (rule.triggers === undefined || OPTION_BITS === null) return -1;
  if (rule.triggers.length === 0) throw new Error(`rule ${rule.id}: empty triggers would never run it; leave triggers out instead`);
  return optionsMask(rule.triggers, `rule ${rule.id}: its trigger`);
}

/** Container options as a mask like triggerMask's; `what` names them in the error for one that is not an option. */
function optionsMask(options: readonly string[], what: string): number {
  if (OPTION_BITS === null) return -1;
  let mask = 0;
  for (const t of options) {
    const bit = OPTION_BITS.get(t);
    if (bit === undefined) throw new Error(`${what} ${t} is not a container option`);
    mask |= bit;
  }
  return mask;
}

/** The options unchecked.ts looks at, as a mask. */
const HOST_FACT_MASK = optionsMask(HOST_FACT_OPTIONS, "unchecked.ts: the option");
const BIND_MOUNTS_MASK = optionsMask(["bindMounts"], "unchecked.ts: the option");

/** The options a definition gives, as a mask like triggerMask's. */
function givenMask(given: Record<string, unknown>): number {
  if (OPTION_BITS === null) return -1;
  let mask = 0;
  for (const key in given) mask |= OPTION_BITS.get(key) ?? 0;
  return mask;
}

/** Every container rule on one container; hits resting on a replaced value are dropped, the rest get the paths the user wrote. */
function runContainerRules(rules: readonly ContainerRule[], masks: readonly number[], given: number, c: Checked, ctx: { host: HostFacts }, emit: Emit): void {
  if (c.repair === undefined) {
    // The common case: nothing replaced, nothing to track. Index loops: no iterator for each rule and container.
    for (let i = 0; i < rules.length; i++) {
      if ((masks[i]! & given) === 0) continue;
      const rule = rules[i]!;
      const hits = rule.check(c.subject, ctx);
      for (let k = 0; k < hits.length; k++) emit(rule, hits[k]!);
    }
    return;
  }
  for (let i = 0; i < rules.length; i++) {
    if ((masks[i]! & given) === 0) continue;
    const rule = rules[i]!;
    const tracker: Tracker = { touched: false };
    const hits = rule.check(rule.judgesValues !== true ? viewOf(c, tracker) : c.subject, ctx);
    if (!tracker.touched) for (const h of hits) emit(rule, toGiven(h, c.repair.toGiven));
  }
}

/** What one container gives each host rule; a repaired container gives a rule nothing when the rule read one of its replaced values. */
function collectHostEntries(rules: readonly HostRule[], masks: readonly number[], given: number, entries: unknown[][], c: Checked, ctx: { host: HostFacts }): void {
  for (let i = 0; i < rules.length; i++) {
    if ((masks[i]! & given) === 0) continue;
    const rule = rules[i]!;
    if (c.repair === undefined || rule.judgesValues === true) {
      rule.collect(c.subject, ctx, entries[i]!);
      continue;
    }
    const tracker: Tracker = { touched: false };
    const mine: unknown[] = [];
    rule.collect(viewOf(c, tracker), ctx, mine);
    if (!tracker.touched) for (const e of mine) entries[i]!.push(e);
  }
}

export function validateContainers(containers: unknown, opts: ValidateOptions = {}): Report {
  const defs = isObject(containers) ? containers : {};
  const names = Object.keys(defs);
  const host = hostFacts({ ...opts.host, containers: defs, hasContainers: names.length > 0 });
  const ctx = { host };
  const rules = opts.rules ?? allRules;
  const containerRules = rules.filter((r): r is ContainerRule => r.scope === "container");
  const hostRules = rules.filter((r): r is HostRule => r.scope === "host");
  const replayRules = rules.filter((r): r is ReplayRule => r.scope === "replay");
  const replay = replayRules.length > 0 ? new ReplayPass(host, replayRules) : null;
  const containerMasks = containerRules.map(triggerMask);
  const hostMasks = hostRules.map(triggerMask);
  const entries: unknown[][] = hostRules.map(() => []);
  const findings: Finding[] = [...(opts.inputFindings ?? [])];
  const unchecked = UncheckedCollector.forNetwork(host.network);
  const uncheckedPaths = UncheckedCollector.forPaths(host.paths);
  // The hits of rules the replay finds better wait for its verdict (replay.ts): they show only where it could not judge.
  const fallbacks: Fallback[] = [];
  const emit: Emit = (rule, h) => {
    const f: Finding = { rule: h.rule ?? rule.id, severity: h.severity ?? rule.severity, path: h.path, message: h.message };
    if (rule.replayed === true && replay !== null) fallbacks.push({ finding: f, with: h.with ?? null });
    else findings.push(f);
  };
  const typeFinding = (f: TypeFinding) => findings.push({ rule: f.rule, severity: "error", path: f.path, message: f.message });
  // Only what a host rule's hit at the end may need: the repaired containers whose list indices moved.
  const shifted = new Map<string, ToGiven>();

  if (!isAttrs(containers)) typeFinding({ rule: "type", path: ["containers"], message: typeMessage(containersType(), containers) });
  else {
    const check = containerChecker();
    sortAttrNames(names);
    const typeFindings: TypeFinding[] = [];
    for (let n = 0; n < names.length; n++) {
      const name = names[n]!;
      const given = defs[name];
      typeFindings.length = 0;
      const resolved = check(given, ["containers", name], typeFindings);
      for (const f of typeFindings) typeFinding(f);
      if (!isObject(given)) continue;
      const failing = typeFindings.length === 0 ? [] : typeFindings.filter((f) => f.path.length >= 2).map((f) => f.path.slice(2));
      const c = checkedContainer(name, given, typeFindings.length === 0 ? resolved : undefined, failing, check);
      if (c === null) continue;
      if (c.repair?.shifted === true) shifted.set(name, c.repair.toGiven);
      const gives = givenMask(c.subject.given);
      const before = findings.length;
      runContainerRules(containerRules, containerMasks, gives, c, ctx, emit);
      collectHostEntries(hostRules, hostMasks, gives, entries, c, ctx);
      const counted = unchecked !== null && (gives & HOST_FACT_MASK) !== 0 && unchecked.add(name, c.subject.cfg);
      if (uncheckedPaths !== null && (gives & BIND_MOUNTS_MASK) !== 0) uncheckedPaths.add(name, c.subject.cfg);
      // A value the conf file cannot hold (conf-injection) is not the value its unit gets: the container is not replayed.
      if (replay !== null) {
        if (injected(findings, before)) replay.skip(name);
        else replayContainer(replay, c, counted);
      }
    }
  }
  for (let i = 0; i < hostRules.length; i++) {
    const rule = hostRules[i]!;
    for (const h of rule.judge(entries[i]!, ctx)) emit(rule, shifted.size === 0 ? h : hostHitToGiven(h, shifted));
  }
  let unreplayed: Unreplayed | null = null;
  if (replay !== null) {
    const r = replay.finish(findings, fallbacks, (p) => (shifted.size === 0 ? p : hostHitToGiven({ path: p, message: "" }, shifted).path));
    unreplayed = r.unreplayed;
    if (r.dropped.size > 0) removeFrom(findings, r.dropped);
    for (const f of r.findings) findings.push(f);
  }

  if (opts.positions !== undefined && findings.length > 0) {
    const tree = resolvePositions(opts.positions, findings.map((f) => f.path));
    for (const f of findings) {
      const at = tree.lookup(f.path);
      if (at !== undefined) f.position = at;
    }
  }
  findings.sort(compareFindings);
  return { findings, containers: names.length, host, unchecked: unchecked?.result() ?? null, uncheckedPaths: uncheckedPaths?.result() ?? null, unreplayed };
}

/** Whether a conf-injection finding is among `findings` from `from` on. */
function injected(findings: readonly Finding[], from: number): boolean {
  for (let i = from; i < findings.length; i++) if (findings[i]!.rule === "conf-injection") return true;
  return false;
}

/** Removes `drop` from `list`, in place. */
function removeFrom<T>(list: T[], drop: ReadonlySet<T>): void {
  let k = 0;
  for (let i = 0; i < list.length; i++) if (!drop.has(list[i]!)) list[k++] = list[i]!;
  list.length = k;
}

/** A container into the replay: its steps, unless they read a value that was a type error and is now its default (a broken value is never replayed). */
function replayContainer(replay: ReplayPass, c: Checked, counted: boolean): void {
  const { name, cfg } = c.subject;
  if (c.repair === undefined || c.repair.replaced.length === 0) {
    replay.add(name, cfg, replay.steps(name, cfg), counted);
    return;
  }
  const tracker: Tracker = { touched: false };
  const steps = replay.steps(name, viewOf(c, tracker).cfg);
  if (!tracker.touched) replay.add(name, cfg, steps, counted);
  else replay.skip(name);
}
