/**
 * The replay in the validator: every container that type-checks (or whose
 * start reads none of its broken values) gives its start steps, from the
 * scripts' own data (src/scripts/steps.ts) and its conf file's values, to one
 * replay of the host (src/replay/), with the host's network facts, in
 * attribute order as validate.ts goes through them. The replay keeps the
 * model's state, never a container's steps: a container's refusals are known
 * when it is added, its pairs and forwarded ports are judged when every
 * container is in.
 *
 * One problem, one finding:
 * - a step that another container's state makes fail is a clash
 *   (start-clash), not a refusal; a container that does not start has no
 *   unreachable pairs or ports of its own (its refusal says why);
 * - a refused step that carries an option on which a per-value rule found an
 *   error (a syntax error in an address, a bad port, an unknown capability)
 *   gives nothing: that rule said it first and more clearly, and it is the
 *   program's refusal of that value the replay would quote. The same for a
 *   pair or port at such an option.
 * - a clash is reported once, at the container that fails, which in the
 *   attribute-order replay is the second of the two: today's clash rules
 *   report at the later definition too. Where the later container takes
 *   something from the earlier one (deletes its interface, answers for its
 *   address) it is reported at the later one's step, or, when no step of it
 *   can be named, at the earlier one's option that stops working.
 */
import type { ResolvedContainer } from "../model/container.js";
import { dirsFor } from "../model/dirs.js";
import type { HostFacts } from "../options/checks.js";
import type { Dirs } from "../options/unit.js";
import type { NspawnAbout } from "../replay/nspawn-args.js";
import type { Reach } from "../replay/reach.js";
import { HostReplayer, type ForwardResult, type StepResult } from "../replay/replay.js";
import { forwardKey, type PortSpec } from "../replay/state.js";
import { compareAttrNames } from "../model/nix-values.js";
import type { Step } from "../replay/step.js";
import { declaredSteps, UNIT_PATH } from "../scripts/steps.js";
import type { ConsumerId } from "./consumers.js";
import { formatPath, type Finding, type Path } from "./finding.js";
import { runs, forwardClashMessage, forwardMessage, forwardWithoutNetworkMessage, forwardWithoutPairMessage, pairClashMessage, pairMessage, refusedMessage, startClash, startRefused, stepClashMessage, unreachable } from "./rules/replay.js";
import type { ReplayRule } from "./rules/rule.js";

/** Containers whose start the replay could not follow to the end, counted for one note. */
export interface Unreplayed {
  containers: number;
  /** The first few (in name order): the step the model does not model, and why. */
  examples: { name: string; step: string; reason: string }[];
}

export const UNREPLAYED_EXAMPLES = 3;

/** A finding of a rule the replay finds better (Rule.replayed), and for a clash the other container. */
export interface Fallback {
  finding: Finding;
  with: string | null;
}

/** A finding of the replay, kept until the end, when the other rules' errors are known. */
interface Pending {
  rule: ReplayRule;
  name: string;
  path: Path;
  message: string;
  consumer?: ConsumerId;
  /** A step's finding: the options the step carries (silenced by an error on any of them). */
  origins: readonly Path[] | null;
}

/** A family as one bit of a set of families held in a number. */
const familyBit = (family: 4 | 6) => (family === 4 ? 1 : 2);

const isFail = (r: Reach): r is Extract<Reach, { ok: false }> => r.ok === false;

/** The most specific of a step's origins (the longest path), or the container itself. */
function mostSpecific(name: string, origins: readonly Path[]): Path {
  let best: Path | null = null;
  for (const p of origins) if (best === null || p.length > best.length) best = p;
  return best ?? ["containers", name];
}

/** The nspawn options whose values come from one container option, for a refusal's path. */
const NSPAWN_OPTION: Record<string, string> = {
  port: "forwardPorts",
  bind: "bindMounts",
  "bind-ro": "bindMounts",
  tmpfs: "tmpfs",
  capability: "additionalCapabilities",
  "private-users": "privateUsers",
  "network-bridge": "hostBridge",
  "network-namespace-path": "networkNamespace",
  "network-veth-extra": "extraVeths",
  "network-interface": "interfaces",
  "network-macvlan": "macvlans",
};

/**
 * Where a refused systemd-nspawn is reported: at the option whose value
 * nspawn refused (the element of a list, the extra veth), found among the
 * step's origins; at extraFlags when the refused flag is written there; at
 * the container for its name and its own veth.
 */
