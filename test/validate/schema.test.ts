/**
 * The zod schema built from the option set: findings (rule, path, message)
 * for valid and invalid definitions of every type kind, the same verdicts as
 * the generated module's evaluation (with a nixpkgs lib), every fixture
 * valid, and defaults applied exactly as src/model/resolve.ts applies them.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveContainer } from "../../src/model/container.js";
import { checkContainers, formatPath, type TypeRule } from "../../src/validate/schema.js";
import { fixtures } from "../support/fixtures.js";
import { evalJson, findNixpkgs, hasNixInstantiate } from "../support/nix.js";
import { root } from "../support/paths.js";

const P = "/nix/store/00000000000000000000000000000000-nixos-system-web";
/** One container `web` with a path and the given options. */
const web = (options: Record<string, unknown>) => ({ web: { path: P, ...options } });

/** [rule, formatted path, message or a part of it] */
type Want = [TypeRule, string, string];

interface Case {
  given: unknown;
  want: Want[];
  /** Why the module's evaluation cannot be compared here (it needs nixpkgs, or fails on purpose for another reason). */
  noNix?: string;
}

const cases: [string, Case][] = [
  // valid definitions in different shapes
  ["path only", { given: web({}), want: [] }],
  ["flake only", { given: { web: { flake: "github:NixOS/nixpkgs/master" } }, want: [] }],
  ["config only", { given: { web: { config: {} } }, want: [], noNix: "config needs nixpkgs' NixOS modules" }],
  ["no containers", { given: {}, want: [] }],
  ["port bounds 0 and 65535", { given: web({ forwardPorts: [{ hostPort: 0 }, { hostPort: 65535, containerPort: 0 }] }), want: [] }],
  ["containerPort null", { given: web({ forwardPorts: [{ protocol: "udp", hostPort: 53, containerPort: null }] }), want: [] }],
  ["privateUsers u32 bounds and enum", { given: { a: { path: P, privateUsers: 0 }, b: { path: P, privateUsers: 4294967295 }, c: { path: P, privateUsers: "identity" } }, want: [] }],
  ["MAC address upper and lower case", { given: { a: { path: P, localMacAddress: "DE:B7:73:01:10:90" }, b: { path: P, localMacAddress: "de:b7:73:01:10:90" } }, want: [] }],
  ["bind mount without mountPoint", { given: web({ bindMounts: { "/srv": {}, music: { mountPoint: "/mnt/music", hostPath: "/srv/music" } } }), want: [] }],
  ["specialArgs of any values", { given: web({ specialArgs: { a: [1, { b: null }], c: "x" } }), want: [] }],
  ["extraVeths with forwardPorts", { given: web({ extraVeths: { ve2: { hostAddress: "10.0.0.1", forwardPorts: [{ hostPort: 8080 }] } } }), want: [] }],
  ["networkNamespace path", { given: web({ networkNamespace: "/run/netns/x" }), want: [] }],
  ["path and flake agreeing on the profile", { given: { web: { path: "/nix/var/nix/profiles/per-container/web", flake: "github:a/b" } }, want: [] }],
  ["pkgs is left to the removed-pkgs check", { given: web({ pkgs: {} }), want: [], noNix: "the module stops on pkgs with the removed-pkgs error" }],

  // port
  ["hostPort as a string", { given: web({ forwardPorts: [{ hostPort: "80" }] }), want: [["type", "containers.web.forwardPorts[0].hostPort", 'expected a port number 0–65535, got "80"; write it without quotes']] }],
  ["hostPort below 0", { given: web({ forwardPorts: [{ hostPort: -1 }] }), want: [["type", "containers.web.forwardPorts[0].hostPort", "expected a port number 0–65535, got -1"]] }],
  ["hostPort above 65535", { given: web({ forwardPorts: [{ hostPort: 65536 }] }), want: [["type", "containers.web.forwardPorts[0].hostPort", "expected a port number 0–65535, got 65536"]] }],
  ["hostPort not whole", { given: web({ forwardPorts: [{ hostPort: 80.5 }] }), want: [["type", "containers.web.forwardPorts[0].hostPort", "got 80.5; use a whole number"]] }],
  ["missing hostPort", { given: web({ forwardPorts: [{ protocol: "udp" }] }), want: [["missing-option", "containers.web.forwardPorts[0].hostPort", "hostPort is not set and has no default; give a port number 0–65535"]] }],
  ["containerPort as a string", { given: web({ forwardPorts: [{ hostPort: 80, containerPort: "8080" }] }), want: [["type", "containers.web.forwardPorts[0].containerPort", 'expected null or a port number 0–65535, got "8080"; write it without quotes']] }],
  ["protocol as a number", { given: web({ forwardPorts: [{ hostPort: 80, protocol: 6 }] }), want: [["type", "containers.web.forwardPorts[0].protocol", 'expected a string, got 6; put it in quotes: "6"']] }],

  // u32, enum and either: privateUsers
  ["privateUsers maybe", { given: web({ privateUsers: "maybe" }), want: [["type", "containers.web.privateUsers", 'expected an integer 0–4294967295 or one of "no", "identity", "pick", got "maybe"']] }],
  ["privateUsers misspelt", { given: web({ privateUsers: "Pick" }), want: [["type", "containers.web.privateUsers", 'did you mean "pick"?']] }],
  ["privateUsers below 0", { given: web({ privateUsers: -1 }), want: [["type", "containers.web.privateUsers", "got -1"]] }],
  ["privateUsers above u32", { given: web({ privateUsers: 4294967296 }), want: [["type", "containers.web.privateUsers", "got 4294967296"]] }],
  ["privateUsers as a quoted number", { given: web({ privateUsers: "65536" }), want: [["type", "containers.web.privateUsers", "write it without quotes"]] }],
  ["privateUsers true", { given: web({ privateUsers: true }), want: [["type", "containers.web.privateUsers", "got true"]] }],

  // strMatching: localMacAddress
  ["MAC address with five groups", { given: web({ localMacAddress: "de:b7:73:01:10" }), want: [["type", "containers.web.localMacAddress", 'expected null or a string matching ([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}, got "de:b7:73:01:10"']] }],
  ["MAC address with dashes", { given: web({ localMacAddress: "de-b7-73-01-10-90" }), want: [["type", "containers.web.localMacAddress", "expected null or a string matching"]] }],
  ["MAC address with a trailing newline", { given: web({ localMacAddress: "de:b7:73:01:10:90\n" }), want: [["type", "containers.web.localMacAddress", "expected null or a string matching"]] }],
  ["MAC address in extraVeths", { given: web({ extraVeths: { ve2: { localMacAddress: "zz:b7:73:01:10:90" } } }), want: [["type", "containers.web.extraVeths.ve2.localMacAddress", "expected null or a string matching"]] }],

  // bool, str, path, nullOr
  ["autoStart as a string", { given: web({ autoStart: "true" }), want: [["type", "containers.web.autoStart", 'expected true or false, got "true"; write it without quotes']] }],
  ["ephemeral as 1", { given: web({ ephemeral: 1 }), want: [["type", "containers.web.ephemeral", "expected true or false, got 1"]] }],
  ["timeoutStartSec as a number", { given: web({ timeoutStartSec: 90 }), want: [["type", "containers.web.timeoutStartSec", 'expected a string, got 90; put it in quotes: "90"']] }],
  ["hostAddress as a number", { given: web({ hostAddress: 10 }), want: [["type", "containers.web.hostAddress", "expected null or a string, got 10"]] }],
  ["hostBridge false", { given: web({ hostBridge: false }), want: [["type", "containers.web.hostBridge", "expected null or a string, got false"]] }],
  ["relative path", { given: { web: { path: "nix/store/x" } }, want: [["type", "containers.web.path", "expected an absolute path (a string starting with /), got \"nix/store/x\"; give an absolute path, starting with /"]] }],
  ["relative networkNamespace", { given: web({ networkNamespace: "netns/x" }), want: [["type", "containers.web.networkNamespace", "expected null or an absolute path"]] }],
  ["null where null is not allowed", { given: web({ autoStart: null }), want: [["type", "containers.web.autoStart", "expected true or false, got null"]] }],

  // listOf, attrsOf
  ["interfaces as a string", { given: web({ interfaces: "eth0" }), want: [["type", "containers.web.interfaces", 'expected a list of strings, got "eth0"; put it in a list: [ … ]']] }],
  ["interfaces with a number", { given: web({ interfaces: ["eth0", 1] }), want: [["type", "containers.web.interfaces[1]", "expected a string, got 1"]] }],
  ["bindMounts as a list", { given: web({ bindMounts: ["/srv"] }), want: [["type", "containers.web.bindMounts", "expected an attribute set of BindMount attribute sets, got a list"]] }],
  ["specialArgs as a list", { given: web({ specialArgs: [] }), want: [["type", "containers.web.specialArgs", "expected an attribute set of values, got an empty list"]] }],
  ["allowedDevices entry as a string", { given: web({ allowedDevices: ["rwm"] }), want: [["type", "containers.web.allowedDevices[0]", 'expected an AllowedDevice (an attribute set of options), got "rwm"']] }],
  [
    "allowedDevices entry as a device path",
    {
      given: web({ allowedDevices: ["/dev/net/tun"] }),
      want: [["type", "containers.web.allowedDevices[0]", 'expected an AllowedDevice (an attribute set of options), got "/dev/net/tun"']],
      noNix: "Nix takes a string starting with / as a module file and fails reading /dev/net/tun, outside tryEval's reach",
    },
  ],

  // submodules: unknown and missing options, nested paths
  ["unknown option with a close name", { given: web({ autostart: true }), want: [["unknown-option", "containers.web.autostart", '"autostart" is not an option of Container; did you mean autoStart?']] }],
  ["unknown option of a nested submodule", { given: web({ hostport: 80 }), want: [["unknown-option", "containers.web.hostport", "hostPort is an option of each forwardPorts entry, so move it there"]] }],
  ["unknown option without a close name", { given: web({ colour: "blue" }), want: [["unknown-option", "containers.web.colour", "remove it, or check its spelling"]] }],
  ["unknown bind mount option", { given: web({ bindMounts: { "/srv": { isReadonly: false } } }), want: [["unknown-option", 'containers.web.bindMounts."/srv".isReadonly', "did you mean isReadOnly?"]] }],
  ["unknown forwardPorts option, small submodule", { given: web({ forwardPorts: [{ hostPort: 1, port: 2 }] }), want: [["unknown-option", "containers.web.forwardPorts[0].port", "the options are protocol, hostPort, containerPort"]] }],
  ["missing modifier", { given: web({ allowedDevices: [{ node: "/dev/kvm" }] }), want: [["missing-option", "containers.web.allowedDevices[0].modifier", "modifier is not set and has no default; give a string"]] }],
  ["nested submodule path", { given: web({ extraVeths: { ve2: { forwardPorts: [{ hostPort: 1 }, { hostPort: "x" }] } } }), want: [["type", "containers.web.extraVeths.ve2.forwardPorts[1].hostPort", 'expected a port number 0–65535, got "x"']] }],
  ["a container that is not an attribute set", { given: { web: "nginx" }, want: [["type", "containers.web", 'expected a Container (an attribute set of options), got "nginx"']] }],
  ["containers that are not an attribute set", { given: [], want: [["type", "containers", "expected an attribute set of Container attribute sets, got an empty list"]] }],

  // what the module does with path
  ["none of path, flake, config", { given: { web: { autoStart: true } }, want: [["missing-option", "containers.web", "none of path, flake and config is set"]] }],
  ["flake null is not a flake", { given: { web: { flake: null } }, want: [["missing-option", "containers.web", "none of path, flake and config is set"]] }],
  ["path with flake", { given: { web: { path: P, flake: "github:a/b" } }, want: [["conflicting-definition", "containers.web.path", "path is set together with flake"]] }],
  ["path with config", { given: { web: { path: P, config: {} } }, want: [["conflicting-definition", "containers.web.path", "path is set together with config"]], noNix: "config needs nixpkgs' NixOS modules" }],

  // several findings at once, in container-name then option order
  [
    "every finding is reported",
    {
      given: { b: { path: P, autoStart: "no", tmpfs: [1] }, a: { forwardPorts: [{}] } },
      want: [
        ["missing-option", "containers.a", "none of path"],
        ["missing-option", "containers.a.forwardPorts[0].hostPort", "hostPort is not set"],
        ["type", "containers.b.autoStart", "expected true or false"],
        ["type", "containers.b.tmpfs[0]", "expected a string"],
      ],
    },
  ],
];

