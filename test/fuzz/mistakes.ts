/**
 * The mistakes an admin makes, mixed into about half the fuzzed hosts
 * (hosts.ts): each takes the host's JSON and one or two of its containers
 * (chosen by the plan's numbers `a` and `b`) and changes what it must so that
 * the mistake is there, whatever shape the containers had. Most are two
 * values that are fine alone and clash: between containers, between options
 * of one container, between a container and the host.
 */
import type { Json } from "../../src/model/resolve.js";
import type { FuzzHost } from "./hosts.js";
import { NAMES } from "./slots.js";

type Def = { [k: string]: Json };

export const MISTAKE_KINDS = [
  "same-local-address",
  "same-address-pair",
  "same-host-address",
  "same-local-address6",
  "clashing-prefix6",
  "prefix-on-local-address",
  "prefix-on-host-address",
  "v4-in-v6-option",
  "v6-in-v4-option",
  "host6-without-local6",
  "local-without-host",
  "missing-bridge",
  "bridge-is-physical",
  "bridged-no-prefix",
  "bridged-other-subnet",
  "moved-twice",
  "moved-missing",
  "moved-bridge",
  "macvlan-parent-missing",
  "same-forward-port",
  "forward-without-private-network",
  "veth-name-clash",
  "veth-name-too-long",
  "veth-same-address",
  "name-too-long",
  "namespace-with-network",
  "namespace-missing",
  "bind-source-missing",
  "tmpfs-over-bind",
  "same-private-users",
  "multicast-mac",
] as const;
export type MistakeKind = (typeof MISTAKE_KINDS)[number];

interface Target {
  h: FuzzHost;
  /** The first container and its index; the second (another container) when the host has two. */
  a: { name: string; i: number; d: Def };
  b: { name: string; i: number; d: Def } | null;
  /** The plan's second number, for a choice within the mistake. */
  n: number;
}

const NETWORK_KEYS = ["privateNetwork", "hostBridge", "hostAddress", "localAddress", "hostAddress6", "localAddress6", "networkNamespace", "extraVeths", "interfaces", "macvlans", "forwardPorts", "localMacAddress"];
const bare = (a: Json | undefined) => String(a ?? "").split("/")[0]!;

/** The container routed (no bridge, no namespace), with its own IPv4 and/or IPv6 pair unless it has one. */
function routed(t: { i: number; d: Def }, v4: boolean, v6: boolean): void {
  const d = t.d;
  if (d.hostBridge !== undefined || d.networkNamespace !== undefined) for (const k of ["hostBridge", "networkNamespace", "hostAddress", "localAddress", "hostAddress6", "localAddress6"]) delete d[k];
  d.privateNetwork = true;
  if (v4 && (d.hostAddress === undefined || d.localAddress === undefined)) Object.assign(d, { hostAddress: `10.20.${t.i}.1`, localAddress: `10.20.${t.i}.2` });
  if (v6 && (d.hostAddress6 === undefined || d.localAddress6 === undefined)) Object.assign(d, { hostAddress6: `fd00:20:${t.i}::1`, localAddress6: `fd00:20:${t.i}::2` });
}

/** The container on a private network (not in a namespace), for options that need one. */
function privateNet(d: Def): void {
  delete d.networkNamespace;
  d.privateNetwork = true;
}

function ensureBridge(h: FuzzHost, name: string, address: string): void {
  const have = h.host.interfaces[name];
  const addresses = have?.kind === "bridge" ? (have.addresses ?? []) : [];
  h.host.interfaces[name] = { kind: "bridge", addresses: addresses.includes(address) ? addresses : [...addresses, address] };
}

const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const attrs = (v: Json | undefined): Def => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Def) : {});

/** A routed extra veth of container `i` (the j-th), with its own addresses. */
const routedVeth = (i: number, j: number): Def => ({ hostAddress: `10.${40 + j}.${i}.1`, localAddress: `10.${40 + j}.${i}.2` });

