/**
 * `plan` with --old-expr/--new-expr on evaluated hosts (lib.evalModules over
 * the generated module and the test host stubs): containers built from
 * `config` are compared by the system path the evaluation gives them, not by
 * their text. The containers' nixpkgs is a stand-in whose eval-config.nix
 * makes a store path from the modules' values, so no NixOS is needed; a
 * nixpkgs lib is (else skipped).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import { root } from "../support/paths.js";

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const dir = tmp.dirSync({ unsafeCleanup: true }).name;

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, text);
  return f;
}

file(
  "fake-nixpkgs/nixos/lib/eval-config.nix",
  `# A stand-in for nixpkgs' eval-config.nix: the system path is a hash of the modules that are plain values.
{ modules, ... }:
{
  config.system.build.toplevel =
    "/nix/store/" + builtins.substring 0 32 (builtins.hashString "sha256" (builtins.toJSON (builtins.filter builtins.isAttrs modules))) + "-nixos-system";
}
`,
);

/** A host whose container `web` is built from config; `port` is bound outside the config's text. */
const host = (name: string, port: number, value: string) =>
  file(
    `${name}.nix`,
    `let port = ${port}; in
{
  containers.web = {
    autoStart = true;
    nixpkgs = ./fake-nixpkgs;
    config = { services.port = ${value}; };
  };
}
`,
  );

const evaluation = (f: string) =>
  `let lib = import <nixpkgs/lib>; in lib.evalModules { modules = [ ${path.join(root, "test/nix/host-stubs.nix")} ${path.join(root, "nix/containers.nix")} ${f} ]; }`;

const a = host("a", 80, "port");
const sameTextOtherSystem = host("b", 8080, "port");
const otherTextSameSystem = host("c", 9999, "40 + 40");
const run = (old: string, next: string) =>
  spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "plan", "--nixpkgs", nixpkgs!, "--format", "json", "--old-expr", evaluation(old), "--new-expr", evaluation(next)], {
    encoding: "utf8",
    cwd: dir,
  });

const cases: [string, { new: string; verdict: string; via: string[] }][] = [
  ["the same config text, another system (a value bound outside it): restart", { new: sameTextOtherSystem, verdict: "restart", via: ["system-path"] }],
  ["another config text, the same system: unchanged", { new: otherTextSameSystem, verdict: "unchanged", via: [] }],
];

if (nixpkgs === null) {
  reportNoNixpkgs();
  for (const [name] of cases) test.skip(name);
} else {
  for (const [name, c] of cases)
    test(name, () => {
      const r = run(a, c.new);
      assert.is(r.status, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.is(doc.containers[0].verdict, c.verdict, r.stdout);
      assert.equal(
        doc.containers[0].reasons.map((x: { via: string }) => x.via),
        c.via,
      );
    });
}

const spaced = "evaluated hosts as files in a directory whose name has a space: compared by their systems too";
if (nixpkgs === null) test.skip(spaced);
else
  test(spaced, () => {
    const old = file("two words/old.nix", `${evaluation(a)}\n`);
    const next = file("two words/new.nix", `${evaluation(sameTextOtherSystem)}\n`);
    const r = spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "plan", "--nixpkgs", nixpkgs, "--format", "json", old, next], { encoding: "utf8", cwd: dir });
    assert.is(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.is(doc.containers[0].verdict, "restart", r.stdout);
    assert.equal(
      doc.containers[0].reasons.map((x: { via: string }) => x.via),
      ["system-path"],
    );
  });

test.run();
