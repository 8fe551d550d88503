/**
 * Can a ping go and come back? Judged on the replayed state the way the
 * kernel would send it: the route lookup in the sender's namespace (longest
 * prefix, then the lowest metric), the source address it picks (IPv4: the
 * route's prefsrc or the egress link's first primary address, else the
 * namespace's first one; IPv6: the rules of RFC 6724 that decide here: scope,
 * the egress link, the longest matching prefix), the egress link's carrier,
 * and who answers ARP or neighbour discovery for the next hop on that
 * segment (the other end of a veth, or everything on a bridge; IPv4 answers
 * for any address of the answering namespace, IPv6 only for the link's own),
 * then delivery to a local address there, and the same for the reply. What
 * leaves the model (a physical network, forwarding by a namespace) is
 * "unknown", never a guess.
 *
 * A Reacher judges pings on the state as the replay left it: the addresses
 * of every namespace are found in the host's one index of them, a segment (a
 * veth pair, or a bridge with the far ends of its ports) from its own links'
 * lists the first time a ping crosses it, and a ping from the host asked
 * twice (a forwarded port's, after a pair's) is judged once, so that each
 * ping costs lookups, not scans of the host's thousands of links.
 */
import { commonBits, ntop, samePrefix, sameInet, type Inet } from "./inet.js";
import { carrier } from "./kernel.js";
import { SCOPE_GLOBAL, SCOPE_LINK, tableOf, type AddrIndex, type Addr, type HostState, type Link, type Netns, type Owner, type Route } from "./state.js";

export type Reach =
  | { ok: true }
  /** race: two namespaces answer for the address, and whichever answers first gets the packet. */
  | { ok: false; reason: string; culprits: Owner[]; race?: true }
  | { ok: "unknown"; reason: string };

type Failed = Exclude<Reach, { ok: true }>;

/** The answer of every ping that goes and comes back. */
const REACHED: Reach = Object.freeze({ ok: true });

const no = (reason: string, culprits: Owner[] = []): Exclude<Reach, { ok: true } | { ok: "unknown" }> => ({ ok: false, reason, culprits });
const unknown = (reason: string): { ok: "unknown"; reason: string } => ({ ok: "unknown", reason });
const show = (a: Inet) => ntop(a);

/** Where a link's frames go: a segment is a veth pair, or a bridge's domain. */
type SegmentKey = Link;

const devUp = (r: Route) => r.dev.up;

/** The route the kernel picks for `dst`: the longest prefix with a route through a link that is up, then the lowest metric. */
export function routeTo(ns: Netns, dst: Inet): Route | null {
  return tableOf(ns, dst.family).lookup(dst, devUp, true);
}

/** Whether an address answers: IPv4 ones on any link, IPv6 ones on a link that is up. */
const answers = (a: Addr) => a.family === 4 || a.link.up;

/** A segment as the links that receive its frames and can answer; `external`: it reaches beyond the model. */
interface Segment {
  /** Every receiving end, by namespace in link index order (a map once there are many: a bridge's). */
  ends: readonly Link[];
  byNs: Map<Netns, Link[]> | null;
  external: boolean;
}

/** Past this many ends a segment is indexed by namespace; below, a scan of its few ends is quicker. */
const SMALL_SEGMENT = 8;

/** The segment a link belongs to as a receiving end: a bridge's (its own, or its master's), or its veth pair's. */
function keyOf(l: Link): SegmentKey | null {
  if (l.kind === "bridge") return l;
  if (l.master !== null) return l.master;
  if (l.kind === "veth" && l.peer !== null) return l.peer.master ?? (l.id < l.peer.id ? l : l.peer);
  if (l.kind === "macvlan" && l.parent !== null) return l.parent;
  return null;
}

/** Whether frames of its segment reach a link, as a receiving end: up, not the loopback, not a bridge port (a port passes frames to its far end), and behind a bridge port only while the port is up. */
const receives = (l: Link) => l.kind !== "loopback" && l.up && l.master === null && !(l.kind === "veth" && l.peer !== null && l.peer.master !== null && !l.peer.up);

export class Reacher {
  /** The segments pings have used, by key; null for a key no link receives on and no port leads out of (frames go nowhere the model knows). */
  private readonly segments = new Map<SegmentKey, Segment | null>();
  /** Per namespace: its addresses in the kernel's device order (for the IPv4 fallback source and IPv6 source selection). */
  private readonly ordered = new Map<Netns, Addr[]>();
  /** Pings from the host's namespace already judged, by target namespace (a forwarded port's is often a pair's). */
  private readonly fromHost = new Map<Netns, { dst: Inet; reach: Reach }[]>();

  private readonly world: AddrIndex;
  private readonly host: Netns;

  /** Where the last packet sent arrived, and from which address (send's answer when it arrives). */
  private at: Netns | null = null;
  private src: Inet | null = null;

  constructor(state: HostState) {
    this.world = state.host.world;
    this.host = state.host;
  }

