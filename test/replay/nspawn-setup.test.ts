/**
 * What systemd-nspawn does on the host (src/replay/nspawn-setup.ts), against
 * the real nspawn 252 running a container (nspawn-real.ts realNspawnRun):
 * whether the container runs or nspawn stops with which message, and the
 * host's links while it runs (the veth's name, shortened with its altname,
 * the bridge port, what was moved away). Each case's recorded outcome is
 * held to the model always, and to the real program where it can run.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { initialState } from "../../src/replay/host.js";
import { runIp } from "../../src/replay/ip.js";
import { runNspawn } from "../../src/replay/nspawn-setup.js";
import { nspawnSkipReason, realForwardTwice, realNspawnRun, type NspawnRun } from "./nspawn-real.js";

type Want = { message: string | null; links: string[] };

/** [name, nspawn's options, ip setup lines, what happens: the message (null: it runs) and the host's links as `name[@master][ alt=…][ up]`]. */
const cases: [string, { args: string[]; setup: string[]; want: Want }][] = [
  ["a veth", { args: ["-M", "web", "--network-veth"], setup: [], want: { message: null, links: ["ve-web"] } }],
  [
    "a long name is shortened with a hash, the long one its altname",
    { args: ["-M", "a-very-long-container-name", "--network-veth"], setup: [], want: { message: null, links: ["ve-a-very-lA4-6 alt=ve-a-very-long-container-name"] } },
  ],
  ["a bridge that is missing", { args: ["-M", "web", "--network-bridge=br9"], setup: [], want: { message: "Failed to add interface vb-web to bridge br9: No such device", links: [] } }],
  [
    "a bridge that is a veth",
    { args: ["-M", "web", "--network-bridge=vx"], setup: ["link add name vx type veth peer name vy"], want: { message: "Failed to add interface vb-web to bridge vx: Operation not supported", links: ["vx", "vy"] } },
  ],
  ["a bridge", { args: ["-M", "web", "--network-bridge=br0"], setup: ["link add name br0 type bridge"], want: { message: null, links: ["br0", "vb-web@br0 up"] } }],
  [
    "the veth's name taken already",
    { args: ["-M", "web", "--network-veth"], setup: ["link add name ve-web type veth peer name p1"], want: { message: "Failed to add new veth interfaces (ve-web:host0): File exists", links: ["p1", "ve-web"] } },
  ],
  [
    "an extra veth's name taken already",
    { args: ["-M", "web", "--network-veth-extra=vx"], setup: ["link add name vx type veth peer name vy"], want: { message: "Failed to add new veth interfaces (vx:vx): File exists", links: ["vx", "vy"] } },
  ],
  ["an interface that is missing", { args: ["-M", "web", "--network-interface=eth9"], setup: [], want: { message: 'Failed to resolve interface "eth9": No such device', links: [] } }],
  ["an interface moved in", { args: ["-M", "web", "--network-interface=vi0"], setup: ["link add name vi0 type veth peer name vi1"], want: { message: null, links: ["vi1"] } }],
  ["a macvlan parent that is missing", { args: ["-M", "web", "--network-macvlan=eth9"], setup: [], want: { message: 'Failed to resolve interface "eth9": No such device', links: [] } }],
  [
    "a bridge cannot be moved in",
    { args: ["-M", "web", "--network-interface=br0"], setup: ["link add name br0 type bridge"], want: { message: "Failed to move interface br0 to namespace: Invalid argument", links: ["br0"] } },
  ],
  ["a macvlan on a veth", { args: ["-M", "web", "--network-macvlan=vi0"], setup: ["link add name vi0 type veth peer name vi1"], want: { message: null, links: ["vi0", "vi1"] } }],
  ["a bind mount option nspawn does not know", { args: ["-M", "web", "--bind=/tmp:/x:bogus"], setup: [], want: { message: "Invalid bind mount option: bogus", links: [] } }],
  [
    "a network namespace that is missing",
    { args: ["-M", "web", "--network-namespace-path=/run/netns/nope", "--private-network"], setup: [], want: { message: "Cannot open file /run/netns/nope: No such file or directory", links: [] } },
  ],
  [
    "an interface moved in, then an extra veth of its name: the moved veth goes with the namespace",
    { args: ["-M", "web", "--network-interface=vi0", "--network-veth-extra=vi0"], setup: ["link add name vi0 type veth peer name vi1"], want: { message: "Failed to add new veth interfaces (vi0:vi0): File exists", links: [] } },
  ],
  [
    "an interface named host0 moved in, then the veth",
    { args: ["-M", "web", "--network-interface=host0", "--network-veth"], setup: ["link add name host0 type veth peer name h1"], want: { message: "Failed to add new veth interfaces (ve-web:host0): File exists", links: [] } },
  ],
];

const view = (links: NspawnRun["links"]) =>
  links.filter((l) => l.name !== "lo").map((l) => `${l.name}${l.master === null ? "" : `@${l.master}`}${l.altnames.length > 0 ? ` alt=${l.altnames.join(",")}` : ""}${l.up ? " up" : ""}`);

function model(args: readonly string[], setup: readonly string[]): Want {
  const state = initialState({ interfaces: {}, networkNamespaces: [] });
  for (const line of setup) runIp(["ip", ...line.split(" ")], { ns: state.host, named: () => undefined, owner: "(setup)" });
  const r = runNspawn(["systemd-nspawn", "--register=no", "--keep-unit", "-q", "-D", "/run/tree", ...args, "/usr/bin/sleep", "3"], { state, container: "web", udev: false, namespaces: [] });
  const links = state.host.links.map((l) => ({ name: l.name, altnames: l.altnames.slice().sort(), master: l.master?.name ?? null, up: l.up }));
  links.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { message: r.outcome.kind === "ok" ? null : r.outcome.kind === "refused" ? r.outcome.message : `not modelled: ${r.outcome.reason}`, links: view(links) };
}

for (const [name, { args, setup, want }] of cases) test(`nspawn setup (model): ${name}`, () => assert.equal(model(args, setup), want));

const skip = nspawnSkipReason();
if (skip !== null) {
  console.log(`skipped: nspawn setup against the real systemd-nspawn: ${skip}`);
  test.skip("nspawn setup: the recorded outcomes are the real nspawn's");
  test.skip("nspawn setup: a host port forwarded twice: the second nspawn's forward is refused");
  test.skip("nspawn setup: a host port forwarded by an IPv4 and an IPv6 container: both get it");
} else {
  test("nspawn setup: the recorded outcomes are the real nspawn's", () => {
    for (const [name, { args, setup, want }] of cases) {
      const r = realNspawnRun(args, setup);
      assert.equal({ message: r.message, links: view(r.links) }, want, name);
    }
  });
  // What replay.ts says of the second forward (replay.test.ts: "one host port forwarded by two containers").
  test("nspawn setup: a host port forwarded twice: the second nspawn's forward is refused", () => {
    const [first, second] = realForwardTwice();
    assert.not.match(first, /firewall/);
    assert.match(second, /Failed to modify AF_INET firewall: File exists/);
  });
  test("nspawn setup: a host port forwarded by an IPv4 and an IPv6 container: both get it", () => {
    const [first, second] = realForwardTwice("fd00::2/64");
    assert.not.match(first + second, /firewall/);
  });
}

test.run();
