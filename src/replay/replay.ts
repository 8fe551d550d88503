/**
 * replayHost: every container's start steps (src/replay/step.ts), replayed
 * together over one model of the host (state.ts), in the containers'
 * attribute-name order; for each step its outcome, for each configured
 * address pair whether a ping goes and comes back both ways (reach.ts), for
 * each forwarded port whether a connection to the host port reaches the
 * container, and the clashes between containers.
 *
 * Start order. systemd starts the containers' units in parallel, so no order
 * is the right one. The replay runs them in attribute order and records, for
 * every refusal and every harm, whose state it met (the owner of the link,
 * address, route, port or interface already there, or of a link a step
 * deleted). Two containers claiming one thing clash whatever the order, and
 * only which of them loses depends on it; so a refusal or harm owed to
 * another container is reported as a clash naming both, "the second of the
 * two to start fails". One pass keeps the replay linear in the number of
 * containers; replaying every order would not.
 */
import type { HostNetwork } from "../model/host-network.js";
import { compareAttrNames } from "../model/nix-values.js";
import type { Path } from "../validate/finding.js";
import { addKnownPath, initialState } from "./host.js";
import { compareInet, getPrefix1, ntop, type Family, type Inet } from "./inet.js";
import { runIp, type IpEnv } from "./ip.js";
import { linkByName, localAddrs } from "./kernel.js";
import type { NspawnAbout } from "./nspawn-args.js";
import { runNspawn, teardown } from "./nspawn-setup.js";
import { notModelled, type Outcome } from "./outcome.js";
import { Reacher, type Reach } from "./reach.js";
import { forwardKey, inserted, SCOPE_GLOBAL, type AddrIndex, type ContainerState, type HostState, type Link, type Netns, type Owner, type PortSpec } from "./state.js";
import type { Step } from "./step.js";

export interface StepResult {
  step: Step;
  /** null: not run, as the unit had stopped at an earlier step. */
  outcome: Outcome | null;
  /** Other containers whose state the step met (its refusal), or harmed (a link of theirs it deleted). */
  clashWith: string[];
  /** For a refused systemd-nspawn: the option of its command line the refusal is about, when it is about one. */
  about?: NspawnAbout | null;
}

export interface ContainerReplay {
  name: string;
  steps: StepResult[];
  /** The unit ran every step it must (refusals of steps that may fail aside), or not, or the model cannot say. */
  started: boolean | "unknown";
  /** The step that stopped the unit (index into steps). */
  stoppedAt: number | null;
}

/** Two configured addresses that should reach each other: the host's end and the container's end. */
export interface Pair {
  container: string;
  family: Family;
  host: { address: string; origin: Path };
  local: { address: string; origin: Path };
  /** Through the container's veth, or through the host's bridge (the bridge's own address). */
  via: "veth" | "bridge";
}

export interface PairResult {
  pair: Pair;
  /** A ping from the host to the container's address, and its reply. */
  toContainer: Reach;
  /** A ping from the container to the host's address, and its reply. */
  toHost: Reach;
}

export interface ForwardResult {
  container: string;
  port: PortSpec;
  family: Family;
  /** A connection to the host port reaches the container's port. */
  reach: Reach;
}

export interface Clash {
  /** The two containers, in attribute order. */
  containers: [string, string];
  /** What they both claim, and what goes wrong for the one that starts second. */
  message: string;
}

export interface HostReplay {
  containers: ContainerReplay[];
  pairs: PairResult[];
  forwards: ForwardResult[];
  clashes: Clash[];
  /** The host's namespace ranges: fixed user namespace ranges that overlap (nspawn does not refuse them). */
  userOverlaps: [string, string][];
  state: HostState;
}

export interface ReplayOptions {
  /** The host runs udev (NixOS does; the boot harness does not). Default true. */
  udev?: boolean;
  /** The host's paths known to exist (host.paths): a bind mount's source that is none of them is missing. Default null: not known, not checked. */
  paths?: readonly string[] | null;
}

