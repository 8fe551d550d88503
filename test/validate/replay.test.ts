/**
 * The replay in the validator (src/validate/replay.ts): per kind of finding,
 * a table of hosts and every finding they give, with its whole message
 * (a refused step names its phase and command, quotes the program and says
 * what to do; a clash names the other container and what both claim, in
 * both orders; an unreachable pair says which way fails and why); with the
 * host's facts known, unknown and incomplete; a step not modelled gives no
 * finding but the one note; one problem gives one finding; a broken value is
 * never replayed.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { HostNetwork } from "../../src/model/host-network.js";
import { formatPath } from "../../src/validate/finding.js";
import { formatJson } from "../../src/validate/format.js";
import { unreplayedNote, type Unreplayed } from "../../src/validate/replay.js";
import { uncheckedNote } from "../../src/validate/unchecked.js";
import { validateContainers } from "../../src/validate/validate.js";
import type { Def } from "./rule-cases.js";

const P = "/nix/store/00000000000000000000000000000000-nixos-system";
const c = (o: Def = {}): Def => ({ path: P, ...o });
const net = (o: Def = {}): Def => c({ privateNetwork: true, ...o });

const HOST: HostNetwork = {
  interfaces: {
    br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd10::1/64"] },
    br1: { kind: "bridge", addresses: ["10.11.0.1/24", "10.12.0.1/24"] },
    eth1: { kind: "physical" },
    eth2: { kind: "physical" },
  },
  networkNamespaces: ["/run/netns/vpn"],
};
/** A host with an address on its LAN and a bridge with an IPv4 network only. */
const LAN: HostNetwork = { interfaces: { eth0: { kind: "physical", addresses: ["192.168.50.10/24"] }, br1: { kind: "bridge", addresses: ["10.101.0.1/24"] } }, networkNamespaces: [] };
/** An evaluated host: the interfaces its configuration names, not every one it has. */
const INCOMPLETE: HostNetwork = { ...HOST, complete: false };

type Found = [rule: string, path: string, severity: string, message: string];

interface Case {
  given: Record<string, Def>;
  network: HostNetwork | null;
  /** host.paths; default null (not known). */
  paths?: string[];
  want: Found[];
  /** The note on steps not modelled, when there is one. */
  unreplayed?: Unreplayed;
}

const missing = (what: string) => `${what} is not there when the step runs: create it on the host (networking.bridges, networking.interfaces, networking.macvlans, …) or correct the name.`;