function nspawnPath(name: string, cfg: ResolvedContainer, step: Step, about: NspawnAbout | null | undefined, message: string): Path {
  const base: Path = ["containers", name];
  const has = (option: string) => step.origin.some((p) => p[2] === option);
  const flags = cfg.extraFlags;
  if (about == null) {
    // getopt's refusals quote the option: '--foo'.
    const quoted = /'(-[^']*)'/.exec(message)?.[1];
    const i = quoted === undefined ? -1 : flags.findIndex((f) => f === quoted || f.startsWith(`${quoted}=`));
    return i !== -1 ? [...base, "extraFlags", i] : has("extraFlags") ? [...base, "extraFlags"] : base;
  }
  // A flag of extraFlags that says it: the option with its value, or the value alone (after a short option).
  const v = about.value;
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if ((f.includes(`--${about.option}`) && (v === null || f.includes(v))) || (v !== null && v !== "" && f === v && flags[i - 1]?.startsWith("-") === true)) return [...base, "extraFlags", i];
  }
  if (about.option === "machine" || about.option === "network-veth") return base;
  const option = NSPAWN_OPTION[about.option];
  if (option === undefined || !has(option)) return has("extraFlags") ? [...base, "extraFlags"] : base;
  if (v !== null) {
    if (option === "tmpfs" || option === "interfaces" || option === "macvlans") {
      const i = (cfg[option] as readonly string[]).indexOf(v);
      if (i !== -1) return [...base, option, i];
    }
    if (option === "extraVeths" && cfg.extraVeths[v] !== undefined) return [...base, option, v];
    if (option === "bindMounts") {
      // The value is source:destination[:options]; the entry is the one whose source it is, at hostPath when it has one.
      const entry = Object.entries(cfg.bindMounts).find(([at, b]) => v.startsWith(`${b.hostPath ?? b.mountPoint ?? at}:`));
      if (entry !== undefined) return [...base, option, entry[0], ...(entry[1].hostPath != null ? ["hostPath"] : [])];
    }
    if (option === "forwardPorts") {
      const i = cfg.forwardPorts.findIndex((p) => v === `${p.protocol}:${p.hostPort}:${p.containerPort ?? p.hostPort}`);
      if (i !== -1) return [...base, option, i];
    }
  }
  return [...base, option];
}

/** Where a step's finding is reported. */
const stepPath = (name: string, cfg: ResolvedContainer, r: StepResult) =>
  r.step.argv[0]?.endsWith("systemd-nspawn") ? nspawnPath(name, cfg, r.step, r.about, r.outcome?.kind === "refused" ? r.outcome.message : "") : mostSpecific(name, r.step.origin);

/** A forwardPorts entry as nspawn's --port has it: the container port defaults to the host's. */
const asForwarded = (p: ResolvedContainer["forwardPorts"][number]) => ({ protocol: p.protocol, hostPort: p.hostPort, containerPort: p.containerPort ?? p.hostPort });

const OUTSIDE_REASON = /^outside the model/;

/** The index in forwardPorts of the (last) entry with the forward's protocol and host port. */
function portIndex(ports: ResolvedContainer["forwardPorts"], port: PortSpec): number | undefined {
  const key = `${port.protocol}:${port.hostPort}`;
  for (let i = ports.length - 1; i >= 0; i--) if (`${ports[i]!.protocol}:${ports[i]!.hostPort}` === key) return i;
  return undefined;
}

export class ReplayPass {
  private readonly replayer: HostReplayer;
  private readonly dirs: Dirs;
  private readonly pending: Pending[] = [];
  private readonly enabled: ReadonlySet<ReplayRule>;
  /** Containers another container's step harmed (deleted an interface of): their pairs and ports say nothing more. */
  private readonly harmed = new Set<string>();
  /** Containers that did not start, or whose start is unknown: their pairs and ports are not judged here. */
  private readonly down = new Set<string>();
  /** Containers whose start the replay did not follow to the end: not modelled, or not replayed at all. */
  private readonly unfollowed = new Set<string>();
  /** The forwarded ports of each container that has some, and whether it has a private network. */
  private readonly forwarding = new Map<string, { privateNetwork: boolean; ports: ResolvedContainer["forwardPorts"] }>();
  private unreplayedCount = 0;
  private readonly unreplayedExamples: Unreplayed["examples"] = [];

