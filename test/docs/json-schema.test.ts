/**
 * docs/containers.schema.json under a real JSON Schema validator (ajv, draft
 * 2020-12, strict mode): every fixture's containers and a table of valid and
 * invalid definitions get the verdict written here, and the same verdict as
 * the validator's type layer (src/validate/schema.ts, zod), except for the
 * cases marked `zodDiffers`, each with its reason.
 */
import _Ajv2020 from "ajv/dist/2020.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { emitJsonSchema } from "../../src/docs/json-schema.js";
import { readHostObject } from "../../src/validate/host-object.js";
import { checkContainers } from "../../src/validate/schema.js";
import { fixtures } from "../support/fixtures.js";

const Ajv2020 = _Ajv2020 as unknown as typeof _Ajv2020.default;
// Strict, except strictRequired: that lint wants every `required` name declared in the
// same subschema, while the container's constraints (allOf) name options declared beside them.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
/** The schema as users get it: the emitted text, parsed. */
const schema = JSON.parse(emitJsonSchema()) as object;
const validate = ajv.compile(schema);

const verdict = (containers: unknown) => validate({ containers }) === true;
const errors = () => ajv.errorsText(validate.errors, { dataVar: "definition" });

const web = { path: "/nix/store/00000000000000000000000000000000-nixos-system-web" };

/** [name, containers, valid?]; `zodDiffers` names a deliberate difference from the zod type layer. */
const cases: [string, { containers: unknown; valid: boolean; zodDiffers?: string }][] = [
  ["no containers", { containers: {}, valid: true }],
  ["a container from a path", { containers: { web }, valid: true }],
  ["a container from a flake", { containers: { fl: { flake: "github:NixOS/nixpkgs/master" } }, valid: true }],
  ["a container from an attribute-set module", { containers: { c: { config: { services: { nginx: { enable: true } } } } }, valid: true }],
  ["a container from a module file", { containers: { c: { config: "/etc/nixos/c.nix" } }, valid: true }],
  ["path and flake: the flake's own profile", { containers: { fl: { flake: "github:a/b", path: "/nix/var/nix/profiles/per-container/fl" } }, valid: true }],
  ["privateUsers as a number", { containers: { web: { ...web, privateUsers: 65536 } }, valid: true }],
  ["privateUsers at the u32 maximum", { containers: { web: { ...web, privateUsers: 4294967295 } }, valid: true }],
  ["privateUsers as identity", { containers: { web: { ...web, privateUsers: "identity" } }, valid: true }],
  ["localMacAddress null", { containers: { web: { ...web, localMacAddress: null } }, valid: true }],
  ["localMacAddress upper case", { containers: { web: { ...web, localMacAddress: "DE:B7:73:01:10:90" } }, valid: true }],
  ["forwardPorts with the container port left out", { containers: { web: { ...web, forwardPorts: [{ hostPort: 0 }] } }, valid: true }],
  ["containerPort null", { containers: { web: { ...web, forwardPorts: [{ hostPort: 80, containerPort: null }] } }, valid: true }],
  ["bindMounts without mountPoint (the attribute name)", { containers: { web: { ...web, bindMounts: { "/srv": { hostPath: "/data" } } } }, valid: true }],
  ["specialArgs of any JSON values", { containers: { web: { ...web, specialArgs: { a: [1, { b: null }], c: "x" } } }, valid: true }],
  ["nixpkgs as an absolute path", { containers: { web: { ...web, nixpkgs: "/nix/store/00000000000000000000000000000000-source" } }, valid: true }],
  ["the removed pkgs (the type accepts it; a check reports it)", { containers: { web: { ...web, pkgs: {} } }, valid: true }],
  ["containers not an attribute set", { containers: [], valid: false }],
  ["a container not an attribute set", { containers: { web: true }, valid: false }],
  ["an unknown option", { containers: { web: { ...web, autostart: true } }, valid: false }],
  ["a boolean as a string", { containers: { web: { ...web, autoStart: "yes" } }, valid: false }],
  ["neither path, flake nor config", { containers: { web: { autoStart: true } }, valid: false }],
  ["flake null and nothing else", { containers: { web: { flake: null } }, valid: false }],
  ["path together with config", { containers: { web: { ...web, config: {} } }, valid: false }],
  ["path together with a flake", { containers: { fl: { flake: "github:a/b", path: "/srv/system" } }, valid: false }],
  ["a relative path", { containers: { web: { path: "result" } }, valid: false }],
  ["hostPort above 65535", { containers: { web: { ...web, forwardPorts: [{ hostPort: 65536 }] } }, valid: false }],
  ["hostPort negative", { containers: { web: { ...web, forwardPorts: [{ hostPort: -1 }] } }, valid: false }],
  ["hostPort not an integer", { containers: { web: { ...web, forwardPorts: [{ hostPort: 80.5 }] } }, valid: false }],
  ["hostPort left out", { containers: { web: { ...web, forwardPorts: [{ protocol: "udp" }] } }, valid: false }],
  ["privateUsers above the u32 maximum", { containers: { web: { ...web, privateUsers: 4294967296 } }, valid: false }],
  ["privateUsers not one of the words", { containers: { web: { ...web, privateUsers: "yes" } }, valid: false }],
  ["localMacAddress with five groups", { containers: { web: { ...web, localMacAddress: "de:b7:73:01:10" } }, valid: false }],
  ["localMacAddress with more before it (whole-string match)", { containers: { web: { ...web, localMacAddress: "xde:b7:73:01:10:90" } }, valid: false }],
  ["localMacAddress with a newline after it (whole-string match)", { containers: { web: { ...web, localMacAddress: "de:b7:73:01:10:90\n" } }, valid: false }],
  ["hostAddress a number", { containers: { web: { ...web, hostAddress: 5 } }, valid: false }],
  ["allowedDevices entry without modifier", { containers: { web: { ...web, allowedDevices: [{ node: "/dev/kvm" }] } }, valid: false }],
  ["bindMounts isReadOnly a string", { containers: { web: { ...web, bindMounts: { "/srv": { isReadOnly: "no" } } } }, valid: false }],
  ["extraVeths with an unknown option", { containers: { web: { ...web, extraVeths: { ve1: { hostAdress: "10.0.0.1" } } } }, valid: false }],
  ["interfaces not a list", { containers: { web: { ...web, interfaces: "eth0" } }, valid: false }],
  [
    "config that is no module",
    { containers: { c: { config: 5 } }, valid: false, zodDiffers: "zod accepts any config without looking at it; Nix fails to load 5 as a module" },
  ],
  [
    "path and flake: another container's profile",
    {
      containers: { fl: { flake: "github:a/b", path: "/nix/var/nix/profiles/per-container/other" } },
      valid: true,
      zodDiffers: "the schema cannot compare path with the container's name, so it accepts any per-container profile",
    },
  ],
];

