/**
 * A JSON input with a `positions` member (what the NixOS option
 * containers-nix.validateOnBuild writes): findings take their places from
 * those positions, in the files they name; the Nix reader's markers read as
 * they do from a Nix input; a malformed member is an input error naming where.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import tmp from "../support/tmp.js";
import { root } from "../support/paths.js";

const cli = path.join(root, "dist/src/cli.js");
const dir = tmp.dirSync({ unsafeCleanup: true }).name;

function validate(doc: unknown, ...flags: string[]) {
  const file = path.join(dir, "definitions.json");
  writeFileSync(file, JSON.stringify(doc));
  const r = spawnSync(process.execPath, [cli, "validate", "--format", "json", ...flags, file], { encoding: "utf8", cwd: dir });
  return { status: r.status, stderr: r.stderr, doc: r.status === 2 ? null : JSON.parse(r.stdout), file };
}

interface Place {
  path: string;
  rule: string;
  file: string;
  line: number;
  column: number;
}

const places = (doc: { findings: (Place & Record<string, unknown>)[] }): Place[] =>
  doc.findings.map((f) => ({ path: f.path, rule: f.rule, file: f.file, line: f.line, column: f.column }));

const web = { privateNetwork: true, hostAddress: "10.0.0.300", localAddress: "10.0.0.2", config: { __containersNix: "module" } };

const cases: [string, { positions: unknown; want: (jsonFile: string) => Place[] }][] = [
  [
    "each node names its file",
    {
      positions: { web: { a: [3, 3, "/etc/nixos/web.nix"], k: { hostAddress: { a: [5, 5, "/etc/nixos/web.nix"] } } } },
      want: () => [{ path: "containers.web.hostAddress", rule: "address-syntax", file: "/etc/nixos/web.nix", line: 5, column: 5 }],
    },
  ],
  [
    "a node without a file has its parent's",
    {
      positions: { web: { a: [3, 3, "/etc/nixos/web.nix"], k: { hostAddress: { a: [9, 7] } } } },
      want: () => [{ path: "containers.web.hostAddress", rule: "address-syntax", file: "/etc/nixos/web.nix", line: 9, column: 7 }],
    },
  ],
  [
    "an option without a node has its container's place",
    {
      positions: { web: { a: [3, 3, "/etc/nixos/web.nix"] } },
      want: () => [{ path: "containers.web.hostAddress", rule: "address-syntax", file: "/etc/nixos/web.nix", line: 3, column: 3 }],
    },
  ],
  [
    "a container node without a file is in the JSON file itself",
    {
      positions: { web: { a: [2, 4], k: { hostAddress: { a: [4, 6] } } } },
      want: (jsonFile) => [{ path: "containers.web.hostAddress", rule: "address-syntax", file: jsonFile, line: 4, column: 6 }],
    },
  ],
];

for (const [name, c] of cases) {
  test(`positions: ${name}`, () => {
    const r = validate({ containers: { web }, positions: c.positions });
    assert.is(r.status, 1, r.stderr);
    assert.equal(places(r.doc), c.want("definitions.json"));
  });
}

test("the host member gives the host facts, as in any JSON input", () => {
  const r = validate({ containers: { web: { ...web, hostAddress: "10.0.0.1" } }, positions: {}, host: { kernelVersion: "5.4.0", stateVersion: "23.11" } });
  assert.is(r.status, 0, r.stderr);
  assert.equal(r.doc.host, { kernelVersion: "5.4.0", stateVersion: "23.11", network: null });
});

test("the network member is the host's network as the Nix reader read it, as for --expr", () => {
  const r = validate({
    containers: { web: { privateNetwork: true, hostBridge: "br0", config: { __containersNix: "module" } } },
    positions: {},
    network: { bridges: { ok: true, value: { br0: ["eth0"] } }, interfaces: { ok: true, value: { br0: { ipv4: [{ address: "10.10.0.1", prefixLength: 24 }], ipv6: [], virtual: false, virtualType: null } } } },
  });
  assert.is(r.status, 0, r.stderr);
  assert.equal(r.doc.host.network, { interfaces: { br0: { kind: "bridge", addresses: ["10.10.0.1/24"] }, eth0: { kind: "physical" } }, complete: false, networkNamespaces: null });
  assert.equal([r.doc.notes, r.doc.unchecked], [[], null]);
});

test("markers: a module is a valid config, a function where a value belongs is reported as one", () => {
  const r = validate({
    containers: { web: { ...web, hostAddress: "10.0.0.1", autoStart: { __containersNix: "function" } } },
    positions: { web: { a: [1, 1, "/h.nix"], k: { autoStart: { a: [2, 3] } } } },
  });
  assert.is(r.status, 1, r.stderr);
  assert.equal(places(r.doc), [{ path: "containers.web.autoStart", rule: "type", file: "/h.nix", line: 2, column: 3 }]);
  assert.match(r.doc.findings[0].message, /function/);
});

const malformed: [string, unknown, RegExp][] = [
  ["positions is a list", [], /definitions\.json: positions: expected a position node/],
  ["a place without a column", { web: { a: [3] } }, /positions\.web: expected a position node/],
  ["a file that is no string", { web: { a: [3, 3, 7] } }, /positions\.web: expected a position node/],
  ["a child that is no node", { web: { k: { hostAddress: 5 } } }, /positions\.web\.hostAddress: expected a position node/],
];

for (const [name, positions, message] of malformed) {
  test(`malformed positions: ${name} is an input error`, () => {
    const r = validate({ containers: { web }, positions });
    assert.is(r.status, 2);
    assert.match(r.stderr, message);
  });
}

test.run();