  constructor(host: HostFacts, rules: readonly ReplayRule[]) {
    this.replayer = new HostReplayer(host.network, { paths: host.paths });
    this.dirs = dirsFor(host.stateVersion);
    this.enabled = new Set(rules);
  }

  /** A container's start steps, from its resolved values (for a repaired container, read through its tracking view). */
  steps(name: string, cfg: ResolvedContainer): Step[] {
    // The steps of programs the replay ignores change nothing it judges: left out.
    return declaredSteps(name, cfg, this.dirs, UNIT_PATH, this.replayer.ignored);
  }

  /**
   * Replays one container (after every container before it in attribute
   * order). `counted`: the note on unknown host facts names it already, so
   * the note on steps not modelled does not.
   */
  add(name: string, cfg: ResolvedContainer, steps: readonly Step[], counted: boolean): void {
    const r = this.replayer.add(name, steps);
    if (r.started !== true) this.down.add(name);
    if (r.started === "unknown") this.unfollowed.add(name);
    for (let i = 0; i < r.steps.length; i++) {
      const s = r.steps[i]!;
      const o = s.outcome;
      if (o === null) continue;
      const others = s.clashWith.length === 0 ? s.clashWith : s.clashWith.filter((x) => x !== name);
      if (o.kind === "refused" && !s.step.mayFail) {
        const path = stepPath(name, cfg, s);
        if (others.length > 0) this.push(startClash, name, path, stepClashMessage(s.step, s.about, o.message, others), s.step.consumer, s.step.origin);
        else this.push(startRefused, name, path, refusedMessage(s.step, s.about, o.message, path), s.step.consumer, s.step.origin);
      } else if (o.kind === "ok" && others.length > 0) {
        for (const x of others) this.harmed.add(x);
        this.push(startClash, name, stepPath(name, cfg, s), stepClashMessage(s.step, s.about, null, others), s.step.consumer, s.step.origin);
      }
    }
    if (r.started === "unknown" && !counted) {
      this.unreplayedCount++;
      if (this.unreplayedExamples.length < 3) {
        const s = r.steps.find((x) => x.outcome?.kind === "notModelled" && !x.step.mayFail && !OUTSIDE_REASON.test(x.outcome.reason));
        if (s !== undefined && s.outcome?.kind === "notModelled") this.unreplayedExamples.push({ name, step: runs(s.step, null), reason: s.outcome.reason });
      }
    }
    if (cfg.forwardPorts.length > 0) this.forwarding.set(name, { privateNetwork: cfg.privateNetwork, ports: cfg.forwardPorts });
  }

  /** A container left out of the replay (a broken value its steps would read): the replay says nothing of it. */
  skip(name: string): void {
    this.unfollowed.add(name);
  }

  private push(rule: ReplayRule, name: string, path: Path, message: string, consumer: ConsumerId | undefined, origins: readonly Path[] | null): void {
    if (!this.enabled.has(rule)) return;
    const p: Pending = { rule, name, path, message, origins };
    if (consumer !== undefined) p.consumer = consumer;
    this.pending.push(p);
  }

