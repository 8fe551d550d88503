/**
 * What systemd-nspawn 252 does on the host once it has read its command line,
 * in its order (nspawn.c run_container, nspawn-network.c): the bind mounts'
 * options are read when the tree is mounted (before any network setup); then,
 * with a private network, the interfaces are moved in, the veth pair is made
 * (`ve-NAME`, or `vb-NAME` joined to --network-bridge, up), the extra veths,
 * then the macvlans (`mv-PARENT`) inside; with --network-namespace-path the
 * container joins that namespace. Ports are forwarded once the container has
 * an address (expose.ts). A failure ends nspawn: what it made goes with the
 * container's namespace (veths with both ends, macvlans), and moved physical
 * interfaces fall back to the host's namespace.
 */
import { normalPath } from "./host.js";
import { strerror, type KernelError } from "./errors.js";
import { macvlanName, vethHostName } from "./ifname.js";
import * as k from "./kernel.js";
import { parseNspawn, type NspawnAbout, type NspawnArgs, type UdevView } from "./nspawn-args.js";
import { notModelled, OK, refused, type Outcome } from "./outcome.js";
import { inserted, newNetns, NO_KEYS, NO_LINKS, NO_NAMES, pushed, type ContainerState, type HostState, type Link, type Netns } from "./state.js";

export interface NspawnContext {
  state: HostState;
  /** The container whose unit runs nspawn. */
  container: string;
  /** The host runs udev (NixOS does): nspawn then checks moved interfaces and macvlan parents while parsing. */
  udev: boolean;
  /** The namespaces the host has, by path, or null when not known. */
  namespaces: readonly string[] | null;
}

/** What a refused step is owed to: another container's state, when that is what the kernel met. */
export interface Blame {
  owner: string;
}

/** about: for a refusal, the option of nspawn's command line it is about (and its value), when nspawn's message is about one. */
export type NspawnOutcome = { outcome: Outcome; blame: Blame | null; about?: NspawnAbout | null };

const fail = (message: string, blame: Blame | null = null, about: NspawnAbout | null = null): NspawnOutcome => ({ outcome: refused(1, message), blame, about });
const on = (option: string, value: string | null): NspawnAbout => ({ option, value });
const blameOf = (e: KernelError): Blame | null => (e.by === undefined ? null : { owner: e.by });

/** A link of the host's namespace by name, altname or index (rtnl_resolve_interface); "unknown" where the host's interfaces are not known. */
function resolve(ns: Netns, name: string): Link | null | "unknown" {
  const l = k.linkByName(ns, name);
  if (l !== undefined) return l;
  if (/^[0-9]+$/.test(name)) return "unknown";
  return ns.known ? null : "unknown";
}

const udevOf =
  (ns: Netns): UdevView =>
  (name) => {
    const r = resolve(ns, name);
    return r === "unknown" ? "unknown" : r === null ? "missing" : "ok";
  };

const NO_OPTIONS = {};

/** The options a bind mount may carry in nspawn 252 (parse_mount_bind_options). */
const BIND_OPTIONS = new Set(["rbind", "norbind", "idmap", "noidmap", "rootidmap"]);

/** Tears down what a failed nspawn made: its namespace's links go (veths with their host ends), moved physical interfaces return to the host. */
export function teardown(state: HostState, c: ContainerState): void {
  for (const l of [...c.hostLinks]) if (l.peer !== null || l.ns === state.host) k.deleteLink(l);
  if (c.privateNs) {
    for (const l of [...c.ns.links]) {
      if (l.kind === "loopback") continue;
      if (l.external && (l.kind === "physical" || l.kind === "vlan" || l.kind === "wireguard")) {
        if (k.moveLink(l, state.host) !== null) k.deleteLink(l);
      } else k.deleteLink(l);
    }
  }
  for (const key of c.forwardKeys) if (state.forwards.get(key)?.container === c.name) state.forwards.delete(key);
  c.forwardKeys = NO_KEYS;
  c.running = false;
  c.hostLinks = NO_LINKS;
}

