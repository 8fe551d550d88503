/**
 * The kernel's side of the steps, over the state of state.ts: links made,
 * renamed, enslaved, brought up, moved and deleted; addresses and routes
 * added, with the kernel's own routes for addresses. Each operation answers
 * null or the kernel's refusal (errno and extack), checked in the kernel's
 * order. Facts here were read in the kernel's sources (net/core/dev.c,
 * rtnetlink.c, net/ipv4/devinet.c, fib_frontend.c, fib_semantics.c,
 * fib_trie.c, net/ipv6/addrconf.c, route.c, ip6_fib.c) and each is held to
 * the real kernel by test/replay/ip-differential.test.ts.
 */
import { kerr, type KernelError } from "./errors.js";
import { hostBitsSet, inetKey, masked, samePrefix, type Family } from "./inet.js";
import { newLink, SCOPE_GLOBAL, SCOPE_HOST, SCOPE_LINK, tableOf, type Addr, type Link, type LinkKind, type Netns, type Owner, type Route } from "./state.js";

/** The kernel's dev_valid_name: 1 to 15 bytes, not `.` or `..`, no `/`, `:` or whitespace. */
export function validIfname(name: string): boolean {
  if (name === "" || Buffer.byteLength(name) >= 16 || name === "." || name === "..") return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2f || c === 0x3a || c === 0x20 || (c >= 0x09 && c <= 0x0d)) return false;
  }
  return true;
}

/** A link by name or altname. */
export const linkByName = (ns: Netns, name: string): Link | undefined => ns.links.get(name);

/** Whether the link passes frames: up, and its carrier is on (a veth's other end up, a bridge with a port that passes frames). */
export function carrier(l: Link, depth = 0): boolean {
  if (!l.up || depth > 8) return false;
  switch (l.kind) {
    case "veth":
      return l.peer !== null && l.peer.up;
    case "bridge":
      // A bridge without ports has its carrier on; with ports, while one of them passes frames.
      return l.ports.length === 0 || l.ports.some((p) => carrier(p, depth + 1));
    case "macvlan":
    case "vlan":
      return l.parent === null || carrier(l.parent, depth + 1);
    default:
      return true;
  }
}

function register(l: Link): void {
  l.ns.links.set(l.name, l);
  for (const a of l.altnames) l.ns.links.set(a, l);
}

function unregister(l: Link): void {
  if (l.ns.links.get(l.name) === l) l.ns.links.delete(l.name);
  for (const a of l.altnames) if (l.ns.links.get(a) === l) l.ns.links.delete(a);
}

/** Makes a link (kind not veth) in `ns`. */
export function createLink(ns: Netns, name: string, kind: LinkKind, owner: Owner): Link | KernelError {
  if (!validIfname(name)) return kerr("EINVAL");
  const there = ns.links.get(name);
  if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  const l = newLink(ns, name, kind, owner);
  register(l);
  if (kind === "loopback") l.external = false;
  return l;
}

/** Makes a veth pair: `name` in `ns`, `peerName` in `peerNs`. */
export function createVeth(ns: Netns, name: string, peerNs: Netns, peerName: string, owner: Owner): [Link, Link] | KernelError {
  if (!validIfname(name) || !validIfname(peerName)) return kerr("EINVAL");
  const there = peerNs.links.get(peerName) ?? ns.links.get(name);
  if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  if (ns === peerNs && name === peerName) return kerr("EEXIST");
  const peer = newLink(peerNs, peerName, "veth", owner);
  register(peer);
  const l = newLink(ns, name, "veth", owner);
  register(l);
  l.peer = peer;
  peer.peer = l;
  return [l, peer];
}

/** Adds an altname (no check of length here: the callers do). */
export function addAltname(l: Link, alt: string): KernelError | null {
  if (l.ns.links.has(alt)) return kerr("EEXIST");
  l.altnames.push(alt);
  l.ns.links.set(alt, l);
  return null;
}

