/**
 * The host's network from an evaluated NixOS host: what nix/host-network.nix
 * read of the options that create or configure interfaces, made into a
 * HostNetwork.
 *
 * - Created, with their kind: networking.bridges (bridge), bonds (bond),
 *   vlans and macvlans (with their `interface` as parent), vswitches, sits,
 *   greTunnels and wlanInterfaces (other), networking.interfaces with
 *   `virtual` (tun), networking.wireguard's interfaces that stay in the
 *   host's namespace and networking.wg-quick's that start at boot
 *   (wireguard), and systemd-networkd's netdevs (their Kind=; a veth's peer
 *   too), read only when systemd.network.enable holds.
 * - Named without being created (bridge and bond members, the parents of
 *   vlans and macvlans, networking.interfaces entries, the interface a
 *   networkd network matches by one plain Name=): `physical`, unless the
 *   configuration creates them as something else. The kind a creating option
 *   gives always wins: a bridge that is also a member of something stays a
 *   bridge, and the addresses given to it are the bridge's.
 * - Addresses: networking.interfaces' ipv4/ipv6 addresses, networkd
 *   networks' Address= (in `address`, networkConfig and [Address] sections)
 *   on the interface they match by one plain name, and WireGuard's `ips`.
 *   One without a prefix length, or the any-address (networkd picks a range
 *   at run time), is not read, and a note says so.
 * - The parent of a networkd vlan or macvlan netdev: the interface whose
 *   network lists it in VLAN= or MACVLAN=.
 *
 * The list is not complete (`complete: false`): the configuration names the
 * interfaces it creates and configures, not every hardware interface (a host
 * on DHCP names none), nor those that services create at run time. Network
 * namespaces are not known (null): no NixOS option declares them; services
 * make them with `ip netns add` in their scripts, which evaluation cannot see.
 *
 * An option whose value fails to evaluate leaves the whole network unknown
 * (null), with a note naming it: the host would not build, and a network
 * read without it would misjudge the containers.
 */
import type { HostInterface, HostInterfaceKind, HostNetwork } from "../model/host-network.js";
import { sortAttrNames } from "../model/nix-values.js";
import { formatPath } from "./finding.js";
import { canonicalText, parseAnyAddress } from "./ip.js";

type Source<T> = { ok: true; value: T | null } | { ok: false };
type AddressPair = { address: string | null; prefixLength: number | null };

/** What nix/host-network.nix answers: one member per option the host declares. */
export interface NixosNetworkFacts {
  bridges?: Source<Record<string, string[]>>;
  bonds?: Source<Record<string, string[]>>;
  macvlans?: Source<Record<string, string | null>>;
  vlans?: Source<Record<string, string | null>>;
  vswitches?: Source<string[]>;
  sits?: Source<string[]>;
  greTunnels?: Source<string[]>;
  wlanInterfaces?: Source<string[]>;
  interfaces?: Source<Record<string, { ipv4: AddressPair[]; ipv6: AddressPair[]; virtual: boolean; virtualType: string | null }>>;
  wireguard?: Source<Record<string, { addresses: string[]; inHost: boolean }>>;
  wgQuick?: Source<Record<string, string[]>>;
  netdevs?: Source<Record<string, { name: string | null; kind: string | null; peer: string | null }>>;
  networks?: Source<Record<string, { match: string[]; addresses: string[]; bridge: string[]; bond: string[]; vlan: string[]; macvlan: string[] }>>;
}

/** The option each source reads, for notes. */
const OPTION: Record<keyof NixosNetworkFacts, string> = {
  bridges: "networking.bridges",
  bonds: "networking.bonds",
  macvlans: "networking.macvlans",
  vlans: "networking.vlans",
  vswitches: "networking.vswitches",
  sits: "networking.sits",
  greTunnels: "networking.greTunnels",
  wlanInterfaces: "networking.wlanInterfaces",
  interfaces: "networking.interfaces",
  wireguard: "networking.wireguard.interfaces",
  wgQuick: "networking.wg-quick.interfaces",
  netdevs: "systemd.network.netdevs",
  networks: "systemd.network.networks",
};