/** Programs whose effects lie outside the model and which the scripts run without a state the model has (but mkdir's directories, for a host whose paths are known). */
export const OUTSIDE_PROGRAMS: ReadonlySet<string> = new Set(["mkdir", "chmod", "touch", "cp", "machinectl", "nixos-container", "true"]);
const OUTSIDE = OUTSIDE_PROGRAMS;
const OUTSIDE_BUT_MKDIR: ReadonlySet<string> = new Set([...OUTSIDE].filter((p) => p !== "mkdir"));
const programOf = (argv0: string) => {
  if (argv0 === "ip") return argv0;
  const slash = argv0.lastIndexOf("/");
  return slash === -1 ? argv0 : argv0.slice(slash + 1);
};

const NOT_RUN_UNKNOWN = notModelled("not replayed: an earlier step of this unit was not modelled");
const NOBODY: string[] = [];
/** One outcome per program outside the model, shared by every step that runs it. */
const outside = new Map<string, Outcome>();
const outsideOutcome = (program: string) => {
  let o = outside.get(program);
  if (o === undefined) outside.set(program, (o = notModelled(`outside the model: ${program} changes nothing the model holds`)));
  return o;
};

/**
 * The replay of one host, fed one container at a time in attribute order
 * (`add`), judged once every container is in (`finish`). It keeps the model's
 * state and, per container, only what the judgement at the end needs (the
 * ends of its configured pairs, whether it started): never a container's
 * steps, so that a validator that feeds it container by container holds one
 * container's steps at a time.
 */
export class HostReplayer {
  readonly state: HostState;
  private readonly host: HostNetwork | null;
  private readonly udev: boolean;
  private readonly clashes: Clash[] = [];
  /** Bridged scopes (`container\0…option path`) and their bridge. */
  private readonly bridges = new Map<string, string>();
  /** The ends of the configured pairs, by scope (the option path of the network settings). */
  private readonly scopes = new Map<string, Ends>();
  /** The containers with pairs that did not start (or whose start is unknown), and the step that stopped each; one that is not here started. */
  private readonly notStarted = new Map<string, Start>();
  private last: string | null = null;

  constructor(host: HostNetwork | null, options: ReplayOptions = {}) {
    this.host = host;
    this.state = initialState(host, options.paths ?? null);
    this.udev = options.udev ?? true;
  }

  private clash(a: string, b: string, message: string): void {
    this.clashes.push({ containers: compareAttrNames(a, b) <= 0 ? [a, b] : [b, a], message });
  }

  /**
   * The programs whose steps change nothing this replay holds and are never
   * refused: those outside the model, and mkdir but on a host whose paths
   * are known. A caller that only wants the judgement may leave their steps
   * out (declaredSteps' leaveOut).
   */
  get ignored(): ReadonlySet<string> {
    return this.state.paths === null ? OUTSIDE : OUTSIDE_BUT_MKDIR;
  }

  /** Replays one container's steps (after every container before it in attribute order). */
  add(name: string, list: readonly Step[]): ContainerReplay {
    if (this.last !== null && compareAttrNames(this.last, name) >= 0) throw new Error(`replay: ${name} comes after ${this.last}; containers go in attribute order, each once`);
    this.last = name;
    const { state } = this;
    const results: StepResult[] = [];
    let started: boolean | "unknown" = true;
    let stoppedAt: number | null = null;
    for (let i = 0; i < list.length; i++) {
      const step = list[i]!;
      if (stoppedAt !== null || started === "unknown") {
        results.push({ step, outcome: started === "unknown" ? NOT_RUN_UNKNOWN : null, clashWith: NOBODY });
        continue;
      }
      const program = programOf(step.argv[0] ?? "");
      const outcome = this.runStep(step, program);
      const clashWith = this.clashWith;
      const about = this.about;
      results.push(about === null ? { step, outcome, clashWith } : { step, outcome, clashWith, about });
      if (clashWith.length > 0) {
        // nspawn's whole command line is long: its refusals name the option themselves.
        const line = program === "systemd-nspawn" ? program : [program, ...step.argv.slice(1)].join(" ");
        for (const other of clashWith)
          if (other !== name) this.clash(other, name, outcome.kind === "refused" ? `\`${line}\` → ${outcome.message}` : `\`${line}\` deletes an interface of ${other}`);
      }
      if (outcome.kind === "refused" && !step.mayFail) {
        stoppedAt = i;
        started = false;
        const c = state.containers.get(name);
        if (c !== undefined && c.running) teardown(state, c);
      } else if (outcome.kind === "notModelled" && !step.mayFail && !OUTSIDE.has(program)) started = "unknown";
      else if (step.ns === "container") exposeAfter(state, name);
    }
    if (endsOf(name, list, this.scopes, state.host.world) && started !== true) this.notStarted.set(name, { started, stopped: stoppedAt === null ? null : list[stoppedAt]!.argv.join(" ") });
    return { name, steps: results, started, stoppedAt };
  }

