/**
 * The kernel state the units' steps touch, as plain data: network namespaces
 * with their links, addresses and main routing tables, and what is shared by
 * the whole host (nspawn's port forwards, the containers' user namespace
 * ranges; nspawn-args.ts reads the mounts, which nothing after the start
 * looks at, so they are not kept). The operations on it are in kernel.ts; `ip` and
 * systemd-nspawn are read into them by ip.ts and nspawn-*.ts.
 *
 * Sizes differ by thousands: a container's namespace has a few links, addresses
 * and routes, and is searched; the host's has a few per container, and is
 * indexed (links by name and altname, routes by prefix length and network,
 * addresses by value, all keyed without strings; see inet.ts's Inet), so that
 * every step costs the same whatever the number of containers.
 */
import { inetHash, samePrefix, widthOf, type Family, type Inet } from "./inet.js";

export type LinkKind = "loopback" | "veth" | "bridge" | "macvlan" | "physical" | "vlan" | "dummy" | "bond" | "wireguard" | "tun" | "other";

/** Who made a thing: a container (by name), the host's own configuration, or the kernel. */
export type Owner = string;
export const HOST: Owner = "(host)";

/** Address scopes as the kernel numbers them. */
export const SCOPE_GLOBAL = 0;
export const SCOPE_LINK = 253;
export const SCOPE_HOST = 254;

/*
 * Addresses and routes never change once made, and a large host has
 * hundreds of thousands of them: their small numbers (prefix length, scope,
 * flags) are one number each (`bits`), and their family is their value's,
 * all read as fields.
 */
const PLEN = 0xff;
const SCOPE_SHIFT = 8;
const FLAG_A = 1 << 16;
const FLAG_B = 1 << 17;

/** An address of a link. */
export class Addr {
  private readonly bits: number;

  constructor(
    readonly inet: Inet,
    plen: number,
    scope: number,
    readonly link: Link,
    secondary: boolean,
    auto: boolean,
    readonly owner: Owner,
  ) {
    this.bits = (plen & PLEN) | ((scope & 0xff) << SCOPE_SHIFT) | (secondary ? FLAG_A : 0) | (auto ? FLAG_B : 0);
  }

  get family(): Family {
    return this.inet.family;
  }
  get plen(): number {
    return this.bits & PLEN;
  }
  get scope(): number {
    return (this.bits >>> SCOPE_SHIFT) & 0xff;
  }
  /** IPv4: in the subnet of an earlier address of the same link (no prefix route of its own). */
  get secondary(): boolean {
    return (this.bits & FLAG_A) !== 0;
  }
  /** IPv6: the link-local address the kernel made itself (its interface identifier comes from the MAC, which the model does not know). */
  get auto(): boolean {
    return (this.bits & FLAG_B) !== 0;
  }
}

/** A route of a main table. */
export class Route {
  private readonly bits: number;

  constructor(
    /** The destination, masked to plen. */
    readonly dst: Inet,
    plen: number,
    readonly metric: number,
    readonly dev: Link,
    readonly gateway: Inet | null,
    readonly prefsrc: Inet | null,
    proto: "kernel" | "boot",
    scope: number,
    readonly owner: Owner,
  ) {
    this.bits = (plen & PLEN) | ((scope & 0xff) << SCOPE_SHIFT) | (proto === "kernel" ? FLAG_A : 0);
  }

  get family(): Family {
    return this.dst.family;
  }
  get plen(): number {
    return this.bits & PLEN;
  }
  get scope(): number {
    return (this.bits >>> SCOPE_SHIFT) & 0xff;
  }
  /** `kernel` for the routes the kernel makes for an address, `boot` for `ip route add` (iproute2's default). */
  get proto(): "kernel" | "boot" {
    return (this.bits & FLAG_A) !== 0 ? "kernel" : "boot";
  }
}

