/** `containers-nix plan` as a user runs it: both output formats, every exit code, each kind of input. */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasNixInstantiate } from "../support/nix.js";
import { root } from "../support/paths.js";
import { writeSystemTree } from "../support/system-tree.js";

const cli = path.join(root, "dist/src/cli.js");
const dir = tmp.dirSync({ unsafeCleanup: true }).name;
const run = (args: string[]) => spawnSync(process.execPath, [cli, "plan", ...args], { encoding: "utf8", cwd: dir });

function file(name: string, text: string): string {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
  return name;
}

const P1 = "/nix/store/11111111111111111111111111111111-nixos-system";
const P2 = "/nix/store/22222222222222222222222222222222-nixos-system";
const oldDefs = {
  web: { path: P1, autoStart: true },
  db: { path: P1, autoStart: true, activation: "reload" },
  gone: { path: P1, autoStart: true },
  same: { path: P1 },
};
const newDefs = {
  web: { path: P1, autoStart: true, timeoutStartSec: "5min" },
  db: { path: P2, autoStart: true, activation: "reload" },
  fresh: { path: P1, autoStart: true },
  same: { path: P1 },
};
const oldJson = file("old.json", JSON.stringify({ containers: oldDefs }, null, 2));
const newJson = file("new.json", JSON.stringify({ containers: newDefs }, null, 2));
const reloadOnly = file("reload-only.json", JSON.stringify({ containers: { ...oldDefs, db: newDefs.db } }, null, 2));
const badType = file("bad.json", JSON.stringify({ containers: { web: { path: P1, autoStart: "yes" } } }));
const badAddress = file("bad-address.json", JSON.stringify({ containers: { web: { path: P1, privateNetwork: true, hostAddress: "10.0.0.300" } } }));
const oldSystem = writeSystemTree(path.join(dir, "old-system"), oldDefs);
const newSystem = writeSystemTree(path.join(dir, "new-system"), newDefs);

test("--help exits 0 with the usage", () => {
  const r = run(["--help"]);
  assert.is(r.status, 0);
  assert.match(r.stdout, /^usage: containers-nix plan OLD NEW/);
});

test("human: one line per container grouped by verdict, then the summary; exit 0 without --exit-code", () => {
  const r = run([oldJson, newJson]);
  assert.is(r.status, 0, r.stderr);
  assert.is(
    r.stdout,
    [
      "removed          gone: removed; the switch stops it if it runs",
      "",
      "restart          web: unit: TimeoutStartSec (timeoutStartSec)",
      "",
      "reload           db: its system changed (SYSTEM_PATH in the conf file)",
      "",
      "new, starts now  fresh: new; the switch starts it (autoStart)",
      "",
      "unchanged        same",
      "",
      "5 containers: 1 removed, 1 restart, 1 reload, 1 new, 1 unchanged; 2 containers are restarted or stopped",
      "",
    ].join("\n"),
  );
});

test("--exit-code: 1 when a container is restarted or stopped, 0 when only reloaded", () => {
  assert.is(run([oldJson, newJson, "--exit-code"]).status, 1);
  const r = run([oldJson, reloadOnly, "--exit-code"]);
  assert.is(r.status, 0, r.stdout);
  assert.match(r.stdout, /^reload +db:/m);
});

test("--format json: the versioned document", () => {
  const r = run([oldJson, newJson, "--format", "json", "--exit-code"]);
  assert.is(r.status, 1);
  const doc = JSON.parse(r.stdout);
  assert.is(doc.version, 1);
  assert.is(doc.kind, "definitions");
  assert.is(doc.old, "old.json");
  assert.equal(
    doc.containers.map((c: { name: string; verdict: string }) => [c.name, c.verdict]),
    [
      ["db", "reload"],
      ["fresh", "new"],
      ["gone", "removed"],
      ["same", "unchanged"],
      ["web", "restart"],
    ],
  );
  const fresh = doc.containers.find((c: { name: string }) => c.name === "fresh");
  assert.is(fresh.startsNow, true);
  const web = doc.containers.find((c: { name: string }) => c.name === "web");
  assert.equal(web.action, "restart");
  assert.equal(web.reasons, [{ via: "unit", keys: ["Service.TimeoutStartSec"], options: ["timeoutStartSec"], message: "unit: TimeoutStartSec (timeoutStartSec)" }]);
  assert.equal(doc.summary, { containers: 5, removed: 1, restart: 1, "may-restart": 0, reload: 1, new: 1, "not-applied": 0, unchanged: 1, stopping: 2, exitCode: 1 });
});

