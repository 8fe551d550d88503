/**
 * Host facts from an evaluated host: `validate --expr` on hosts made with
 * lib.evalModules from the stub host (test/nix/host-stubs.nix, whose network
 * options mirror NixOS's) and the case modules in cases/network-*.nix; the
 * network the JSON output reports, exactly, and the note on what could not be
 * checked, present or absent. Needs a nixpkgs lib.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { HostNetwork } from "../../src/model/host-network.js";
import type { Unchecked } from "../../src/validate/unchecked.js";
import { findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import { root } from "../support/paths.js";

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const here = path.join(root, "test/validate");
const run = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "validate", "--nixpkgs", nixpkgs!, "--format", "json", ...args], { encoding: "utf8", cwd: here });

const onStubHost = (module: string) => `let lib = import <nixpkgs/lib>; in lib.evalModules { modules = [ ../nix/host-stubs.nix ../../nix/containers.nix ${module} ]; }`;

const NO_NETWORK_NOTE =
  "the host's network is not known, so the options of 2 containers that name its interfaces or network namespaces were not checked against it: vpn (networkNamespace), web (hostBridge). " +
  "To check them, give the host's interfaces as host.interfaces in a JSON input, or validate the evaluated host (--expr, or --attr nixosConfigurations.<host>); see docs/validate.md, Host facts";

interface Want {
  network: HostNetwork | null;
  notes: string[];
  unchecked: Unchecked | null;
}

const cases: [string, { expr: string; want: Want }][] = [
  [
    "every source: bridges, interfaces with addresses, macvlans, vlans, bonds, tap, WireGuard, networkd netdevs and networks",
    {
      expr: onStubHost("./cases/network-host.nix"),
      want: {
        network: {
          interfaces: {
            bond0: { kind: "bond" },
            br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd00:10::1/64"] },
            br1: { kind: "bridge", addresses: ["10.20.0.1/24", "fd00:20::1/64"] },
            eth0: { kind: "physical" },
            eth1: { kind: "physical" },
            eth2: { kind: "physical" },
            eth3: { kind: "physical" },
            eth4: { kind: "physical" },
            eth5: { kind: "physical" },
            mv0: { kind: "macvlan", parent: "eth1" },
            tap0: { kind: "tun" },
            vl7: { kind: "vlan", parent: "eth5" },
            vlan5: { kind: "vlan", parent: "eth1" },
            wg0: { kind: "wireguard", addresses: ["10.100.0.1/24"] },
          },
          complete: false,
          networkNamespaces: null,
        },
        notes: [],
        unchecked: null,
      },
    },
  ],
  [
    "netdevs while systemd-networkd is off are not read",
    {
      expr: onStubHost("./cases/network-networkd-off.nix"),
      want: { network: { interfaces: { eth1: { kind: "physical" }, mv0: { kind: "macvlan", parent: "eth1" } }, complete: false, networkNamespaces: null }, notes: [], unchecked: null },
    },
  ],
  [
    "the stub host with no network of its own: known and empty, no note",
    {
      expr: onStubHost("./cases/host-a.nix"),
      want: { network: { interfaces: {}, complete: false, networkNamespaces: null }, notes: [], unchecked: null },
    },
  ],
  [
    "an option that fails to evaluate: the network unknown, a note naming it, and the note on what was not checked",
    {
      expr: onStubHost("./cases/network-broken.nix"),
      want: {
        network: null,
        notes: [
          "the host's network is not known: networking.bridges failed to evaluate (evaluate it on its own to see why)",
          "the host's network is not known, so the options of 1 container that name its interfaces or network namespaces were not checked against it: web (hostBridge). " +
            "To check them, give the host's interfaces as host.interfaces in a JSON input, or validate the evaluated host (--expr, or --attr nixosConfigurations.<host>); see docs/validate.md, Host facts",
        ],
        unchecked: { missing: "host.interfaces", containers: 1, examples: [{ name: "web", paths: ["containers.web.hostBridge"] }] },
      },
    },
  ],
  [
    "a host that declares none of the network options: unknown, and the note",
    {
      expr: "let lib = import <nixpkgs/lib>; in lib.evalModules { modules = [ ./cases/bare-host.nix ]; }",
      want: {
        network: null,
        notes: [NO_NETWORK_NOTE],
        unchecked: {
          missing: "host.interfaces",
          containers: 2,
          examples: [
            { name: "vpn", paths: ["containers.vpn.networkNamespace"] },
            { name: "web", paths: ["containers.web.hostBridge"] },
          ],
        },
      },
    },
  ],
];

if (nixpkgs === null) {
  reportNoNixpkgs();
  for (const [name] of cases) test.skip(name);
} else {
  for (const [name, { expr, want }] of cases)
    test(name, () => {
      const r = run(["--expr", expr]);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.host.network, want.network);
      assert.equal(doc.notes, want.notes);
      assert.equal(doc.unchecked, want.unchecked);
      assert.is(r.stderr, want.notes.map((n) => `containers-nix: note: ${n}\n`).join(""), "the notes, on stderr too");
    });
}

test.run();