export interface Link {
  /** Identity across namespaces. */
  id: number;
  /** The interface index in its namespace. */
  index: number;
  name: string;
  /** Shared and empty (NO_LINKS-like) until the first altname: add them with kernel.addAltname. */
  altnames: readonly string[];
  kind: LinkKind;
  ns: Netns;
  up: boolean;
  master: Link | null;
  /** A bridge's (or bond's) ports; shared and empty until the first (kernel.ts adds them). */
  ports: readonly Link[];
  /** A veth's other end (possibly in another namespace). */
  peer: Link | null;
  /** A macvlan's or vlan's lower interface. */
  parent: Link | null;
  /** Macvlans and vlans on this one; shared and empty until the first. */
  children: readonly Link[];
  mac: Uint8Array | null;
  /** Shared and empty until the first (kernel.ts adds them, with `inserted`). */
  addrs: readonly Addr[];
  /** Routes through this link, so that deleting it is not a scan of the tables; shared and empty until the first. */
  routes: readonly Route[];
  /** IPv6 has seen the link ready (up with a carrier) and made its link-local address. */
  ipv6Ready: boolean;
  /** Frames also leave to a network outside the model (a physical interface of the host). */
  external: boolean;
  owner: Owner;
}

/** The empty list links share until they have ports, children or altnames. */
export const NO_LINKS: readonly Link[] = Object.freeze([]);
export const NO_NAMES: readonly string[] = Object.freeze([]);
export const NO_ADDRS: readonly Addr[] = Object.freeze([]);
export const NO_ROUTES: readonly Route[] = Object.freeze([]);
export const NO_KEYS: readonly number[] = Object.freeze([]);

/** Adds to a list that may be a shared empty one: the list to keep. */
export function pushed<T>(list: readonly T[], x: T): readonly T[] {
  if (list.length === 0) return [x];
  (list as T[]).push(x);
  return list;
}

/**
 * Below this length a list is made again at its exact size for each element
 * added; longer ones grow in place. A list grown by push keeps room for
 * sixteen more elements, which the many small lists of a large host (each
 * link's addresses and routes, each container's namespace) would hold for
 * nothing.
 */
const SMALL_LIST = 8;

/** The list with `x` inserted at `at` (its end by default): a new list of just its size while small, else the same list grown in place. Assign it back. */
export function inserted<T>(list: readonly T[], x: T, at = list.length): T[] {
  const n = list.length;
  if (n >= SMALL_LIST) {
    if (at === n) (list as T[]).push(x);
    else (list as T[]).splice(at, 0, x);
    return list as T[];
  }
  const out = new Array<T>(n + 1);
  for (let i = 0; i < at; i++) out[i] = list[i]!;
  out[at] = x;
  for (let i = at; i < n; i++) out[i + 1] = list[i]!;
  return out;
}

/** Takes `x` out of a list (searched from its end: what goes is mostly what came last). */
export function unlisted<T>(list: readonly T[], x: T): void {
  const i = list.lastIndexOf(x);
  if (i !== -1) (list as T[]).splice(i, 1);
}

/** The prefix lengths of a table not yet indexed (every namespace has two tables, most of them small). */
const NO_LENS: readonly number[] = Object.freeze([]);

/** Past this many routes a table is indexed; below, a scan of its few routes is quicker than any index. */
const SMALL_TABLE = 16;


/**
 * A bucket of an index: its one element alone (most networks and addresses of
 * a large host have one route or one address, and a list of one would cost
 * an array more for each), or a list of them in insertion order.
 */
type Bucket<T> = T | T[];

/** Whether a bucket (or a table's list) is a list, not one element alone. */
const isList = <T>(b: T | readonly T[]): b is readonly T[] => Array.isArray(b);

/** Adds `x` to a bucket (undefined: none yet); the bucket to keep in the map. */
function intoBucket<T extends object>(b: Bucket<T> | undefined, x: T): Bucket<T> {
  if (b === undefined) return x;
  if (Array.isArray(b)) {
    b.push(x);
    return b;
  }
  return [b, x];
}

/** Takes `x` out of a bucket: the bucket to keep, or undefined once it is empty. */
function outOfBucket<T extends object>(b: Bucket<T>, x: T): Bucket<T> | undefined {
  if (!Array.isArray(b)) return b === x ? undefined : b;
  unlisted(b, x);
  return b.length === 0 ? undefined : b;
}

/**
 * One main routing table of one family. A container's table has a handful of
 * routes and is a list, scanned; the host's has thousands and is indexed by
 * prefix length and network (a hash of the masked address, each bucket in
 * insertion order). Either way the routes of one network keep their
 * insertion order.
 */
