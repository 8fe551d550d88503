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
import { hostBitsSet, Inet, inet4, masked, samePrefix, sameInet, sameOrNull, type Family } from "./inet.js";
import { Addr, inserted, newLink, NO_ADDRS, pushed, Route, SCOPE_GLOBAL, SCOPE_HOST, SCOPE_LINK, tableOf, unlisted, type Link, type LinkKind, type Netns, type Owner } from "./state.js";

/** The length of a string in UTF-8 bytes (Buffer.byteLength, without leaving JavaScript for a short name). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** The kernel's dev_valid_name: 1 to 15 bytes, not `.` or `..`, no `/`, `:` or whitespace. */
export function validIfname(name: string): boolean {
  if (name === "" || utf8Length(name) >= 16 || name === "." || name === "..") return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2f || c === 0x3a || c === 0x20 || (c >= 0x09 && c <= 0x0d)) return false;
  }
  return true;
}

/** Past this many links a namespace indexes them by name; below, a scan of its few links is quicker. */
const SMALL_NS = 8;

/** A link by name or altname. */
export function linkByName(ns: Netns, name: string): Link | undefined {
  if (ns.names !== null) return ns.names.get(name);
  const links = ns.links;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    if (l.name === name || (l.altnames.length > 0 && l.altnames.includes(name))) return l;
  }
  return undefined;
}

/** Whether the link passes frames: up, and its carrier is on (a veth's other end up, a bridge with a port that passes frames). */
export function carrier(l: Link, depth = 0): boolean {
  if (!l.up || depth > 8) return false;
  switch (l.kind) {
    case "veth":
      return l.peer !== null && l.peer.up;
    case "bridge": {
      // A bridge without ports has its carrier on; with ports, while one of them passes frames.
      if (l.ports.length === 0) return true;
      for (let i = 0; i < l.ports.length; i++) if (carrier(l.ports[i]!, depth + 1)) return true;
      return false;
    }
    case "macvlan":
    case "vlan":
      return l.parent === null || carrier(l.parent, depth + 1);
    default:
      return true;
  }
}

function addNames(l: Link): void {
  const m = l.ns.names;
  if (m === null) return;
  m.set(l.name, l);
  for (const a of l.altnames) m.set(a, l);
}

function dropNames(l: Link): void {
  const m = l.ns.names;
  if (m === null) return;
  if (m.get(l.name) === l) m.delete(l.name);
  for (const a of l.altnames) if (m.get(a) === l) m.delete(a);
}

/** Puts a link into its namespace (its index is the highest there, so the list stays in index order). */
function enter(l: Link): void {
  const ns = l.ns;
  ns.links = inserted(ns.links, l);
  if (ns.names === null && ns.links.length > SMALL_NS) {
    ns.names = new Map();
    for (const x of ns.links) addNames(x);
  } else addNames(l);
}

function leave(l: Link): void {
  dropNames(l);
  unlisted(l.ns.links, l);
}

/** Makes a link (kind not veth) in `ns`. */
export function createLink(ns: Netns, name: string, kind: LinkKind, owner: Owner): Link | KernelError {
  if (!validIfname(name)) return kerr("EINVAL");
  const there = linkByName(ns, name);
  if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  const l = newLink(ns, name, kind, owner);
  enter(l);
  if (kind === "loopback") l.external = false;
  return l;
}

/** Makes a veth pair: `name` in `ns`, `peerName` in `peerNs`. */
export function createVeth(ns: Netns, name: string, peerNs: Netns, peerName: string, owner: Owner): [Link, Link] | KernelError {
  if (!validIfname(name) || !validIfname(peerName)) return kerr("EINVAL");
  const there = linkByName(peerNs, peerName) ?? linkByName(ns, name);
  if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  if (ns === peerNs && name === peerName) return kerr("EEXIST");
  const peer = newLink(peerNs, peerName, "veth", owner);
  enter(peer);
  const l = newLink(ns, name, "veth", owner);
  enter(l);
  l.peer = peer;
  peer.peer = l;
  return [l, peer];
}

/** Adds an altname (no check of length here: the callers do). */
export function addAltname(l: Link, alt: string): KernelError | null {
  if (linkByName(l.ns, alt) !== undefined) return kerr("EEXIST");
  l.altnames = pushed(l.altnames, alt);
  l.ns.names?.set(alt, l);
  return null;
}

/** IPv6's link-local address as the model makes it (the interface identifier, from the MAC, left out): fe80::. */
const LINK_LOCAL = new Inet(6, 0xfe800000 | 0, 0, 0, 0);

/** IPv6 makes a link-local address and the fe80::/64 route once a link is up with a carrier. */
function refreshIpv6(l: Link | null): void {
  if (l === null || l.ipv6Ready || l.kind === "loopback" || !carrier(l)) return;
  l.ipv6Ready = true;
  const a = new Addr(LINK_LOCAL, 64, SCOPE_LINK, l, false, true, l.owner);
  insertAddr6(l, a);
  kernelRoute(l, 6, LINK_LOCAL, 64, 256, null, a);
}

