/**
 * The conf rendering, unit fields, hosts lines and checks in the generated
 * nix/containers-core.nix, evaluated by a bare nix-instantiate (no nixpkgs),
 * must equal the TypeScript side byte for byte: on every fixture and on a few
 * hundred seeded random definitions.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "./support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runContainerChecks, runHostChecks } from "../src/model/checks.js";
import { hostsLines, renderConf } from "../src/model/conf.js";
import { resolveContainer, type ResolvedContainer } from "../src/model/container.js";
import { dirsFor } from "../src/model/dirs.js";
import { templateUnit, unitOf } from "../src/options/unit.js";
import { container } from "../src/options/index.js";
import type { HostFacts } from "../src/options/checks.js";
import { fixtures } from "./support/fixtures.js";
import { evalJson, hasNixInstantiate } from "./support/nix.js";
import { root } from "./support/paths.js";
import { Gen, prng, randomContainer, randomHost, randomName } from "./support/random.js";
import { hostFacts } from "../src/model/checks.js";

interface Item {
  source: string;
  name: string;
  cfg: ResolvedContainer;
  dirs: ReturnType<typeof dirsFor>;
  defined: { pkgs: boolean; config: boolean };
  host: HostFacts;
}

const items: Item[] = [];
const hostSets: { source: string; containers: Record<string, ResolvedContainer>; host: HostFacts }[] = [];

for (const f of fixtures()) {
  const host = hostFacts({ ...f.input.host, containers: f.input.containers });
  const containers: Record<string, ResolvedContainer> = {};
  for (const [name, input] of Object.entries(f.input.containers)) {
    const cfg = resolveContainer(name, input);
    containers[name] = cfg;
    // Without path or flake the module renders nothing (it is an error once containers are enabled).
    if (cfg.path === undefined) continue;
    items.push({ source: `fixture ${f.name}`, name, cfg, dirs: dirsFor(host.stateVersion), defined: { pkgs: "pkgs" in input, config: false }, host });
  }
  hostSets.push({ source: `fixture ${f.name}`, containers, host });
}

const SEED = 20261124;
const g = new Gen(prng(SEED));
for (let i = 0; i < 300; i++) {
  const name = randomName(g);
  const host = randomHost(g);
  const cfg = resolveContainer(name, randomContainer(g));
  items.push({ source: `random #${i} (seed ${SEED})`, name, cfg, dirs: dirsFor(host.stateVersion), defined: { pkgs: g.bool(0.1), config: g.bool(0.1) }, host });
  if (i % 10 === 0) {
    const containers: Record<string, ResolvedContainer> = {};
    for (let k = g.int(0, 4); k > 0; k--) containers[randomName(g)] = resolveContainer("x", randomContainer(g));
    hostSets.push({ source: `random host #${i}`, containers, host });
  }
}

interface NixOut {
  containers: { conf: string; unit: unknown; checks: unknown[] }[];
  hosts: { lines: string; checks: unknown[] }[];
}

let nixOut: NixOut | undefined;
function evaluate(): NixOut {
  if (nixOut) return nixOut;
  assert.ok(hasNixInstantiate, "nix-instantiate is missing: apt-get install -y nix-bin");
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    const casesFile = path.join(dir.name, "cases.json");
    writeFileSync(casesFile, JSON.stringify({ containers: items, hosts: hostSets }));
    nixOut = evalJson([path.join(root, "test/nix/core-eval.nix"), "--argstr", "casesFile", casesFile]) as NixOut;
    return nixOut;
  } finally {
    dir.removeCallback();
  }
}

test(`renderConf: Nix equals TS on ${items.length} definitions`, () => {
  const out = evaluate();
  items.forEach((it, i) => assert.fixture(out.containers[i]!.conf, renderConf(it.name, it.cfg), `${it.source}: containers.${it.name}`));
});

test("unit fields: Nix equals TS", () => {
  const out = evaluate();
  items.forEach((it, i) => assert.equal(out.containers[i]!.unit, unitOf(it), `${it.source}: containers.${it.name}`));
});

test("container checks: Nix equals TS", () => {
  const out = evaluate();
  items.forEach((it, i) => assert.equal(out.containers[i]!.checks, runContainerChecks(it), `${it.source}: containers.${it.name}`));
});

test(`hosts lines and host checks: Nix equals TS on ${hostSets.length} hosts`, () => {
  const out = evaluate();
  hostSets.forEach((h, i) => {
    assert.fixture(out.hosts[i]!.lines, hostsLines(h.containers), h.source);
    assert.equal(out.hosts[i]!.checks, runHostChecks(h.host).map(({ enabledOnly: _, ...r }) => r), h.source);
  });
});

test("the random definitions reach every conf line and every check outcome", () => {
  const keys = new Set(items.flatMap((it) => [...renderConf(it.name, it.cfg).matchAll(/^([A-Z_0-9]+)=/gm)].map((m) => m[1])));
  for (const k of ["SYSTEM_PATH", "FLAKE", "PRIVATE_NETWORK", "HOST_BRIDGE", "HOST_PORT", "HOST_ADDRESS6", "LOCAL_MAC_ADDRESS", "NETWORK_NAMESPACE_PATH", "AUTO_START"])
    assert.ok(keys.has(k), `no definition writes ${k}`);
  const outcomes = new Set(items.flatMap((it) => runContainerChecks(it).map((r) => `${r.id}:${r.ok}`)));
  for (const id of ["container-name-length", "container-name-underscore", "network-namespace-exclusive", "removed-pkgs", "flake-with-config", "conf-injection", "start-script-split"])
    assert.ok(outcomes.has(`${id}:false`) && outcomes.has(`${id}:true`), `${id} is not exercised both ways`);
});

test("templateSettings: the template unit's options at their defaults from the option set, but restartIfChanged", () => {
  assert.ok(hasNixInstantiate, "nix-instantiate is missing: apt-get install -y nix-bin");
  const got = evalJson(["--expr", `(import ${JSON.stringify(path.join(root, "nix/containers-core.nix"))}).templateSettings`]);
  const expected: Record<string, unknown> = { restartIfChanged: false };
  for (const name of templateUnit.atDefault) expected[name] = container.options[name]!.default;
  assert.equal(got, expected);
  // The facts this rests on: the template's timeout is the option's default, and the template is never restarted by a switch.
  assert.is((got as Record<string, unknown>).timeoutStartSec, "1min");
  assert.is((got as Record<string, unknown>).restartIfChanged, false);
});

test.run();
