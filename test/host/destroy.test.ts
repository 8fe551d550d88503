/**
 * `destroy`: what it removes and in which order it calls the programs, and
 * its refusals: declarative containers, conf files that are not ours, and any
 * way out of the container's tree (symbolic links, mount points).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { root as projectRoot } from "../support/paths.js";
import { withStubHost, type StubHost } from "../support/stub-host.js";

function created(h: StubHost, name = "web") {
  const r = h.run(["create", name, "--config", ""]);
  assert.is(r.status, 0, r.stderr);
  h.takeCalls();
}

test("destroy removes the profiles, gcroots, root tree and conf file; an immutable var/empty is cleared first", () =>
  withStubHost((h) => {
    created(h);
    created(h, "other");
    const before = h.tree();
    h.write("var/lib/nixos-containers/web/var/empty/.keep", "");
    h.write("nix/var/nix/gcroots/per-container/web/auto", "");
    const r = h.run(["destroy", "web"]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(h.takeCalls(), [
      { program: "systemctl", args: ["show", "-p", "ActiveState", "--value", "container@web"] },
      { program: "chattr", args: ["-i", h.at("var/lib/nixos-containers/web/var/empty")] },
    ]);
    const left = Object.keys(h.tree());
    for (const p of ["etc/nixos-containers/web.conf", "var/lib/nixos-containers/web", "nix/var/nix/profiles/per-container/web", "nix/var/nix/gcroots/per-container/web"]) assert.not.ok(left.includes(p), p);
    for (const p of Object.keys(before).filter((p) => p.includes("other"))) assert.ok(left.includes(p), `${p} of another container is kept`);
  }));

test("destroy of a running container terminates it first and waits for its init", () =>
  withStubHost((h) => {
    created(h);
    h.configure({ activeState: "active" });
    const r = h.run(["destroy", "web"]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(h.takeCalls(), [
      { program: "systemctl", args: ["show", "-p", "ActiveState", "--value", "container@web"] },
      { program: "machinectl", args: ["show", "web", "-p", "Leader"] },
      { program: "machinectl", args: ["terminate", "web"] },
    ]);
  }));

test("destroy of a container that does not exist is done (exit 0), as nixos-container", () =>
  withStubHost((h) => {
    const r = h.run(["destroy", "ghost"]);
    assert.is(r.status, 0);
    assert.equal(h.takeCalls(), []);
  }));

test("destroy refuses a declarative container (its conf file links into /etc/static), and changes nothing", () =>
  withStubHost((h) => {
    h.write("etc/static/nixos-containers/decl.conf", "SYSTEM_PATH=/nix/store/x\n");
    mkdirSync(h.at("etc/nixos-containers"), { recursive: true });
    symlinkSync(h.at("etc/static/nixos-containers/decl.conf"), h.at("etc/nixos-containers/decl.conf"));
    h.write("var/lib/nixos-containers/decl/etc/keep", "state");
    const before = h.tree();
    for (const verb of ["destroy", "update"]) {
      const r = h.run([verb, "decl"]);
      assert.is(r.status, 1, verb);
      assert.match(r.stderr, `containers-nix: cannot ${verb} declarative container decl (change or remove it in the host's configuration.nix instead)`);
    }
    assert.equal(h.takeCalls(), []);
    assert.equal(h.tree(), before);
    const list = JSON.parse(h.run(["list", "--json"]).stdout) as { name: string; declarative: boolean }[];
    assert.equal(list.map((c) => [c.name, c.declarative]), [["decl", true]]);
  }));

test("destroy refuses a conf file that is not a regular file", () =>
  withStubHost((h) => {
    mkdirSync(h.at("etc/nixos-containers/odd.conf"), { recursive: true });
    const r = h.run(["destroy", "odd"]);
    assert.is(r.status, 1);
    assert.match(r.stderr, "is not a regular file");
    assert.ok(existsSync(h.at("etc/nixos-containers/odd.conf")));
  }));

test("destroy removes symbolic links inside the tree without following them out", () =>
  withStubHost((h) => {
    created(h);
    const outside = path.join(h.dir, "outside");
    mkdirSync(outside);
    writeFileSync(path.join(outside, "precious"), "keep me");
    symlinkSync(outside, h.at("var/lib/nixos-containers/web/etc/link-out"));
    symlinkSync(path.join(outside, "precious"), h.at("nix/var/nix/profiles/per-container/web/file-out"));
    const r = h.run(["destroy", "web"]);
    assert.is(r.status, 0, r.stderr);
    assert.is(readFileSync(path.join(outside, "precious"), "utf8"), "keep me");
    assert.not.ok(existsSync(h.at("var/lib/nixos-containers/web")));
  }));

test("destroy whose root tree is itself a link removes the link only", () =>
  withStubHost((h) => {
    created(h);
    const outside = path.join(h.dir, "elsewhere");
    mkdirSync(path.join(outside, "etc"), { recursive: true });
    writeFileSync(path.join(outside, "etc/precious"), "keep me");
    spawnSync("rm", ["-rf", h.at("var/lib/nixos-containers/web")]);
    symlinkSync(outside, h.at("var/lib/nixos-containers/web"));
    assert.is(h.run(["destroy", "web"]).status, 0);
    assert.is(readFileSync(path.join(outside, "etc/precious"), "utf8"), "keep me");
  }));

/** Runs the CLI in a private mount namespace with a bind mount inside the container's tree; null when that is impossible here. */
function withBindMount(h: StubHost, source: string, args: string[]): { status: number | null; stderr: string } | null {
  const target = h.at("var/lib/nixos-containers/web/mnt/data");
  mkdirSync(target, { recursive: true });
  const probe = spawnSync("unshare", ["-m", "--propagation", "private", "true"]);
  if (probe.status !== 0) return null;
  const env = h.env();
  const r = spawnSync("unshare", ["-m", "--propagation", "private", process.execPath, path.join(projectRoot, "dist/test/host/mount-then-run.js"), source, target, ...args], { encoding: "utf8", env });
  return { status: r.status, stderr: r.stderr };
}

