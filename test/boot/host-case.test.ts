/**
 * A host's JSON as a boot case (host-case.ts, host-pairs.ts), without
 * booting: the pairs and forwards it configures, the harness's setup for its
 * `host` object, and the judgement of a boot's result.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hostBootCase, judge, scriptFailure } from "./host-case.js";
import { expectations, type HostFile } from "./host-pairs.js";
import type { ContainerResult, HostResult } from "./job.js";

const P = "/nix/store/00000000000000000000000000000000-nixos-system";
const pairsOf = (f: HostFile) => expectations(f).pairs.map((p) => `${p.container}: ${p.host} ↔ ${p.local} (${p.what})`);

const PAIRS: [string, { given: HostFile; want: string[] }][] = [
  [
    "routed dual stack: both pairs, prefixes dropped",
    {
      given: { containers: { web: { path: P, privateNetwork: true, hostAddress: "10.20.0.1", localAddress: "10.20.0.2/32", hostAddress6: "fd00::1", localAddress6: "fd00::2/64" } } },
      want: ["web: 10.20.0.1 ↔ 10.20.0.2 (hostAddress ↔ localAddress)", "web: fd00::1 ↔ fd00::2 (hostAddress6 ↔ localAddress6)"],
    },
  ],
  [
    "half a pair is no pair",
    { given: { containers: { web: { path: P, privateNetwork: true, hostAddress6: "fd00::1", localAddress: "10.20.0.2" } } }, want: [] },
  ],
  [
    "bridged: the bridge's addresses with the local address of their family",
    {
      given: {
        containers: { web: { path: P, privateNetwork: true, hostBridge: "br0", localAddress: "10.100.0.10/24", hostAddress: "10.100.0.1" } },
        host: { interfaces: { br0: { kind: "bridge", addresses: ["10.100.0.1/24", "fd00:100::1/64"] } } },
      },
      want: ["web: 10.100.0.1 ↔ 10.100.0.10 (br0 10.100.0.1/24 ↔ localAddress)"],
    },
  ],
  [
    "bridged on a bridge without addresses, or on something that is no bridge: no pair",
    {
      given: {
        containers: { web: { path: P, privateNetwork: true, hostBridge: "br0", localAddress: "10.100.0.10/24" }, db: { path: P, privateNetwork: true, hostBridge: "eth0", localAddress: "10.100.0.11/24" } },
        host: { interfaces: { br0: { kind: "bridge" }, eth0: { kind: "physical", addresses: ["10.100.0.1/24"] } } },
      },
      want: [],
    },
  ],
  [
    "extra veths routed and bridged",
    {
      given: {
        containers: {
          web: { path: P, privateNetwork: true, extraVeths: { wx0: { hostAddress: "10.40.0.1", localAddress: "10.40.0.2" }, wx1: { hostBridge: "br1", localAddress6: "fd00:101::32/64" } } },
        },
        host: { interfaces: { br1: { kind: "bridge", addresses: ["fd00:101::1/64"] } } },
      },
      want: ["web: 10.40.0.1 ↔ 10.40.0.2 (extraVeths.wx0: hostAddress ↔ localAddress)", "web: fd00:101::1 ↔ fd00:101::32 (extraVeths.wx1: br1 fd00:101::1/64 ↔ localAddress6)"],
    },
  ],
  [
    "a network namespace of the host: its peer; one the host lacks: nothing",
    {
      given: { containers: { web: { path: P, networkNamespace: "/run/netns/ns1" }, db: { path: P, networkNamespace: "/run/netns/vpn9" } }, host: { networkNamespaces: ["/run/netns/ns0", "/run/netns/ns1"] } },
      want: ["web: 10.250.1.1 ↔ 10.250.1.2 (networkNamespace /run/netns/ns1)"],
    },
  ],
];

for (const [name, { given, want }] of PAIRS) test(`host case: pairs: ${name}`, () => assert.equal(pairsOf(given), want));

test("host case: forwards go through the container's first pair, or nowhere", () => {
  const f = expectations({
    containers: {
      web: { path: P, privateNetwork: true, hostAddress6: "fd00::1", localAddress6: "fd00::2", forwardPorts: [{ protocol: "udp", hostPort: 8000, containerPort: 53 }] },
      db: { path: P, forwardPorts: [{ hostPort: 8010 }] },
    },
  }).forwards;
  assert.equal(f, [
    { container: "web", protocol: "udp", hostPort: 8000, containerPort: 53, through: "fd00::1", reply: "web udp 53" },
    { container: "db", protocol: "tcp", hostPort: 8010, containerPort: 8010, through: null, reply: "db tcp 8010" },
  ]);
});

test("host case: the host's interfaces and namespaces become the harness's setup, in the start order", () => {
  const made = hostBootCase({
    containers: { web: { path: P }, db: { path: P, bindMounts: { "/d": { hostPath: "/srv/db-0" } } } },
    host: {
      interfaces: { mv0: { kind: "macvlan", parent: "eth0" }, br0: { kind: "bridge", addresses: ["10.100.0.1/24"] }, eth0: { kind: "physical" } },
      networkNamespaces: ["/run/netns/ns0"],
    },
    order: ["db", "web"],
  });
  if ("skip" in made) throw new Error(made.skip);
  assert.equal(made.boot.setup, [
    ["link", "add", "eth0", "type", "veth", "peer", "name", "cnxp0"],
    ["link", "set", "eth0", "up"],
    ["link", "set", "cnxp0", "up"],
    ["link", "add", "br0", "type", "bridge"],
    ["addr", "add", "10.100.0.1/24", "dev", "br0"],
    ["link", "set", "br0", "up"],
    ["link", "add", "mv0", "link", "eth0", "type", "macvlan", "mode", "bridge"],
    ["link", "set", "mv0", "up"],
    ["netns", "add", "ns0"],
    ["link", "add", "cnxn0", "type", "veth", "peer", "name", "cnxn0p", "netns", "ns0"],
    ["addr", "add", "10.250.0.1/24", "dev", "cnxn0"],
    ["link", "set", "cnxn0", "up"],
    ["-n", "ns0", "addr", "add", "10.250.0.2/24", "dev", "cnxn0p"],
    ["-n", "ns0", "link", "set", "cnxn0p", "up"],
    ["-n", "ns0", "link", "set", "lo", "up"],
  ]);
  assert.equal(Object.keys(made.boot.containers), ["db", "web"]);
  assert.equal(made.boot.files, { "/srv/db-0/.boot-source": "" });
  assert.equal(made.boot.tmpfs, ["/srv"]);
});

test("host case: what the harness cannot make is a skip with the reason", () => {
  const made = hostBootCase({ containers: {}, host: { interfaces: { vlan5: { kind: "vlan", parent: "eth0" } } } });
  assert.ok("skip" in made && /vlan/.test(made.skip));
});

test("host case: a failed script is told by the command it ran last and what it said", () => {
  const output = "+ ip link set dev ve-web up\n+ ip route add 10.20.0.2/24 dev ve-web\nError: Invalid prefix for given prefix length.\n";
  assert.is(scriptFailure({ status: 2, signal: null, output }), "ip route add 10.20.0.2/24 dev ve-web → Error: Invalid prefix for given prefix length. (exit 2)");
});

const up = (name: string, ping: Record<string, boolean>): ContainerResult => ({
  name,
  preStart: { status: 0, signal: null, output: "" },
  postStart: { status: 0, signal: null, output: "" },
  report: { ready: {} as never, done: { ping, write: {}, read: {}, commands: [] } },
  exit: { status: 0, signal: null, output: "" },
  stopMs: 0,
  rootKeptWrite: true,
});
const result = (containers: ContainerResult[], ping: Record<string, boolean>, tcp: Record<string, string | null> = {}): HostResult => ({
  error: null,
  containers,
  ping,
  tcp,
  udp: {},
  shownUp: [],
  shownDown: [],
  hostRead: {},
  ms: 0,
});

test("host case: judge: ok when everything answered; each pair, each way, and each forward failing on its own", () => {
  const file: HostFile = { containers: { web: { path: P, privateNetwork: true, hostAddress: "10.20.0.1", localAddress: "10.20.0.2", forwardPorts: [{ hostPort: 8000 }] } } };
  const expected = expectations(file);
  assert.equal(judge(result([up("web", { "10.20.0.1": true })], { "10.20.0.2": true }, { "10.20.0.1 8000": "web tcp 8000" }), expected), { ok: true });
  const bad = judge(result([up("web", { "10.20.0.1": false })], { "10.20.0.2": false }, { "10.20.0.1 8000": "db tcp 8000" }), expected);
  assert.equal(bad.ok ? [] : bad.failures.map((f) => `${f.step}: ${f.detail}`), [
    "pair: web → 10.20.0.1 (hostAddress ↔ localAddress): no answer",
    "pair: host → 10.20.0.2 (web: hostAddress ↔ localAddress): no answer",
    'forward: tcp port 8000 → web:8000 through 10.20.0.1: answered "db tcp 8000"',
  ]);
});

test("host case: judge: a container that never came up is one failure, with nspawn's words, and its pairs are not counted again", () => {
  const file: HostFile = { containers: { web: { path: P, privateNetwork: true, hostAddress: "10.20.0.1", localAddress: "10.20.0.2" } } };
  const down: ContainerResult = { ...up("web", {}), postStart: null, report: null, exit: { status: 1, signal: null, output: "Spawning container web.\nFailed to resolve interface eth7: No such device\n" } };
  const r = judge(result([down], { "10.20.0.2": false }), expectations(file));
  assert.equal(r.ok ? [] : r.failures, [{ step: "start", container: "web", detail: "never came up: Failed to resolve interface eth7: No such device (exit 1)" }]);
});

test.run();
