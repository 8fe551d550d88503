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
 * A Reacher is built once on the state as the replay left it: it indexes the
 * addresses of every namespace and the segments (a veth pair, or a bridge
 * with the far ends of its ports), so that each ping costs lookups, not scans
 * of the host's thousands of links.
 */
import { commonBits, inetKey, ntop, samePrefix, type Inet } from "./inet.js";
import { carrier } from "./kernel.js";
import { SCOPE_GLOBAL, SCOPE_LINK, tableOf, type Addr, type HostState, type Link, type Netns, type Owner, type Route } from "./state.js";

export type Reach =
  | { ok: true }
  /** race: two namespaces answer for the address, and whichever answers first gets the packet. */
  | { ok: false; reason: string; culprits: Owner[]; race?: true }
  | { ok: "unknown"; reason: string };

type Sent = { ok: true; at: Netns; src: Inet } | Exclude<Reach, { ok: true }>;

const no = (reason: string, culprits: Owner[] = []): Exclude<Reach, { ok: true } | { ok: "unknown" }> => ({ ok: false, reason, culprits });
const unknown = (reason: string): { ok: "unknown"; reason: string } => ({ ok: "unknown", reason });
const show = (a: Inet) => ntop(a);

/** Where a link's frames go: a segment is a veth pair, or a bridge's domain. */
type SegmentKey = Link;

/** The route the kernel picks for `dst`: the longest prefix with a route through a link that is up, then the lowest metric. */
export function routeTo(ns: Netns, dst: Inet): Route | null {
  const found = tableOf(ns, dst.family).lookup(dst.bytes, (r) => r.dev.up);
  if (found.length === 0) return null;
  return found.reduce((best, r) => (r.metric < best.metric ? r : best));
}

export class Reacher {
  /** The segment each link sends into (null: the link sends nowhere the model knows). */
  private readonly keys = new Map<Link, SegmentKey | null>();
  /** Per segment: the links that receive its frames and can answer, by namespace; and whether it reaches beyond the model. */
  private readonly members = new Map<SegmentKey, { byNs: Map<Netns, Link[]>; external: boolean }>();
  /** Per namespace: its addresses in the kernel's device order (for the IPv4 fallback source and IPv6 source selection). */
  private readonly ordered = new Map<Netns, Addr[]>();

  private readonly world: Map<string, Addr[]>;

  constructor(state: HostState) {
    this.world = state.host.world;
    const all: Netns[] = [state.host, ...state.named.values(), ...[...state.containers.values()].map((c) => c.ns)];
    const seen = new Set<Netns>();
    for (const ns of all) {
      if (seen.has(ns)) continue;
      seen.add(ns);
      for (const l of new Set(ns.links.values())) this.enter(l);
    }
  }

  /** The segment a link belongs to as a receiving end: a bridge's (its own, or its master's), or its veth pair's. */
  private keyOf(l: Link): SegmentKey | null {
    let k = this.keys.get(l);
    if (k !== undefined) return k;
    if (l.kind === "bridge") k = l;
    else if (l.master !== null) k = l.master;
    else if (l.kind === "veth" && l.peer !== null) k = l.peer.master ?? (l.id < l.peer.id ? l : l.peer);
    else if (l.kind === "macvlan" && l.parent !== null) k = l.parent;
    else k = null;
    this.keys.set(l, k);
    return k;
  }

  private segment(k: SegmentKey) {
    let m = this.members.get(k);
    if (m === undefined) this.members.set(k, (m = { byNs: new Map(), external: k.external && (k.kind === "bridge" || k.kind === "physical" || k.kind === "vlan" || k.kind === "bond" || k.kind === "veth") }));
    return m;
  }

  /** Enters a link as a receiving end of its segment, when frames reach it (a bridge port with its far end up). */
  private enter(l: Link): void {
    if (l.kind === "loopback" || !l.up) return;
    if (l.master !== null) {
      // A port passes frames to its far end; the port itself does not answer.
      if (l.external) this.segment(l.master).external = true;
      return;
    }
    const k = this.keyOf(l);
    if (k === null) return;
    // Behind a bridge port (a veth whose other end is the port), frames need the port up.
    if (l.kind === "veth" && l.peer !== null && l.peer.master !== null && !l.peer.up) return;
    const seg = this.segment(k);
    if (l.kind === "veth" && l.peer === null) seg.external = true;
    const list = seg.byNs.get(l.ns);
    if (list === undefined) seg.byNs.set(l.ns, [l]);
    else list.push(l);
  }

  private addresses(ns: Netns): Addr[] {
    let list = this.ordered.get(ns);
    if (list === undefined) {
      list = [];
      const links = [...new Set(ns.links.values())].sort((a, b) => a.index - b.index);
      for (const l of links) for (const a of l.addrs) if (l.up) list.push(a);
      this.ordered.set(ns, list);
    }
    return list;
  }

  /** The namespace's addresses equal to `a` (IPv6: on a link that is up). */
  private local(ns: Netns, a: Inet): Addr[] {
    return (ns.locals.get(inetKey(a.family, a.bytes)) ?? []).filter((x) => (a.family === 4 || x.link.up));
  }