for (const [name, { given, want }] of cases) {
  test(`schema: ${name}`, () => {
    const { findings, resolved } = checkContainers(given);
    const got = findings.map((f) => [f.rule, formatPath(f.path), f.message] as Want);
    assert.equal(
      got.map(([rule, p]) => [rule, p]),
      want.map(([rule, p]) => [rule, p]),
      "rules and paths",
    );
    got.forEach(([, p, message], i) => assert.ok(message.includes(want[i]![2]), `${p}: ${JSON.stringify(message)} should contain ${JSON.stringify(want[i]![2])}`));
    if (Array.isArray(given)) return;
    const clean = Object.keys(given as object).filter((n) => !findings.some((f) => f.path[0] === "containers" && f.path[1] === n));
    assert.equal(Object.keys(resolved).sort(), clean.sort(), "resolved holds exactly the containers without findings");
  });
}

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const comparable = cases.filter(([, c]) => c.noNix === undefined);
if (nixpkgs === null) test.skip("schema: the generated module accepts exactly the cases without findings (needs a nixpkgs lib)");
else
  test("schema: the generated module accepts exactly the cases without findings", () => {
    const dir = tmp.dirSync({ unsafeCleanup: true });
    try {
      const casesFile = path.join(dir.name, "cases.json");
      writeFileSync(casesFile, JSON.stringify(Object.fromEntries(comparable.map(([name, c]) => [name, c.given]))));
      const module = path.join(root, "nix/containers.nix");
      const verdicts = evalJson([path.join(root, "test/nix/type-verdicts.nix"), "--arg", "nixpkgs", nixpkgs, "--arg", "module", module, "--arg", "casesFile", casesFile]) as Record<string, boolean>;
      assert.equal(
        comparable.map(([name]) => [name, verdicts[name]]),
        comparable.map(([name, c]) => [name, c.want.length === 0]),
      );
    } finally {
      dir.removeCallback();
    }
  });