test("destroy unmounts a file system mounted in the container's tree (real umount) and leaves its source alone", () =>
  withStubHost((h) => {
    created(h);
    const source = path.join(h.dir, "source");
    mkdirSync(source);
    writeFileSync(path.join(source, "precious"), "keep me");
    // The real umount, behind the stubs of everything else.
    unlinkSync(path.join(h.bin, "umount"));
    const r = withBindMount(h, source, ["destroy", "web"]);
    if (r === null) {
      console.log("skipped: cannot make a private mount namespace (unshare -m) here");
      return;
    }
    assert.is(r.status, 0, r.stderr);
    assert.is(readFileSync(path.join(source, "precious"), "utf8"), "keep me");
    assert.not.ok(existsSync(h.at("var/lib/nixos-containers/web")));
  }));

test("destroy refuses to go on when a mount point stays mounted (umount stub does nothing), and the source is untouched", () =>
  withStubHost((h) => {
    created(h);
    const source = path.join(h.dir, "source");
    mkdirSync(source);
    writeFileSync(path.join(source, "precious"), "keep me");
    const r = withBindMount(h, source, ["destroy", "web"]);
    if (r === null) {
      console.log("skipped: cannot make a private mount namespace (unshare -m) here");
      return;
    }
    assert.is(r.status, 2);
    assert.match(r.stderr, `containers-nix: ${h.at("var/lib/nixos-containers/web/mnt/data")} is still mounted; unmount it, then run destroy again`);
    assert.is(readFileSync(path.join(source, "precious"), "utf8"), "keep me");
    assert.ok(existsSync(h.at("etc/nixos-containers/web.conf")), "the conf file stays, so destroy can be run again");
  }));

test.run();
