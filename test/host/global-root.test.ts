/**
 * The global `--root DIR` (before the command name): for every imperative
 * command it does what the command's own `--root DIR` does, over a decoy
 * $CONTAINERS_NIX_ROOT that nothing touches; a command that works on no host
 * tree refuses it; and it is parsed strictly.
 */
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { imperativeEntries } from "../../src/commands/imperative/entries.js";
import { commandEntries } from "../../src/commands/registry.js";
import { confText } from "../../src/host/container-def.js";
import { withStubHost, type StubHost } from "../support/stub-host.js";

/** Arguments for each imperative command, on the container `web` the host has. */
const argsOf: Record<string, string[]> = {
  list: ["list"],
  create: ["create", "new", "--system-path", "/nix/store/abc"],
  update: ["update", "web", "--system-path", "/nix/store/def"],
  destroy: ["destroy", "web"],
  start: ["start", "web"],
  stop: ["stop", "web"],
  restart: ["restart", "web"],
  terminate: ["terminate", "web"],
  status: ["status", "web", "--json"],
  login: ["login", "web"],
  "root-login": ["root-login", "web"],
  run: ["run", "web", "--", "true"],
  "show-ip": ["show-ip", "web"],
  "show-host-key": ["show-host-key", "web"],
  generations: ["generations", "web"],
  rollback: ["rollback", "web"],
  "switch-generation": ["switch-generation", "web", "1"],
  "delete-generations": ["delete-generations", "web", "old"],
};

/** What a run did, with the host's root written as ROOT so two hosts compare. */
function outcome(h: StubHost, args: (root: string) => string[]) {
  h.write("etc/nixos-containers/web.conf", confText("web", { privateNetwork: true, path: "/nix/store/abc", hostAddress: "10.233.1.1", localAddress: "10.233.1.2" }));
  const decoy = path.join(h.dir, "decoy");
  mkdirSync(decoy);
  const r = h.run(args(h.root), { CONTAINERS_NIX_ROOT: decoy });
  const norm = (s: string) => s.replaceAll(h.root, "ROOT");
  return {
    status: r.status,
    stdout: norm(r.stdout),
    stderr: norm(r.stderr),
    calls: h.takeCalls().map((c) => ({ program: c.program, args: c.args.map(norm) })),
    tree: h.tree(),
    decoy: readdirSync(decoy),
  };
}

test("every imperative command has arguments here", () => assert.equal(Object.keys(argsOf).sort(), imperativeEntries.map((c) => c.name).sort()));

test("exactly the commands that work on a host tree take --root, and say so in their usage", () => {
  for (const c of commandEntries) assert.is(c.takesRoot === true, c.usage.includes("[--root DIR]"), c.name);
  assert.ok(imperativeEntries.every((c) => c.takesRoot === true));
});

for (const [name, args] of Object.entries(argsOf))
  test(`--root DIR ${name} does what ${name} --root DIR does, and leaves $CONTAINERS_NIX_ROOT alone`, async () => {
    const global = await withStubHost((h) => outcome(h, (root) => ["--root", root, ...args]));
    const own = await withStubHost((h) => outcome(h, (root) => [args[0]!, "--root", root, ...args.slice(1)]));
    assert.equal(global, own);
    assert.equal(global.decoy, []);
  });

test("--root=DIR works too; the command then reads the root it was given", () =>
  withStubHost((h) => {
    h.write("etc/nixos-containers/web.conf", confText("web", { privateNetwork: true, path: "/nix/store/abc", hostAddress: "10.233.1.1", localAddress: "10.233.1.2" }));
    const r = h.run([`--root=${h.root}`, "show-ip", "web"], { CONTAINERS_NIX_ROOT: path.join(h.dir, "decoy") });
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, "10.233.1.2\n");
  }));

const refusals: [string, { args: (root: string) => string[]; stderr: RegExp }][] = [
  ["a command that works on no host tree", { args: (root) => ["--root", root, "validate", "x.json"], stderr: /^containers-nix: --root: validate works on no host tree\nusage: containers-nix validate / }],
  ["--root before and after the command", { args: (root) => ["--root", root, "list", "--root", root], stderr: /^containers-nix: --root given twice\n/ }],
  ["--root twice before the command", { args: (root) => ["--root", root, "--root", root, "list"], stderr: /^containers-nix: --root given twice\nusage: containers-nix \[--root DIR\] COMMAND/ }],
  ["--root without a directory", { args: () => ["--root"], stderr: /^containers-nix: --root needs a directory\n/ }],
  ["--root= with an empty directory", { args: () => ["--root=", "list"], stderr: /^containers-nix: --root needs a directory\n/ }],
];

for (const [what, { args, stderr }] of refusals)
  test(`refused with exit 2: ${what}`, () =>
    withStubHost((h) => {
      const r = h.run(args(h.root));
      assert.is(r.status, 2, r.stderr);
      assert.match(r.stderr, stderr);
      assert.is(r.stdout, "");
      assert.equal(h.tree(), {});
    }));

test.run();