/** Runs nspawn's argv for a container: parses it, then makes its namespace and links. */
export function runNspawn(argv: readonly string[], ctx: NspawnContext): NspawnOutcome {
  const { state } = ctx;
  const parsed = parseNspawn(argv, ctx.udev ? { udev: udevOf(state.host) } : NO_OPTIONS);
  if (parsed.ok === "notModelled") return { outcome: notModelled(parsed.reason), blame: null };
  if (parsed.ok === false) return fail(parsed.message, movedBlame(state, parsed.message), parsed.about);
  const a = parsed.args;
  if (a.ipvlans.length > 0) return { outcome: notModelled("--network-ipvlan"), blame: null };
  if (a.networkZone !== null) return { outcome: notModelled("--network-zone"), blame: null };
  if (a.image !== null || a.template !== null) return { outcome: notModelled("--image and --template"), blame: null };
  // The tree is mounted before the network is set up: a bind mount's source is looked at and its options read then.
  for (let i = 0; i < a.mounts.length; i++) {
    const m = a.mounts[i]!;
    if (m.kind !== "tmpfs" && state.paths !== null && m.source !== null && m.source.startsWith("/") && !state.paths.has(normalPath(m.source)))
      return fail(`Failed to stat ${m.source}: ${strerror.ENOENT}`, null, on(m.kind === "bind-ro" ? "bind-ro" : "bind", `${m.source}:${m.destination}${m.options === "" ? "" : `:${m.options}`}`));
    if (m.kind === "tmpfs" || m.options === "") continue;
    for (const opt of m.options.split(",")) {
      if (opt === "") continue;
      if (!BIND_OPTIONS.has(opt)) return fail(`Invalid bind mount option: ${opt}`, null, on(m.kind === "bind-ro" ? "bind-ro" : "bind", `${m.source ?? ""}:${m.destination}:${m.options}`));
      if ((opt === "idmap" || opt === "rootidmap") && a.users.mode === "no") return { outcome: notModelled("an idmapped bind mount without a user namespace"), blame: null };
    }
  }
  const c: ContainerState = {
    name: ctx.container,
    ns: state.host,
    privateNs: false,
    // Kept until the end: a list of just its size.
    ports: a.ports.slice(),
    users: a.users.mode === "no" ? null : a.users.mode === "pick" || a.users.shift === null ? "pick" : [a.users.shift, a.users.range],
    hostLinks: NO_LINKS,
    moved: NO_NAMES,
    forwardKeys: NO_KEYS,
    exposedAt: -1,
    running: true,
  };
  state.containers.set(c.name, c);
  if (a.netnsPath !== null) {
    let ns = state.named.get(a.netnsPath);
    if (ns === undefined) {
      if (ctx.namespaces !== null) return fail(`Cannot open file ${a.netnsPath}: ${strerror.ENOENT}`, null, on("network-namespace-path", a.netnsPath));
      ns = newNetns(a.netnsPath, false, state.host.world);
      state.named.set(a.netnsPath, ns);
    }
    // The child that joins the namespace already runs in the container's new user namespace, which owns no
    // network namespace of the host's: setns is refused (seen on nspawn 252 by fuzz:boot, fixture missed-failure-1-63).
    if (a.users.mode !== "no") {
      teardown(state, c);
      return fail(`Failed to join network namespace: ${strerror.EPERM}`, null, on("network-namespace-path", a.netnsPath));
    }
    c.ns = ns;
    return { outcome: OK, blame: null };
  }
  if (!a.privateNetwork) return { outcome: OK, blame: null };
  c.ns = newNetns(`container:${c.name}`, true, state.host.world);
  c.privateNs = true;
  k.setUp(k.createLink(c.ns, "lo", "loopback", c.name) as Link);
  const r = network(a, c, ctx);
  if (r !== null) teardown(state, c);
  return r ?? { outcome: OK, blame: null };
}

/** "Failed to resolve interface" for an interface another container moved away: that container is to blame. */
function movedBlame(state: HostState, message: string): Blame | null {
  const m = /^(?:Failed to resolve interface "|Failed to get device )([^":]+)/.exec(message);
  if (m === null) return null;
  for (const c of state.containers.values()) if (c.running && c.moved.includes(m[1]!)) return { owner: c.name };
  return null;
}