  /** The other containers the last step run met or harmed (runStep's), and the nspawn option its refusal is about. */
  private clashWith: string[] = NOBODY;
  private about: NspawnAbout | null = null;
  /** The owners of the links `ip link delete` deleted in the last step (ipEnv's `deleted`). */
  private harmed: string[] = [];
  /** The one environment every `ip` step runs in, its namespace and owner set per step. */
  private readonly ipEnv: IpEnv & { ns: Netns; owner: Owner } = {
    ns: null as unknown as Netns,
    owner: "",
    named: (n) => this.state.named.get(`/run/netns/${n}`),
    deleted: (l: Link) => {
      if (l.owner !== this.ipEnv.owner) this.harmed.push(l.owner);
    },
  };

  /** Runs one step (`program`: its argv[0] without a directory): its outcome, with clashWith and about set. */
  private runStep(step: Step, program: string): Outcome {
    const { state } = this;
    this.clashWith = NOBODY;
    this.about = null;
    if (program === "ip") {
      const c = state.containers.get(step.container);
      const ns = step.ns === "host" ? state.host : c?.running ? c.ns : undefined;
      if (ns === undefined) return notModelled("a step inside a container whose namespace the replay has not made");
      const env = this.ipEnv;
      env.ns = ns;
      env.owner = step.container;
      if (this.harmed.length > 0) this.harmed = [];
      const outcome = runIp(step.argv, env);
      if (outcome.kind === "ok") noteBridge(step, this.bridges);
      const blamed = outcome.kind === "refused" ? blameIp(step, state, outcome) : this.harmed.length === 0 ? NOBODY : this.harmed.filter((o) => state.containers.has(o));
      if (blamed.length > 0) this.clashWith = blamed;
      return outcome;
    }
    if (program === "systemd-nspawn") {
      const r = runNspawn(step.argv, { state, container: step.container, udev: this.udev, namespaces: this.host === null ? null : this.host.networkNamespaces });
      if (r.outcome.kind === "ok") {
        const bridge = bridgeOf(step.argv);
        if (bridge !== null) this.bridges.set(`containers\0${step.container}`, bridge);
      }
      if (r.blame !== null && r.blame.owner !== step.container) this.clashWith = [r.blame.owner];
      this.about = r.about ?? null;
      return r.outcome;
    }
    if (program === "mkdir" && state.paths !== null) madeDirectories(step.argv, state.paths);
    if (OUTSIDE.has(program)) return outsideOutcome(program);
    return notModelled(`the program ${program}`);
  }

  /** Judges the configured pairs, the forwarded ports and the clashes, on the state every container left. */
  finish(): HostJudgement {
    const { state } = this;
    const reacher = new Reacher(state);
    const configured = pairsOf(this.scopes, state, this.bridges);
    const pairs: PairResult[] = [];
    for (let i = 0; i < configured.pairs.length; i++) {
      const pair = configured.pairs[i]!;
      pairs.push(judgePair(pair, configured.inets[2 * i]!, configured.inets[2 * i + 1]!, state, this.notStarted.get(pair.container) ?? STARTED, reacher));
    }
    const forwards = judgeForwards(state, reacher);
    for (let i = 0; i < forwards.length; i++) {
      const f = forwards[i]!;
      if (f.reach.ok === false) for (const o of f.reach.culprits) if (o !== f.container) this.clash(o, f.container, `${f.port.protocol} port ${f.port.hostPort} is forwarded to ${o} already: ${f.reach.reason}`);
    }
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i]!;
      for (let k = 0; k < 2; k++) {
        const r = k === 0 ? p.toContainer : p.toHost;
        if (r.ok === false) for (const o of r.culprits) if (o !== p.pair.container && state.containers.has(o)) this.clash(o, p.pair.container, `${p.pair.local.address} ↔ ${p.pair.host.address}: ${r.reason}`);
      }
    }
    return { pairs, forwards, clashes: dedupe(this.clashes), userOverlaps: userOverlaps(state), state };
  }
}

/** What `finish` judges. */
export type HostJudgement = Omit<HostReplay, "containers">;

