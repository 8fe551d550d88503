/**
 * containers.<name>.activation through the whole generated module
 * (lib.evalModules on the stub host): the restartTriggers, reloadTriggers and
 * restartIfChanged each strategy gives a container@ unit, and that a host
 * that does not set it gets upstream's triggers. Needs a nixpkgs lib: without
 * one these tests are reported as skipped.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "./support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderConf } from "../src/model/conf.js";
import { resolveContainer } from "../src/model/container.js";
import type { Json } from "../src/model/resolve.js";
import { evalJson, findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "./support/nix.js";
import { root } from "./support/paths.js";

type Def = { [k: string]: Json };
interface UnitView {
  restartTriggers: string[] | null;
  reloadTriggers: string[] | null;
  restartIfChanged: boolean;
}

const P1 = "/nix/store/11111111111111111111111111111111-nixos-system-web";
const P2 = "/nix/store/22222222222222222222222222222222-nixos-system-web";
const base: Def = { autoStart: true, path: P1, privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2" };
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** The stub host's environment.etc source: a store path named for the text's hash (test/nix/host-stubs.nix). */
const etcSource = (def: Def) => `/nix/store/00000000000000000000000000000000-etc-${sha256(renderConf("web", resolveContainer("web", def)))}`;
const confWithoutPath = (def: Def) => sha256(renderConf("web", resolveContainer("web", { ...def, path: "" })));

const cases: [string, { def: Def; want: (def: Def) => UnitView }][] = [
  ["activation not set: upstream's restartTriggers (system path, conf file)", { def: base, want: (d) => ({ restartTriggers: [P1, etcSource(d)], reloadTriggers: null, restartIfChanged: true }) }],
  ["activation = restart: the same", { def: { ...base, activation: "restart" }, want: (d) => ({ restartTriggers: [P1, etcSource(d)], reloadTriggers: null, restartIfChanged: true }) }],
  [
    "activation = reload: reload on the system path, restart on the rest of the conf file",
    { def: { ...base, activation: "reload" }, want: (d) => ({ restartTriggers: [confWithoutPath(d)], reloadTriggers: [P1], restartIfChanged: true }) },
  ],
  ["activation = none: no triggers, restartIfChanged = false", { def: { ...base, activation: "none" }, want: () => ({ restartTriggers: null, reloadTriggers: null, restartIfChanged: false }) }],
  [
    "reload with restartIfChanged = false: the triggers stay, restartIfChanged is false",
    { def: { ...base, activation: "reload", restartIfChanged: false }, want: (d) => ({ restartTriggers: [confWithoutPath(d)], reloadTriggers: [P1], restartIfChanged: false }) },
  ],
  ...(["restart", "reload", "none"] as const).map(
    (a): [string, { def: Def; want: () => UnitView }] => [
      `no autoStart, activation = ${a}: no triggers, as upstream`,
      { def: { ...base, autoStart: false, activation: a }, want: () => ({ restartTriggers: null, reloadTriggers: null, restartIfChanged: false }) },
    ],
  ),
];

/** Pairs of definitions: which trigger list changes between them under activation = reload. */
const pairs: [string, { old: Def; new: Def; restartChanges: boolean; reloadChanges: boolean }][] = [
  ["reload: a new system path changes the reload triggers only", { old: { ...base, activation: "reload" }, new: { ...base, activation: "reload", path: P2 }, restartChanges: false, reloadChanges: true }],
  [
    "reload: a new hostAddress changes the restart triggers only",
    { old: { ...base, activation: "reload" }, new: { ...base, activation: "reload", hostAddress: "10.0.0.9" }, restartChanges: true, reloadChanges: false },
  ],
  ["restart: a new system path changes the restart triggers", { old: base, new: { ...base, path: P2 }, restartChanges: true, reloadChanges: false }],
];

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;

function evalCases(defs: Record<string, Def>): Record<string, { units: Record<string, UnitView> }> {
  const dir = tmp.dirSync({ unsafeCleanup: true });
  try {
    const casesFile = path.join(dir.name, "cases.json");
    writeFileSync(casesFile, JSON.stringify(Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, { containers: { web: d } }]))));
    const args = [path.join(root, "test/nix/eval-triggers.nix"), "--arg", "nixpkgs", nixpkgs!, "--arg", "module", path.join(root, "nix/containers.nix")];
    return evalJson([...args, "--arg", "casesFile", casesFile]) as Record<string, { units: Record<string, UnitView> }>;
  } finally {
    dir.removeCallback();
  }
}

if (nixpkgs === null) {
  reportNoNixpkgs();
  for (const [name] of [...cases, ...pairs]) test.skip(name);
} else {
  let got: ReturnType<typeof evalCases> | undefined;
  const all = () =>
    (got ??= evalCases({
      ...Object.fromEntries(cases.map(([n, c]) => [n, c.def])),
      ...Object.fromEntries(pairs.flatMap(([n, p]) => [[`${n} (old)`, p.old], [`${n} (new)`, p.new]])),
    }));
  for (const [name, c] of cases) test(name, () => assert.equal(all()[name]!.units["container@web"], c.want(c.def)));
  for (const [name, p] of pairs)
    test(name, () => {
      const o = all()[`${name} (old)`]!.units["container@web"]!;
      const n = all()[`${name} (new)`]!.units["container@web"]!;
      assert.is(JSON.stringify(o.restartTriggers) !== JSON.stringify(n.restartTriggers), p.restartChanges, "restart triggers changed");
      assert.is(JSON.stringify(o.reloadTriggers) !== JSON.stringify(n.reloadTriggers), p.reloadChanges, "reload triggers changed");
    });
}

test.run();
