/**
 * Clashes between containers. Each clash is reported once, at the later of
 * the two definitions (containers in attribute-name order), naming the first.
 *
 * The replay (src/validate/replay.ts) starts the containers on a model of the
 * host and finds most of these clashes as the kernel and nspawn meet them;
 * those rules are `replayed`: they speak only where the replay could not
 * follow every container's start to the end. duplicate-interface is not: an
 * interface moved by two containers is a clash whatever the host has.
 *
 * A rule here takes what it needs from each container as the validator goes
 * through them in attribute-name order (collect: small entries, never the
 * container's values themselves), and judges the entries at the end; so the
 * validator keeps no container's resolved values once it is done with it.
 */
import { formatPath, type Path } from "../finding.js";
import { addressKey, canonicalText, hasHostBits, networkKey } from "../ip.js";
import { ADDRESS_OPTIONS, LOCAL_OPTIONS, parseOption, parsedAddress } from "./network.js";
import { at, NO_HITS, networkScopes, show, type HostRule, type Hit } from "./rule.js";

/** Reports every occurrence of a key after its first; `W` says where one is, and paths and descriptions are built from it only for a clash. */
class Clashes<W> {
  private readonly first = new Map<string | number, W>();
  readonly hits: Hit[] = [];
  constructor(
    private readonly message: (describe: string, first: Path) => string,
    private readonly pathOf: (w: W) => Path,
    private readonly describe: (w: W) => string,
  ) {}

  add(key: string | number, where: W): void {
    const seen = this.first.get(key);
    if (seen === undefined) this.first.set(key, where);
    else {
      const first = this.pathOf(seen);
      this.hits.push({ path: this.pathOf(where), message: this.message(this.describe(where), first), with: String(first[1]) });
    }
  }
}

/** tcp and udp ports as numbers (no string made for each port), any other protocol as text. */
const portKey = (protocol: string, hostPort: number): number | string =>
  protocol === "tcp" ? hostPort : protocol === "udp" ? 65_536 + hostPort : `${protocol}/${hostPort}`;

type PortEntry = { key: number | string; name: string; i: number };

export const duplicateHostPort: HostRule<PortEntry> = {
  id: "duplicate-host-port",
  replayed: true,
  triggers: ["forwardPorts"],
  severity: "error",
  summary: "A host port is forwarded once per protocol, across all containers with privateNetwork.",
  consumer: "nspawn-port",
  scope: "host",
  collect: (s, _ctx, into) => {
    if (!s.cfg.privateNetwork) return;
    const ports = s.cfg.forwardPorts;
    for (let i = 0; i < ports.length; i++) into.push({ key: portKey(ports[i]!.protocol, ports[i]!.hostPort), name: s.name, i });
  },
  judge: (entries) => {
    const found = new Clashes<PortEntry>(
      (d, first) => `the host's ${d} is already forwarded by ${formatPath(first)}; only one container can receive it. Pick another hostPort.`,
      (w) => at(w.name, "forwardPorts", w.i, "hostPort"),
      (w) => {
        const k = w.key;
        if (typeof k === "string") return `${k.slice(0, k.lastIndexOf("/"))} port ${k.slice(k.lastIndexOf("/") + 1)}`;
        return k >= 65_536 ? `udp port ${k - 65_536}` : `tcp port ${k}`;
      },
    );
    for (const e of entries) found.add(e.key, e);
    return found.hits;
  },
};

/** The address option at `index` of ADDRESS_OPTIONS parsed again, for a message (entries keep the text, not the parsed address). */
const reparsed = (index: number, text: string) => {
  const { option, family } = ADDRESS_OPTIONS[index]!;
  const r = parseOption(text, family);
  if (!r.ok) throw new Error(`${option}: ${text} was parsed before, and now is not an address`);
  return r.value;
};

type AddressEntry = { key: string; name: string; prefix: readonly (string | number)[]; option: string; index: number; text: string };

export const duplicateLocalAddress: HostRule<AddressEntry> = {
  id: "duplicate-local-address",
  replayed: true,
  triggers: ["localAddress", "localAddress6", "extraVeths"],
  severity: "error",
  summary: "No two containers (or extraVeths) have the same local address (localAddress or localAddress6), compared without prefix length.",
  consumer: "ip-route-add",
  scope: "host",
  collect: (s, _ctx, into) => {
    const scopes = networkScopes(s);
    for (let k = 0; k < scopes.length; k++) {
      const scope = scopes[k]!;
      for (let j = 0; j < LOCAL_OPTIONS.length; j++) {
        const { option, index } = LOCAL_OPTIONS[j]!;
        const r = parsedAddress(scope, index);
        if (r !== null && r.ok) into.push({ key: addressKey(r.value), name: s.name, prefix: scope.prefix, option, index, text: scope.net[option]! });
      }
    }
  },
  judge: (entries) => {
    const found = new Clashes<AddressEntry>(
      (d, first) => `the address ${d} is already used by ${formatPath(first)}; two interfaces with one address break routing to both. Give each its own address.`,
      (w) => at(w.name, ...w.prefix, w.option),
      (w) => show(canonicalText(reparsed(w.index, w.text))),
    );
    for (const e of entries) found.add(e.key, e);
    return found.hits;
  },
};

/**
 * A container with privateNetwork and no hostBridge, by its name (whose
 * `ve-<name>` nspawn creates: one string that exists already, for nearly
 * every container), one with a hostBridge (`vb-<name>`), or an extra veth.
 */
