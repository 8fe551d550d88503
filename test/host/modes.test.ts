/**
 * Modes do not follow the caller's umask (issue #18): nixos-container sets
 * umask 0022 before anything else, so a container made by a caller with umask
 * 077 gets the same modes as any other; so do ours, and so do the programs the
 * commands start. The same commands under umask 077 and 022 give the same
 * modes, those nixos-container gives.
 */
import { lstatSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { withStubHost, type StubHost } from "../support/stub-host.js";

/** Every file and directory under the root (symbolic links have no mode of their own) with its permission bits. */
function modes(h: StubHost): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const full = path.join(d, e);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) continue;
      out[path.relative(h.root, full)] = (st.mode & 0o7777).toString(8).padStart(4, "0");
      if (st.isDirectory()) walk(full);
    }
  };
  walk(h.root);
  return out;
}

/** What nixos-container leaves for `create web --config …` (its mkpath modes and write_file under umask 0022). */
const NIXOS_CONTAINER: Record<string, string> = {
  "etc/nixos-containers": "0755",
  "etc/nixos-containers/web.conf": "0644",
  // The state directory is private, the container's own root tree is not.
  "var/lib/nixos-containers": "0700",
  "var/lib/nixos-containers/web": "0755",
  "var/lib/nixos-containers/web/etc": "0755",
  "var/lib/nixos-containers/web/etc/nixos": "0755",
  "var/lib/nixos-containers/web/etc/nixos/configuration.nix": "0644",
  // Private, so host users cannot reach into guests' profiles; each container's own is open.
  "nix/var/nix/profiles/per-container": "0700",
  "nix/var/nix/profiles/per-container/web": "0755",
};

/** create, then update rewriting configuration.nix and the conf file: every file the flows write, written anew. */
function lifecycle(h: StubHost, mask: string): { modes: Record<string, string>; umasks: string[] } {
  writeFileSync(path.join(h.dir, "web.nix"), "{ }\n");
  for (const args of [
    ["create", "web", "--config", "services.nginx.enable = true;"],
    ["update", "web", "--config-file", "web.nix", "--auto-start"],
  ]) {
    const r = h.runUnder(mask, args);
    assert.is(r.status, 0, `${args.join(" ")} under umask ${mask}: ${r.stderr}`);
  }
  return { modes: modes(h), umasks: [...new Set(h.takeCallsWithEnv().map((c) => `${c.program} ${c.env.STUB_UMASK}`))].sort() };
}

test("create and update give the same modes under umask 077 as under 022, those nixos-container gives; programs start with umask 0022", async () => {
  const strict = await withStubHost((h) => lifecycle(h, "077"));
  const usual = await withStubHost((h) => lifecycle(h, "022"));
  assert.equal(strict.modes, usual.modes);
  for (const [p, mode] of Object.entries(NIXOS_CONTAINER)) assert.is(strict.modes[p], mode, p);
  assert.is(strict.modes["run/lock/nixos-container"], "0600", "the lock file: only root may open it (and so block creates)");
  assert.is(strict.modes["nix/var/nix/gcroots/per-container/web"], undefined, "no gcroots directory: the unit makes it at start, as for nixos-container");
  assert.equal(strict.umasks, ["flock 0022", "nix-env 0022", "nix-instantiate 0022", "systemctl 0022"]);
});

for (const source of [["--flake", "github:me/hosts"], ["--system-path", "/nix/store/abc-nixos-system"]])
  test(`create ${source[0]} makes the state directory too, 0700, as nixos-container does for every container (else the unit's start would make it 0755)`, () =>
    withStubHost((h) => {
      const r = h.runUnder("077", ["create", "web", ...source]);
      assert.is(r.status, 0, r.stderr);
      const m = modes(h);
      assert.is(m["var/lib/nixos-containers"], "0700");
      assert.is(m["var/lib/nixos-containers/web"], undefined, "the container's own tree is the unit's to make");
    }));

test.run();