  /** The source address for a packet to `dst` through `r`. */
  private source(ns: Netns, dst: Inet, r: Route): Inet | null {
    if (r.prefsrc !== null) return { family: dst.family, bytes: r.prefsrc };
    const next = r.gateway ?? dst.bytes;
    if (dst.family === 4) {
      const own = r.dev.addrs.filter((a) => a.family === 4 && !a.secondary && a.scope === SCOPE_GLOBAL);
      const pick = own.find((a) => samePrefix(a.bytes, next, a.plen)) ?? own[0] ?? this.addresses(ns).find((a) => a.family === 4 && !a.secondary && a.scope === SCOPE_GLOBAL);
      return pick === undefined ? null : { family: 4, bytes: pick.bytes };
    }
    // IPv6: appropriate scope first, then the outgoing link, then the longest matching prefix.
    const wantLink = dst.bytes[0] === 0xfe && (dst.bytes[1]! & 0xc0) === 0x80;
    const fits = (a: Addr) => a.family === 6 && !a.auto && (wantLink ? a.scope === SCOPE_LINK : a.scope === SCOPE_GLOBAL);
    const best = (list: readonly Addr[]) => {
      let b: Addr | null = null;
      for (const a of list) if (fits(a) && (b === null || commonBits(a.bytes, dst.bytes) > commonBits(b.bytes, dst.bytes))) b = a;
      return b;
    };
    const pick = best(r.dev.addrs) ?? best(this.addresses(ns));
    return pick === null ? null : { family: 6, bytes: pick.bytes };
  }

  /**
   * Sends one packet from `ns` to `dst` (from `src` when given: a reply);
   * where it is delivered, and from which address. Where two namespaces on
   * the segment answer for the next hop, the packet goes to whichever the
   * neighbour table names at that moment, a reply too: the requester's ARP
   * request teaches the sender its link-layer address, but not within a
   * second (ARP's locktime) of another namespace's answer. That is a race.
   */
  private send(ns: Netns, dst: Inet, src: Inet | null): Sent {
    if (this.local(ns, dst).length > 0) return { ok: true, at: ns, src: src ?? dst };
    const r = routeTo(ns, dst);
    if (r === null) return ns.known ? no(`${ns.label} has no route to ${show(dst)}`) : unknown(`${ns.label}'s routes are not known`);
    const from = src ?? this.source(ns, dst, r);
    // A namespace whose addresses are not all known (a host without facts) may have one to send from.
    if (from === null) return ns.known ? no(`${ns.label} has no address to send from towards ${show(dst)}`) : unknown(`${ns.label}'s addresses are not known`);
    if (!carrier(r.dev)) return no(`${ns.label}'s route to ${show(dst)} goes through ${r.dev.name}, which has no carrier (its other end is down or gone)`);
    const next: Inet = { family: dst.family, bytes: r.gateway ?? dst.bytes };
    const key = this.keyOf(r.dev);
    const seg = key === null ? null : this.members.get(key);
    const answering = this.answering(next, seg?.byNs, r.dev);
    const where = new Set(answering.map((e) => e.ns));
    if (where.size > 1) {
      const owners = [...new Set(answering.map((e) => e.owner))];
      return { ok: false, reason: `${show(next)} is answered on ${r.dev.name}'s segment by ${[...where].map((n) => n.label).join(" and ")}: whichever answers first gets the packet`, culprits: owners, race: true };
    }
    if (where.size === 0)
      return seg === undefined || seg === null || seg.external ? unknown(`${show(next)} is beyond ${r.dev.name}, on a network outside the model`) : no(`nothing on ${r.dev.name}'s segment answers for ${show(next)}`);
    const at = [...where][0]!;
    if (this.local(at, dst).length === 0) return unknown(`${show(dst)} arrives at ${at.label}, which would have to forward it`);
    return { ok: true, at, src: from };
  }

  /** The receiving links of a segment whose namespace answers for `a`: IPv4 for any address of the namespace, IPv6 for the link's own. */
  private answering(a: Inet, byNs: Map<Netns, Link[]> | undefined, from: Link): Link[] {
    if (byNs === undefined) return [];
    const out: Link[] = [];
    const owners = new Set<Netns>();
    for (const x of this.everywhere(a)) owners.add(x.link.ns);
    for (const ns of owners) {
      const ends = byNs.get(ns);
      if (ends === undefined) continue;
      for (const e of ends) {
        if (e === from) continue;
        if (a.family === 4 || e.addrs.some((x) => x.family === 6 && x.bytes.every((b, i) => b === a.bytes[i]))) out.push(e);
      }
    }
    return out;
  }

  /** Every namespace's addresses equal to `a`. */
  private everywhere(a: Inet): Addr[] {
    return (this.world.get(inetKey(a.family, a.bytes)) ?? []).filter((x) => (a.family === 4 || x.link.up));
  }

  /** A ping from `from` to `dst`, which must arrive in `target`, and its reply back. */
  ping(from: Netns, dst: Inet, target: Netns): Reach {
    const there = this.send(from, dst, null);
    if (there.ok !== true) return there;
    if (there.at !== target) return no(`${show(dst)} is reached in ${there.at.label}, not in ${target.label}`, this.owners(there.at, dst));
    const back = this.send(there.at, there.src, dst);
    if (back.ok !== true) return back.ok === false ? { ...back, reason: `the reply from ${show(dst)} to ${show(there.src)}: ${back.reason}` } : unknown(`the reply: ${back.reason}`);
    if (back.at !== from) return no(`the reply to ${show(there.src)} arrives in ${back.at.label}, not in ${from.label}`, this.owners(back.at, there.src));
    return { ok: true };
  }

  private owners(ns: Netns, a: Inet): Owner[] {
    return [...new Set(this.local(ns, a).map((x) => x.owner))];
  }
}

