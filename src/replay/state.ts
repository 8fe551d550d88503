/**
 * The kernel state the units' steps touch, as plain data: network namespaces
 * with their links, addresses and main routing tables, and what is shared by
 * the whole host (nspawn's port forwards, the containers' mounts and user
 * namespace ranges). The operations on it are in kernel.ts; `ip` and
 * systemd-nspawn are read into them by ip.ts and nspawn-*.ts.
 *
 * Indexes keep every lookup a hash lookup: links by name and altname in each
 * namespace, routes by prefix length and network, local addresses by value.
 */
import { maskedKey, type Family } from "./inet.js";

export type LinkKind = "loopback" | "veth" | "bridge" | "macvlan" | "physical" | "vlan" | "dummy" | "bond" | "wireguard" | "tun" | "other";

/** Who made a thing: a container (by name), the host's own configuration, or the kernel. */
export type Owner = string;
export const HOST: Owner = "(host)";

/** Address scopes as the kernel numbers them. */
export const SCOPE_GLOBAL = 0;
export const SCOPE_LINK = 253;
export const SCOPE_HOST = 254;

export interface Addr {
  family: Family;
  bytes: Uint8Array;
  plen: number;
  scope: number;
  link: Link;
  /** IPv4: in the subnet of an earlier address of the same link (no prefix route of its own). */
  secondary: boolean;
  /** IPv6: the link-local address the kernel made itself (its interface identifier comes from the MAC, which the model does not know). */
  auto: boolean;
  owner: Owner;
}

export interface Route {
  family: Family;
  /** The destination, masked to plen. */
  dst: Uint8Array;
  plen: number;
  metric: number;
  dev: Link;
  gateway: Uint8Array | null;
  prefsrc: Uint8Array | null;
  /** `kernel` for the routes the kernel makes for an address, `boot` for `ip route add` (iproute2's default). */
  proto: "kernel" | "boot";
  scope: number;
  /** The address a kernel route belongs to. */
  addr: Addr | null;
  owner: Owner;
}

export interface Link {
  /** Identity across namespaces. */
  id: number;
  /** The interface index in its namespace. */
  index: number;
  name: string;
  altnames: string[];
  kind: LinkKind;
  ns: Netns;
  up: boolean;
  master: Link | null;
  /** A bridge's (or bond's) ports. */
  ports: Link[];
  /** A veth's other end (possibly in another namespace). */
  peer: Link | null;
  /** A macvlan's or vlan's lower interface. */
  parent: Link | null;
  /** Macvlans and vlans on this one. */
  children: Link[];
  mac: Uint8Array | null;
  addrs: Addr[];
  /** Routes through this link, so that deleting it is not a scan of the tables. */
  routes: Set<Route>;
  /** IPv6 has seen the link ready (up with a carrier) and made its link-local address. */
  ipv6Ready: boolean;
  /** Frames also leave to a network outside the model (a physical interface of the host). */
  external: boolean;
  owner: Owner;
}

/** One main routing table of one family: routes by prefix length, then by network (each in insertion order). */
export class RouteTable {
  private readonly byLen = new Map<number, Map<string, Set<Route>>>();
  /** The prefix lengths in use, longest first. */
  lens: number[] = [];

  constructor(readonly family: Family) {}

  private keyOf(bytes: Uint8Array, plen: number): string {
    return maskedKey(this.family, bytes, plen);
  }

  /** The routes of exactly this network (`dst/plen`), in insertion order. */
  at(dst: Uint8Array, plen: number): Iterable<Route> {
    return this.byLen.get(plen)?.get(this.keyOf(dst, plen)) ?? NONE;
  }

  add(r: Route): void {
    let m = this.byLen.get(r.plen);
    if (m === undefined) {
      this.byLen.set(r.plen, (m = new Map()));
      this.lens = [...this.byLen.keys()].sort((a, b) => b - a);
    }
    const k = this.keyOf(r.dst, r.plen);
    const set = m.get(k);
    if (set === undefined) m.set(k, new Set([r]));
    else set.add(r);
    r.dev.routes.add(r);
  }

  remove(r: Route): void {
    const m = this.byLen.get(r.plen);
    const k = this.keyOf(r.dst, r.plen);
    const set = m?.get(k);
    if (set === undefined) return;
    set.delete(r);
    if (set.size === 0) m!.delete(k);
    r.dev.routes.delete(r);
  }

  /** The routes of the longest prefix that covers `addr` and has a usable route (`usable` filters), or []. */
  lookup(addr: Uint8Array, usable: (r: Route) => boolean): Route[] {
    for (const plen of this.lens) {
      const set = this.byLen.get(plen)!.get(this.keyOf(addr, plen));
      if (set === undefined) continue;
      const ok: Route[] = [];
      for (const r of set) if (usable(r)) ok.push(r);
      if (ok.length > 0) return ok;
    }
    return [];
  }

  /** Every route, for listings and tests. */
  *all(): IterableIterator<Route> {
    for (const m of this.byLen.values()) for (const set of m.values()) yield* set;
  }
}

const NONE: readonly Route[] = [];

export interface Netns {
  id: number;
  /** `host`, `container:NAME`, or a namespace path (`/run/netns/vpn`). */
  label: string;
  /** False where the host's facts are unknown: what the replay did not create there may exist. */
  known: boolean;
  /** Links by name and by altname. */
  links: Map<string, Link>;
  nextIndex: number;
  v4: RouteTable;
  v6: RouteTable;
  /** Addresses by value (inetKey), for local delivery and duplicate checks. */
  locals: Map<string, Addr[]>;
  /** The addresses of every namespace of the host by value, shared by them all (who else answers for an address). */
  world: Map<string, Addr[]>;
}

let ids = 0;

/** A namespace; `world` is the address index it shares with the other namespaces of its host. */
export function newNetns(label: string, known: boolean, world: Map<string, Addr[]> = new Map()): Netns {
  return { id: ++ids, label, known, links: new Map(), nextIndex: 1, v4: new RouteTable(4), v6: new RouteTable(6), locals: new Map(), world };
}

/** A new link object (not yet in its namespace's index: kernel.ts adds it). */
export function newLink(ns: Netns, name: string, kind: LinkKind, owner: Owner): Link {
  return {
    id: ++ids,
    index: ns.nextIndex++,
    name,
    altnames: [],
    kind,
    ns,
    up: false,
    master: null,
    ports: [],
    peer: null,
    parent: null,
    children: [],
    mac: null,
    addrs: [],
    routes: new Set(),
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
  address: Uint8Array;
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
  mounts: Mount[];
  /** The user namespace: [first UID, count], `pick` (chosen by nspawn at start), or null without one. */
  users: [number, number] | "pick" | null;
  /** The host ends nspawn made and removes again (primary veth, extra veths). */
  hostLinks: Link[];
  /** Interfaces nspawn moved in (by name as given), returned to the host when the container stops. */
  moved: string[];
  /** The entries of the port map this container holds. */
  forwardKeys: Set<string>;
  running: boolean;
}

/** The whole host: its namespace, named namespaces, containers, and the port map. */
export interface HostState {
  host: Netns;
  /** Named network namespaces by path. */
  named: Map<string, Netns>;
  containers: Map<string, ContainerState>;
  /** nspawn's DNAT map: `${family}/${protocol}/${hostPort}` → the entry. */
  forwards: Map<string, Forward>;
}

export const forwardKey = (family: Family, protocol: string, hostPort: number) => `${family}/${protocol}/${hostPort}`;