type VethEntry = string | { bridged: string } | { veth: string; name: string };

export const duplicateExtraVeth: HostRule<VethEntry> = {
  id: "duplicate-extra-veth",
  replayed: true,
  triggers: ["privateNetwork", "extraVeths"],
  severity: "error",
  summary: "An extraVeths name is used by one container only, and is not the `ve-<name>`/`vb-<name>` interface of another container.",
  consumer: "kernel-ifname",
  scope: "host",
  collect: (s, _ctx, into) => {
    if (s.cfg.privateNetwork) into.push(s.cfg.hostBridge === null ? s.name : { bridged: s.name });
    for (const veth in s.cfg.extraVeths) into.push({ veth, name: s.name });
  },
  judge: (entries) => {
    // Most hosts have no extraVeths at all: nothing can clash.
    if (!entries.some((e) => typeof e !== "string" && "veth" in e)) return NO_HITS;
    // The host-side interfaces nspawn creates for privateNetwork come first: they exist whatever the order.
    const own = new Map<string, string>();
    for (const e of entries)
      if (typeof e === "string") own.set(`ve-${e}`, e);
      else if ("bridged" in e) own.set(`vb-${e.bridged}`, e.bridged);
    const hits: Hit[] = [];
    const first = new Map<string, string>();
    for (const e of entries) {
      if (typeof e === "string" || !("veth" in e)) continue;
      const { veth, name } = e;
      const path = at(name, "extraVeths", veth);
      const generated = own.get(veth);
      const seen = first.get(veth);
      if (generated !== undefined)
        hits.push({ path, message: `${show(veth)} is the host-side interface systemd-nspawn creates for ${formatPath(at(generated))} (privateNetwork). Rename the extra veth.`, with: generated });
      else if (seen !== undefined)
        hits.push({ path, message: `${show(veth)} is already an extra veth of ${formatPath(at(seen))}; a host interface name can exist only once. Rename one of them.`, with: seen });
      else first.set(veth, name);
    }
    return hits;
  },
};

type InterfaceEntry = { name: string; i: number; iface: string };

export const duplicateInterface: HostRule<InterfaceEntry> = {
  id: "duplicate-interface",
  triggers: ["interfaces"],
  judgesValues: true,
  severity: "error",
  summary: "A host interface is moved into one container only (interfaces): once moved it is gone from the host, and the next container cannot start.",
  consumer: "kernel-ifname",
  scope: "host",
  collect: (s, _ctx, into) => {
    const ifaces = s.cfg.interfaces;
    for (let i = 0; i < ifaces.length; i++) into.push({ name: s.name, i, iface: ifaces[i]! });
  },
  judge: (entries) => {
    const found = new Clashes<InterfaceEntry>(
      (d, first) => `the host interface ${d} is already moved into a container by ${formatPath(first)}; an interface can live in one network namespace only. Give each container its own interface (or macvlans on a shared one).`,
      (w) => at(w.name, "interfaces", w.i),
      (w) => show(w.iface),
    );
    for (const e of entries) found.add(e.iface, e);
    return found.hits;
  },
};

type RouteEntry = { key: string; address: string; name: string; prefix: readonly (string | number)[]; option: string; text: string };

export const duplicateHostRoute: HostRule<RouteEntry> = {
  id: "duplicate-host-route",
  replayed: true,
  triggers: ["localAddress", "localAddress6", "extraVeths"],
  severity: "error",
  summary:
    "Without a hostBridge, the host routes each local address with its prefix to the container's veth; two veths routing the same prefix fail (\"File exists\"), e.g. `fd00::2/64` and `fd00::3/64`.",
  consumer: "ip-route-add",
  scope: "host",
  collect: (s, _ctx, into) => {
    const scopes = networkScopes(s);
    for (let k = 0; k < scopes.length; k++) {
      const scope = scopes[k]!;
      const { prefix, net, veth } = scope;
      if (net.hostBridge !== null || (veth === null && !s.cfg.privateNetwork)) continue;
      for (let j = 0; j < LOCAL_OPTIONS.length; j++) {
        const { option, index } = LOCAL_OPTIONS[j]!;
        const r = parsedAddress(scope, index);
        if (r === null) continue;
        // Bare addresses are host routes (duplicate-local-address); an IPv4 prefix with host bits fails anyway (local-address-host-route).
        if (!r.ok || r.value.prefix === null || (r.value.family === 4 && hasHostBits(r.value))) continue;
        into.push({ key: networkKey(r.value), address: addressKey(r.value), name: s.name, prefix, option, text: net[option]! });
      }
    }
  },
  judge: (entries) => {
    const first = new Map<string, RouteEntry>();
    const hits: Hit[] = [];
    for (const e of entries) {
      const seen = first.get(e.key);
      if (seen === undefined) first.set(e.key, e);
      else if (seen.address !== e.address)
        hits.push({
          with: seen.name,
          path: at(e.name, ...e.prefix, e.option),
          message: `${show(e.text)} makes the host route the same network as ${formatPath(at(seen.name, ...seen.prefix, seen.option))} already does, to another veth; the second \`ip route add\` fails ("File exists") and the container does not start. Give the networks different prefixes, write the bare address, or put both behind a hostBridge.`,
        });
    }
    return hits;
  },
};