test("the schema compiles in strict mode and is valid draft 2020-12", () => {
  assert.ok(ajv.validateSchema(schema), ajv.errorsText(ajv.errors));
});

for (const [name, { containers, valid }] of cases)
  test(`schema: ${name}`, () => assert.is(verdict(containers), valid, valid ? errors() : "should be rejected"));

/** Fixtures whose containers the schema rejects, and why; it accepts every other fixture. */
const rejectedFixtures: Record<string, string> = {
  "warn-disabled-without-path": "a container with neither path, flake nor config (Nix only gets away with it while containers are disabled)",
};
const fixtureVerdicts = fixtures().map((f) => [f.name, f.input.containers] as const);
for (const [name, containers] of fixtureVerdicts) {
  const why = rejectedFixtures[name];
  if (why === undefined) test(`schema accepts fixture ${name}`, () => assert.ok(verdict(containers), errors()));
  else test(`schema rejects fixture ${name}: ${why}`, () => assert.not.ok(verdict(containers)));
}
test("every fixture the schema should reject exists", () => {
  const names = new Set(fixtureVerdicts.map(([n]) => n));
  assert.equal(Object.keys(rejectedFixtures).filter((n) => !names.has(n)), []);
});

test("a top-level $schema line and the validator's host object are allowed, other top-level keys are not", () => {
  assert.ok(validate({ $schema: "./containers.schema.json", containers: { web } }), errors());
  assert.ok(validate({ containers: { web }, host: {} }), errors());
  assert.not.ok(validate({ containers: { web }, hosts: {} }));
});