export class RouteTable {
  /** Every route, in insertion order, while the table is small. */
  private list: readonly Route[] | null = NO_ROUTES;
  /** Once large: by prefix length, then by inetHash of the network. */
  private byLen: Map<number, Map<number, Bucket<Route>>> | null = null;
  /** The prefix lengths in use once indexed, longest first. */
  private lens: readonly number[] = NO_LENS;

  constructor(readonly family: Family) {}

  /** The routes of exactly this network (`dst/plen`), in insertion order. */
  at(dst: Inet, plen: number): readonly Route[] {
    const from = this.list ?? this.byLen!.get(plen)?.get(inetHash(dst, plen));
    if (from === undefined) return NO_ROUTES;
    if (!isList(from)) return from.plen === plen && samePrefix(from.dst, dst, plen) ? [from] : NO_ROUTES;
    let out: Route[] | null = null;
    for (let i = 0; i < from.length; i++) {
      const r = from[i]!;
      if (r.plen === plen && samePrefix(r.dst, dst, plen)) (out ??= []).push(r);
    }
    return out ?? NO_ROUTES;
  }

  /** The destination of a route to exactly the address `x` (a host route), or `x` itself when there is none. */
  held(x: Inet): Inet {
    const width = widthOf(x.family);
    const from = this.list ?? this.byLen!.get(width)?.get(inetHash(x, width));
    if (from === undefined) return x;
    if (!isList(from)) return from.plen === width && samePrefix(from.dst, x, width) ? from.dst : x;
    for (let i = 0; i < from.length; i++) if (from[i]!.plen === width && samePrefix(from[i]!.dst, x, width)) return from[i]!.dst;
    return x;
  }

  /** The first route of exactly this network with this metric. */
  atMetric(dst: Inet, plen: number, metric: number): Route | undefined {
    const from = this.list ?? this.byLen!.get(plen)?.get(inetHash(dst, plen));
    if (from === undefined) return undefined;
    if (!isList(from)) return from.plen === plen && from.metric === metric && samePrefix(from.dst, dst, plen) ? from : undefined;
    for (let i = 0; i < from.length; i++) {
      const r = from[i]!;
      if (r.plen === plen && r.metric === metric && samePrefix(r.dst, dst, plen)) return r;
    }
    return undefined;
  }

  add(r: Route): void {
    if (this.list !== null) {
      this.list = inserted(this.list, r);
      if (this.list.length > SMALL_TABLE) {
        const all = this.list;
        this.list = null;
        this.byLen = new Map();
        for (const x of all) this.index(x);
      }
    } else this.index(r);
    r.dev.routes = inserted(r.dev.routes, r);
  }

  private index(r: Route): void {
    let m = this.byLen!.get(r.plen);
    if (m === undefined) {
      this.byLen!.set(r.plen, (m = new Map()));
      this.lens = [...this.byLen!.keys()].sort((a, b) => b - a);
    }
    const k = inetHash(r.dst, r.plen);
    const bucket = m.get(k);
    const kept = intoBucket(bucket, r);
    if (kept !== bucket) m.set(k, kept);
  }

  remove(r: Route): void {
    unlisted(r.dev.routes, r);
    if (this.list !== null) {
      unlisted(this.list, r);
      return;
    }
    const m = this.byLen!.get(r.plen);
    const k = inetHash(r.dst, r.plen);
    const bucket = m?.get(k);
    if (bucket === undefined) return;
    const kept = outOfBucket(bucket, r);
    if (kept === undefined) m!.delete(k);
    else if (kept !== bucket) m!.set(k, kept);
  }

