/**
 * --expr and --attr on a whole host configuration (lib.evalModules over the
 * generated module, the test host stubs and two modules that both define
 * containers.web): the validator reads the definitions as written, from
 * options.containers, with their files and positions. Needs a nixpkgs lib.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findNixpkgs, hasNixInstantiate, reportNoNixpkgs } from "../support/nix.js";
import { root } from "../support/paths.js";

const nixpkgs = hasNixInstantiate ? findNixpkgs() : null;
const here = path.join(root, "test/validate");
const run = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, "dist/src/cli.js"), "validate", "--nixpkgs", nixpkgs!, ...args], { encoding: "utf8", cwd: here });

const EXPR = `let lib = import <nixpkgs/lib>; in lib.evalModules { modules = [ ../nix/host-stubs.nix ../../nix/containers.nix ./cases/host-a.nix ./cases/host-b.nix ]; }`;
const WANT = [
  `cases/host-a.nix:11:5: warning[timeout-start-sec] containers.db.timeoutStartSec: "1 fortnight" is not a time span systemd can parse`,
  `cases/host-a.nix:7:5: error[address-syntax] containers.web.localAddress: "10.0.0.300" is not an IPv4 address`,
  "2 containers checked: 1 error, 1 warning",
];

const cases: [string, { given: string[]; want: { status: number; stdout?: string[]; stderr?: string } }][] = [
  ["--expr: a host evaluated with lib.evalModules", { given: ["--expr", EXPR], want: { status: 1, stdout: WANT } }],
  [
    "--attr: the same host inside a file",
    { given: ["cases/configurations.nix", "--attr", "nixosConfigurations.host"], want: { status: 1, stdout: WANT } },
  ],
  [
    "--expr with --attr",
    { given: ["--expr", `import ./cases/configurations.nix { nixpkgs = <nixpkgs>; }`, "--attr", "nixosConfigurations.host"], want: { status: 1, stdout: WANT } },
  ],
  [
    "--attr to config.containers: exit 2 with what to point at instead",
    { given: ["cases/configurations.nix", "--attr", "nixosConfigurations.host.config.containers"], want: { status: 2, stderr: "point --attr at the evaluation itself" } },
  ],
  ["--attr to a missing attribute: exit 2", { given: ["cases/configurations.nix", "--attr", "nixosConfigurations.nope"], want: { status: 2, stderr: "no attribute `nope`" } }],
  ["--expr with a syntax error: exit 2 with its position", { given: ["--expr", "{ web = { path = \"/x\"; "], want: { status: 2, stderr: "(expr):1:23: syntax error" } }],
];

if (nixpkgs === null) {
  reportNoNixpkgs();
  for (const [name] of cases) test.skip(name);
} else {
  for (const [name, { given, want }] of cases)
    test(name, () => {
      const r = run(given);
      assert.is(r.status, want.status, r.stdout + r.stderr);
      for (const s of want.stdout ?? []) assert.ok(r.stdout.includes(s), `stdout lacks ${JSON.stringify(s)}:\n${r.stdout}`);
      if (want.stderr !== undefined) assert.ok(r.stderr.includes(want.stderr), r.stderr);
    });
}

test.run();