/**
 * Host objects: the schema's verdict, and the validator's reader (src/validate/host-object.ts) finds an error
 * exactly when the schema rejects (a warning, for a key it does not read, where the schema rejects:
 * `readerWarns`), except where a schema cannot see what the reader checks (`readerOnly`).
 */
const hostCases: [string, { host: unknown; valid: boolean; readerWarns?: true; readerOnly?: string }][] = [
  ["empty", { host: {}, valid: true }],
  ["the scalar facts", { host: { kernelVersion: "5.4.0", stateVersion: "24.05", enableContainers: true, virtualisationContainers: false }, valid: true }],
  [
    "the design's example",
    {
      host: {
        interfaces: {
          br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd00:10::1/64"] },
          eth1: { kind: "physical" },
          vlan5: { kind: "vlan", parent: "eth1" },
          mv0: { kind: "macvlan", parent: "eth1" },
        },
        networkNamespaces: ["/run/netns/vpn"],
      },
      valid: true,
    },
  ],
  ["every kind", { host: { interfaces: Object.fromEntries(["bridge", "physical", "vlan", "macvlan", "veth", "dummy", "bond", "wireguard", "tun", "other"].map((k, i) => [`if${i}`, { kind: k }])) }, valid: true }],
  ["networkNamespaces null", { host: { interfaces: {}, networkNamespaces: null }, valid: true }],
  ["host not an object", { host: [], valid: false }],
  ["kernelVersion a number", { host: { kernelVersion: 6 }, valid: false }],
  ["an unknown fact", { host: { interface: {} }, valid: false, readerWarns: true }],
  ["interfaces a list", { host: { interfaces: ["br0"] }, valid: false }],
  ["an interface without kind", { host: { interfaces: { br0: {} } }, valid: false }],
  ["an unknown kind", { host: { interfaces: { br0: { kind: "bridg" } } }, valid: false }],
  ["an unknown field of an interface", { host: { interfaces: { br0: { kind: "bridge", adresses: [] } } }, valid: false }],
  ["a parent on a bridge", { host: { interfaces: { eth0: { kind: "physical" }, br0: { kind: "bridge", parent: "eth0" } } }, valid: false }],
  ["a parent that is not listed", { host: { interfaces: { mv0: { kind: "macvlan", parent: "eth9" } } }, valid: true, readerOnly: "a schema cannot refer to the object's own keys" }],
  ["an address without prefix", { host: { interfaces: { br0: { kind: "bridge", addresses: ["10.0.0.1"] } } }, valid: false }],
  ["an address that does not parse", { host: { interfaces: { br0: { kind: "bridge", addresses: ["10.0.0.300/24"] } } }, valid: true, readerOnly: "the schema's pattern only shapes an address" }],
  ["a name with a slash", { host: { interfaces: { "a/b": { kind: "other" } } }, valid: false }],
  ["a name of 16 characters", { host: { interfaces: { abcdefghijklmnop: { kind: "other" } } }, valid: false }],
  ["a relative namespace path", { host: { interfaces: {}, networkNamespaces: ["run/netns/vpn"] }, valid: false }],
];
for (const [name, { host, valid, readerWarns, readerOnly }] of hostCases)
  test(`host object: ${name}`, () => {
    assert.is(validate({ containers: {}, host }) === true, valid, errors());
    const severities = readHostObject(host).findings.map((f) => f.severity);
    if (readerOnly !== undefined) assert.ok(severities.includes("error"), `the reader refuses it (${readerOnly})`);
    else if (readerWarns) assert.equal(severities, ["warning"]);
    else assert.is(severities.includes("error"), !valid, JSON.stringify(readHostObject(host).findings));
  });

const zodValid = (containers: unknown) => checkContainers(containers).findings.length === 0;
const zodFindings = (containers: unknown) => JSON.stringify(checkContainers(containers).findings);

for (const [name, { containers, zodDiffers }] of cases) {
  if (zodDiffers !== undefined)
    test(`ajv and zod differ, deliberately: ${name}`, () => assert.is.not(verdict(containers), zodValid(containers), zodDiffers));
  else test(`ajv and zod agree: ${name}`, () => assert.is(verdict(containers), zodValid(containers), zodFindings(containers)));
}
for (const [name, containers] of fixtureVerdicts)
  test(`ajv and zod agree: fixture ${name}`, () => assert.is(verdict(containers), zodValid(containers), zodFindings(containers)));

test.run();