/** The links whose carrier may follow `l`'s. */
function dependents(l: Link): Link[] {
  const out = [l];
  const add = (x: Link | null) => {
    if (x !== null && !out.includes(x)) out.push(x);
  };
  add(l.peer);
  add(l.master);
  add(l.peer?.master ?? null);
  for (const c of l.children) add(c);
  for (const c of l.peer?.children ?? []) add(c);
  return out;
}

/** IPv6 makes a link-local address and the fe80::/64 route once a link is up with a carrier. */
function refreshIpv6(links: Link[]): void {
  for (const l of links) {
    if (l.ipv6Ready || l.kind === "loopback" || !carrier(l)) continue;
    l.ipv6Ready = true;
    const ll = new Uint8Array(16);
    ll[0] = 0xfe;
    ll[1] = 0x80;
    const a: Addr = { family: 6, bytes: ll, plen: 64, scope: SCOPE_LINK, link: l, secondary: false, auto: true, owner: l.owner };
    insertAddr6(l, a);
    kernelRoute(l, 6, ll, 64, 256, null, a);
  }
}

/** Brings a link up: its IPv4 prefix routes, IPv6's routes for its addresses, and the carrier of the links around it. */
export function setUp(l: Link): void {
  if (l.up) return;
  l.up = true;
  if (l.kind === "loopback") {
    if (!l.addrs.some((a) => a.family === 4)) addAddr(l, 4, Uint8Array.of(127, 0, 0, 1), 8, SCOPE_HOST, l.owner);
    if (!l.addrs.some((a) => a.family === 6)) addAddr(l, 6, loopback6(), 128, SCOPE_HOST, l.owner);
  }
  for (const a of [...l.addrs]) if (!a.auto) prefixRoutes(a);
  refreshIpv6(dependents(l));
}

const loopback6 = () => {
  const b = new Uint8Array(16);
  b[15] = 1;
  return b;
};

/** Renames a link. */
export function rename(l: Link, name: string): KernelError | null {
  if (!validIfname(name)) return kerr("EINVAL");
  if (name === l.name) return null;
  const there = l.ns.links.get(name);
  if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  unregister(l);
  l.name = name;
  register(l);
  return null;
}

/** Enslaves `l` to `master` (a bridge); detaches it from an earlier master. */
export function setMaster(l: Link, master: Link): KernelError | null {
  if (master.kind !== "bridge") return kerr("EOPNOTSUPP");
  if (l.master === master) return null;
  if (l.master !== null) detach(l);
  l.master = master;
  master.ports.push(l);
  refreshIpv6(dependents(l).concat(master));
  return null;
}

function detach(l: Link): void {
  const m = l.master;
  if (m === null) return;
  m.ports.splice(m.ports.indexOf(l), 1);
  l.master = null;
}

export function setNomaster(l: Link): void {
  detach(l);
}

/** Sets a link's MAC address: unicast and not all zeros (is_valid_ether_addr). */
export function setMac(l: Link, mac: Uint8Array): KernelError | null {
  if (mac.length !== 6 || (mac[0]! & 1) === 1 || mac.every((b) => b === 0)) return kerr("EADDRNOTAVAIL");
  l.mac = mac;
  return null;
}

function dropRoute(r: Route): void {
  tableOf(r.dev.ns, r.family).remove(r);
}

function unlist(m: Map<string, Addr[]>, k: string, a: Addr): void {
  const list = m.get(k);
  if (list === undefined) return;
  const i = list.indexOf(a);
  if (i !== -1) list.splice(i, 1);
  if (list.length === 0) m.delete(k);
}

function dropAddr(a: Addr): void {
  const k = inetKey(a.family, a.bytes);
  unlist(a.link.ns.locals, k, a);
  unlist(a.link.ns.world, k, a);
}