  /**
   * The route to `addr`: among the routes of the longest prefix that covers
   * it and has a usable route (`usable`), the first in insertion order, or
   * with `lowestMetric` the first of the lowest metric; null when none is.
   */
  lookup(addr: Inet, usable: (r: Route) => boolean, lowestMetric = false): Route | null {
    if (this.list !== null) {
      let best: Route | null = null;
      for (let i = 0; i < this.list.length; i++) {
        const r = this.list[i]!;
        if (best !== null && r.plen < best.plen) continue;
        if (!samePrefix(r.dst, addr, r.plen) || !usable(r)) continue;
        if (best === null || r.plen > best.plen || (lowestMetric && r.metric < best.metric)) best = r;
      }
      return best;
    }
    for (let n = 0; n < this.lens.length; n++) {
      const plen = this.lens[n]!;
      const bucket = this.byLen!.get(plen)!.get(inetHash(addr, plen));
      if (bucket === undefined) continue;
      if (!Array.isArray(bucket)) {
        if (samePrefix(bucket.dst, addr, plen) && usable(bucket)) return bucket;
        continue;
      }
      let best: Route | null = null;
      for (let i = 0; i < bucket.length; i++) {
        const r = bucket[i]!;
        if (!samePrefix(r.dst, addr, plen) || !usable(r)) continue;
        if (!lowestMetric) return r;
        if (best === null || r.metric < best.metric) best = r;
      }
      if (best !== null) return best;
    }
    return null;
  }

  /** Every route, for listings and tests. */
  *all(): IterableIterator<Route> {
    if (this.list !== null) yield* this.list;
    else
      for (const m of this.byLen!.values())
        for (const bucket of m.values()) {
          if (Array.isArray(bucket)) yield* bucket;
          else yield bucket;
        }
  }
}


/**
 * Addresses by value, in the order they were added: the host's index of every
 * namespace's addresses (who else answers for an address), from which a
 * namespace's own are found too. Keyed by inetHash, each bucket compared.
 */
export class AddrIndex {
  private readonly m = new Map<number, Bucket<Addr>>();

  add(a: Addr): void {
    const k = inetHash(a.inet, widthOf(a.family));
    const bucket = this.m.get(k);
    const kept = intoBucket(bucket, a);
    if (kept !== bucket) this.m.set(k, kept);
  }

  remove(a: Addr): void {
    const k = inetHash(a.inet, widthOf(a.family));
    const bucket = this.m.get(k);
    if (bucket === undefined) return;
    const kept = outOfBucket(bucket, a);
    if (kept === undefined) this.m.delete(k);
    else if (kept !== bucket) this.m.set(k, kept);
  }

  /** Whether an address equal to `x` of namespace `ns` passes `ok` (find's question, without a list). */
  has(x: Inet, ns: Netns, ok: (a: Addr) => boolean): boolean {
    const bucket = this.m.get(inetHash(x, widthOf(x.family)));
    if (bucket === undefined) return false;
    if (!Array.isArray(bucket)) return bucket.link.ns === ns && sameValue(bucket, x) && ok(bucket);
    for (let i = 0; i < bucket.length; i++) {
      const a = bucket[i]!;
      if (a.link.ns === ns && sameValue(a, x) && ok(a)) return true;
    }
    return false;
  }

  /** An address equal to `x` that some namespace holds, or `x` itself when none does (so that who keeps one needs no copy). */
  held(x: Inet): Inet {
    const bucket = this.m.get(inetHash(x, widthOf(x.family)));
    if (bucket === undefined) return x;
    if (!isList(bucket)) return sameValue(bucket, x) ? bucket.inet : x;
    for (let i = 0; i < bucket.length; i++) if (sameValue(bucket[i]!, x)) return bucket[i]!.inet;
    return x;
  }

  /** The addresses equal to `x` (of namespace `ns` when given), in the order they were added. Read-only. */
  find(x: Inet, ns: Netns | null): readonly Addr[] {
    const bucket = this.m.get(inetHash(x, widthOf(x.family)));
    if (bucket === undefined) return NO_ADDRS;
    if (!Array.isArray(bucket)) return (ns === null || bucket.link.ns === ns) && sameValue(bucket, x) ? [bucket] : NO_ADDRS;
    let out: Addr[] | null = null;
    for (let i = 0; i < bucket.length; i++) {
      const a = bucket[i]!;
      const fits = (ns === null || a.link.ns === ns) && sameValue(a, x);
      if (out === null) {
        if (fits) continue;
        out = bucket.slice(0, i);
      } else if (fits) out.push(a);
    }
    return out ?? bucket;
  }
}

const sameValue = (a: Addr, x: Inet) => a.inet === x || (a.family === x.family && a.inet.w0 === x.w0 && a.inet.w1 === x.w1 && a.inet.w2 === x.w2 && a.inet.w3 === x.w3);

