/**
 * replayHost over hosts whose steps are written by hand from the scripts
 * (script-steps.ts): which steps each container's unit fails at and with
 * what message, the clashes between containers (named both ways, whatever
 * the start order), the configured pairs' reachability, the forwarded
 * ports. The messages are the real programs' (held to them by the
 * ip, nspawn and reach tests of this folder).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import type { HostNetwork } from "../../src/model/host-network.js";
import type { Json } from "../../src/model/resolve.js";
import { declaredSteps } from "../../src/scripts/steps.js";
import { replayHost, type HostReplay } from "../../src/replay/replay.js";
import { hostSteps, type Def } from "./script-steps.js";

const HOST: HostNetwork = {
  interfaces: { br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd10::1/64"] }, eth1: { kind: "physical" }, eth2: { kind: "physical" } },
  networkNamespaces: ["/run/netns/vpn"],
};
const net = (o: Def): Def => ({ privateNetwork: true, ...o });

interface Want {
  /** Per container that does not start: the failing step's command line and message. */
  failed?: Record<string, [string, string]>;
  /** Clashes as "a & b: message" (containers in attribute order). */
  clashes?: string[];
  /** Pairs as "container local-address: reachable both ways?" */
  pairs?: Record<string, boolean | "unknown">;
  /** Forwards as "container proto:port/family: reaches?" */
  forwards?: Record<string, boolean>;
  /** Containers the model cannot judge, with the reason. */
  unknown?: Record<string, string>;
  userOverlaps?: [string, string][];
}