const cases: [string, Case][] = [
  // A step the real program refuses.
  [
    "start-refused: a bridge the host does not have",
    {
      given: { w: net({ hostBridge: "br9", localAddress: "10.10.0.5/24" }) },
      network: HOST,
      want: [["start-refused", "containers.w.hostBridge", "error", `the start script runs \`systemd-nspawn … --network-bridge=br9 …\` → "Failed to add interface vb-w to bridge br9: No such device"; ${missing("the bridge")}`]],
    },
  ],
  [
    "start-refused: an interface of an evaluated host that is not a bridge",
    {
      given: { w: net({ hostBridge: "eth1", localAddress: "10.10.0.5/24" }) },
      network: INCOMPLETE,
      want: [
        [
          "start-refused",
          "containers.w.hostBridge",
          "error",
          'the start script runs `systemd-nspawn … --network-bridge=eth1 …` → "Failed to add interface vb-w to bridge eth1: Operation not supported"; hostBridge names an interface of the host that is not a bridge: name a bridge (networking.bridges), or use macvlans or interfaces for another kind.',
        ],
      ],
    },
  ],
  [
    "start-refused: a macvlan on an interface the host does not have",
    {
      given: { w: net({ macvlans: ["eth9"] }) },
      network: HOST,
      want: [["start-refused", "containers.w.macvlans[0]", "error", `the start script runs \`systemd-nspawn … --network-macvlan=eth9 …\` → "Failed to get device eth9: No such device"; ${missing("the interface")}`]],
    },
  ],
  [
    "start-refused: a moved interface the host does not have, at its element",
    {
      given: { w: net({ interfaces: ["eth2", "eth9"] }) },
      network: HOST,
      want: [["start-refused", "containers.w.interfaces[1]", "error", `the start script runs \`systemd-nspawn … --network-interface=eth9 …\` → "Failed to get device eth9: No such device"; ${missing("the interface")}`]],
    },
  ],
  [
    "start-refused: a bridge given to move into the container",
    {
      given: { w: net({ interfaces: ["br0"] }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.interfaces[0]",
          "error",
          'the start script runs `systemd-nspawn … --network-interface=br0 …` → "Failed to move interface br0 to namespace: Invalid argument"; the kernel does not move this kind of interface (a bridge, for one) into another namespace: put the container on it with hostBridge, or give it a macvlan of it (macvlans).',
        ],
      ],
    },
  ],
  [
    "start-refused: an IPv6 address in hostAddress besides hostAddress6 (two IPv6 default routes)",
    {
      given: { w: net({ hostAddress: "fd00:21::1", localAddress: "10.20.1.2", hostAddress6: "fd00:20::1", localAddress6: "fd00:20::2" }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.hostAddress6",
          "error",
          'the container\'s init runs `ip -6 route add default via fd00:20::1` → "RTNETLINK answers: File exists"; the container has a default route of that family already, from hostAddress: hostAddress holds an IPv6 address; give it an IPv4 address, or leave it out and keep hostAddress6.',
        ],
      ],
    },
  ],
  [
    "start-refused: a host port forwarded by forwardPorts and by extraFlags",
    {
      given: { w: net({ hostAddress: "10.1.0.1", localAddress: "10.1.0.2", forwardPorts: [{ hostPort: 80 }], extraFlags: ["--port=tcp:80:80"] }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.extraFlags[0]",
          "error",
          'the start script runs `systemd-nspawn … --port=tcp:80:80 …` → "Duplicate port specification: tcp:80:80"; this container forwards that host port twice (forwardPorts and a --port of extraFlags, say): keep one.',
        ],
      ],
    },
  ],
  [
    "start-refused: a network namespace of the host's, joined from the user namespace privateUsers makes (seen refused for every mode but \"no\")",
    {
      given: { w: c({ networkNamespace: "/run/netns/vpn", privateUsers: "identity" }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.networkNamespace",
          "error",
          'the start script runs `systemd-nspawn … --network-namespace-path=/run/netns/vpn …` → "Failed to join network namespace: Operation not permitted"; with privateUsers the container runs in a user namespace of its own, which may not join a network namespace of the host\'s: set privateUsers = "no", or leave networkNamespace out (privateNetwork gives the container a namespace of its own).',
        ],
      ],
    },
  ],
  [
    "unreachable: an IPv6 localAddress against an IPv4 hostAddress, a pair with no family in common",
    {
      given: { w: net({ hostAddress: "10.20.0.1", localAddress: "fd00:21::2" }) },
      network: LAN,
      want: [
        [
          "unreachable",
          "containers.w.localAddress",
          "error",
          "a ping from the host to w's fd00:21::2 gets no answer: the host has no address to send from towards fd00:21::2; nor does a ping from w to the host's 10.20.0.1: container:w has no address to send from towards 10.20.0.1. The two ends are of different families (IPv4 on the host, IPv6 in the container): give both ends of the pair one family, IPv6 in hostAddress6 and localAddress6.",
        ],
      ],
    },
  ],
  [
    "start-refused: a bind mount whose source host.paths does not list, at its hostPath",
    {
      given: { w: c({ bindMounts: { "/srv/data": { hostPath: "/data/w", isReadOnly: true }, "/srv/ok": { hostPath: "/srv/w-0" } } }) },
      network: HOST,
      paths: ["/srv/w-0", "/data/other"],
      want: [
        [
          "start-refused",
          'containers.w.bindMounts."/srv/data".hostPath',
          "error",
          'the start script runs `systemd-nspawn … --bind-ro=/data/w:/srv/data …` → "Failed to stat /data/w: No such file or directory"; the bind mount\'s source is not on the host (host.paths does not list it): create it before the container starts (for a directory, systemd.tmpfiles.rules such as "d /srv/www 0755 root root -"), or correct hostPath.',
        ],
      ],
    },
  ],
  [
    "a bind mount source that is a parent directory of a listed path, or without hostPath the mount point itself, exists",
    { given: { w: c({ bindMounts: { "/srv/a": { hostPath: "/srv//" }, "/var/lib/x": {} } }) }, network: HOST, paths: ["/srv/w-0", "/var/lib/x/"], want: [] },
  ],
  [
    "unreachable: forwards of a container without a private network, where the host port is not the container's (one finding, with the warning that says why)",
    {
      given: { w: c({ forwardPorts: [{ hostPort: 8020, containerPort: 80 }, { protocol: "udp", hostPort: 53 }] }) },
      network: LAN,
      want: [
        [
          "unreachable",
          "containers.w.forwardPorts",
          "error",
          "tcp 8020 → 80: a connection to the host's port never reaches w's, since systemd-nspawn is given no --port for a container that shares the host's network. has no effect because privateNetwork is false: the container shares the host's network. Set privateNetwork = true, or remove it.",
        ],
      ],
    },
  ],
  [
    "a forward of a container without a private network to the same port: only the warning (the service listens on the host's port)",
    { given: { w: c({ forwardPorts: [{ hostPort: 8000 }] }) }, network: LAN, want: [["network-without-private-network", "containers.w.forwardPorts", "warning", "has no effect because privateNetwork is false: the container shares the host's network. Set privateNetwork = true, or remove it."]] },
  ],
  [
    "unreachable: a forward of a container with a private network but half a pair",
    {
      given: { w: net({ hostAddress6: "fd00:20::1", forwardPorts: [{ hostPort: 8000 }] }) },
      network: LAN,
      want: [
        [
          "unreachable",
          "containers.w.forwardPorts[0].hostPort",
          "error",
          "the start script runs `systemd-nspawn … --port=tcp:8000:8000 …`, but a tcp connection to the host's port 8000 never reaches w: it has no address pair (hostAddress with localAddress, or hostAddress6 with localAddress6, or a hostBridge with a localAddress) for the connection to be forwarded to and answered through. Give it both ends of one.",
        ],
      ],
    },
  ],
  [
    "start-refused: a network namespace the host does not have",
    {
      given: { w: c({ networkNamespace: "/run/netns/nope" }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.networkNamespace",
          "error",
          `the start script runs \`systemd-nspawn … --network-namespace-path=/run/netns/nope …\` → "Cannot open file /run/netns/nope: No such file or directory"; ${missing("the network namespace")}`,
        ],
      ],
    },
  ],
  [
    "start-refused: an option of extraFlags systemd-nspawn does not know",
    {
      given: { w: net({ extraFlags: ["--private-users-chown", "--foo"] }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.extraFlags[1]",
          "error",
          "the start script runs `systemd-nspawn …` → \"systemd-nspawn: unrecognized option '--foo'\"; remove it from extraFlags, or write it as systemd-nspawn 252 spells it (`systemd-nspawn --help`).",
        ],
      ],
    },
  ],
  [
    "start-refused: a port of extraFlags without a private network",
    {
      given: { w: c({ extraFlags: ["--port=tcp:80:80"] }) },
      network: HOST,
      want: [["start-refused", "containers.w.extraFlags[0]", "error", 'the start script runs `systemd-nspawn … --port …` → "Cannot use --port= without private networking."; systemd-nspawn takes these options only apart: remove one of them.']],
    },
  ],
  [
    "start-refused: the container's IPv6 gateway is its own address",
    {
      given: { w: net({ hostAddress6: "fd00::1", localAddress6: "fd00::1" }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.hostAddress6",
          "error",
          "the container's init runs `ip -6 route add default via fd00::1` → \"Error: Gateway can not be a local address.\"; the gateway must be an address the interface reaches directly, and not one of the namespace's own: correct hostAddress or localAddress.",
        ],
      ],
    },
  ],

  // Two containers claiming one thing: once, at the one that fails, whatever the order.
  [
    "start-clash: a macvlan on an interface another container moves",
    {
      given: { a: net({ interfaces: ["eth1"] }), b: net({ macvlans: ["eth1"] }) },
      network: HOST,
      want: [
        [
          "start-clash",
          "containers.b.macvlans[0]",
          "error",
          'the start script runs `systemd-nspawn … --network-macvlan=eth1 …` → "Failed to get device eth1: No such device": containers.a claims the host interface eth1 (moved into its namespace) too, and whichever of the two starts second fails. Give each container its own interface, or put macvlans on one that no container moves.',
        ],
      ],
    },
  ],
  [
    "start-clash: one container's host address is another's local address",
    {
      given: { a: net({ hostAddress: "10.1.0.1", localAddress: "10.1.0.2" }), b: net({ hostAddress: "10.1.0.2", localAddress: "10.1.0.3" }) },
      network: HOST,
      want: [["start-clash", "containers.a.localAddress", "error", "10.1.0.2 ↔ 10.1.0.1 is taken by containers.b: 10.1.0.2 is reached in the host, not in container:a. Give each container its own addresses."]],
    },
  ],
  [
    "start-clash: the same, the containers' names the other way round",
    {
      given: { a: net({ hostAddress: "10.1.0.2", localAddress: "10.1.0.3" }), b: net({ hostAddress: "10.1.0.1", localAddress: "10.1.0.2" }) },
      network: HOST,
      want: [["start-clash", "containers.b.localAddress", "error", "10.1.0.2 ↔ 10.1.0.1 is taken by containers.a: 10.1.0.2 is reached in the host, not in container:b. Give each container its own addresses."]],
    },
  ],

  // Pairs that cannot reach each other.
  [
    "unreachable: a bridged address outside the bridge's networks, both ways, both families",
    {
      given: { w: net({ hostBridge: "br0", localAddress: "192.168.5.5/24", localAddress6: "fd99::5/64" }) },
      network: HOST,
      want: [
        [
          "unreachable",
          "containers.w.localAddress",
          "error",
          "a ping from the host to w's 192.168.5.5 gets no answer: the host has no route to 192.168.5.5; nor does a ping from w to the host's 10.10.0.1 (on br0): container:w has no route to 10.10.0.1.",
        ],
        [
          "unreachable",
          "containers.w.localAddress6",
          "error",
          "a ping from the host to w's fd99::5 gets no answer: the host has no route to fd99::5; nor does a ping from w to the host's fd10::1 (on br0): container:w has no route to fd10::1.",
        ],
      ],
    },
  ],
  [
    "unreachable: one way only, to the bridge's address in another network",
    {
      given: { w: net({ hostBridge: "br1", localAddress: "10.11.0.5/24" }) },
      network: HOST,
      want: [["unreachable", "containers.w.localAddress", "error", "a ping from w to the host's 10.12.0.1 (on br1) gets no answer (the other way works): container:w has no route to 10.12.0.1."]],
    },
  ],
  [
    "unreachable: a bridged /32, with the warning that says why in the one finding",
    {
      given: { w: net({ hostBridge: "br0", localAddress: "10.10.0.5" }) },
      network: HOST,
      want: [
        [
          "unreachable",
          "containers.w.localAddress",
          "error",
          'a ping from the host to w\'s 10.10.0.5 gets no answer: the reply from 10.10.0.5 to 10.10.0.1: container:w has no route to 10.10.0.1; nor does a ping from w to the host\'s 10.10.0.1 (on br0): container:w has no route to 10.10.0.1. "10.10.0.5" has no prefix length while hostBridge is set, so it becomes a /32 with no route to the bridged network. Give the network\'s prefix, e.g. "10.10.0.5/24".',
        ],
      ],
    },
  ],

  [
    "unreachable: a forwarded port whose container has no route back to the host",
    {
      given: { web: net({ localAddress: "10.20.0.2", forwardPorts: [{ hostPort: 8000 }] }) },
      network: LAN,
      want: [["unreachable", "containers.web.forwardPorts[0].hostPort", "error", "the start script runs `systemd-nspawn … --port=tcp:8000:8000 …`, but a tcp connection to the host's port 8000 over IPv4 never reaches web: the reply from 10.20.0.2 to 192.168.50.10: container:web has no route to 192.168.50.10."]],
    },
  ],
  [
    "unreachable: a forwarded port that fails in both families is one finding, with both reasons",
    {
      given: { web: net({ localAddress: "10.20.0.2", localAddress6: "fd20::2", forwardPorts: [{ hostPort: 8000 }] }) },
      network: LAN,
      want: [
        [
          "unreachable",
          "containers.web.forwardPorts[0].hostPort",
          "error",
          "the start script runs `systemd-nspawn … --port=tcp:8000:8000 …`, but a tcp connection to the host's port 8000 over IPv4 never reaches web: the reply from 10.20.0.2 to 192.168.50.10: container:web has no route to 192.168.50.10; nor does one over IPv6: the host has no address to send from towards fd20::2.",
        ],
      ],
    },
  ],
  [
    "start-clash: a host port two dual-stack containers forward is one finding, naming nspawn's --port and quoting its log",
    {
      given: {
        a: net({ hostAddress: "10.1.0.1", localAddress: "10.1.0.2", hostAddress6: "fd01::1", localAddress6: "fd01::2", forwardPorts: [{ hostPort: 8080, containerPort: 80 }] }),
        b: net({ hostAddress: "10.2.0.1", localAddress: "10.2.0.2", hostAddress6: "fd02::1", localAddress6: "fd02::2", forwardPorts: [{ hostPort: 8080, containerPort: 80 }] }),
      },
      network: HOST,
      want: [
        [
          "start-clash",
          "containers.b.forwardPorts[0].hostPort",
          "error",
          'the start script runs `systemd-nspawn … --port=tcp:8080:80 …`: containers.a forwards the host\'s tcp port 8080 too; nspawn\'s map already sends the host\'s tcp port 8080 to a (10.1.0.2); nspawn logs "Failed to modify AF_INET firewall: File exists" for the second and it never reaches this container. Whichever of the two starts second never gets the port; give each container its own hostPort.',
        ],
      ],
    },
  ],
  [
    "a forward is judged in the families of the container's own pairs (its IPv6 address on a bridge without IPv6 is none)",
    {
      given: { web: net({ hostAddress: "10.20.0.1", localAddress: "10.20.0.2", extraVeths: { webx1: { hostBridge: "br1", localAddress6: "fd00:101::33/64" } }, forwardPorts: [{ protocol: "udp", hostPort: 8000, containerPort: 50 }] }) },
      network: LAN,
      want: [],
    },
  ],

  // Host facts absent or incomplete: nothing guessed.
  ["no host facts: the host's interfaces are not judged (the note on host facts says so)", { given: { w: net({ hostBridge: "br9", localAddress: "10.10.0.5/24" }) }, network: null, want: [] }],
  [
    "incomplete host facts: a name the evaluated host does not list is unknown, not absent",
    {
      given: { w: net({ hostBridge: "br9", localAddress: "10.10.0.5/24" }) },
      network: INCOMPLETE,
      want: [],
      unreplayed: { containers: 1, examples: [{ name: "w", step: "the start script runs `systemd-nspawn …`", reason: 'the bridge "br9": the host\'s interfaces are not known' }] },
    },
  ],
  [
    "no host facts: a routed container is judged all the same",
    {
      given: {
        a: net({ hostAddress: "10.0.0.1", localAddress: "10.0.0.2", hostAddress6: "fd00::1", localAddress6: "fd00::2/64", forwardPorts: [{ hostPort: 80 }] }),
        b: net({ hostAddress6: "fd01::1", localAddress6: "fd01::1" }),
      },
      network: null,
      want: [
        [
          "start-refused",
          "containers.b.hostAddress6",
          "error",
          "the container's init runs `ip -6 route add default via fd01::1` → \"Error: Gateway can not be a local address.\"; the gateway must be an address the interface reaches directly, and not one of the namespace's own: correct hostAddress or localAddress.",
        ],
      ],
    },
  ],

  // One problem, one finding.
  [
    "a per-value error on the option the refused step carries: that error only",
    {
      given: { w: net({ hostAddress: "10.0.0.300", localAddress: "10.0.0.2" }) },
      network: HOST,
      want: [["address-syntax", "containers.w.hostAddress", "error", '"10.0.0.300" is not an IPv4 address: "300" is not a number from 0 to 255.']],
    },
  ],
  [
    "a container that does not start has no unreachable pairs of its own",
    {
      given: { w: net({ hostBridge: "br9", localAddress: "10.10.0.5/24", localAddress6: "fd99::5/64" }) },
      network: HOST,
      want: [["start-refused", "containers.w.hostBridge", "error", `the start script runs \`systemd-nspawn … --network-bridge=br9 …\` → "Failed to add interface vb-w to bridge br9: No such device"; ${missing("the bridge")}`]],
    },
  ],

  // A broken value is never replayed.
  [
    "a type error the steps read: the container is left out of the replay",
    {
      given: { w: c({ privateNetwork: "yes", extraFlags: ["--port=tcp:80:80"] }) },
      network: HOST,
      want: [["type", "containers.w.privateNetwork", "error", "expected true or false, got \"yes\""]],
    },
  ],
  [
    "a type error the steps do not read: the container is replayed",
    {
      given: { w: c({ timeoutStartSec: 5, extraFlags: ["--foo"] }) },
      network: HOST,
      want: [
        [
          "start-refused",
          "containers.w.extraFlags[0]",
          "error",
          "the start script runs `systemd-nspawn …` → \"systemd-nspawn: unrecognized option '--foo'\"; remove it from extraFlags, or write it as systemd-nspawn 252 spells it (`systemd-nspawn --help`).",
        ],
        ["type", "containers.w.timeoutStartSec", "error", 'expected a string, got 5; put it in quotes: "5"'],
      ],
    },
  ],
];