test("built systems: the same verdicts as the definitions they were built from", () => {
  const fromSystems = JSON.parse(run([oldSystem, newSystem, "--format", "json"]).stdout);
  const fromDefinitions = JSON.parse(run([oldJson, newJson, "--format", "json"]).stdout);
  assert.is(fromSystems.kind, "system");
  const verdicts = (d: { containers: { name: string; verdict: string }[] }) => d.containers.map((c) => [c.name, c.verdict]);
  assert.equal(verdicts(fromSystems), verdicts(fromDefinitions));
  assert.is(run([oldSystem, newSystem, "--exit-code"]).status, 1);
});

test("definitions with errors beyond types: planned, with a note that the rebuild fails", () => {
  const r = run([oldJson, badAddress, "--format", "json"]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, "containers-nix: note: bad-address.json: 1 error that makes a rebuild fail; `containers-nix validate` lists them\n");
  assert.equal(JSON.parse(r.stdout).notes, ["bad-address.json: 1 error that makes a rebuild fail; `containers-nix validate` lists them"]);
});

test("`--` ends the flags: inputs named like flags", () => {
  const dashed = file("-new.json", JSON.stringify({ containers: newDefs }, null, 2));
  const r = run(["--format", "json", "--", oldJson, dashed]);
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).summary, JSON.parse(run([oldJson, newJson, "--format", "json"]).stdout).summary);
});

const usage: [string, string[], RegExp][] = [
  ["a built system against definitions", [oldSystem, newJson], /OLD is a built system and NEW is definitions; give two of the same kind/],
  ["one input only", [oldJson], /plan needs NEW/],
  ["three inputs", [oldJson, newJson, newJson], /two inputs only/],
  ["an unknown option", [oldJson, newJson, "--frobnicate"], /unknown option --frobnicate/],
  ["a switch given a value", [oldJson, newJson, "--exit-code=yes"], /--exit-code takes no value/],
  ["an unknown format", [oldJson, newJson, "--format", "github"], /--format must be one of human, json/],
  ["a missing file", ["missing.json", newJson], /cannot read missing\.json: ENOENT/],
  ["a definition with a type error", [badType, newJson], /^containers-nix: bad\.json: containers\.web\.autoStart: .*`containers-nix validate` shows every finding$/m],
];
for (const [name, args, message] of usage)
  test(`exit 2, one line on stderr: ${name}`, () => {
    const r = run(args);
    assert.is(r.status, 2);
    assert.match(r.stderr, message);
    assert.is.not(r.stderr.includes("    at "), true, "no stack trace");
  });

if (!hasNixInstantiate) {
  test.skip("Nix files: config as code, changed text: may-restart; same text: unchanged");
  test.skip("--old-expr/--new-expr");
} else {
  const host = (port: number) => `{
  containers.web = {
    autoStart = true;
    config = { pkgs, ... }: let port = ${port}; in {
      networking.firewall.allowedTCPPorts = [ port ];
    };
  };
  containers.app = {
    autoStart = true;
    config = ./app.nix;
  };
}
`;
  // Three hosts, each beside its own app.nix: y is x copied, z changes both configs.
  file("x/app.nix", "{ services.nginx.enable = true; }\n");
  file("y/app.nix", "{ services.nginx.enable = true; }\n");
  file("z/app.nix", "{ services.nginx.enable = false; }\n");
  const a = file("x/host.nix", host(80));
  const c = file("y/host.nix", host(80));
  const b = file("z/host.nix", host(8080));

  test("Nix files: config as code, changed text: may-restart; same text: unchanged", () => {
    const r = run([a, b, "--exit-code"]);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stdout, /^may-restart {2}app: config changed: its text or a file it names differs/m);
    assert.match(r.stdout, /^may-restart {2}web: config changed/m);
    const same = run([a, c, "--exit-code"]);
    assert.is(same.status, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /^2 containers: 2 unchanged; no container is restarted or stopped$/m);
  });

  test("--old-expr/--new-expr", () => {
    const r = run(["--old-expr", `{ web = { path = "${P1}"; autoStart = true; }; }`, "--new-expr", `{ web = { path = "${P2}"; autoStart = true; }; }`, "--format", "json"]);
    assert.is(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.containers[0].verdict, "restart");
    assert.equal(doc.containers[0].reasons[0].via, "system-path");
  });
}

test.run();