/** The same for the link and those whose carrier may follow its (its peer, its master and its peer's, the macvlans and vlans on them); refreshing one twice does nothing. */
function refreshAround(l: Link): void {
  refreshIpv6(l);
  refreshIpv6(l.peer);
  refreshIpv6(l.master);
  refreshIpv6(l.peer?.master ?? null);
  for (let i = 0; i < l.children.length; i++) refreshIpv6(l.children[i]!);
  if (l.peer !== null) for (let i = 0; i < l.peer.children.length; i++) refreshIpv6(l.peer.children[i]!);
}

const LOOPBACK4 = inet4(0x7f000001);
const LOOPBACK6 = new Inet(6, 0, 0, 0, 1);

/** Brings a link up: its IPv4 prefix routes, IPv6's routes for its addresses, and the carrier of the links around it. */
export function setUp(l: Link): void {
  if (l.up) return;
  l.up = true;
  if (l.kind === "loopback") {
    if (!l.addrs.some((a) => a.family === 4)) addAddr(l, LOOPBACK4, 8, SCOPE_HOST, l.owner);
    if (!l.addrs.some((a) => a.family === 6)) addAddr(l, LOOPBACK6, 128, SCOPE_HOST, l.owner);
  }
  // prefixRoutes adds routes, not addresses.
  for (let i = 0; i < l.addrs.length; i++) if (!l.addrs[i]!.auto) prefixRoutes(l.addrs[i]!);
  refreshAround(l);
}

/** Renames a link. */
export function rename(l: Link, name: string): KernelError | null {
  if (!validIfname(name)) return kerr("EINVAL");
  if (name === l.name) return null;
  const there = linkByName(l.ns, name);
  if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  dropNames(l);
  l.name = name;
  addNames(l);
  return null;
}

/** Enslaves `l` to `master` (a bridge); detaches it from an earlier master. */
export function setMaster(l: Link, master: Link): KernelError | null {
  if (master.kind !== "bridge") return kerr("EOPNOTSUPP");
  if (l.master === master) return null;
  if (l.master !== null) detach(l);
  l.master = master;
  master.ports = pushed(master.ports, l);
  refreshAround(l);
  refreshIpv6(master);
  return null;
}

