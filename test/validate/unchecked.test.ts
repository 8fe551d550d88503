/**
 * The one note on what could not be checked for want of host facts
 * (src/validate/unchecked.ts): which containers' options need the host's
 * network, when the note is there and when not, its data (the JSON output's
 * `unchecked`) and its text.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { HostNetwork } from "../../src/model/host-network.js";
import { uncheckedNote, type Unchecked } from "../../src/validate/unchecked.js";
import { validateContainers } from "../../src/validate/validate.js";

const P = "/nix/var/nix/profiles/system";
const known: HostNetwork = { interfaces: { br0: { kind: "bridge" } }, networkNamespaces: ["/run/netns/vpn"] };

const cases: [string, { containers: Record<string, object>; network: HostNetwork | null; want: Unchecked | null; text?: string }][] = [
  ["no container needs the host's network", { containers: { a: { path: P, privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2" } }, network: null, want: null }],
  [
    "hostBridge without a private network is ignored, so it needs nothing",
    { containers: { a: { path: P, hostBridge: "br0" } }, network: null, want: null },
  ],
  [
    "each option that names the host, in name order",
    {
      containers: {
        web: { path: P, privateNetwork: true, hostBridge: "br0", extraVeths: { "ve-web2": { hostBridge: "br1" }, "ve-web3": {} } },
        mv: { path: P, privateNetwork: true, macvlans: ["eth1"], interfaces: ["eth2"] },
        vpn: { path: P, networkNamespace: "/run/netns/vpn" },
      },
      network: null,
      want: {
        missing: "host.interfaces",
        containers: 3,
        examples: [
          { name: "mv", paths: ["containers.mv.interfaces", "containers.mv.macvlans"] },
          { name: "vpn", paths: ["containers.vpn.networkNamespace"] },
          { name: "web", paths: ["containers.web.hostBridge", "containers.web.extraVeths.ve-web2.hostBridge"] },
        ],
      },
      text:
        "the host's network is not known, so the options of 3 containers that name its interfaces or network namespaces were not checked against it: " +
        'mv (interfaces, macvlans), vpn (networkNamespace), web (hostBridge, extraVeths.ve-web2.hostBridge). ' +
        "To check them, give the host's interfaces as host.interfaces in a JSON input, or validate the evaluated host (--expr, or --attr nixosConfigurations.<host>); see docs/validate.md, Host facts",
    },
  ],
  [
    "more containers than the note names: the first three and a count",
    {
      containers: Object.fromEntries(["e", "d", "c", "b", "a"].map((n) => [n, { path: P, privateNetwork: true, hostBridge: "br0" }])),
      network: null,
      want: {
        missing: "host.interfaces",
        containers: 5,
        examples: ["a", "b", "c"].map((n) => ({ name: n, paths: [`containers.${n}.hostBridge`] })),
      },
      text:
        "the host's network is not known, so the options of 5 containers that name its interfaces or network namespaces were not checked against it: a (hostBridge), b (hostBridge), c (hostBridge) and 2 more. " +
        "To check them, give the host's interfaces as host.interfaces in a JSON input, or validate the evaluated host (--expr, or --attr nixosConfigurations.<host>); see docs/validate.md, Host facts",
    },
  ],
  [
    "a name that must be quoted",
    {
      containers: { "web.1": { path: P, privateNetwork: true, hostBridge: "br0" } },
      network: null,
      want: { missing: "host.interfaces", containers: 1, examples: [{ name: "web.1", paths: ['containers."web.1".hostBridge'] }] },
      text:
        "the host's network is not known, so the options of 1 container that name its interfaces or network namespaces were not checked against it: web.1 (hostBridge). " +
        "To check them, give the host's interfaces as host.interfaces in a JSON input, or validate the evaluated host (--expr, or --attr nixosConfigurations.<host>); see docs/validate.md, Host facts",
    },
  ],
  ["the network known with its namespaces: nothing unchecked", { containers: { web: { path: P, privateNetwork: true, hostBridge: "br0" }, vpn: { path: P, networkNamespace: "/run/netns/vpn" } }, network: known, want: null }],
  [
    "the network known, its namespaces not: only networkNamespace",
    {
      containers: { web: { path: P, privateNetwork: true, hostBridge: "br0" }, vpn: { path: P, networkNamespace: "/run/netns/vpn" } },
      network: { ...known, networkNamespaces: null },
      want: { missing: "host.networkNamespaces", containers: 1, examples: [{ name: "vpn", paths: ["containers.vpn.networkNamespace"] }] },
      text:
        "the host's network namespaces are not known, so the options of 1 container that name one were not checked against them: vpn (networkNamespace). " +
        "To check them, give them as host.networkNamespaces in a JSON input (an evaluated host's configuration does not declare them); see docs/validate.md, Host facts",
    },
  ],
  [
    "a container with a type error is still counted, with what it gives",
    {
      containers: { web: { path: P, privateNetwork: true, hostBridge: "br0", autoStart: "yes" } },
      network: null,
      want: { missing: "host.interfaces", containers: 1, examples: [{ name: "web", paths: ["containers.web.hostBridge"] }] },
    },
  ],
];

for (const [name, { containers, network, want, text }] of cases)
  test(`unchecked: ${name}`, () => {
    const report = validateContainers(containers, { host: { network } });
    assert.equal(report.unchecked, want);
    assert.equal(report.host.network, network);
    if (text !== undefined) assert.is(uncheckedNote(report.unchecked!), text);
  });

test("unchecked: the network defaults to unknown", () => {
  const report = validateContainers({ web: { path: P, privateNetwork: true, hostBridge: "br0" } });
  assert.is(report.host.network, null);
  assert.is(report.unchecked?.containers, 1);
});

test.run();
