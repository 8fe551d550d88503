/**
 * Clashes between containers. Each clash is reported once, at the later of
 * the two definitions (containers in attribute-name order), naming the first.
 *
 * A rule here takes what it needs from each container as the validator goes
 * through them in attribute-name order (collect: small entries, never the
 * container's values themselves), and judges the entries at the end; so the
 * validator keeps no container's resolved values once it is done with it.
 *
 * The entries are flat records: each takes a fixed number of slots in the
 * rule's list, the key first, and holds only numbers and strings the
 * definitions already have (names, values as written). An entry object per
 * container and option would outlive many young-generation collections, each
 * copying it, for 100,000 containers hundreds of thousands of objects.
 */
import { formatPath } from "../finding.js";
import { addressKey, canonicalText, hasHostBits, networkKey } from "../ip.js";
import { ADDRESS_OPTIONS, LOCAL_OPTIONS, parseOption, parsedAddress } from "./network.js";
import { at, NO_HITS, networkScopes, show, type HostRule, type Hit } from "./rule.js";

/** A slot of a flat entry: a key, a container name, an index, a value as written, or null. */
type Slot = string | number | null;

/**
 * The hits for every entry (of `size` slots, the key first) whose key an
 * earlier entry had: `hitAt` gets where the entry and the first with its key
 * start in `entries`.
 */
function clashes(entries: readonly Slot[], size: number, hitAt: (e: number, first: number) => Hit): Hit[] {
  const first = new Map<Slot, number>();
  const hits: Hit[] = [];
  for (let e = 0; e < entries.length; e += size) {
    const seen = first.get(entries[e]!);
    if (seen === undefined) first.set(entries[e]!, e);
    else hits.push(hitAt(e, seen));
  }
  return hits;
}

/** A network scope's place below its container: the container itself (null) or one of its extraVeths. */
const scopePrefix = (veth: Slot): (string | number)[] => (veth === null ? [] : ["extraVeths", veth]);

/** tcp and udp ports as numbers (no string made for each port), any other protocol as text. */
const portKey = (protocol: string, hostPort: number): number | string =>
  protocol === "tcp" ? hostPort : protocol === "udp" ? 65_536 + hostPort : `${protocol}/${hostPort}`;

/** The host port's key, then the container's name and the forwardPorts index. */
const PORT_SLOTS = 3;

const describePort = (k: Slot) => {
  if (typeof k === "string") return `${k.slice(0, k.lastIndexOf("/"))} port ${k.slice(k.lastIndexOf("/") + 1)}`;
  return (k as number) >= 65_536 ? `udp port ${(k as number) - 65_536}` : `tcp port ${k}`;
};

export const duplicateHostPort: HostRule<Slot> = {
  id: "duplicate-host-port",
  triggers: ["forwardPorts"],
  severity: "error",
  summary: "A host port is forwarded once per protocol, across all containers with privateNetwork.",
  consumer: "nspawn-port",
  scope: "host",
  collect: (s, _ctx, into) => {
    if (!s.cfg.privateNetwork) return;
    const ports = s.cfg.forwardPorts;
    for (let i = 0; i < ports.length; i++) into.push(portKey(ports[i]!.protocol, ports[i]!.hostPort), s.name, i);
  },
  judge: (entries) => {
    const pathAt = (e: number) => at(entries[e + 1] as string, "forwardPorts", entries[e + 2] as number, "hostPort");
    return clashes(entries, PORT_SLOTS, (e, first) => ({
      path: pathAt(e),
      message: `the host's ${describePort(entries[e]!)} is already forwarded by ${formatPath(pathAt(first))}; only one container can receive it. Pick another hostPort.`,
    }));
  },
};

/** The address option at `index` of ADDRESS_OPTIONS parsed again, for a message (entries keep the text, not the parsed address). */
const reparsed = (index: number, text: string) => {
  const { option, family } = ADDRESS_OPTIONS[index]!;
  const r = parseOption(text, family);
  if (!r.ok) throw new Error(`${option}: ${text} was parsed before, and now is not an address`);
  return r.value;
};

/** The address's key, then the container's name, the extraVeth (or null), the index into ADDRESS_OPTIONS and the value as written. */
const ADDRESS_SLOTS = 5;