function detach(l: Link): void {
  const m = l.master;
  if (m === null) return;
  unlisted(m.ports, l);
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

function dropAddr(a: Addr): void {
  a.link.ns.world.remove(a);
  a.link.ns.addrGen++;
}

/** Takes a link out of its namespace as the kernel does before a move or a delete: down, no addresses, no routes, no master, no ports. */
function strip(l: Link): void {
  while (l.routes.length > 0) dropRoute(l.routes[l.routes.length - 1]!);
  for (const a of l.addrs) dropAddr(a);
  l.addrs = NO_ADDRS;
  detach(l);
  while (l.ports.length > 0) detach(l.ports[l.ports.length - 1]!);
  l.up = false;
  l.ipv6Ready = false;
}

/** Deletes a link, with its veth peer and the macvlans and vlans on it. */
export function deleteLink(l: Link, seen = new Set<Link>()): void {
  if (seen.has(l)) return;
  seen.add(l);
  const around = [l.peer, ...l.ports, l.master].filter((x): x is Link => x !== null);
  strip(l);
  leave(l);
  if (l.parent !== null) l.parent.children = l.parent.children.filter((c) => c !== l);
  if (l.peer !== null) deleteLink(l.peer, seen);
  for (const c of [...l.children]) deleteLink(c, seen);
  l.peer = null;
  for (const x of around) if (!seen.has(x)) refreshIpv6(x);
}

/** Moves a link into another namespace (nspawn's --network-interface, `ip link set … netns`): down, addresses and routes flushed, a new index there. */
export function moveLink(l: Link, to: Netns): KernelError | null {
  if (l.kind === "bridge" || l.kind === "loopback" || l.kind === "bond") return kerr("EINVAL");
  for (const n of [l.name, ...l.altnames]) {
    const there = linkByName(to, n);
    if (there !== undefined) return kerr("EEXIST", undefined, there.owner);
  }
  strip(l);
  leave(l);
  l.ns = to;
  l.index = to.nextIndex++;
  enter(l);
  refreshAround(l);
  return null;
}

// Addresses.

/** Where an IPv6 address ranks in its link's list: global before link-local before host. */
const rank6 = (x: Addr) => (x.scope === SCOPE_GLOBAL ? 14 : x.scope === SCOPE_LINK ? 2 : 1);

function insertAddr6(l: Link, a: Addr): void {
  // Newer addresses of a wider or equal scope go in front (ipv6_link_dev_addr): global before link-local.
  const r = rank6(a);
  let i = 0;
  while (i < l.addrs.length && !(l.addrs[i]!.family === 6 && r >= rank6(l.addrs[i]!))) i++;
  l.addrs = inserted(l.addrs, a, i);
  indexAddr(a);
}

function indexAddr(a: Addr): void {
  a.link.ns.world.add(a);
  a.link.ns.addrGen++;
}

/** The IPv4 address of the link that a secondary address shares its subnet with. */
function primaryOf(a: Addr): Addr {
  const addrs = a.link.addrs;
  for (let i = 0; i < addrs.length; i++) {
    const x = addrs[i]!;
    if (x.family === 4 && !x.secondary && x.plen === a.plen && samePrefix(x.inet, a.inet, a.plen)) return x;
  }
  return a;
}

/** The kernel's routes for an address while its link is up (fib_add_ifaddr; addrconf_prefix_route). */
function prefixRoutes(a: Addr): void {
  const l = a.link;
  if (!l.up) return;
  if (a.family === 4) {
    const prefix = masked(a.inet, a.plen);
    const zeronet = prefix.w0 >>> 24 === 0;
    const sameAsAddr = a.plen === 32;
    if (!zeronet && !a.secondary && !sameAsAddr && l.kind !== "loopback") kernelRoute(l, 4, prefix, a.plen, 0, primaryOf(a).inet, a);
    return;
  }
  // The loopback's ::1 is a route of the local table only.
  if (l.kind === "loopback" && a.plen === 128) return;
  kernelRoute(l, 6, masked(a.inet, a.plen), a.plen, 256, null, a);
}

/** Adds a kernel route unless the same one is there (same network, metric, device and source). */
function kernelRoute(l: Link, family: Family, dst: Inet, plen: number, metric: number, prefsrc: Inet | null, a: Addr): void {
  const net = masked(dst, plen);
  // The same route through the same link: looked for among the link's few routes, not the table's (every link has an fe80::/64).
  for (let i = 0; i < l.routes.length; i++) {
    const r = l.routes[i]!;
    if (r.family === family && r.plen === plen && r.metric === metric && r.proto === "kernel" && sameInet(r.dst, net) && sameOrNull(r.prefsrc, prefsrc)) return;
  }
  tableOf(l.ns, family).add(new Route(net, plen, metric, l, null, prefsrc, "kernel", SCOPE_LINK, a.owner));
}

/**
 * Adds an address (`ip addr add`; IPv4: __inet_insert_ifa, IPv6:
 * inet6_addr_add). IPv4 refuses the same address with the same prefix length
 * on the link, and makes a second address of a subnet secondary; IPv6 refuses
 * the same address on the link, the unspecified, loopback and multicast ones.
 */
export function addAddr(l: Link, inet: Inet, plen: number, scope: number, owner: Owner): KernelError | null {
  if (inet.family === 4) {
    let secondary = false;
    for (let i = 0; i < l.addrs.length; i++) {
      const x = l.addrs[i]!;
      if (x.family !== 4 || x.plen !== plen || !samePrefix(x.inet, inet, plen)) continue;
      if (sameInet(x.inet, inet)) return kerr("EEXIST", "ipv4: Address already assigned", x.owner);
      if (x.scope !== scope) return kerr("EINVAL", "ipv4: Invalid scope value");
      secondary = true;
    }
    const a = new Addr(inet, plen, scope, l, secondary, false, owner);
    if (secondary) l.addrs = inserted(l.addrs, a);
    else {
      // After the last primary address of the same or a wider scope number (the kernel's list order).
      let at = 0;
      for (let i = 0; i < l.addrs.length; i++) {
        const x = l.addrs[i]!;
        if (x.family === 4 && !x.secondary && scope <= x.scope) at = i + 1;
      }
      l.addrs = inserted(l.addrs, a, at);
    }
    indexAddr(a);
    prefixRoutes(a);
    return null;
  }
  if (inet.w0 === 0 && inet.w1 === 0 && inet.w2 === 0 && inet.w3 === 0) return kerr("EINVAL", "ipv6: Invalid address");
  if (inet.w0 >>> 24 === 0xff) return kerr("EINVAL", 'ipv6: Cannot assign multicast address without "IFA_F_MCAUTOJOIN" flag');
  if (l.kind !== "loopback" && inet.w0 === 0 && inet.w1 === 0 && inet.w2 === 0 && inet.w3 === 1) return kerr("EINVAL", "ipv6: Cannot assign loopback address on this device");
  for (let i = 0; i < l.addrs.length; i++) {
    const x = l.addrs[i]!;
    if (x.family === 6 && sameInet(x.inet, inet)) return kerr("EEXIST", "ipv6: address already assigned", x.owner);
  }
  const a = new Addr(inet, plen, scope, l, false, false, owner);
  insertAddr6(l, a);
  prefixRoutes(a);
  return null;
}

// Routes.

export interface RouteRequest {
  family: Family;
  dst: Inet;
  plen: number;
  dev: Link | null;
  gateway: Inet | null;
  metric: number;
  owner: Owner;
}

/** The namespace's addresses equal to `x`, in the order they were added (any link, any state: IPv4's local routes exist for links that are down too). */
export const localAddrs = (ns: Netns, x: Inet): readonly Addr[] => ns.world.find(x, ns);

/** Whether `addr` is an address of the namespace. */
export const isLocal = (ns: Netns, addr: Inet) => localAddrs(ns, addr).length > 0;

/**
 * A route's address as the model keeps it: an equal address of some
 * namespace, or else the destination of an equal host route of the
 * namespace's table, when there is one (a route to a peer's address, a
 * gateway reached by a host route), not a copy of its own. Addresses are
 * compared by value, never by identity.
 */
function held<T extends Inet | null>(ns: Netns, x: T): T {
  if (x === null) return x;
  const kept = ns.world.held(x);
  return (kept !== x ? kept : tableOf(ns, x.family).held(x)) as T;
}

/** IPv4 `ip route add` (inet_rtm_newroute): the prefix, the next hop, then the same route already there. */
function addRoute4(ns: Netns, q: RouteRequest): KernelError | null {
  if (hostBitsSet(q.dst, q.plen)) return kerr("EINVAL", "Invalid prefix for given prefix length");
  let dev = q.dev;
  let scope = SCOPE_LINK;
  if (q.gateway !== null) {
    scope = SCOPE_GLOBAL;
    // fib_check_nh_v4_gw: the gateway must be on a link-scope route (or local) of the main or local table, through the given device if any.
    const local = localAddrs(ns, q.gateway).find((a) => dev === null || a.link === dev);
    if (local !== undefined) {
      const via = local.link;
      if (!via.up) return kerr("ENETDOWN");
      dev = via;
    } else {
      const found = ns.v4.lookup(q.gateway, (r) => r.scope >= SCOPE_LINK && r.gateway === null && (dev === null || r.dev === dev));
      if (found === null) return kerr("EINVAL", "Nexthop has invalid gateway");
      const via = found.dev;
      if (!via.up) return kerr("ENETDOWN");
      dev = via;
    }
  } else {
    if (dev === null) return kerr("ENODEV");
    if (!dev.up) return kerr("ENETDOWN", "Device for nexthop is not up");
  }
  const same4 = ns.v4.atMetric(q.dst, q.plen, q.metric);
  if (same4 !== undefined) return kerr("EEXIST", undefined, same4.owner);
  ns.v4.add(new Route(held(ns, masked(q.dst, q.plen)), q.plen, q.metric, dev!, held(ns, q.gateway), null, "boot", scope, q.owner));
  return null;
}

/** Whether an IPv6 address is link-local (fe80::/10). */
const linkLocal6 = (a: Inet) => a.w0 >>> 22 === 0x3fa;

/** IPv6 `ip route add` (ip6_route_add): the gateway (ip6_validate_gw), the device up, then a route of the same network and metric already there. */
function addRoute6(ns: Netns, q: RouteRequest): KernelError | null {
  let dev = q.dev;
  if (q.gateway !== null) {
    const gw = q.gateway;
    const locals = localAddrs(ns, gw);
    const localOn = (d: Link | null) => locals.some((a) => (linkLocal6(gw) ? a.link === d : true));
    if (dev !== null && localOn(dev)) return kerr("EINVAL", "Gateway can not be a local address");
    if (!linkLocal6(gw)) {
      if (gw.w0 >>> 24 === 0xff || (gw.w0 === 0 && gw.w1 === 0 && gw.w2 === 0 && gw.w3 === 0)) return kerr("EINVAL", "Invalid gateway address");
      const best = ns.v6.lookup(gw, (r) => r.dev.up && (dev === null || r.dev === dev));
      if (best === null || best.gateway !== null) {
        // Not on a route of the main table: ip6_route_check_nh looks in every table, where the loopback's ::1 is.
        const onLo = locals.find((a) => a.link.kind === "loopback" && a.link.up && (dev === null || a.link === dev));
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
  const same6 = ns.v6.atMetric(q.dst, q.plen, q.metric);
  if (same6 !== undefined) return kerr("EEXIST", undefined, same6.owner);
  ns.v6.add(new Route(held(ns, masked(q.dst, q.plen)), q.plen, q.metric, dev, held(ns, q.gateway), null, "boot", SCOPE_GLOBAL, q.owner));
  return null;
}

export const addRoute = (ns: Netns, q: RouteRequest): KernelError | null => (q.family === 4 ? addRoute4(ns, q) : addRoute6(ns, q));
