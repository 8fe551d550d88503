/**
 * The JSON input's host object (src/validate/host-object.ts): the facts read
 * from a good one, exactly; each kind of bad entry as a finding at its path
 * that names what is accepted, the network then unknown; and through the CLI,
 * a finding's file:line:col and the network in the JSON output.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatPath } from "../../src/validate/finding.js";
import { readHostObject, type InputHost } from "../../src/validate/host-object.js";
import { root } from "../support/paths.js";
import tmp from "../support/tmp.js";

type Want = { host: InputHost; findings?: [severity: string, path: string, message: string][] };

const network = (interfaces: object, networkNamespaces: string[] | null = null) => ({ network: { interfaces, networkNamespaces } as InputHost["network"] });
const KINDS = '"bridge", "physical", "vlan", "macvlan", "veth", "dummy", "bond", "wireguard", "tun", "other"';

const cases: [string, { given: unknown; want: Want }][] = [
  ["absent: no facts, no finding", { given: undefined, want: { host: {} } }],
  ["empty", { given: {}, want: { host: {} } }],
  [
    "the scalar facts",
    {
      given: { kernelVersion: "5.4.0", stateVersion: "24.05", enableContainers: false, virtualisationContainers: true },
      want: { host: { kernelVersion: "5.4.0", stateVersion: "24.05", enableContainers: false, virtualisationContainers: true } },
    },
  ],
  [
    "interfaces and namespaces: the network, as given",
    {
      given: {
        interfaces: {
          br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd00:10::1/64"] },
          eth1: { kind: "physical" },
          vlan5: { kind: "vlan", parent: "eth1" },
          mv0: { kind: "macvlan", parent: "eth1", addresses: [] },
        },
        networkNamespaces: ["/run/netns/vpn"],
      },
      want: {
        host: network(
          {
            br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd00:10::1/64"] },
            eth1: { kind: "physical" },
            vlan5: { kind: "vlan", parent: "eth1" },
            mv0: { kind: "macvlan", parent: "eth1" },
          },
          ["/run/netns/vpn"],
        ),
      },
    },
  ],
  ["interfaces empty: a host with none (known), namespaces unknown", { given: { interfaces: {} }, want: { host: network({}) } }],
  ["networkNamespaces null", { given: { interfaces: {}, networkNamespaces: null }, want: { host: network({}) } }],
  ["paths: as given, without the network", { given: { paths: ["/srv/www", "/var/lib/shared/"] }, want: { host: { paths: ["/srv/www", "/var/lib/shared/"] } } }],
  ["paths null: not known", { given: { paths: null }, want: { host: {} } }],
  ["paths empty: the host has none of the sources", { given: { paths: [] }, want: { host: { paths: [] } } }],
  [
    "paths not a list",
    { given: { paths: "/srv" }, want: { host: {}, findings: [["error", "host.paths", 'expected a list of the host paths that exist, such as ["/srv/www", "/var/lib/shared"], or null when they are not known; got "/srv"']] } },
  ],
  [
    "a relative path: the list is not used (a half-read list would make sources missing)",
    { given: { paths: ["/srv/www", "srv/db"] }, want: { host: {}, findings: [["error", "host.paths[1]", 'expected an absolute path such as "/srv/www", got "srv/db"']] } },
  ],
  [
    "networkNamespaces without interfaces: a warning, no network",
    {
      given: { networkNamespaces: ["/run/netns/vpn"] },
      want: { host: {}, findings: [["warning", "host.networkNamespaces", "is not used without host.interfaces: the host's network is known only when its interfaces are given (all of them)"]] },
    },
  ],
  [
    "host not an object",
    {
      given: ["br0"],
      want: { host: {}, findings: [["error", "host", "expected an object of host facts (kernelVersion, stateVersion, enableContainers, virtualisationContainers, interfaces, networkNamespaces, paths), got a list"]] },
    },
  ],
  [
    "scalar facts of the wrong type: left out, the rest kept",
    {
      given: { kernelVersion: 6, stateVersion: "24.05", enableContainers: "yes" },
      want: {
        host: { stateVersion: "24.05" },
        findings: [
          ["error", "host.enableContainers", 'expected a boolean such as true, got "yes"'],
          ["error", "host.kernelVersion", "expected a string such as \"6.12.0\", got 6"],
        ],
      },
    },
  ],
  [
    "an unknown fact: a warning, the rest read",
    {
      given: { interface: { br0: { kind: "bridge" } }, interfaces: {} },
      want: {
        host: network({}),
        findings: [["warning", "host.interface", "is not a host fact containers-nix reads, and is ignored; the facts are kernelVersion, stateVersion, enableContainers, virtualisationContainers, interfaces, networkNamespaces, paths"]],
      },
    },
  ],
  [
    "interfaces not an object",
    { given: { interfaces: ["br0"] }, want: { host: {}, findings: [["error", "host.interfaces", 'expected an object of the host\'s interfaces by name, such as { "br0": { "kind": "bridge" } }, got a list']] } },
  ],
  ["an interface not an object", { given: { interfaces: { br0: "bridge" } }, want: { host: {}, findings: [["error", "host.interfaces.br0", 'expected an object such as { "kind": "bridge" }, got "bridge"']] } }],
  ["an interface without kind", { given: { interfaces: { br0: {} } }, want: { host: {}, findings: [["error", "host.interfaces.br0", `has no kind; give one of ${KINDS}`]] } }],
  ["an unknown kind", { given: { interfaces: { br0: { kind: "bridg" } } }, want: { host: {}, findings: [["error", "host.interfaces.br0.kind", `"bridg" is not a kind of interface; expected one of ${KINDS}`]] } }],
  [
    "an unknown field",
    { given: { interfaces: { br0: { kind: "bridge", adresses: ["10.0.0.1/24"] } } }, want: { host: {}, findings: [["error", "host.interfaces.br0.adresses", "is not a field of a host interface; its fields are kind, parent, addresses"]] } },
  ],
  [
    "a name the kernel refuses",
    { given: { interfaces: { "eth0:1": { kind: "physical" } } }, want: { host: {}, findings: [["error", 'host.interfaces."eth0:1"', 'is not a name an interface can have: it contains ":", which interface names cannot contain']] } },
  ],
  [
    "a name over 15 bytes",
    { given: { interfaces: { "bridge-of-guests": { kind: "bridge" } } }, want: { host: {}, findings: [["error", "host.interfaces.bridge-of-guests", "is not a name an interface can have: it is longer than 15 bytes"]] } },
  ],
  [
    "a parent on a kind that has none",
    {
      given: { interfaces: { eth0: { kind: "physical" }, br0: { kind: "bridge", parent: "eth0" } } },
      want: { host: {}, findings: [["error", "host.interfaces.br0.parent", "a bridge interface has no parent; only vlan, macvlan, other interfaces sit on one"]] },
    },
  ],
  ["a parent not listed", { given: { interfaces: { mv0: { kind: "macvlan", parent: "eth9" } } }, want: { host: {}, findings: [["error", "host.interfaces.mv0.parent", '"eth9" is not among host.interfaces; list the parent there too']] } }],
  ["a parent that is itself", { given: { interfaces: { mv0: { kind: "macvlan", parent: "mv0" } } }, want: { host: {}, findings: [["error", "host.interfaces.mv0.parent", "is the interface itself; give the interface it sits on"]] } }],
  ["a parent not a string", { given: { interfaces: { mv0: { kind: "macvlan", parent: 1 } } }, want: { host: {}, findings: [["error", "host.interfaces.mv0.parent", "expected the name of another of host.interfaces, got 1"]] } }],
  [
    "addresses not a list",
    {
      given: { interfaces: { br0: { kind: "bridge", addresses: "10.0.0.1/24" } } },
      want: { host: {}, findings: [["error", "host.interfaces.br0.addresses", 'expected a list of addresses with their prefix lengths, such as ["10.10.0.1/24", "fd00::1/64"], got "10.0.0.1/24"']] },
    },
  ],
  [
    "bad addresses, each at its index",
    {
      given: { interfaces: { br0: { kind: "bridge", addresses: ["10.0.0.1/24", "10.0.0.2", "fd00::1/129", "10.0.0.300/24", 5] } } },
      want: {
        host: {},
        findings: [
          ["error", "host.interfaces.br0.addresses[1]", '"10.0.0.2" has no prefix length; write it as the host has it, such as "10.0.0.2/24"'],
          ["error", "host.interfaces.br0.addresses[2]", '"fd00::1/129" is not an IPv4 or IPv6 address with a prefix length: prefix length "129" is not a number from 0 to 128'],
          ["error", "host.interfaces.br0.addresses[3]", '"10.0.0.300/24" is not an IPv4 or IPv6 address with a prefix length: "300" is not a number from 0 to 255'],
          ["error", "host.interfaces.br0.addresses[4]", 'expected an address with its prefix length, such as "10.10.0.1/24", got 5'],
        ],
      },
    },
  ],
  [
    "networkNamespaces not a list",
    {
      given: { interfaces: {}, networkNamespaces: "/run/netns/vpn" },
      want: { host: {}, findings: [["error", "host.networkNamespaces", 'expected a list of the paths of the host\'s network namespaces, such as ["/run/netns/vpn"], or null when they are not known; got "/run/netns/vpn"']] },
    },
  ],
  [
    "a namespace path that is relative",
    { given: { interfaces: {}, networkNamespaces: ["/run/netns/a", "vpn"] }, want: { host: {}, findings: [["error", "host.networkNamespaces[1]", 'expected an absolute path such as "/run/netns/vpn", got "vpn"']] } },
  ],
];

for (const [name, { given, want }] of cases)
  test(`host object: ${name}`, () => {
    const r = readHostObject(given);
    assert.equal(r.host, want.host);
    const findings = r.findings.map((f) => [f.severity, formatPath(f.path), f.message]).sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0));
    assert.equal(findings, want.findings ?? []);
    for (const f of r.findings) assert.is(f.rule, "host-facts");
  });

const run = (args: string[], cwd: string) => spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "validate", ...args], { encoding: "utf8", cwd });

test("CLI: a bad host entry is a finding at its file:line:col, exit 1, and the network stays unknown", () => {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  const text = `{
  "containers": { "web": { "path": "/x", "privateNetwork": true, "hostBridge": "br0" } },
  "host": {
    "interfaces": {
      "br0": { "kind": "bridg" }
    }
  }
}
`;
  writeFileSync(path.join(dir.name, "host.json"), text);
  const human = run(["host.json"], dir.name);
  assert.is(human.status, 1, human.stderr);
  assert.ok(human.stdout.startsWith(`host.json:5:16: error[host-facts] host.interfaces.br0.kind: "bridg" is not a kind of interface; expected one of ${KINDS}\n`), human.stdout);
  const doc = JSON.parse(run(["host.json", "--format", "json"], dir.name).stdout);
  assert.is(doc.host.network, null);
  assert.equal(doc.findings[0].segments, ["host", "interfaces", "br0", "kind"]);
  assert.equal([doc.findings[0].line, doc.findings[0].column], [5, 16]);
});

test("CLI: a good host object is the network the JSON output reports, and no note", () => {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  const interfaces = { br0: { kind: "bridge", addresses: ["10.10.0.1/24"] }, eth1: { kind: "physical" }, mv0: { kind: "macvlan", parent: "eth1" } };
  writeFileSync(
    path.join(dir.name, "host.json"),
    JSON.stringify({ containers: { web: { path: "/x", privateNetwork: true, hostBridge: "br0" } }, host: { interfaces, networkNamespaces: [] } }),
  );
  const r = run(["host.json", "--format", "json"], dir.name);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, "");
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.host.network, { interfaces, networkNamespaces: [] });
  assert.equal([doc.notes, doc.unchecked], [[], null]);
});

test.run();
