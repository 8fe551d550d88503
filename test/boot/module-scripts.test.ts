/**
 * The scripts the boot harness runs are the module's: for every boot shape,
 * the generated module's container@ unit (lib.evalModules on the stub host)
 * has the preStart, script and postStart that core.scripts renders for the
 * definition as the harness resolves it, and the unit environment the
 * harness sets (root from the core's unit fields). Needs a nixpkgs lib, else skipped.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import { evalJson, findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import { root } from "../support/paths.js";
import { falseAlarms, proofs } from "./consumers.js";
import { asBooted } from "./harness.js";
import { shapes } from "./shapes.js";

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const definitions = [
  ...shapes.flatMap((s) => Object.entries(s.boot.containers).map(([name, b]) => ({ source: s.name, name, definition: b.definition }))),
  ...[...proofs, ...falseAlarms].flatMap((p) => ("given" in p ? Object.entries(p.given).map(([name, definition]) => ({ source: p.rule, name, definition })) : [])),
].filter((d) => !d.name.includes("_") && !d.name.startsWith("-")); // the module refuses those names before any unit exists

interface Out {
  module: { preStart: string; script: string; postStart: string; root: string; INSTANCE: string };
  core: { preStart: string; script: string; postStart: string; root: string };
}

if (nixpkgs === null) {
  reportNoNixpkgs();
  test.skip("module scripts: every boot shape's unit runs the scripts the harness runs");
} else {
  test("module scripts: every boot shape's unit runs the scripts the harness runs", () => {
    const cases = definitions.map((d) => {
      const given = asBooted(d.name, d.definition);
      return { name: d.name, given, cfg: resolveContainer(d.name, given), dirs: dirsFor("25.11") };
    });
    const dir = tmp.dirSync({ unsafeCleanup: true });
    let out: Out[];
    try {
      const casesFile = path.join(dir.name, "cases.json");
      writeFileSync(casesFile, JSON.stringify(cases));
      out = evalJson([path.join(root, "test/boot/module-scripts.nix"), "--arg", "nixpkgs", nixpkgs, "--arg", "module", path.join(root, "nix/containers.nix"), "--arg", "casesFile", casesFile]) as Out[];
    } finally {
      dir.removeCallback();
    }
    out.forEach((o, i) => {
      const d = definitions[i]!;
      for (const k of ["preStart", "script", "postStart"] as const) assert.fixture(o.module[k], o.core[k], `${d.source} (${d.name}): ${k}`);
      assert.is(o.module.root, o.core.root, `${d.source} (${d.name}): root`);
      assert.is(o.module.INSTANCE.replaceAll("%i", d.name), d.name, `${d.source}: INSTANCE`);
    });
  });
}

if (nixpkgs === null) test.skip("module scripts: the template unit container@ runs the scripts the harness runs for an imperative container");
else
  test("module scripts: the template unit container@ runs the scripts the harness runs for an imperative container", () => {
    const args = ["--arg", "nixpkgs", nixpkgs, "--arg", "module", path.join(root, "nix/containers.nix"), "--argstr", "dirsJson", JSON.stringify(dirsFor("25.11"))];
    const o = evalJson([path.join(root, "test/boot/template-scripts.nix"), ...args]) as Out;
    for (const k of ["preStart", "script", "postStart"] as const) assert.fixture(o.module[k], o.core[k], `container@: ${k}`);
    assert.is(o.module.root, o.core.root, "container@: root");
  });

test.run();