  /**
   * The judgement once every container is in. `others`: every other finding
   * of the run, whose errors silence the replay on their options;
   * `fallbacks`: the findings of the rules the replay finds better
   * (Rule.replayed), of which those where the replay could not judge are
   * kept; `toGiven`: a path as the user wrote it (list elements a repair left
   * out).
   */
  finish(others: readonly Finding[], fallbacks: readonly Fallback[], toGiven: (p: Path) => Path): { findings: Finding[]; dropped: ReadonlySet<Finding>; unreplayed: Unreplayed | null } {
    const j = this.replayer.finish();
    const pairClashes: { name: string; other: string; path: Path; message: string }[] = [];
    // The families in which a container has a pair that fails (a forward through it fails with it: one finding).
    const failing = new Set<string>();
    for (const p of j.pairs) {
      const name = p.pair.container;
      if (this.down.has(name) || this.harmed.has(name)) continue;
      const there = isFail(p.toContainer) ? p.toContainer : null;
      const back = isFail(p.toHost) ? p.toHost : null;
      if (there === null && back === null) continue;
      failing.add(`${name}\0${p.pair.family}`);
      const culprits = [...new Set([...(there?.culprits ?? []), ...(back?.culprits ?? [])])].filter((o) => o !== name && j.state.containers.has(o));
      if (culprits.length > 0) {
        for (const o of culprits) pairClashes.push({ name, other: o, path: p.pair.local.origin, message: pairClashMessage(culprits, p.pair.host.address, p.pair.local.address, (there ?? back)!.reason) });
        continue;
      }
      const bridge = p.pair.via === "bridge" ? String(p.pair.host.origin[2]) : null;
      this.push(unreachable, name, p.pair.local.origin, pairMessage(name, p.pair.host.address, p.pair.local.address, bridge, there, back), undefined, null);
    }
    // A pair two containers take from each other is reported once, at the second of the two.
    const taken = new Set(pairClashes.map((c) => `${c.name}\0${c.other}`));
    for (const c of pairClashes) if (!(compareAttrNames(c.name, c.other) < 0 && taken.has(`${c.other}\0${c.name}`))) this.push(startClash, c.name, c.path, c.message, undefined, null);

    // A forward is reached through the container's own network: in the families its own pairs have (all, without a pair), as bits (familyBit).
    const own = new Map<string, number>();
    for (const p of j.pairs) if (p.pair.local.origin.length === 3) own.set(p.pair.container, (own.get(p.pair.container) ?? 0) | familyBit(p.pair.family));
    // One finding per forwarded port, whatever the families it fails in: a clash in the first family that has one, else where it fails.
    const ports = new Map<string, { f: ForwardResult; clash: { holder: string; reason: string } | null; fails: { family: 4 | 6; reason: string }[] }>();
    for (const f of j.forwards) {
      if (f.reach.ok !== false || this.down.has(f.container) || this.harmed.has(f.container)) continue;
      const families = own.get(f.container);
      if (families !== undefined && (families & familyBit(f.family)) === 0) continue;
      const key = `${f.container}\0${f.port.protocol}\0${f.port.hostPort}`;
      let entry = ports.get(key);
      if (entry === undefined) ports.set(key, (entry = { f, clash: null, fails: [] }));
      // nspawn's map gives the host port to the container that got it first: the others never get it.
      const holder = j.state.forwards.get(forwardKey(f.family, f.port.protocol, f.port.hostPort))?.container;
      if (holder !== undefined && holder !== f.container) entry.clash ??= { holder, reason: f.reach.reason };
      else if (!failing.has(`${f.container}\0${f.family}`)) entry.fails.push({ family: f.family, reason: f.reach.reason });
    }
    for (const { f, clash, fails } of ports.values()) {
      const forwarding = this.forwarding.get(f.container);
      const i = forwarding?.privateNetwork === true ? portIndex(forwarding.ports, f.port) : undefined;
      const path: Path = i === undefined ? ["containers", f.container, "extraFlags"] : ["containers", f.container, "forwardPorts", i, "hostPort"];
      if (clash !== null) this.push(startClash, f.container, path, forwardClashMessage(clash.holder, f.port, clash.reason), "nspawn-port", null);
      else if (fails.length > 0) this.push(unreachable, f.container, path, forwardMessage(f.container, f.port, fails), undefined, null);
    }
    this.forwardsWithoutPair(own);
    const unreplayed = this.unreplayedCount === 0 ? null : { containers: this.unreplayedCount, examples: this.unreplayedExamples };
    for (const p of this.pending) p.path = toGiven(p.path);
    const r = this.silenced(others);
    return { findings: [...r.findings, ...this.kept(fallbacks, r.findings)], dropped: r.dropped, unreplayed };
  }

  /**
   * The fallbacks' findings where the replay could not judge: on a container
   * whose start it did not follow to the end, or in a clash with one, and not
   * at an option where the replay reports an error itself.
   */
  private kept(fallbacks: readonly Fallback[], mine: readonly Finding[]): Finding[] {
    if (fallbacks.length === 0 || this.unfollowed.size === 0) return [];
    const at = new Map<string, Path[]>();
    for (const f of mine) {
      const name = String(f.path[1]);
      const list = at.get(name);
      if (list === undefined) at.set(name, [f.path]);
      else list.push(f.path);
    }
    const out: Finding[] = [];
    for (const { finding: f, with: other } of fallbacks) {
      const name = String(f.path[1]);
      const mineThere = at.get(name);
      if (mineThere !== undefined && related(mineThere, f.path)) continue;
      if (this.unfollowed.has(name) || (other !== null && this.unfollowed.has(other))) out.push(f);
    }
    return out;
  }