  /**
   * The segment of `k`: the links whose frames it carries (keyOf them is k)
   * and that receive them; found from k's own lists (itself, its veth peer,
   * the far ends of its ports, the macvlans on it), which hold every such
   * link, as kernel.ts keeps them.
   */
  private segment(k: SegmentKey): Segment | null {
    const known = this.segments.get(k);
    if (known !== undefined) return known;
    const ends: Link[] = [];
    const consider = (l: Link | null) => {
      if (l !== null && receives(l) && keyOf(l) === k && !ends.includes(l)) ends.push(l);
    };
    consider(k);
    consider(k.peer);
    let outward = false;
    for (let i = 0; i < k.ports.length; i++) {
      const p = k.ports[i]!;
      if (p.external && p.up && p.kind !== "loopback") outward = true;
      consider(p.peer);
    }
    for (let i = 0; i < k.children.length; i++) consider(k.children[i]!);
    let seg: Segment | null = null;
    if (ends.length > 0 || outward) {
      // Per namespace in index order, the order the kernel lists them in.
      if (ends.length > 1) ends.sort((a, b) => (a.ns === b.ns ? a.index - b.index : a.ns.id - b.ns.id));
      let byNs: Map<Netns, Link[]> | null = null;
      if (ends.length > SMALL_SEGMENT) {
        byNs = new Map();
        for (const e of ends) {
          const list = byNs.get(e.ns);
          if (list === undefined) byNs.set(e.ns, [e]);
          else list.push(e);
        }
      }
      const external = outward || (k.external && (k.kind === "bridge" || k.kind === "physical" || k.kind === "vlan" || k.kind === "bond" || k.kind === "veth"));
      seg = { ends, byNs, external };
    }
    this.segments.set(k, seg);
    return seg;
  }

  private addresses(ns: Netns): Addr[] {
    let list = this.ordered.get(ns);
    if (list === undefined) {
      list = [];
      // ns.links is in index order.
      for (let i = 0; i < ns.links.length; i++) {
        const l = ns.links[i]!;
        if (l.up) for (let k = 0; k < l.addrs.length; k++) list.push(l.addrs[k]!);
      }
      this.ordered.set(ns, list);
    }
    return list;
  }

  /** Whether the namespace has the address `a` (IPv6: on a link that is up). */
  private hasLocal(ns: Netns, a: Inet): boolean {
    return this.world.has(a, ns, answers);
  }

  /** The source address for a packet to `dst` through `r`. */
  private source(ns: Netns, dst: Inet, r: Route): Inet | null {
    if (r.prefsrc !== null) return r.prefsrc;
    const next = r.gateway ?? dst;
    if (dst.family === 4) {
      // The egress link's first primary global address in the next hop's subnet, else its first, else the namespace's first.
      let first: Addr | null = null;
      const addrs = r.dev.addrs;
      for (let i = 0; i < addrs.length; i++) {
        const a = addrs[i]!;
        if (a.family !== 4 || a.secondary || a.scope !== SCOPE_GLOBAL) continue;
        if (samePrefix(a.inet, next, a.plen)) return a.inet;
        first ??= a;
      }
      if (first !== null) return first.inet;
      const all = this.addresses(ns);
      for (let i = 0; i < all.length; i++) {
        const a = all[i]!;
        if (a.family === 4 && !a.secondary && a.scope === SCOPE_GLOBAL) return a.inet;
      }
      return null;
    }
    // IPv6: appropriate scope first, then the outgoing link, then the longest matching prefix.
    const wantLink = dst.w0 >>> 22 === 0x3fa;
    const pick = best6(r.dev.addrs, dst, wantLink) ?? best6(this.addresses(ns), dst, wantLink);
    return pick === null ? null : pick.inet;
  }

  /**
   * Sends one packet from `ns` to `dst` (from `src` when given: a reply).
   * When it is delivered: null, with where (`this.at`) and from which address
   * (`this.src`); else why not. Where two namespaces on the segment answer
   * for the next hop, the packet goes to whichever the neighbour table names
   * at that moment, a reply too: the requester's ARP request teaches the
   * sender its link-layer address, but not within a second (ARP's locktime)
   * of another namespace's answer. That is a race.
   */
  private send(ns: Netns, dst: Inet, src: Inet | null): Failed | null {
    if (this.hasLocal(ns, dst)) {
      this.at = ns;
      this.src = src ?? dst;
      return null;
    }
    const r = routeTo(ns, dst);
    if (r === null) return ns.known ? no(`${ns.label} has no route to ${show(dst)}`) : unknown(`${ns.label}'s routes are not known`);
    const from = src ?? this.source(ns, dst, r);
    // A namespace whose addresses are not all known (a host without facts) may have one to send from.
    if (from === null) return ns.known ? no(`${ns.label} has no address to send from towards ${show(dst)}`) : unknown(`${ns.label}'s addresses are not known`);
    if (!carrier(r.dev)) return no(`${ns.label}'s route to ${show(dst)} goes through ${r.dev.name}, which has no carrier (its other end is down or gone)`);
    const next = r.gateway ?? dst;
    const key = keyOf(r.dev);
    const seg = key === null ? null : this.segment(key);
    const at = seg === null ? null : this.answeringNs(next, seg, r.dev);
    if (at === RACE) {
      const answering = this.answering(next, seg!, r.dev);
      const where = [...new Set(answering.map((e) => e.ns))];
      const owners = [...new Set(answering.map((e) => e.owner))];
      return { ok: false, reason: `${show(next)} is answered on ${r.dev.name}'s segment by ${where.map((n) => n.label).join(" and ")}: whichever answers first gets the packet`, culprits: owners, race: true };
    }
    if (at === null) return seg === null || seg.external ? unknown(`${show(next)} is beyond ${r.dev.name}, on a network outside the model`) : no(`nothing on ${r.dev.name}'s segment answers for ${show(next)}`);
    if (!this.hasLocal(at, dst)) return unknown(`${show(dst)} arrives at ${at.label}, which would have to forward it`);
    this.at = at;
    this.src = from;
    return null;
  }