/** systemd-networkd's Kind= as a host interface kind. */
function netdevKind(kind: string): HostInterfaceKind {
  switch (kind) {
    case "bridge":
    case "bond":
    case "vlan":
    case "macvlan":
    case "veth":
    case "dummy":
    case "wireguard":
      return kind;
    case "tun":
    case "tap":
      return "tun";
    default:
      return "other";
  }
}

/** `networking.bridges.br0` as notes write an option path. */
const optionAt = (source: keyof NixosNetworkFacts, name: string) => formatPath([...OPTION[source].split("."), name]);

interface Entry {
  kind: HostInterfaceKind;
  /** The option that decided the kind, for a note about a clash. */
  from: string;
  created: boolean;
  parent?: string;
  addresses: Map<string, string>;
}

/** The interfaces as they are read, and the notes on what was not. */
class Interfaces {
  readonly byName = new Map<string, Entry>();
  readonly clashes: string[] = [];
  readonly skippedAddresses: string[] = [];

  /** An interface the configuration creates. */
  create(name: string, kind: HostInterfaceKind, from: string, parent?: string | null): void {
    const e = this.byName.get(name);
    if (e === undefined || !e.created) {
      this.byName.set(name, { kind, from, created: true, addresses: e?.addresses ?? new Map(), ...(parent != null ? { parent } : {}) });
      return;
    }
    if (e.kind !== kind) this.clashes.push(`${name} is a ${e.kind} (${e.from}) and a ${kind} (${from}); taken as a ${e.kind}`);
    else if (e.parent === undefined && parent != null) e.parent = parent;
  }

  /** An interface the configuration names without creating it: the host has it, as a physical one unless something creates it. */
  refer(name: string, from: string): Entry {
    let e = this.byName.get(name);
    if (e === undefined) this.byName.set(name, (e = { kind: "physical", from, created: false, addresses: new Map() }));
    return e;
  }

  /** An address the configuration gives `name`; `from` names where, for a note when it is not read. */
  address(name: string, text: string, from: string): void {
    const parsed = parseAnyAddress(text);
    if (!parsed.ok || parsed.value.prefix === null || parsed.value.bytes.every((b) => b === 0)) {
      const why = !parsed.ok ? parsed.reason : parsed.value.prefix === null ? "no prefix length" : "networkd picks the address at run time";
      this.skippedAddresses.push(`${JSON.stringify(text)} of ${from} (${why})`);
      return;
    }
    const key = `${canonicalText(parsed.value)}/${parsed.value.prefix}`;
    const e = this.refer(name, from);
    if (!e.addresses.has(key)) e.addresses.set(key, text);
  }

  network(): HostNetwork {
    const interfaces: Record<string, HostInterface> = {};
    for (const name of sortAttrNames([...this.byName.keys()])) {
      const e = this.byName.get(name)!;
      interfaces[name] = { kind: e.kind, ...(e.parent !== undefined ? { parent: e.parent } : {}), ...(e.addresses.size > 0 ? { addresses: [...e.addresses.values()] } : {}) };
    }
    return { interfaces, complete: false, networkNamespaces: null };
  }
}

const entries = <T>(s: Source<Record<string, T>> | undefined): [string, T][] => (s?.ok === true && s.value !== null ? Object.entries(s.value) : []);
const names = (s: Source<string[]> | undefined): string[] => (s?.ok === true && s.value !== null ? s.value : []);

/** Glob characters and negation in a Name= match, which then names no one interface. */
const NOT_PLAIN = /[*?[\]!]/;

/**
 * The HostNetwork an evaluated host's configuration gives (null when it
 * declares none of the options, or one fails to evaluate), and notes on
 * what could not be read.
 */