function network(a: NspawnArgs, c: ContainerState, ctx: NspawnContext): NspawnOutcome | null {
  const { state } = ctx;
  const host = state.host;
  const unknown = (what: string): NspawnOutcome => ({ outcome: notModelled(`${what}: the host's interfaces are not known`), blame: null });
  for (const name of a.interfaces) {
    const l = resolve(host, name);
    if (l === "unknown") return unknown(`moving "${name}" in`);
    if (l === null) return fail(`Failed to resolve interface "${name}": ${strerror.ENODEV}`, movedBlame(state, `Failed to resolve interface "${name}"`), on("network-interface", name));
    if (l.kind === "other" || l.kind === "tun") return { outcome: notModelled(`moving a ${l.kind} interface`), blame: null };
    const e = k.moveLink(l, c.ns);
    if (e !== null) return fail(`Failed to move interface ${name} to namespace: ${strerror[e.errno]}`, blameOf(e), on("network-interface", name));
    c.moved = inserted(c.moved, name);
  }
  if (a.networkVeth) {
    const bridged = a.networkBridge !== null;
    const { name, altname } = vethHostName(a.machine ?? c.name, bridged);
    const made = k.createVeth(host, name, c.ns, "host0", c.name);
    if ("errno" in made) return fail(`Failed to add new veth interfaces (${name}:host0): ${strerror[made.errno]}`, blameOf(made), on("network-veth", null));
    c.hostLinks = inserted(c.hostLinks, made[0]);
    // Setting the long name as altname only warns when it fails.
    if (altname !== null && Buffer.byteLength(altname) < 128) k.addAltname(made[0], altname);
    if (bridged) {
      const br = resolve(host, a.networkBridge!);
      if (br === "unknown") return unknown(`the bridge "${a.networkBridge}"`);
      const why = (e: string) => `Failed to add interface ${name} to bridge ${a.networkBridge}: ${e}`;
      if (br === null) return fail(why(strerror.ENODEV), null, on("network-bridge", a.networkBridge));
      // RTM_SETLINK with IFF_UP and IFLA_MASTER: the kernel sets the flags before the master.
      k.setUp(made[0]);
      if (br.kind === "bond" || br.kind === "other") return { outcome: notModelled(`a ${br.kind} as bridge`), blame: null };
      const e = k.setMaster(made[0], br);
      if (e !== null) return fail(why(strerror[e.errno]), null, on("network-bridge", a.networkBridge));
    }
  }
  for (const [hostName, peerName] of a.vethExtra) {
    const made = k.createVeth(host, hostName, c.ns, peerName, c.name);
    if ("errno" in made) return fail(`Failed to add new veth interfaces (${hostName}:${peerName}): ${strerror[made.errno]}`, blameOf(made), on("network-veth-extra", hostName));
    c.hostLinks = inserted(c.hostLinks, made[0]);
  }
  for (const parentName of a.macvlans) {
    const parent = resolve(host, parentName);
    if (parent === "unknown") return unknown(`the macvlan parent "${parentName}"`);
    if (parent === null) return fail(`Failed to resolve interface "${parentName}": ${strerror.ENODEV}`, movedBlame(state, `Failed to resolve interface "${parentName}"`), on("network-macvlan", parentName));
    if (!["physical", "vlan", "bond", "veth", "bridge"].includes(parent.kind)) return { outcome: notModelled(`a macvlan on a ${parent.kind} interface`), blame: null };
    const { name, altname } = macvlanName(parentName);
    const made = k.createLink(c.ns, name, "macvlan", c.name);
    if ("errno" in made) return fail(`Failed to add new macvlan interfaces: ${strerror[made.errno]}`, blameOf(made), on("network-macvlan", parentName));
    made.parent = parent;
    made.external = parent.external;
    parent.children = pushed(parent.children, made);
    if (altname !== null) k.addAltname(made, altname);
  }
  return null;
}