  /**
   * Forwards of a container with no address pair of its own (`own`: the
   * containers with one): nothing reaches it through the host (fuzz:boot's
   * fixtures missed-failure-1-84 and -173). Without a private network nspawn
   * is given no --port at all, which matters only where the host port is not
   * the container's (else the service already listens on the host's port);
   * with one, the forward has no address to go to or no route back.
   */
  private forwardsWithoutPair(own: ReadonlyMap<string, unknown>): void {
    if (this.forwarding.size === 0) return;
    // Containers whose forwards the replay judged already (a failing forward found by the model): one set, not a scan each.
    const judged = new Set<string>();
    for (const p of this.pending) if (p.path[2] === "forwardPorts") judged.add(p.name);
    for (const [name, { privateNetwork, ports }] of this.forwarding) {
      if (this.down.has(name) || this.harmed.has(name) || own.has(name)) continue;
      if (!privateNetwork) {
        const moved = ports.map(asForwarded).filter((p) => p.containerPort !== p.hostPort);
        if (moved.length > 0) this.push(unreachable, name, ["containers", name, "forwardPorts"], forwardWithoutNetworkMessage(name, moved), undefined, null);
        continue;
      }
      if (judged.has(name)) continue;
      ports.forEach((p, i) => this.push(unreachable, name, ["containers", name, "forwardPorts", i, "hostPort"], forwardWithoutPairMessage(name, asForwarded(p)), undefined, null));
    }
  }

  /**
   * The pending findings but those at (or carrying) an option with another
   * rule's error, each once. A warning of another rule at the very option of
   * one of them says why it fails: it goes into that finding's message, and
   * is dropped (`dropped`) as a finding of its own.
   */
  private silenced(others: readonly Finding[]): { findings: Finding[]; dropped: ReadonlySet<Finding> } {
    const dropped = new Set<Finding>();
    if (this.pending.length === 0) return { findings: [], dropped };
    const names = new Set(this.pending.map((p) => p.name));
    const errors = new Map<string, Path[]>();
    const warnings = new Map<string, Finding[]>();
    for (const f of others) {
      if (f.path[0] !== "containers" || f.path.length < 2) continue;
      const name = String(f.path[1]);
      if (!names.has(name)) continue;
      if (f.severity === "error") {
        const list = errors.get(name);
        if (list === undefined) errors.set(name, [f.path]);
        else list.push(f.path);
      } else {
        const list = warnings.get(name);
        if (list === undefined) warnings.set(name, [f]);
        else list.push(f);
      }
    }
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const p of this.pending) {
      const errs = errors.get(p.name);
      if (errs !== undefined && (related(errs, p.path) || (p.origins !== null && p.origins.some((o) => related(errs, o))))) continue;
      const at = formatPath(p.path);
      const key = `${at}\0${p.rule.id}\0${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let message = p.message;
      for (const w of warnings.get(p.name) ?? [])
        if (!dropped.has(w) && formatPath(w.path) === at) {
          message += ` ${w.message}`;
          dropped.add(w);
        }
      const f: Finding = { rule: p.rule.id, severity: p.rule.severity, path: p.path, message };
      if (p.consumer !== undefined) f.consumer = p.consumer;
      out.push(f);
    }
    return { findings: out, dropped };
  }
}

/**
 * Whether one of `paths` is `p`, above it or below it (an option and its
 * elements are one option). The container itself (its name) is above every
 * option, but an error at one of them says nothing about its name.
 */
function related(paths: readonly Path[], p: Path): boolean {
  for (const q of paths) {
    if (p.length <= 2 && q.length > p.length) continue;
    const n = Math.min(q.length, p.length);
    let same = true;
    for (let i = 0; i < n && same; i++) same = q[i] === p[i];
    if (same) return true;
  }
  return false;
}

const DOCS = "see docs/validate.md, The replay";

/** The one note of a run on the containers whose start the replay could not follow to the end. */
export function unreplayedNote(u: Unreplayed): string {
  const named = u.examples.map((e) => `${e.name} (${e.step}: ${e.reason})`);
  const more = u.containers - u.examples.length;
  const list = named.join(", ") + (more > 0 ? ` and ${more} more` : "");
  return `the start of ${u.containers} container${u.containers === 1 ? "" : "s"} was not replayed to the end, as a step is not modelled; what comes after it (and whether the container is reachable) was not checked: ${list}; ${DOCS}`;
}