export function networkFromNixos(facts: NixosNetworkFacts | null): { network: HostNetwork | null; notes: string[] } {
  if (facts === null) return { network: null, notes: [] };
  const sources = (Object.keys(OPTION) as (keyof NixosNetworkFacts)[]).filter((k) => facts[k] !== undefined);
  if (sources.length === 0) return { network: null, notes: [] };
  const failed = sources.filter((k) => !facts[k]!.ok).map((k) => OPTION[k]);
  if (failed.length > 0)
    return {
      network: null,
      notes: [`the host's network is not known: ${failed.join(", ")} failed to evaluate (evaluate ${failed.length === 1 ? "it" : "each"} on its own to see why)`],
    };

  const ifs = new Interfaces();
  const unread: string[] = [];
  for (const [name, members] of entries(facts.bridges)) {
    ifs.create(name, "bridge", optionAt("bridges", name));
    for (const m of members) ifs.refer(m, optionAt("bridges", name));
  }
  for (const [name, members] of entries(facts.bonds)) {
    ifs.create(name, "bond", optionAt("bonds", name));
    for (const m of members) ifs.refer(m, optionAt("bonds", name));
  }
  for (const source of ["vlans", "macvlans"] as const)
    for (const [name, parent] of entries(facts[source])) {
      ifs.create(name, source === "vlans" ? "vlan" : "macvlan", optionAt(source, name), parent);
      if (parent !== null) ifs.refer(parent, optionAt(source, name));
    }
  for (const source of ["vswitches", "sits", "greTunnels", "wlanInterfaces"] as const) for (const name of names(facts[source])) ifs.create(name, "other", optionAt(source, name));
  for (const [name, i] of entries(facts.interfaces)) {
    if (i.virtual) ifs.create(name, "tun", optionAt("interfaces", name));
    else ifs.refer(name, optionAt("interfaces", name));
    for (const [family, pairs] of [["ipv4", i.ipv4] as const, ["ipv6", i.ipv6] as const])
      pairs.forEach((p, k) => {
        const from = `${optionAt("interfaces", name)}.${family}.addresses[${k}]`;
        if (p.address === null || p.prefixLength === null) unread.push(`${from} (no address with a prefix length)`);
        else ifs.address(name, `${p.address}/${p.prefixLength}`, from);
      });
  }
  for (const [name, w] of entries(facts.wireguard)) {
    if (!w.inHost) continue; // moved to another network namespace: not the host's
    ifs.create(name, "wireguard", optionAt("wireguard", name));
    for (const a of w.addresses) ifs.address(name, a, `${optionAt("wireguard", name)}.ips`);
  }
  for (const [name, addresses] of entries(facts.wgQuick)) {
    ifs.create(name, "wireguard", optionAt("wgQuick", name));
    for (const a of addresses) ifs.address(name, a, `${optionAt("wgQuick", name)}.address`);
  }
  for (const [unit, d] of entries(facts.netdevs)) {
    if (d.name === null || d.kind === null) {
      unread.push(`${optionAt("netdevs", unit)} (no Name= and Kind= in netdevConfig)`);
      continue;
    }
    ifs.create(d.name, netdevKind(d.kind), optionAt("netdevs", unit));
    if (d.kind === "veth" && d.peer !== null) ifs.create(d.peer, "veth", optionAt("netdevs", unit));
  }
  for (const [unit, n] of entries(facts.networks)) {
    const words = n.match.flatMap((m) => m.split(/\s+/)).filter((w) => w !== "");
    const gives = n.addresses.length + n.vlan.length + n.macvlan.length;
    if (words.length !== 1 || NOT_PLAIN.test(words[0]!)) {
      if (gives > 0) unread.push(`${optionAt("networks", unit)} (its Name= match ${words.length === 0 ? "is empty" : JSON.stringify(words.join(" "))} is not one interface name)`);
      continue;
    }
    const name = words[0]!;
    ifs.refer(name, optionAt("networks", unit));
    for (const a of n.addresses) ifs.address(name, a, optionAt("networks", unit));
    for (const [list, kind] of [[n.vlan, "vlan"] as const, [n.macvlan, "macvlan"] as const])
      for (const child of list) {
        const e = ifs.byName.get(child);
        if (e !== undefined && e.created && e.kind === kind && e.parent === undefined) e.parent = name;
      }
  }

  const notes: string[] = [];
  if (ifs.clashes.length > 0) notes.push(`the host's configuration creates an interface twice, as two kinds: ${ifs.clashes.join("; ")}`);
  const skipped = [...unread, ...ifs.skippedAddresses];
  if (skipped.length > 0) notes.push(`not read of the host's network: ${skipped.join("; ")}`);
  return { network: ifs.network(), notes };
}
