/**
 * An evaluated host's network from what nix/host-network.nix reads
 * (src/validate/host-nixos.ts), on hand-written answers: which option gives
 * which kind, parents and addresses, what wins when two options name one
 * interface, and the notes on what is not read. test/validate/host-expr.test.ts
 * evaluates real host configurations end to end.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { HostNetwork } from "../../src/model/host-network.js";
import { networkFromNixos, type NixosNetworkFacts } from "../../src/validate/host-nixos.js";

const ok = <T>(value: T) => ({ ok: true as const, value });
const known = (interfaces: HostNetwork["interfaces"]): HostNetwork => ({ interfaces, complete: false, networkNamespaces: null });
const pair = (address: string, prefixLength: number) => ({ address, prefixLength });
const iface = (over: Partial<{ ipv4: ReturnType<typeof pair>[]; ipv6: ReturnType<typeof pair>[]; virtual: boolean; virtualType: string | null }> = {}) => ({
  ipv4: [],
  ipv6: [],
  virtual: false,
  virtualType: null,
  ...over,
});
const network = (over: Partial<{ match: string[]; addresses: string[]; bridge: string[]; bond: string[]; vlan: string[]; macvlan: string[] }>) => ({
  match: [],
  addresses: [],
  bridge: [],
  bond: [],
  vlan: [],
  macvlan: [],
  ...over,
});

const cases: [string, { given: NixosNetworkFacts | null; want: { network: HostNetwork | null; notes?: string[] } }][] = [
  ["no evaluation: unknown", { given: null, want: { network: null } }],
  ["an evaluation that declares none of the options: unknown", { given: {}, want: { network: null } }],
  ["declared and empty: known, with no interface", { given: { bridges: ok({}), interfaces: ok({}) }, want: { network: known({}) } }],
  [
    "a bridge with its members and addresses: the members physical, the addresses the bridge's",
    {
      given: { bridges: ok({ br0: ["eth0", "eth1"] }), interfaces: ok({ br0: iface({ ipv4: [pair("10.10.0.1", 24)], ipv6: [pair("fd00:10::1", 64)] }), eth0: iface() }) },
      want: { network: known({ br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd00:10::1/64"] }, eth0: { kind: "physical" }, eth1: { kind: "physical" } }) },
    },
  ],
  [
    "vlans and macvlans with their parents; bonds; virtual interfaces are tun",
    {
      given: {
        vlans: ok({ vlan5: "eth1" }),
        macvlans: ok({ mv0: "vlan5" }),
        bonds: ok({ bond0: ["eth2", "eth3"] }),
        interfaces: ok({ tap0: iface({ virtual: true, virtualType: "tap" }) }),
      },
      want: {
        network: known({
          bond0: { kind: "bond" },
          eth1: { kind: "physical" },
          eth2: { kind: "physical" },
          eth3: { kind: "physical" },
          mv0: { kind: "macvlan", parent: "vlan5" },
          tap0: { kind: "tun" },
          vlan5: { kind: "vlan", parent: "eth1" },
        }),
      },
    },
  ],
  [
    "a bridge that is a member of a bond stays a bridge",
    { given: { bonds: ok({ bond0: ["br0"] }), bridges: ok({ br0: [] }) }, want: { network: known({ bond0: { kind: "bond" }, br0: { kind: "bridge" } }) } },
  ],
  [
    "vswitches, sits, greTunnels and wlanInterfaces are other",
    {
      given: { vswitches: ok(["vs0"]), sits: ok(["sit1"]), greTunnels: ok(["gre1"]), wlanInterfaces: ok(["wlan-ap0"]) },
      want: { network: known({ gre1: { kind: "other" }, sit1: { kind: "other" }, vs0: { kind: "other" }, "wlan-ap0": { kind: "other" } }) },
    },
  ],
  [
    "WireGuard: interfaces in the host's namespace with their ips, wg-quick's with their addresses",
    {
      given: {
        wireguard: ok({ wg0: { addresses: ["10.100.0.1/24"], inHost: true }, wg1: { addresses: ["10.101.0.1/24"], inHost: false } }),
        wgQuick: ok({ wg2: ["10.102.0.1/24", "fd00:102::1/64"] }),
      },
      want: { network: known({ wg0: { kind: "wireguard", addresses: ["10.100.0.1/24"] }, wg2: { kind: "wireguard", addresses: ["10.102.0.1/24", "fd00:102::1/64"] } }) },
    },
  ],
  [
    "networkd: netdev kinds, a veth's peer, addresses and vlan parents from networks",
    {
      given: {
        netdevs: ok({
          "20-br1": { name: "br1", kind: "bridge", peer: null },
          "20-vl7": { name: "vl7", kind: "vlan", peer: null },
          "20-ve": { name: "veth-a", kind: "veth", peer: "veth-b" },
          "20-tap": { name: "tap1", kind: "tap", peer: null },
          "20-vx": { name: "vx0", kind: "vxlan", peer: null },
          "20-d": { name: "dummy0", kind: "dummy", peer: null },
        }),
        networks: ok({
          "30-br1": network({ match: ["br1"], addresses: ["10.20.0.1/24", "fd00:20::1/64"] }),
          "30-eth5": network({ match: ["eth5"], bridge: ["br1"], vlan: ["vl7"] }),
        }),
      },
      want: {
        network: known({
          br1: { kind: "bridge", addresses: ["10.20.0.1/24", "fd00:20::1/64"] },
          dummy0: { kind: "dummy" },
          eth5: { kind: "physical" },
          tap1: { kind: "tun" },
          "veth-a": { kind: "veth" },
          "veth-b": { kind: "veth" },
          vl7: { kind: "vlan", parent: "eth5" },
          vx0: { kind: "other" },
        }),
      },
    },
  ],
  [
    "networking.* and its networkd translation name the same interfaces: read once, addresses not doubled",
    {
      given: {
        bridges: ok({ br0: ["eth0"] }),
        interfaces: ok({ br0: iface({ ipv4: [pair("10.10.0.1", 24)], ipv6: [pair("fd00:10:0::1", 64)] }) }),
        netdevs: ok({ "40-br0": { name: "br0", kind: "bridge", peer: null } }),
        networks: ok({ "40-br0": network({ match: ["br0"], addresses: ["10.10.0.1/24", "fd00:10::1/64"] }), "40-eth0": network({ match: ["eth0"], bridge: ["br0"] }) }),
      },
      want: { network: known({ br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd00:10:0::1/64"] }, eth0: { kind: "physical" } }) },
    },
  ],
  [
    "one name created as two kinds: the first option's kind, and a note",
    {
      given: { bridges: ok({ lan: [] }), netdevs: ok({ "10-lan": { name: "lan", kind: "bond", peer: null } }) },
      want: { network: known({ lan: { kind: "bridge" } }), notes: ["the host's configuration creates an interface twice, as two kinds: lan is a bridge (networking.bridges.lan) and a bond (systemd.network.netdevs.\"10-lan\"); taken as a bridge"] },
    },
  ],
  [
    "what is not read: an address without prefix, a pool address, a glob match, a netdev without Kind",
    {
      given: {
        netdevs: ok({ "10-x": { name: "x0", kind: null, peer: null } }),
        networks: ok({
          "20-lan": network({ match: ["eth0"], addresses: ["10.0.0.1", "0.0.0.0/24", "10.0.0.2/24"] }),
          "30-all": network({ match: ["en*"], addresses: ["10.1.0.1/24"] }),
          "40-none": network({ match: ["eth1 eth2"] }),
        }),
      },
      want: {
        network: known({ eth0: { kind: "physical", addresses: ["10.0.0.2/24"] } }),
        notes: [
          'not read of the host\'s network: systemd.network.netdevs."10-x" (no Name= and Kind= in netdevConfig); systemd.network.networks."30-all" (its Name= match "en*" is not one interface name); ' +
            '"10.0.0.1" of systemd.network.networks."20-lan" (no prefix length); "0.0.0.0/24" of systemd.network.networks."20-lan" (networkd picks the address at run time)',
        ],
      },
    },
  ],
  [
    "an option that fails to evaluate: unknown, and a note naming it",
    {
      given: { bridges: { ok: false }, interfaces: ok({ eth0: iface() }), netdevs: { ok: false } },
      want: { network: null, notes: ["the host's network is not known: networking.bridges, systemd.network.netdevs failed to evaluate (evaluate each on its own to see why)"] },
    },
  ],
  ["a source declared but not in effect (networkd off): known, empty", { given: { netdevs: ok(null), networks: ok(null) }, want: { network: known({}) } }],
];

for (const [name, { given, want }] of cases)
  test(`evaluated host: ${name}`, () => {
    const r = networkFromNixos(given);
    assert.equal(r.network, want.network);
    assert.equal(r.notes, want.notes ?? []);
    if (r.network !== null) assert.equal(Object.keys(r.network.interfaces), Object.keys(r.network.interfaces).sort(), "interfaces in name order");
  });

test.run();
