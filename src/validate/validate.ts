/**
 * The validator: the type layer (typecheck/, the checks of schema.ts without
 * zod) on every container, then every semantic rule (rules/) on every
 * container in the same pass, each finding with the position of its
 * definition when the input told us. A container with type errors is checked
 * with its broken values replaced by their defaults (repair.ts); a rule that
 * read one of those gives nothing there.
 */
import { hostFacts } from "../model/checks.js";
import { resolveContainer, type ResolvedContainer } from "../model/container.js";
import type { Json } from "../model/resolve.js";
import { container } from "../options/index.js";
import type { HostFacts } from "../options/checks.js";
import { compareFindings, type Finding, type Path } from "./finding.js";
import { resolvePositions, type PositionSource } from "./positions.js";
import { rules as allRules, type ContainerRule, type HostRule, type Rule, type Subject } from "./rules/index.js";
import { repairDefinition } from "./repair.js";
import type { Hit } from "./rules/rule.js";
import { trackReads, watchOf, type Tracker, type Watch } from "./tracked.js";
import { checkContainersFast as checkContainers } from "./typecheck/index.js";

export interface ValidateOptions {
  /** Host facts; the rest default as in src/model/checks.ts hostFacts (kernel 6.12.0, stateVersion 25.11). */
  host?: Partial<Omit<HostFacts, "hasContainers">>;
  /** Positions rooted at the configuration's root. */
  positions?: PositionSource;
  rules?: readonly Rule[];
}

export interface Report {
  findings: Finding[];
  /** How many containers the input defines. */
  containers: number;
  host: HostFacts;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A container to run the rules on; `repair` is set when its definition had type errors. */
interface Checked {
  subject: Subject;
  repair?: { replaced: Path[]; toGiven: (p: Path) => Path; watch: Watch };
}

/** The subjects of every container that is an attribute set, the ones with type findings repaired. */
function checkedContainers(
  defs: Record<string, unknown>,
  typeFindings: readonly { path: Path }[],
  resolved: Readonly<Record<string, ResolvedContainer>> = {},
): Checked[] {
  const failing = new Map<string, Path[]>();
  for (const f of typeFindings) {
    if (f.path[0] !== "containers" || f.path.length < 2) continue;
    const name = String(f.path[1]);
    failing.set(name, [...(failing.get(name) ?? []), f.path.slice(2)]);
  }
  const out: Checked[] = [];
  const names = Object.keys(defs);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const given = defs[name];
    if (!isObject(given)) continue;
    const paths = failing.get(name);
    if (paths === undefined) {
      // The type layer's own resolution when it gives one (the same defaults, already computed), else the resolver's.
      const cfg = resolved[name] ?? resolveContainer(name, given as { [k: string]: Json });
      out.push({ subject: { name, cfg, given: given as { [k: string]: Json } } });
      continue;
    }
    const r = repairDefinition(container.options, container.nameDefaults ?? [], given, paths);
    if (r === null) continue;
    out.push({ subject: { name, cfg: resolveContainer(name, r.value), given: r.value }, repair: { replaced: r.replaced, toGiven: r.toGiven, watch: watchOf(r.replaced) } });
  }
  return out;
}

/** The subject as a rule sees it: for a repaired container, through a view that notes reads of replaced values. */
function viewOf(c: Checked, tracker: Tracker): Subject {
  if (c.repair === undefined || c.repair.replaced.length === 0) return c.subject;
  const { name, cfg, given } = c.subject;
  return { name, cfg: trackReads(cfg, c.repair.watch, tracker), given: trackReads(given, c.repair.watch, tracker) };
}

/** A hit resting on a repaired container, with the path the user wrote. */
function toGiven(h: Hit, repaired: ReadonlyMap<string, NonNullable<Checked["repair"]>>): Hit {
  const r = h.path[0] === "containers" && h.path.length > 2 ? repaired.get(String(h.path[1])) : undefined;
  return r === undefined ? h : { ...h, path: [...h.path.slice(0, 2), ...r.toGiven(h.path.slice(2))] };
}

type Emit = (rule: Rule, h: Hit) => void;

/** Every container rule on one container; hits resting on a replaced value are dropped, the rest get the paths the user wrote. */
function runContainerRules(rules: readonly ContainerRule[], c: Checked, repaired: ReadonlyMap<string, NonNullable<Checked["repair"]>>, ctx: { host: HostFacts }, emit: Emit): void {
  if (c.repair === undefined) {
    // The common case: nothing replaced, nothing to track. Index loops: no iterator for each rule and container.
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const hits = rule.check(c.subject, ctx);
      for (let k = 0; k < hits.length; k++) emit(rule, hits[k]!);
    }
    return;
  }
  for (const rule of rules) {
    const tracker: Tracker = { touched: false };
    const hits = rule.check(rule.judgesValues !== true ? viewOf(c, tracker) : c.subject, ctx);
    if (!tracker.touched) for (const h of hits) emit(rule, toGiven(h, repaired));
  }
}

/** One rule across every container; the containers whose replaced values it read are left out, and it runs again on the rest. */
function runHostRule(rule: HostRule, checked: readonly Checked[], subjects: readonly Subject[], repaired: ReadonlyMap<string, NonNullable<Checked["repair"]>>, ctx: { host: HostFacts }): readonly Hit[] {
  if (repaired.size === 0) return rule.check(subjects, ctx);
  if (rule.judgesValues === true) return rule.check(subjects, ctx).map((h) => toGiven(h, repaired));
  const trackers = checked.map((): Tracker => ({ touched: false }));
  const hits = rule.check(checked.map((c, i) => viewOf(c, trackers[i]!)), ctx);
  if (trackers.every((t) => !t.touched)) return hits.map((h) => toGiven(h, repaired));
  return rule.check(checked.filter((_, i) => !trackers[i]!.touched).map((c) => c.subject), ctx).map((h) => toGiven(h, repaired));
}

export function validateContainers(containers: unknown, opts: ValidateOptions = {}): Report {
  const defs = isObject(containers) ? containers : {};
  const host = hostFacts({ ...opts.host, containers: defs });
  const typed = checkContainers(containers);
  const findings: Finding[] = typed.findings.map((f) => ({ rule: f.rule, severity: "error", path: f.path, message: f.message }));

  const checked = checkedContainers(defs, typed.findings, typed.resolved);
  const repaired = new Map(checked.flatMap((c) => (c.repair === undefined ? [] : [[c.subject.name, c.repair] as const])));
  const ctx = { host };
  const rules = opts.rules ?? allRules;
  const emit: Emit = (rule, h) => findings.push({ rule: h.rule ?? rule.id, severity: h.severity ?? rule.severity, path: h.path, message: h.message });
  // Container rules in one pass over the containers; then each rule across them, on the containers in attribute-name order.
  const perContainer = rules.filter((r): r is ContainerRule => r.scope === "container");
  for (const c of checked) runContainerRules(perContainer, c, repaired, ctx, emit);
  const subjects = checked.map((c) => c.subject);
  for (const rule of rules) if (rule.scope === "host") for (const h of runHostRule(rule, checked, subjects, repaired, ctx)) emit(rule, h);
  if (opts.positions !== undefined && findings.length > 0) {
    const tree = resolvePositions(opts.positions, findings.map((f) => f.path));
    for (const f of findings) {
      const at = tree.lookup(f.path);
      if (at !== undefined) f.position = at;
    }
  }
  findings.sort(compareFindings);
  return { findings, containers: Object.keys(defs).length, host };
}