/** Takes a link out of its namespace as the kernel does before a move or a delete: down, no addresses, no routes, no master, no ports. */
function strip(l: Link): void {
  for (const r of [...l.routes]) dropRoute(r);
  for (const a of l.addrs) dropAddr(a);
  l.addrs = [];
  detach(l);
  for (const p of [...l.ports]) detach(p);
  l.up = false;
  l.ipv6Ready = false;
}

/** Deletes a link, with its veth peer and the macvlans and vlans on it. */
export function deleteLink(l: Link, seen = new Set<Link>()): void {
  if (seen.has(l)) return;
  seen.add(l);
  const around = [l.peer, ...l.ports, l.master].filter((x): x is Link => x !== null);
  strip(l);
  unregister(l);
  if (l.parent !== null) l.parent.children.splice(l.parent.children.indexOf(l), 1);
  if (l.peer !== null) deleteLink(l.peer, seen);
  for (const c of [...l.children]) deleteLink(c, seen);
  l.peer = null;
  for (const x of around) if (!seen.has(x)) refreshCarrier(x);
}

/** Carrier follows the links around a change (bridges losing their last port stay ready for IPv6 as the kernel keeps their addresses). */
function refreshCarrier(l: Link): void {
  refreshIpv6([l]);
}

/** Moves a link into another namespace (nspawn's --network-interface, `ip link set … netns`): down, addresses and routes flushed, a new index there. */
export function moveLink(l: Link, to: Netns): KernelError | null {
  if (l.kind === "bridge" || l.kind === "loopback" || l.kind === "bond") return kerr("EINVAL");
  for (const n of [l.name, ...l.altnames]) {
    const there = to.links.get(n);
    if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  }
  strip(l);
  unregister(l);
  l.ns = to;
  l.index = to.nextIndex++;
  register(l);
  refreshIpv6(dependents(l));
  return null;
}

// Addresses.

function insertAddr6(l: Link, a: Addr): void {
  // Newer addresses of a wider or equal scope go in front (ipv6_link_dev_addr): global before link-local.
  const rank = (x: Addr) => (x.scope === SCOPE_GLOBAL ? 14 : x.scope === SCOPE_LINK ? 2 : 1);
  let i = l.addrs.findIndex((x) => x.family === 6 && rank(a) >= rank(x));
  if (i === -1) i = l.addrs.length;
  l.addrs.splice(i, 0, a);
  indexAddr(a);
}

function listed(m: Map<string, Addr[]>, k: string, a: Addr): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [a]);
  else list.push(a);
}

function indexAddr(a: Addr): void {
  const k = inetKey(a.family, a.bytes);
  listed(a.link.ns.locals, k, a);
  listed(a.link.ns.world, k, a);
}

/** The IPv4 address of the link that a secondary address shares its subnet with. */
function primaryOf(a: Addr): Addr {
  return a.link.addrs.find((x) => x.family === 4 && !x.secondary && x.plen === a.plen && samePrefix(x.bytes, a.bytes, a.plen)) ?? a;
}

/** The kernel's routes for an address while its link is up (fib_add_ifaddr; addrconf_prefix_route). */
function prefixRoutes(a: Addr): void {
  const l = a.link;
  if (!l.up) return;
  if (a.family === 4) {
    const prefix = masked(a.bytes, a.plen);
    const zeronet = prefix[0] === 0;
    const sameAsAddr = a.plen === 32;
    if (!zeronet && !a.secondary && !sameAsAddr && l.kind !== "loopback") kernelRoute(l, 4, prefix, a.plen, 0, primaryOf(a).bytes, a);
    return;
  }
  // The loopback's ::1 is a route of the local table only.
  if (l.kind === "loopback" && a.plen === 128) return;
  kernelRoute(l, 6, masked(a.bytes, a.plen), a.plen, 256, null, a);
}