/** Each mistake: what it is, in words, and how it is made; false when the host has too few containers for it. */
export const MISTAKES: readonly { kind: MistakeKind; what: string; make: (t: Target) => boolean }[] = [
  {
    kind: "same-local-address",
    what: "two containers with the same localAddress",
    make: ({ a, b }) => b !== null && (routed(a, true, false), routed(b, true, false), (b.d.localAddress = a.d.localAddress!), true),
  },
  {
    kind: "same-address-pair",
    what: "two containers with the same hostAddress and localAddress",
    make: ({ a, b }) => b !== null && (routed(a, true, false), routed(b, true, false), Object.assign(b.d, { hostAddress: a.d.hostAddress, localAddress: a.d.localAddress }), true),
  },
  {
    kind: "same-host-address",
    what: "two containers with the same hostAddress (and their own localAddress)",
    make: ({ a, b }) => b !== null && (routed(a, true, false), routed(b, true, false), (b.d.hostAddress = a.d.hostAddress!), true),
  },
  {
    kind: "same-local-address6",
    what: "two containers with the same localAddress6",
    make: ({ a, b }) => b !== null && (routed(a, false, true), routed(b, false, true), (b.d.localAddress6 = a.d.localAddress6!), true),
  },
  {
    kind: "clashing-prefix6",
    what: "two containers whose localAddress6 routes the same /64",
    make: ({ a, b }) =>
      b !== null && (routed(a, false, true), routed(b, false, true), (a.d.localAddress6 = `fd00:20:${a.i}::2/64`), (b.d.localAddress6 = `fd00:20:${a.i}::3/64`), true),
  },
  {
    kind: "prefix-on-local-address",
    what: "a /24 prefix on an IPv4 localAddress",
    make: ({ a }) => (routed(a, true, false), (a.d.localAddress = `${bare(a.d.localAddress)}/24`), true),
  },
  {
    kind: "prefix-on-host-address",
    what: "a prefix on hostAddress (IPv4 /24, or IPv6 /64)",
    make: ({ a, n }) => {
      if (n % 2 === 0) (routed(a, true, false), (a.d.hostAddress = `${bare(a.d.hostAddress)}/24`));
      else (routed(a, false, true), (a.d.hostAddress6 = `${bare(a.d.hostAddress6)}/64`));
      return true;
    },
  },
  {
    kind: "v4-in-v6-option",
    what: "an IPv4 address in localAddress6 or hostAddress6",
    make: ({ a, n }) => (routed(a, true, true), n % 2 === 0 ? (a.d.localAddress6 = `10.21.${a.i}.2`) : (a.d.hostAddress6 = `10.21.${a.i}.1`), true),
  },
  {
    kind: "v6-in-v4-option",
    what: "an IPv6 address in localAddress or hostAddress",
    make: ({ a, n }) => (routed(a, true, false), n % 2 === 0 ? (a.d.localAddress = `fd00:21:${a.i}::2`) : (a.d.hostAddress = `fd00:21:${a.i}::1`), true),
  },
  {
    kind: "host6-without-local6",
    what: "hostAddress6 without localAddress6",
    make: ({ a }) => (routed(a, false, true), delete a.d.localAddress6, true),
  },
  {
    kind: "local-without-host",
    what: "localAddress (or localAddress6) without its host address",
    make: ({ a, n }) => (n % 2 === 0 ? (routed(a, true, false), delete a.d.hostAddress) : (routed(a, false, true), delete a.d.hostAddress6), true),
  },
  {
    kind: "missing-bridge",
    what: "a hostBridge (of the container or of an extra veth) the host does not have",
    make: ({ a, n }) => {
      const veths = Object.values(attrs(a.d.extraVeths));
      if (n % 2 === 1 && veths.length > 0) attrs(veths[0]).hostBridge = "br7";
      else (privateNet(a.d), (a.d.hostBridge = "br7"));
      return true;
    },
  },
  {
    kind: "bridge-is-physical",
    what: "a hostBridge that is a physical interface of the host, not a bridge",
    make: ({ a }) => (privateNet(a.d), (a.d.hostBridge = "eth0"), true),
  },
  {
    kind: "bridged-no-prefix",
    what: "a bridged container whose IPv4 localAddress has no prefix (no route to the bridge's subnet)",
    make: ({ h, a }) => {
      for (const k of NETWORK_KEYS) delete a.d[k];
      ensureBridge(h, "br0", "10.100.0.1/24");
      Object.assign(a.d, { privateNetwork: true, hostBridge: "br0", localAddress: `10.100.0.${10 + a.i}` });
      return true;
    },
  },
  {
    kind: "bridged-other-subnet",
    what: "a bridged container whose localAddress is outside the bridge's subnet",
    make: ({ h, a }) => {
      for (const k of NETWORK_KEYS) delete a.d[k];
      ensureBridge(h, "br0", "10.100.0.1/24");
      Object.assign(a.d, { privateNetwork: true, hostBridge: "br0", localAddress: `10.99.0.${10 + a.i}/24` });
      return true;
    },
  },
  {
    kind: "moved-twice",
    what: "one host interface moved into two containers",
    make: ({ h, a, b }) => {
      if (b === null) return false;
      privateNet(a.d);
      privateNet(b.d);
      let moved = list(a.d.interfaces)[0] as string | undefined;
      if (moved === undefined) {
        moved = `en${a.i}p0`;
        h.host.interfaces[moved] = { kind: "physical" };
        a.d.interfaces = [moved];
      }
      b.d.interfaces = [...list(b.d.interfaces), moved];
      return true;
    },
  },
  {
    kind: "moved-missing",
    what: "an interface to move in that the host does not have",
    make: ({ a }) => (privateNet(a.d), (a.d.interfaces = [...list(a.d.interfaces), "enp9s0"]), true),
  },
  {
    kind: "moved-bridge",
    what: "a bridge of the host given as an interface to move in",
    make: ({ h, a }) => {
      ensureBridge(h, "br2", "10.102.0.1/24");
      privateNet(a.d);
      a.d.interfaces = [...list(a.d.interfaces), "br2"];
      return true;
    },
  },
  {
    kind: "macvlan-parent-missing",
    what: "a macvlan parent the host does not have",
    make: ({ a }) => (privateNet(a.d), (a.d.macvlans = [...list(a.d.macvlans), "eth5"]), true),
  },
  {
    kind: "same-forward-port",
    what: "two containers forwarding the same host port",
    make: ({ a, b }) => {
      if (b === null) return false;
      routed(a, true, false);
      routed(b, true, false);
      let f = list(a.d.forwardPorts)[0] as Def | undefined;
      if (f === undefined) a.d.forwardPorts = [(f = { protocol: "tcp", hostPort: 8000 + 10 * a.i })];
      b.d.forwardPorts = [...list(b.d.forwardPorts), { protocol: f.protocol ?? "tcp", hostPort: f.hostPort!, containerPort: 90 }];
      return true;
    },
  },
  {
    kind: "forward-without-private-network",
    what: "forwardPorts on a container without a private network",
    make: ({ a }) => {
      for (const k of NETWORK_KEYS) delete a.d[k];
      a.d.forwardPorts = [{ protocol: "tcp", hostPort: 8000 + 10 * a.i, containerPort: 80 }];
      return true;
    },
  },
  {
    kind: "veth-name-clash",
    what: "two containers with an extra veth of the same name",
    make: ({ a, b }) => {
      if (b === null) return false;
      privateNet(a.d);
      privateNet(b.d);
      const veths = attrs(a.d.extraVeths);
      let name = Object.keys(veths)[0];
      if (name === undefined) a.d.extraVeths = { ...veths, [(name = `${a.name}x0`)]: routedVeth(a.i, 0) };
      b.d.extraVeths = { ...attrs(b.d.extraVeths), [name]: routedVeth(b.i, 2) };
      return true;
    },
  },
  {
    kind: "veth-name-too-long",
    what: "an extra veth name longer than 15 bytes",
    make: ({ a }) => (privateNet(a.d), (a.d.extraVeths = { ...attrs(a.d.extraVeths), [`${a.name}-extra-veth-0`]: routedVeth(a.i, 3) }), true),
  },
  {
    kind: "veth-same-address",
    what: "an extra veth whose localAddress is another container's localAddress",
    make: ({ a, b }) => {
      if (b === null) return false;
      routed(a, true, false);
      privateNet(b.d);
      b.d.extraVeths = { ...attrs(b.d.extraVeths), [`${b.name}x3`]: { hostAddress: `10.43.${b.i}.1`, localAddress: a.d.localAddress! } };
      return true;
    },
  },
  {
    kind: "name-too-long",
    what: "a container name too long for ve-<name> (more than 11 bytes)",
    make: ({ h, a }) => {
      const long = `${a.name}server${String(a.i).repeat(4)}`;
      h.containers = Object.fromEntries(Object.entries(h.containers).map(([k, v]) => [k === a.name ? long : k, v]));
      h.order = h.order.map((k) => (k === a.name ? long : k));
      return true;
    },
  },
  {
    kind: "namespace-with-network",
    what: "networkNamespace together with other network options",
    make: ({ h, a, n }) => {
      if (n % 2 === 0) routed(a, true, false);
      else (privateNet(a.d), (a.d.extraVeths = { ...attrs(a.d.extraVeths), [`${a.name}x3`]: routedVeth(a.i, 3) }));
      a.d.networkNamespace = "/run/netns/ns0";
      if (!h.host.networkNamespaces.includes("/run/netns/ns0")) h.host.networkNamespaces.unshift("/run/netns/ns0");
      return true;
    },
  },
  {
    kind: "namespace-missing",
    what: "a networkNamespace the host does not have",
    make: ({ a }) => {
      for (const k of NETWORK_KEYS) delete a.d[k];
      a.d.networkNamespace = "/run/netns/vpn9";
      return true;
    },
  },
  {
    kind: "bind-source-missing",
    what: "a bind mount whose source does not exist on the host",
    make: ({ a, n }) => ((a.d.bindMounts = { ...attrs(a.d.bindMounts), "/srv/data": { hostPath: `/data/${a.name}`, isReadOnly: n % 2 === 0 } }), true),
  },
  {
    kind: "tmpfs-over-bind",
    what: "a tmpfs at the mount point of a bind mount",
    make: ({ a }) => {
      const binds = attrs(a.d.bindMounts);
      let at = Object.keys(binds)[0];
      if (at === undefined) a.d.bindMounts = { [(at = "/srv/d0")]: { hostPath: `/srv/${a.name}-0`, isReadOnly: false } };
      a.d.tmpfs = [...list(a.d.tmpfs), at];
      return true;
    },
  },
  {
    kind: "same-private-users",
    what: "two containers with the same privateUsers base UID",
    make: ({ a, b }) => b !== null && ((a.d.privateUsers = 65536 * 20), (b.d.privateUsers = 65536 * 20), true),
  },
  {
    kind: "multicast-mac",
    what: "a multicast localMacAddress",
    make: ({ a }) => (routed(a, true, false), (a.d.localMacAddress = `03:00:00:00:0${a.i}:01`), true),
  },
];

/** Makes the mistake `kind` in the host (in place); false when it needs two containers and the host has one. */
export function applyMistake(h: FuzzHost, kind: MistakeKind, a: number, b: number): boolean {
  const names = Object.keys(h.containers);
  const ai = a % names.length;
  const bi = names.length < 2 ? -1 : (ai + 1 + (b % (names.length - 1))) % names.length;
  // A container's index is its slot (hosts.ts NAMES), which its addresses come from; a long name keeps its slot's name in front.
  const one = (k: number) => ({ name: names[k]!, i: NAMES.findIndex((n) => names[k] === n || names[k]!.startsWith(`${n}server`)), d: h.containers[names[k]!]! });
  const m = MISTAKES.find((x) => x.kind === kind)!;
  return m.make({ h, a: one(ai), b: bi < 0 ? null : one(bi), n: b });
}