for (const [name, { given, network, paths, want, unreplayed }] of cases)
  test(name, () => {
    const r = validateContainers(given, { host: { network, paths: paths ?? null } });
    assert.equal(r.findings.map((f): Found => [f.rule, formatPath(f.path), f.severity, f.message]), want);
    assert.equal(r.unreplayed, unreplayed ?? null);
  });

test("a replayed step's finding names its own consumer row; the JSON output has it", () => {
  const r = validateContainers({ w: net({ hostBridge: "br9", localAddress: "10.10.0.5/24" }) }, { host: { network: HOST } });
  assert.equal(r.findings.map((f) => f.consumer), ["nspawn-command-line"]);
  const doc = JSON.parse(formatJson({ input: "x.json", ...r, notes: [], exitCode: 1 }));
  assert.is(doc.findings[0].consumer, "nspawn-command-line");
  assert.is(doc.unreplayed, null);
});

test("the note on steps not modelled counts the containers and names the first three", () => {
  const given = Object.fromEntries(["d", "c", "b", "a"].map((n) => [n, net({ hostBridge: `br-${n}` })]));
  const r = validateContainers(given, { host: { network: INCOMPLETE } });
  assert.equal(r.findings, []);
  assert.is(r.unreplayed?.containers, 4);
  assert.equal(r.unreplayed?.examples.map((e) => e.name), ["a", "b", "c"]);
  assert.is(
    unreplayedNote(r.unreplayed!),
    "the start of 4 containers was not replayed to the end, as a step is not modelled; what comes after it (and whether the container is reachable) was not checked: " +
      'a (the start script runs `systemd-nspawn …`: the bridge "br-a": the host\'s interfaces are not known), b (the start script runs `systemd-nspawn …`: the bridge "br-b": the host\'s interfaces are not known), ' +
      'c (the start script runs `systemd-nspawn …`: the bridge "br-c": the host\'s interfaces are not known) and 1 more; see docs/validate.md, The replay',
  );
});