/** Adds a kernel route unless the same one is there (same network, metric, device and source). */
function kernelRoute(l: Link, family: Family, dst: Uint8Array, plen: number, metric: number, prefsrc: Uint8Array | null, a: Addr): void {
  const net = masked(dst, plen);
  // The same route through the same link: looked for among the link's few routes, not the table's (every link has an fe80::/64).
  for (const r of l.routes) if (r.family === family && r.plen === plen && r.metric === metric && r.proto === "kernel" && sameBytes(r.dst, net) && sameBytes(r.prefsrc, prefsrc)) return;
  tableOf(l.ns, family).add({ family, dst: net, plen, metric, dev: l, gateway: null, prefsrc, proto: "kernel", scope: SCOPE_LINK, addr: a, owner: a.owner });
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null) => (a === null || b === null ? a === b : a.length === b.length && a.every((x, i) => x === b[i]));
export { sameBytes };

/**
 * Adds an address (`ip addr add`; IPv4: __inet_insert_ifa, IPv6:
 * inet6_addr_add). IPv4 refuses the same address with the same prefix length
 * on the link, and makes a second address of a subnet secondary; IPv6 refuses
 * the same address on the link, the unspecified, loopback and multicast ones.
 */
export function addAddr(l: Link, family: Family, bytes: Uint8Array, plen: number, scope: number, owner: Owner): KernelError | null {
  if (family === 4) {
    let secondary = false;
    for (const x of l.addrs) {
      if (x.family !== 4 || x.plen !== plen || !samePrefix(x.bytes, bytes, plen)) continue;
      if (sameBytes(x.bytes, bytes)) return kerr("EEXIST", "ipv4: Address already assigned", x.owner);
      if (x.scope !== scope) return kerr("EINVAL", "ipv4: Invalid scope value");
      secondary = true;
    }
    const a: Addr = { family, bytes, plen, scope, link: l, secondary, auto: false, owner };
    if (secondary) l.addrs.push(a);
    else {
      // After the last primary address of the same or a wider scope number (the kernel's list order).
      let at = 0;
      for (let i = 0; i < l.addrs.length; i++) {
        const x = l.addrs[i]!;
        if (x.family === 4 && !x.secondary && scope <= x.scope) at = i + 1;
      }
      l.addrs.splice(at, 0, a);
    }
    indexAddr(a);
    prefixRoutes(a);
    return null;
  }
  if (bytes.every((b) => b === 0)) return kerr("EINVAL", "ipv6: Invalid address");
  if (bytes[0] === 0xff) return kerr("EINVAL", 'ipv6: Cannot assign multicast address without "IFA_F_MCAUTOJOIN" flag');
  if (l.kind !== "loopback" && bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return kerr("EINVAL", "ipv6: Cannot assign loopback address on this device");
  const dup = l.addrs.find((x) => x.family === 6 && sameBytes(x.bytes, bytes));
  if (dup !== undefined) return kerr("EEXIST", "ipv6: address already assigned", dup.owner);
  const a: Addr = { family, bytes, plen, scope, link: l, secondary: false, auto: false, owner };
  insertAddr6(l, a);
  prefixRoutes(a);
  return null;
}

// Routes.

export interface RouteRequest {
  family: Family;
  dst: Uint8Array;
  plen: number;
  dev: Link | null;
  gateway: Uint8Array | null;
  metric: number;
  owner: Owner;
}

/** Whether `addr` is an address of the namespace (any link, any state: IPv4's local routes exist for links that are down too). */
export const isLocal = (ns: Netns, family: Family, addr: Uint8Array) => (ns.locals.get(inetKey(family, addr))?.length ?? 0) > 0;

const first = <T>(xs: Iterable<T>, f: (x: T) => boolean): T | undefined => {
  for (const x of xs) if (f(x)) return x;
  return undefined;
};

/** IPv4 `ip route add` (inet_rtm_newroute): the prefix, the next hop, then the same route already there. */
function addRoute4(ns: Netns, q: RouteRequest): KernelError | null {
  if (hostBitsSet(q.dst, q.plen)) return kerr("EINVAL", "Invalid prefix for given prefix length");
  let dev = q.dev;
  let scope = SCOPE_LINK;
  if (q.gateway !== null) {
    scope = SCOPE_GLOBAL;
    // fib_check_nh_v4_gw: the gateway must be on a link-scope route (or local) of the main or local table, through the given device if any.
    const local = ns.locals.get(inetKey(4, q.gateway))?.filter((a) => dev === null || a.link === dev);
    if (local !== undefined && local.length > 0) {
      const via = local[0]!.link;
      if (!via.up) return kerr("ENETDOWN");
      dev = via;
    } else {
      const found = ns.v4.lookup(q.gateway, (r) => r.scope >= SCOPE_LINK && r.gateway === null && (dev === null || r.dev === dev));
      if (found.length === 0) return kerr("EINVAL", "Nexthop has invalid gateway");
      const via = found[0]!.dev;
      if (!via.up) return kerr("ENETDOWN");
      dev = via;
    }
  } else {
    if (dev === null) return kerr("ENODEV");
    if (!dev.up) return kerr("ENETDOWN", "Device for nexthop is not up");
  }
  const same4 = first(ns.v4.at(q.dst, q.plen), (r) => r.metric === q.metric);
  if (same4 !== undefined) return kerr("EEXIST", undefined, same4.owner);
  ns.v4.add({ family: 4, dst: masked(q.dst, q.plen), plen: q.plen, metric: q.metric, dev: dev!, gateway: q.gateway, prefsrc: null, proto: "boot", scope, addr: null, owner: q.owner });
  return null;
}

/** Whether an IPv6 address is link-local (fe80::/10). */
const linkLocal6 = (b: Uint8Array) => b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;

/** IPv6 `ip route add` (ip6_route_add): the gateway (ip6_validate_gw), the device up, then a route of the same network and metric already there. */
function addRoute6(ns: Netns, q: RouteRequest): KernelError | null {
  let dev = q.dev;
  if (q.gateway !== null) {
    const gw = q.gateway;
    const localOn = (d: Link | null) => (ns.locals.get(inetKey(6, gw)) ?? []).some((a) => linkLocal6(gw) ? a.link === d : true);
    if (dev !== null && localOn(dev)) return kerr("EINVAL", "Gateway can not be a local address");
    if (!linkLocal6(gw)) {
      if (gw[0] === 0xff || gw.every((b) => b === 0)) return kerr("EINVAL", "Invalid gateway address");
      const found = ns.v6.lookup(gw, (r) => r.dev.up && (dev === null || r.dev === dev));
      const best = found[0];
      if (best === undefined || best.gateway !== null) {
        // Not on a route of the main table: ip6_route_check_nh looks in every table, where the loopback's ::1 is.
        const onLo = (ns.locals.get(inetKey(6, gw)) ?? []).find((a) => a.link.kind === "loopback" && a.link.up && (dev === null || a.link === dev));
        if (onLo === undefined) return kerr("EHOSTUNREACH");
        dev = onLo.link;
      } else if (dev === null) dev = best.dev;
    }
    if (dev === null) return kerr("EINVAL", "Egress device not specified");
    if (dev.kind === "loopback") return kerr("EINVAL", "Egress device can not be loopback device for this route");
    if (q.dev === null && localOn(dev)) return kerr("EINVAL", "Gateway can not be a local address");
  }
  if (dev === null) return kerr("ENODEV");
  if (!dev.up) return kerr("ENETDOWN", "Nexthop device is not up");
  const same6 = first(ns.v6.at(q.dst, q.plen), (r) => r.metric === q.metric);
  if (same6 !== undefined) return kerr("EEXIST", undefined, same6.owner);
  ns.v6.add({ family: 6, dst: masked(q.dst, q.plen), plen: q.plen, metric: q.metric, dev, gateway: q.gateway, prefsrc: null, proto: "boot", scope: SCOPE_GLOBAL, addr: null, owner: q.owner });
  return null;
}

export const addRoute = (ns: Netns, q: RouteRequest): KernelError | null => (q.family === 4 ? addRoute4(ns, q) : addRoute6(ns, q));