export interface Netns {
  id: number;
  /** `host`, `container:NAME`, or a namespace path (`/run/netns/vpn`). */
  label: string;
  /** False where the host's facts are unknown: what the replay did not create there may exist. */
  known: boolean;
  /** The links, each once, by interface index. */
  links: readonly Link[];
  /** Links by name and by altname, once the namespace has more than a few (kernel.linkByName searches a small one). */
  names: Map<string, Link> | null;
  nextIndex: number;
  v4: RouteTable;
  v6: RouteTable;
  /** Counts the changes to the namespace's addresses (each added or taken away), so that what depends on them alone is done again only after one. */
  addrGen: number;
  /** The addresses of every namespace of the host by value, shared by them all (who else answers for an address; a namespace's own). */
  world: AddrIndex;
}

let ids = 0;

/** A namespace; `world` is the address index it shares with the other namespaces of its host. */
export function newNetns(label: string, known: boolean, world: AddrIndex = new AddrIndex()): Netns {
  return { id: ++ids, label, known, links: NO_LINKS, names: null, nextIndex: 1, v4: new RouteTable(4), v6: new RouteTable(6), addrGen: 0, world };
}

/** A new link object (not yet in its namespace's index: kernel.ts adds it). */
export function newLink(ns: Netns, name: string, kind: LinkKind, owner: Owner): Link {
  return {
    id: ++ids,
    index: ns.nextIndex++,
    name,
    altnames: NO_NAMES,
    kind,
    ns,
    up: false,
    master: null,
    ports: NO_LINKS,
    peer: null,
    parent: null,
    children: NO_LINKS,
    mac: null,
    addrs: NO_ADDRS,
    routes: NO_ROUTES,
    ipv6Ready: false,
    external: kind === "physical" || kind === "vlan" || kind === "bond" || kind === "wireguard" || kind === "tun" || kind === "other",
    owner,
  };
}

export const tableOf = (ns: Netns, family: Family) => (family === 4 ? ns.v4 : ns.v6);

/** A container's forwarded port, as nspawn's --port gives it. */
export interface PortSpec {
  protocol: "tcp" | "udp";
  hostPort: number;
  containerPort: number;
}

/** An entry of nspawn's DNAT map (one per family, protocol and host port, host-wide): which container gets the host port. */
export interface Forward {
  container: string;
  family: Family;
  protocol: "tcp" | "udp";
  hostPort: number;
  address: Inet;
  containerPort: number;
}

/** A mount nspawn makes in a container. */
export interface Mount {
  kind: "bind" | "bind-ro" | "tmpfs";
  /** Host path (bind), or null. */
  source: string | null;
  destination: string;
  options: string;
}

/** What one container's nspawn holds on the host. */
export interface ContainerState {
  name: string;
  ns: Netns;
  /** The container has a network namespace of its own (private network, moved interfaces or macvlans), not the host's or a named one. */
  privateNs: boolean;
  ports: PortSpec[];
  /** The user namespace: [first UID, count], `pick` (chosen by nspawn at start), or null without one. */
  users: [number, number] | "pick" | null;
  /** The host ends nspawn made and removes again (primary veth, extra veths). */
  hostLinks: readonly Link[];
  /** Interfaces nspawn moved in (by name as given), returned to the host when the container stops. */
  moved: readonly string[];
  /** The entries of the port map this container holds (forwardKey). */
  forwardKeys: readonly number[];
  /** The namespace's addrGen when its ports were last exposed (-1: never). */
  exposedAt: number;
  running: boolean;
}

/** The whole host: its namespace, named namespaces, containers, and the port map. */
export interface HostState {
  host: Netns;
  /** Named network namespaces by path. */
  named: Map<string, Netns>;
  containers: Map<string, ContainerState>;
  /** nspawn's DNAT map: forwardKey (family, protocol, host port) → the entry. */
  forwards: Map<number, Forward>;
  /** The host's paths known to exist, each with its parent directories (host.paths), or null when not known. */
  paths: Set<string> | null;
}

/** The key of an entry of nspawn's map: family, protocol and host port in one number. */
export const forwardKey = (family: Family, protocol: "tcp" | "udp", hostPort: number) => (family === 6 ? 1 << 18 : 0) | (protocol === "udp" ? 1 << 17 : 0) | hostPort;