function summary(r: HostReplay): Want {
  const failed: Record<string, [string, string]> = {};
  const unknown: Record<string, string> = {};
  for (const c of r.containers) {
    if (c.started === false) {
      const s = c.steps[c.stoppedAt!]!;
      const program = s.step.argv[0]!.replace(/^.*\//, "");
      failed[c.name] = [program === "systemd-nspawn" ? program : s.step.argv.join(" "), s.outcome!.kind === "refused" ? s.outcome!.message : "?"];
    }
    if (c.started === "unknown") {
      const s = c.steps.find((x) => x.outcome?.kind === "notModelled" && !x.step.mayFail && !x.outcome.reason.startsWith("outside"))!;
      unknown[c.name] = s.outcome!.kind === "notModelled" ? s.outcome!.reason : "?";
    }
  }
  const pairs: Record<string, boolean | "unknown"> = {};
  for (const p of r.pairs) {
    const both = [p.toContainer, p.toHost];
    pairs[`${p.pair.container} ${p.pair.local.address}↔${p.pair.host.address}`] = both.some((x) => x.ok === "unknown") ? "unknown" : both.every((x) => x.ok === true);
  }
  const forwards: Record<string, boolean> = {};
  for (const f of r.forwards) forwards[`${f.container} ${f.port.protocol}:${f.port.hostPort}/${f.family}`] = f.reach.ok === true;
  return { failed, clashes: r.clashes.map((c) => `${c.containers.join(" & ")}: ${c.message}`), pairs, forwards, unknown, userOverlaps: r.userOverlaps };
}

const cases: [string, { defs: Record<string, Def>; host?: HostNetwork | null; want: Want }][] = [
  [
    "routed IPv4 and IPv6, a long name, forwarded ports",
    {
      defs: {
        web: net({ hostAddress: "10.231.0.1", localAddress: "10.231.0.2", hostAddress6: "fd00::1", localAddress6: "fd00::2/64", forwardPorts: [{ hostPort: 80 }] }),
        "a-very-long-container-name": net({ hostAddress: "10.231.1.1", localAddress: "10.231.1.2", forwardPorts: [{ protocol: "udp", hostPort: 53 }] }),
      },
      want: {
        pairs: { "a-very-long-container-name 10.231.1.2↔10.231.1.1": true, "web 10.231.0.2↔10.231.0.1": true, "web fd00::2↔fd00::1": true },
        forwards: { "a-very-long-container-name udp:53/4": true, "web tcp:80/4": true, "web tcp:80/6": true },
      },
    },
  ],
  [
    "an IPv4 local address with a prefix: the host's route has host bits",
    {
      defs: { web: net({ hostAddress: "10.231.0.1", localAddress: "10.231.0.2/24" }) },
      want: { failed: { web: ["ip route add 10.231.0.2/24 dev ve-web", "Error: Invalid prefix for given prefix length."] }, pairs: { "web 10.231.0.2↔10.231.0.1": false } },
    },
  ],
  [
    "two containers with one local address: the second's host route exists already",
    {
      defs: { db: net({ hostAddress: "10.231.0.1", localAddress: "10.231.0.2" }), web: net({ hostAddress: "10.231.1.1", localAddress: "10.231.0.2" }) },
      want: {
        failed: { web: ["ip route add 10.231.0.2 dev ve-web", "RTNETLINK answers: File exists"] },
        clashes: ["db & web: `ip route add 10.231.0.2 dev ve-web` → RTNETLINK answers: File exists"],
        pairs: { "db 10.231.0.2↔10.231.0.1": true, "web 10.231.0.2↔10.231.1.1": false },
      },
    },
  ],
  [
    "two containers routing one IPv6 prefix",
    {
      defs: { db: net({ hostAddress6: "fd00::1", localAddress6: "fd00::2/64" }), web: net({ hostAddress6: "fd00::11", localAddress6: "fd00::12/64" }) },
      want: {
        failed: { web: ["ip -6 route add fd00::12/64 dev ve-web", "RTNETLINK answers: File exists"] },
        clashes: ["db & web: `ip -6 route add fd00::12/64 dev ve-web` → RTNETLINK answers: File exists"],
        pairs: { "db fd00::2↔fd00::1": true, "web fd00::12↔fd00::11": false },
      },
    },
  ],
  [
    "one host port forwarded by two containers: the second never gets it",
    {
      defs: { db: net({ hostAddress: "10.231.0.1", localAddress: "10.231.0.2", forwardPorts: [{ hostPort: 8080 }] }), web: net({ hostAddress: "10.231.1.1", localAddress: "10.231.1.2", forwardPorts: [{ hostPort: 8080, containerPort: 80 }] }) },
      want: {
        clashes: [
          `db & web: tcp port 8080 is forwarded to db already: nspawn's map already sends the host's tcp port 8080 to db (10.231.0.2); nspawn logs "Failed to modify AF_INET firewall: File exists" for the second and it never reaches this container`,
        ],
        pairs: { "db 10.231.0.2↔10.231.0.1": true, "web 10.231.1.2↔10.231.1.1": true },
        forwards: { "db tcp:8080/4": true, "web tcp:8080/4": false },
      },
    },
  ],
  [
    "one host port forwarded by an IPv4-only and an IPv6-only container: the port map is per family",
    {
      defs: { db: net({ hostAddress: "10.231.0.1", localAddress: "10.231.0.2", forwardPorts: [{ hostPort: 8080 }] }), web: net({ hostAddress6: "fd00::1", localAddress6: "fd00::2", forwardPorts: [{ hostPort: 8080 }] }) },
      want: { pairs: { "db 10.231.0.2↔10.231.0.1": true, "web fd00::2↔fd00::1": true }, forwards: { "db tcp:8080/4": true, "web tcp:8080/6": true } },
    },
  ],
  [
    "one host interface moved into two containers",
    {
      defs: { db: net({ interfaces: ["eth1"] }), web: net({ interfaces: ["eth1"] }) },
      want: {
        failed: { web: ["systemd-nspawn", "Failed to get device eth1: No such device"] },
        clashes: ["db & web: `systemd-nspawn` → Failed to get device eth1: No such device"],
      },
    },
  ],
  [
    "an extra veth named like another container's veth: the second's preStart deletes it",
    {
      defs: { db: net({ hostAddress: "10.231.0.1", localAddress: "10.231.0.2" }), web: net({ extraVeths: { "ve-db": { hostAddress: "10.231.5.1", localAddress: "10.231.5.2" } } }) },
      want: {
        clashes: ["db & web: `ip link del dev ve-db` deletes an interface of db"],
        pairs: { "db 10.231.0.2↔10.231.0.1": false, "web 10.231.5.2↔10.231.5.1": true },
      },
    },
  ],
  [
    "bridged: a missing bridge, and the host's br0",
    {
      defs: { db: net({ hostBridge: "br9", localAddress: "10.10.0.3/24" }), web: net({ hostBridge: "br0", localAddress: "10.10.0.2/24", localAddress6: "fd10::2/64" }) },
      want: {
        failed: { db: ["systemd-nspawn", "Failed to add interface vb-db to bridge br9: No such device"] },
        pairs: { "web 10.10.0.2↔10.10.0.1": true, "web fd10::2↔fd10::1": true },
      },
    },
  ],
  [
    "without host facts, a bridge cannot be judged",
    { defs: { web: net({ hostBridge: "br0", localAddress: "10.10.0.2/24" }) }, host: null, want: { unknown: { web: 'the bridge "br0": the host\'s interfaces are not known' } } },
  ],
  [
    "an evaluated host's facts do not list every interface: a name they lack cannot be judged",
    {
      defs: { db: net({ macvlans: ["eth0"] }), web: net({ hostBridge: "br0", localAddress: "10.10.0.2/24" }) },
      host: { interfaces: { br0: { kind: "bridge", addresses: ["10.10.0.1/24"] } }, complete: false, networkNamespaces: null },
      want: { unknown: { db: 'whether the host has an interface "eth0"' }, pairs: { "web 10.10.0.2↔10.10.0.1": true } },
    },
  ],
  [
    "a network namespace the host does not have",
    { defs: { web: { networkNamespace: "/run/netns/nope" } }, want: { failed: { web: ["systemd-nspawn", "Cannot open file /run/netns/nope: No such file or directory"] } } },
  ],
  [
    "a macvlan on a missing parent, and on the host's eth2",
    { defs: { db: net({ macvlans: ["eth9"] }), web: net({ macvlans: ["eth2"] }) }, want: { failed: { db: ["systemd-nspawn", "Failed to get device eth9: No such device"] } } },
  ],
  [
    "a multicast MAC address",
    {
      defs: { web: net({ hostAddress: "10.231.0.1", localAddress: "10.231.0.2", localMacAddress: "01:00:5e:00:00:01" }) },
      want: { failed: { web: ["ip link set dev eth0 address 01:00:5e:00:00:01", "RTNETLINK answers: Cannot assign requested address"] }, pairs: { "web 10.231.0.2↔10.231.0.1": false } },
    },
  ],
  [
    "fixed user namespace ranges that overlap",
    { defs: { db: { privateUsers: 65536 }, web: { privateUsers: 100000 } }, want: { userOverlaps: [["db", "web"]] } },
  ],
  [
    "IPv6 in hostAddress and localAddress (plain ip takes either family)",
    { defs: { web: net({ hostAddress: "fd00::1", localAddress: "fd00::2" }) }, want: { pairs: { "web fd00::2↔fd00::1": true } } },
  ],
];

/** The steps the scripts themselves give (src/scripts/steps.ts) for the same definitions. */
const scriptSteps = (defs: Record<string, Def>) =>
  new Map(Object.entries(defs).map(([n, d]) => [n, declaredSteps(n, resolveContainer(n, { path: "/nix/store/s", ...(d as { [k: string]: Json }) }), dirsFor("25.11"))]));

for (const [name, { defs, host, want }] of cases) {
  const full: Want = { failed: {}, clashes: [], pairs: {}, forwards: {}, unknown: {}, userOverlaps: [], ...want };
  test(`replay: ${name}`, () => assert.equal(summary(replayHost(hostSteps(defs), host === undefined ? HOST : host)), full));
  test(`replay of the scripts' own steps: ${name}`, () => assert.equal(summary(replayHost(scriptSteps(defs), host === undefined ? HOST : host)), full));
}

test.run();