export const duplicateLocalAddress: HostRule<Slot> = {
  id: "duplicate-local-address",
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
        if (r !== null && r.ok) into.push(addressKey(r.value), s.name, scope.veth, index, scope.net[option]!);
      }
    }
  },
  judge: (entries) => {
    const pathAt = (e: number) => at(entries[e + 1] as string, ...scopePrefix(entries[e + 2]!), ADDRESS_OPTIONS[entries[e + 3] as number]!.option);
    return clashes(entries, ADDRESS_SLOTS, (e, first) => ({
      path: pathAt(e),
      message: `the address ${show(canonicalText(reparsed(entries[e + 3] as number, entries[e + 4] as string)))} is already used by ${formatPath(pathAt(first))}; two interfaces with one address break routing to both. Give each its own address.`,
    }));
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
        hits.push({ path, message: `${show(veth)} is the host-side interface systemd-nspawn creates for ${formatPath(at(generated))} (privateNetwork). Rename the extra veth.` });
      else if (seen !== undefined)
        hits.push({ path, message: `${show(veth)} is already an extra veth of ${formatPath(at(seen))}; a host interface name can exist only once. Rename one of them.` });
      else first.set(veth, name);
    }
    return hits;
  },
};

/** The interface, then the container's name and the interfaces index. */
const INTERFACE_SLOTS = 3;

export const duplicateInterface: HostRule<Slot> = {
  id: "duplicate-interface",
  triggers: ["interfaces"],
  judgesValues: true,
  severity: "error",
  summary: "A host interface is moved into one container only (interfaces): once moved it is gone from the host, and the next container cannot start.",
  consumer: "kernel-ifname",
  scope: "host",
  collect: (s, _ctx, into) => {
    const ifaces = s.cfg.interfaces;
    for (let i = 0; i < ifaces.length; i++) into.push(ifaces[i]!, s.name, i);
  },
  judge: (entries) => {
    const pathAt = (e: number) => at(entries[e + 1] as string, "interfaces", entries[e + 2] as number);
    return clashes(entries, INTERFACE_SLOTS, (e, first) => ({
      path: pathAt(e),
      message: `the host interface ${show(entries[e] as string)} is already moved into a container by ${formatPath(pathAt(first))}; an interface can live in one network namespace only. Give each container its own interface (or macvlans on a shared one).`,
    }));
  },
};

/** The network's key, then the address's key, the container's name, the extraVeth (or null), the index into ADDRESS_OPTIONS and the value as written. */
const ROUTE_SLOTS = 6;

export const duplicateHostRoute: HostRule<Slot> = {
  id: "duplicate-host-route",
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
      const { net, veth } = scope;
      if (net.hostBridge !== null || (veth === null && !s.cfg.privateNetwork)) continue;
      for (let j = 0; j < LOCAL_OPTIONS.length; j++) {
        const { option, index } = LOCAL_OPTIONS[j]!;
        const r = parsedAddress(scope, index);
        if (r === null) continue;
        // Bare addresses are host routes (duplicate-local-address); an IPv4 prefix with host bits fails anyway (local-address-host-route).
        if (!r.ok || r.value.prefix === null || (r.value.family === 4 && hasHostBits(r.value))) continue;
        into.push(networkKey(r.value), addressKey(r.value), s.name, veth, index, net[option]!);
      }
    }
  },
  judge: (entries) => {
    const pathAt = (e: number) => at(entries[e + 2] as string, ...scopePrefix(entries[e + 3]!), ADDRESS_OPTIONS[entries[e + 4] as number]!.option);
    const first = new Map<Slot, number>();
    const hits: Hit[] = [];
    for (let e = 0; e < entries.length; e += ROUTE_SLOTS) {
      const seen = first.get(entries[e]!);
      if (seen === undefined) first.set(entries[e]!, e);
      // The same address twice is duplicate-local-address's to report.
      else if (entries[seen + 1] !== entries[e + 1])
        hits.push({
          path: pathAt(e),
          message: `${show(entries[e + 5] as string)} makes the host route the same network as ${formatPath(pathAt(seen))} already does, to another veth; the second \`ip route add\` fails ("File exists") and the container does not start. Give the networks different prefixes, write the bare address, or put both behind a hostBridge.`,
        });
    }
    return hits;
  },
};
