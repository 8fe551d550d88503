/** The CLI as a user runs it: generate, check, their exit codes and messages. */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "./support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { artifacts } from "../src/artifacts.js";
import { root } from "./support/paths.js";

const cli = path.join(root, "dist/src/cli.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

function inTemp(body: (dir: string) => void) {
  const d = tmp.dirSync({ unsafeCleanup: true });
  try {
    body(d.name);
  } finally {
    d.removeCallback();
  }
}

test("generate --out writes every artifact, and check --out then passes", () =>
  inTemp((dir) => {
    const g = run("generate", "--out", dir);
    assert.is(g.status, 0, g.stderr);
    for (const a of artifacts) assert.is(readFileSync(path.join(dir, a.path), "utf8"), readFileSync(path.join(root, a.path), "utf8"), a.path);
    const c = run("check", "--out", dir);
    assert.is(c.status, 0, c.stdout);
  }));

test("check fails with a unified diff naming the stale file", () =>
  inTemp((dir) => {
    run("generate", "--out", dir);
    const target = path.join(dir, "nix/containers.nix");
    writeFileSync(target, readFileSync(target, "utf8").replace("boot.isContainer = lib.mkOption {", "boot.isContainer = lib.mkOption { # edited by hand"));
    const c = run("check", "--out", dir);
    assert.is(c.status, 1);
    assert.match(c.stdout, "nix/containers.nix: stale");
    assert.match(c.stdout, "--- nix/containers.nix (on disk)");
    assert.match(c.stdout, "-    boot.isContainer = lib.mkOption { # edited by hand");
    assert.match(c.stdout, "+    boot.isContainer = lib.mkOption {");
  }));

test("check names a missing file", () =>
  inTemp((dir) => {
    const c = run("check", "--out", dir);
    assert.is(c.status, 1);
    assert.match(c.stdout, "nix/containers.nix: missing");
  }));

test("generate into a blocked target: exit 2, one line naming the file, nothing changed", () =>
  inTemp((dir) => {
    run("generate", "--out", dir);
    const before = new Map(artifacts.map((a) => [a.path, readFileSync(path.join(dir, a.path), "utf8")]));
    writeFileSync(path.join(dir, artifacts[0]!.path), "hand-written\n");
    const last = artifacts[artifacts.length - 1]!.path;
    const lastPath = path.join(dir, last);
    // a directory where the last artifact should go
    spawnSync("rm", ["-f", lastPath]);
    mkdirSync(lastPath);
    const g = run("generate", "--out", dir);
    assert.is(g.status, 2);
    assert.is(g.stderr.trim().split("\n").length, 1, g.stderr);
    assert.match(g.stderr, `cannot write ${lastPath}`);
    assert.is(readFileSync(path.join(dir, artifacts[0]!.path), "utf8"), "hand-written\n", "the first artifact was not replaced");
    for (const a of artifacts.slice(1, -1)) assert.is(readFileSync(path.join(dir, a.path), "utf8"), before.get(a.path), a.path);
    const leftovers = readdirSync(dir, { recursive: true }).filter((f) => /\.(tmp|bak)$/.test(String(f)));
    assert.equal(leftovers, [], "no temporary files left");
  }));

test("unknown command and missing --out value: exit 2 with usage", () => {
  const u = run("frobnicate");
  assert.is(u.status, 2);
  assert.match(u.stderr, "unknown command 'frobnicate'");
  const o = run("generate", "--out");
  assert.is(o.status, 2);
  assert.match(o.stderr, "--out needs a value");
  // generate and check read their arguments like every command: nothing they do not take is ignored.
  for (const [args, message] of [[["--bogus"], "generate: unknown option --bogus"], [["somewhere"], 'generate takes no arguments, found "somewhere"']] as const) {
    const r = run("generate", ...args);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
  }
  const c = run("check", "--out=a", "--out", "b");
  assert.is(c.status, 2);
  assert.match(c.stderr, "--out given twice");
});

test("--help and -h on every command print its usage and exit 0", async () => {
  const { commandEntries } = await import("../src/commands/registry.js");
  for (const c of commandEntries)
    for (const flag of ["--help", "-h"]) {
      const r = run(c.name, flag);
      assert.is(r.status, 0, `${c.name} ${flag}: ${r.stderr}`);
      assert.ok(r.stdout.startsWith(`usage: containers-nix ${c.name}`), `${c.name} ${flag}: ${r.stdout}`);
    }
  const top = run("--help");
  assert.is(top.status, 0);
  for (const c of commandEntries) assert.match(top.stdout, `  ${c.name} `);
});

test.run();