  /** Whether a receiving end of the segment in `ns` answers for `a` (IPv4: any address of the namespace; IPv6: the link's own). */
  private answersIn(ns: Netns, a: Inet, seg: Segment, from: Link): boolean {
    const ends = seg.byNs === null ? seg.ends : seg.byNs.get(ns);
    if (ends === undefined) return false;
    for (let i = 0; i < ends.length; i++) {
      const e = ends[i]!;
      if (e.ns === ns && e !== from && (a.family === 4 || ownAddress6(e, a))) return true;
    }
    return false;
  }

  /** The one namespace on the segment that answers for `a`, null when none does, RACE when more than one does. */
  private answeringNs(a: Inet, seg: Segment, from: Link): Netns | null | typeof RACE {
    const found = this.world.find(a, null);
    let one: Netns | null = null;
    for (let i = 0; i < found.length; i++) {
      const x = found[i]!;
      if (!answers(x) || x.link.ns === one || !this.answersIn(x.link.ns, a, seg, from)) continue;
      if (one !== null) return RACE;
      one = x.link.ns;
    }
    return one;
  }

  /** The receiving links of a segment whose namespace answers for `a`: IPv4 for any address of the namespace, IPv6 for the link's own. */
  private answering(a: Inet, seg: Segment, from: Link): Link[] {
    const out: Link[] = [];
    const owners = new Set<Netns>();
    for (const x of this.world.find(a, null)) if (answers(x)) owners.add(x.link.ns);
    for (const ns of owners)
      for (const e of seg.ends) {
        if (e.ns !== ns || e === from) continue;
        if (a.family === 4 || ownAddress6(e, a)) out.push(e);
      }
    return out;
  }

  /** A ping from `from` to `dst`, which must arrive in `target`, and its reply back. */
  ping(from: Netns, dst: Inet, target: Netns): Reach {
    if (from !== this.host) return this.judge(from, dst, target);
    // The same ping from the host gets the same answer: judged once.
    let seen = this.fromHost.get(target);
    if (seen === undefined) this.fromHost.set(target, (seen = []));
    for (let i = 0; i < seen.length; i++) if (sameInet(seen[i]!.dst, dst)) return seen[i]!.reach;
    const reach = this.judge(from, dst, target);
    seen.push({ dst, reach });
    return reach;
  }

  private judge(from: Netns, dst: Inet, target: Netns): Reach {
    const there = this.send(from, dst, null);
    if (there !== null) return there;
    const at = this.at!;
    const src = this.src!;
    if (at !== target) return no(`${show(dst)} is reached in ${at.label}, not in ${target.label}`, this.owners(at, dst));
    const back = this.send(at, src, dst);
    if (back !== null) return back.ok === false ? { ...back, reason: `the reply from ${show(dst)} to ${show(src)}: ${back.reason}` } : unknown(`the reply: ${back.reason}`);
    if (this.at !== from) return no(`the reply to ${show(src)} arrives in ${this.at!.label}, not in ${from.label}`, this.owners(this.at!, src));
    return REACHED;
  }

  private owners(ns: Netns, a: Inet): Owner[] {
    return [...new Set(this.world.find(a, ns).filter(answers).map((x) => x.owner))];
  }
}

const RACE = Symbol("race");

/** Whether `a` is an IPv6 address of the link itself. */
function ownAddress6(l: Link, a: Inet): boolean {
  for (let i = 0; i < l.addrs.length; i++) {
    const x = l.addrs[i]!;
    if (x.family === 6 && sameInet(x.inet, a)) return true;
  }
  return false;
}

/** IPv6 source selection among `list`: the address of the wanted scope sharing the longest prefix with `dst` (the first of them). */
function best6(list: readonly Addr[], dst: Inet, wantLink: boolean): Addr | null {
  let b: Addr | null = null;
  let bBits = -1;
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    if (a.family !== 6 || a.auto || (wantLink ? a.scope !== SCOPE_LINK : a.scope !== SCOPE_GLOBAL)) continue;
    const bits = commonBits(a.inet, dst);
    if (b === null || bits > bBits) {
      b = a;
      bBits = bits;
    }
  }
  return b;
}