for (const f of fixtures()) {
  // With boot.enableContainers false the module evaluates nothing of a
  // container, so such a fixture may hold one the validator rightly rejects.
  const evaluated = f.input.host?.enableContainers !== false;
  test(`schema: fixture ${f.name} ${evaluated ? "is valid and " : ""}resolves as resolveContainer does`, () => {
    const { findings, resolved } = checkContainers(f.input.containers);
    if (evaluated) assert.equal(findings, []);
    for (const [name, input] of Object.entries(f.input.containers))
      if (evaluated || name in resolved) assert.equal(resolved[name], resolveContainer(name, input), name);
  });
}

test("schema: resolving does not change the input, and defaults are not shared", () => {
  const given = { a: { path: P }, b: { path: P } };
  const before = structuredClone(given);
  const { resolved } = checkContainers(given);
  assert.equal(given, before);
  resolved.a!.interfaces.push("eth9");
  assert.equal(resolved.b!.interfaces, []);
});

test("schema: defined tells whether pkgs and config were given", () => {
  const { defined } = checkContainers({ a: { path: P, pkgs: {} }, b: { config: {} }, c: { path: P } });
  assert.equal(defined, { a: { pkgs: true, config: false }, b: { pkgs: false, config: true }, c: { pkgs: false, config: false } });
});

const paths: [string, { given: (string | number)[]; want: string }][] = [
  ["plain names", { given: ["containers", "web", "autoStart"], want: "containers.web.autoStart" }],
  ["list index", { given: ["containers", "web", "forwardPorts", 0, "hostPort"], want: "containers.web.forwardPorts[0].hostPort" }],
  ["name that needs quotes", { given: ["containers", "web", "bindMounts", "/srv", "hostPath"], want: 'containers.web.bindMounts."/srv".hostPath' }],
];
for (const [name, { given, want }] of paths) test(`formatPath: ${name}`, () => assert.is(formatPath(given), want));

test.run();