/** Replays every container's steps over one host. `steps`: the steps of each container, by container name. */
export function replayHost(steps: ReadonlyMap<string, readonly Step[]> | Record<string, readonly Step[]>, host: HostNetwork | null, options: ReplayOptions = {}): HostReplay {
  const byName = steps instanceof Map ? steps : new Map(Object.entries(steps));
  const replayer = new HostReplayer(host, options);
  const containers = [...byName.keys()].sort(compareAttrNames).map((name) => replayer.add(name, byName.get(name)!));
  return { containers, ...replayer.finish() };
}

/** `mkdir -p DIR…` of the start script: the directories (and their parents) exist from then on, for later bind mounts. */
function madeDirectories(argv: readonly string[], paths: Set<string>): void {
  for (let i = 1; i < argv.length; i++) if (argv[i]!.startsWith("/")) addKnownPath(paths, argv[i]!);
}

const dedupe = (cs: Clash[]) => {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = `${c.containers.join("\0")}\0${c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/** The owner of what an `ip` refusal met, found again after the fact: a route or address of the same value, a link of the same name. */
function blameIp(step: Step, state: HostState, o: Extract<Outcome, { kind: "refused" }>): string[] {
  if (!/File exists|already assigned/.test(o.message)) return [];
  const owners = new Set<string>();
  const c = state.containers.get(step.container);
  const ns = step.ns === "host" ? state.host : c?.ns;
  if (ns === undefined) return [];
  const words = step.argv;
  const addIdx = words.indexOf("add");
  const target = addIdx === -1 ? undefined : words[addIdx + 1];
  if (target !== undefined) {
    const fam = words.includes("-6") ? 6 : words.includes("-4") ? 4 : 0;
    const p = getPrefix1(target, fam);
    if (p !== null && p.family !== 0 && p.inet !== null) {
      const table = p.family === 4 ? ns.v4 : ns.v6;
      if (words.includes("route")) for (const r of table.at(p.inet, p.bitlen)) owners.add(r.owner);
      else for (const a of localAddrs(ns, p.inet)) owners.add(a.owner);
    }
  }
  const nameIdx = words.indexOf("name");
  if (nameIdx !== -1) {
    const l = linkByName(ns, words[nameIdx + 1] ?? "");
    if (l !== undefined) owners.add(l.owner);
  }
  owners.delete(step.container);
  return [...owners].filter((o) => state.containers.has(o));
}

/** `--network-bridge=BR` or `--network-bridge BR` on nspawn's command line. */
function bridgeOf(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (a.startsWith("--network-bridge=")) found = a.slice("--network-bridge=".length);
    else if (a === "--network-bridge") found = argv[i + 1] ?? null;
  }
  return found;
}

/** `ip link set dev V master BR …` whose origin is an extra veth's hostBridge: that veth is bridged. */
function noteBridge(step: Step, bridges: Map<string, string>): void {
  const at = step.argv.indexOf("master");
  const origin = step.origin.find((p) => p.at(-1) === "hostBridge");
  if (at !== -1 && origin !== undefined) bridges.set(origin.slice(0, -1).join("\0"), step.argv[at + 1]!);
}

// Port forwards: nspawn's expose_port_execute, run each time the container's addresses change.

function exposeAfter(state: HostState, name: string): void {
  const c = state.containers.get(name);
  if (c === undefined || !c.running || c.ports.length === 0) return;
  // What it does depends on the container's addresses only (the map's other entries cannot change while this container starts).
  if (c.exposedAt === c.ns.addrGen) return;
  c.exposedAt = c.ns.addrGen;
  for (let f = 0; f < 2; f++) {
    const family: Family = f === 0 ? 4 : 6;
    const a = firstGlobal(c, family);
    if (a === null) continue;
    for (let i = 0; i < c.ports.length; i++) {
      const p = c.ports[i]!;
      const key = forwardKey(family, p.protocol, p.hostPort);
      const there = state.forwards.get(key);
      if (there === undefined || there.container === name) {
        state.forwards.set(key, { container: name, family, protocol: p.protocol, hostPort: p.hostPort, address: a, containerPort: p.containerPort });
        if (!c.forwardKeys.includes(key)) c.forwardKeys = inserted(c.forwardKeys, key);
      }
    }
  }
}

/** The address nspawn forwards to: the container's first global address of the family (by interface index, then value). */
function firstGlobal(c: ContainerState, family: Family): Inet | null {
  let best: Inet | null = null;
  let bestIndex = 0;
  const links = c.ns.links;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    for (let k = 0; k < l.addrs.length; k++) {
      const a = l.addrs[k]!;
      if (a.family !== family || a.scope !== SCOPE_GLOBAL || a.auto) continue;
      if (best === null || l.index < bestIndex || (l.index === bestIndex && compareInet(a.inet, best) < 0)) {
        best = a.inet;
        bestIndex = l.index;
      }
    }
  }
  return best;
}

function judgeForwards(state: HostState, reacher: Reacher): ForwardResult[] {
  const out: ForwardResult[] = [];
  for (const c of state.containers.values()) {
    if (c.ports.length === 0 || !c.running) continue;
    const mine4 = firstGlobal(c, 4);
    const mine6 = firstGlobal(c, 6);
    for (let i = 0; i < c.ports.length; i++) {
      const port = c.ports[i]!;
      for (let k = 0; k < 2; k++) {
        const family: Family = k === 0 ? 4 : 6;
        const mine = k === 0 ? mine4 : mine6;
        if (mine === null) continue;
        const f = state.forwards.get(forwardKey(family, port.protocol, port.hostPort))!;
        const reach: Reach =
          f.container !== c.name
            ? { ok: false, reason: `nspawn's map already sends the host's ${port.protocol} port ${port.hostPort} to ${f.container} (${ntop(f.address)}); nspawn logs "Failed to modify ${family === 4 ? "AF_INET" : "AF_INET6"} firewall: File exists" for the second and it never reaches this container`, culprits: [f.container] }
            : reacher.ping(state.host, mine, c.ns);
        out.push({ container: c.name, port, family, reach });
      }
    }
  }
  return out;
}

// Configured pairs, from the steps' origins: the addresses each end gets, by the option scope they come from.

/** One address of a pair's end: as written, as read, and the option it comes from. */
interface End {
  text: string;
  inet: Inet;
  origin: Path;
}

interface Ends {
  container: string;
  host: readonly End[];
  local: readonly End[];
}

const NO_ENDS: readonly End[] = Object.freeze([]);

const ADDRESS_OPTIONS = new Set(["hostAddress", "hostAddress6", "localAddress", "localAddress6"]);

/** The option of a step's origins that is an address option (the first), or null. */
function addressOrigin(origins: readonly Path[]): Path | null {
  for (let i = 0; i < origins.length; i++) {
    const p = origins[i]!;
    const last = p[p.length - 1];
    if (typeof last === "string" && ADDRESS_OPTIONS.has(last)) return p;
  }
  return null;
}

/** Whether `origin` is an option of the scope `scope` (the option path without its last element). */
function inScope(origin: Path, scope: Path): boolean {
  if (origin.length !== scope.length + 1) return false;
  for (let i = 0; i < scope.length; i++) if (origin[i] !== scope[i]) return false;
  return true;
}

/**
 * Adds the ends a container's steps configure to `scopes` (the address of
 * every `ip … addr add` that carries an address option, run or not); whether
 * it has any. An end keeps the address the model holds already when one is
 * equal (`world`: every namespace's), not a copy of its own.
 */
function endsOf(name: string, steps: readonly Step[], scopes: Map<string, Ends>, world: AddrIndex): boolean {
  // This container's scopes, in the order their first address comes, found among its few before the host's many.
  let mine: { scope: Path; ends: Ends }[] | null = null;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s]!;
    const words = step.argv;
    if (words.length < 4 || programOf(words[0]!) !== "ip") continue;
    const origin = addressOrigin(step.origin);
    if (origin === null) continue;
    const add = words.indexOf("add");
    if (add === -1) continue;
    let addr = false;
    for (let i = 1; i < add && !addr; i++) addr = words[i] === "addr" || words[i] === "address" || words[i] === "a";
    if (!addr) continue;
    const text = words[add + 1] ?? "";
    const p = getPrefix1(text, words.includes("-6") ? 6 : 0);
    if (p === null || p.family === 0 || p.inet === null) continue;
    let e: Ends | null = null;
    if (mine === null) mine = [];
    for (let i = 0; i < mine.length && e === null; i++) if (inScope(origin, mine[i]!.scope)) e = mine[i]!.ends;
    if (e === null) mine.push({ scope: origin.slice(0, -1), ends: (e = { container: name, host: NO_ENDS, local: NO_ENDS }) });
    const slash = text.indexOf("/");
    const end = { text: slash === -1 ? text : text.slice(0, slash), inet: world.held(p.inet), origin };
    if (String(origin[origin.length - 1]).startsWith("host")) e.host = inserted(e.host, end);
    else e.local = inserted(e.local, end);
  }
  if (mine === null) return false;
  for (let i = 0; i < mine.length; i++) {
    const key = mine[i]!.scope.join("\0");
    const { ends } = mine[i]!;
    const there = scopes.get(key);
    if (there === undefined) scopes.set(key, ends);
    else {
      there.host = [...there.host, ...ends.host];
      there.local = [...there.local, ...ends.local];
    }
  }
  return true;
}

/** The configured pairs, and each one's addresses as read (`inets`: the local end's, then the host end's, pair after pair). */
function pairsOf(scopes: Map<string, Ends>, state: HostState, bridges: Map<string, string>): { pairs: Pair[]; inets: Inet[] } {
  // Bridged scopes: the container's addresses against the bridge's own.
  bridges.forEach((bridge, key) => {
    const e = scopes.get(key);
    const br = linkByName(state.host, bridge);
    if (e === undefined || br === undefined) return;
    e.host = br.addrs.filter((a) => !a.auto && a.scope === SCOPE_GLOBAL).map((a) => ({ text: ntop(a.inet), inet: a.inet, origin: ["host", "interfaces", bridge, "addresses"] }));
  });
  const pairs: Pair[] = [];
  const inets: Inet[] = [];
  scopes.forEach((e, key) => {
    const bridged = bridges.has(key);
    for (let i = 0; i < e.local.length; i++) {
      const l = e.local[i]!;
      for (let k = 0; k < e.host.length; k++) {
        const h = e.host[k]!;
        if (!(bridged ? h.inet.family === l.inet.family : sameOptionFamily(h.origin, l.origin))) continue;
        pairs.push({ container: e.container, family: l.inet.family, host: { address: h.text, origin: h.origin }, local: { address: l.text, origin: l.origin }, via: bridged ? "bridge" : "veth" });
        inets.push(l.inet, h.inet);
      }
    }
  });
  return { pairs, inets };
}

/**
 * A routed veth's pairs go by option, not by the family of the values:
 * hostAddress with localAddress and hostAddress6 with localAddress6. An
 * IPv6 value in localAddress against an IPv4 hostAddress is still the pair
 * the admin meant, and it cannot work: neither end has an address of the
 * other's family (found by fuzz:boot; the boot harness pairs the same way).
 */
const sameOptionFamily = (h: Path, l: Path) => String(h.at(-1)).endsWith("6") === String(l.at(-1)).endsWith("6");

/** Whether a container started, and the step that stopped it. */
interface Start {
  started: boolean | "unknown";
  stopped: string | null;
}

const STARTED: Start = Object.freeze({ started: true, stopped: null });

function judgePair(pair: Pair, local: Inet, hostA: Inet, state: HostState, r: Start, reacher: Reacher): PairResult {
  const c = state.containers.get(pair.container);
  if (c === undefined || !c.running || r.started !== true) {
    const down: Reach =
      r.started === "unknown"
        ? { ok: "unknown", reason: "the container's start was not fully modelled" }
        : { ok: false, reason: `${pair.container} does not start${r.stopped !== null ? ` (its step \`${r.stopped}\` fails)` : ""}`, culprits: [] };
    return { pair, toContainer: down, toHost: down };
  }
  return { pair, toContainer: reacher.ping(state.host, local, c.ns), toHost: reacher.ping(c.ns, hostA, state.host) };
}

function userOverlaps(state: HostState): [string, string][] {
  const fixed = [...state.containers.values()].filter((c) => c.running && Array.isArray(c.users)).map((c) => ({ name: c.name, r: c.users as [number, number] }));
  fixed.sort((a, b) => a.r[0] - b.r[0]);
  const out: [string, string][] = [];
  for (let i = 1; i < fixed.length; i++) {
    const prev = fixed[i - 1]!;
    const cur = fixed[i]!;
    if (cur.r[0] < prev.r[0] + prev.r[1]) out.push([prev.name, cur.name]);
  }
  return out;
}