test("without host.paths, bind mount sources are not checked: one note names the containers, the tree-relative source not", () => {
  const r = validateContainers({ w: c({ bindMounts: { "/srv/data": { hostPath: "/data/w" }, "/x": { hostPath: "+/var/x" } } }), v: c({ bindMounts: { "/srv": {} } }), u: c() }, { host: { network: HOST } });
  assert.equal(r.findings, []);
  assert.equal(r.uncheckedPaths, {
    missing: "host.paths",
    containers: 2,
    examples: [
      { name: "v", paths: ['containers.v.bindMounts."/srv"'] },
      { name: "w", paths: ['containers.w.bindMounts."/srv/data".hostPath'] },
    ],
  });
  assert.is(
    uncheckedNote(r.uncheckedPaths!),
    'the host\'s paths are not known, so the bind mount sources of 2 containers were not checked (systemd-nspawn refuses to start with a source that does not exist): v (bindMounts."/srv"), w (bindMounts."/srv/data".hostPath). To check them, list the host paths that exist as host.paths in a JSON input; see docs/validate.md, Host facts',
  );
});

test("a container the note on host facts names is not counted again", () => {
  const r = validateContainers({ w: net({ hostBridge: "br9" }) }, { host: { network: null } });
  assert.is(r.unchecked?.containers, 1);
  assert.is(r.unreplayed, null);
});

test("the replay's rules can be left out of a run", () => {
  const r = validateContainers({ w: net({ hostBridge: "br9" }) }, { host: { network: HOST }, rules: [] });
  assert.equal(r.findings, []);
});

test.run();
