/**
 * A failed create leaves nothing behind: a fault injected at each step
 * (CONTAINERS_NIX_FAULT), and each external program failing, with the tree
 * under --root compared before and after. Twenty creates at once never share a
 * name or an address and never leave a torn conf file.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseConf } from "../../src/host/conf-file.js";
import { withStubHost, type StubHost } from "../support/stub-host.js";

/** An existing container, so that the tree holds more than an empty host. */
function seed(h: StubHost) {
  const r = h.run(["create", "old", "--system-path", "/nix/store/old"]);
  assert.is(r.status, 0, r.stderr);
  h.takeCalls();
}

const SOURCES: [string, string[]][] = [
  ["--config", ["--config", "services.nginx.enable = true;"]],
  ["--flake", ["--flake", "github:me/hosts"]],
  ["--system-path", ["--system-path", "/nix/store/abc-nixos-system"]],
];
const STEPS = ["lock", "conf", "profile-dir", "config-file", "build"];

for (const [source, flags] of SOURCES)
  for (const step of STEPS) {
    if (step === "config-file" && source !== "--config") continue;
    test(`create ${source}: a fault at step ${step} leaves the tree as it was; exit 2`, () =>
      withStubHost((h) => {
        seed(h);
        const before = h.tree();
        const r = h.run(["create", "web", ...flags], { CONTAINERS_NIX_FAULT: step });
        assert.is(r.status, 2, r.stderr);
        assert.match(r.stderr, `containers-nix: injected fault at step ${step}`);
        assert.equal(h.tree(), before);
        // And the name is free again.
        if (step === "build") assert.is(h.run(["create", "web", ...flags]).status, 0);
      }));
  }

const PROGRAMS: [string, string[], string, string][] = [
  ["nix-env failing to build", ["--config", "services.nginx.enable = true;"], "nix-env", "containers-nix: failed to build the container's configuration: nix-env exited with status 1: error: attribute 'nginx' missing"],
  ["nix build failing", ["--flake", "github:me/hosts"], "nix.build", "containers-nix: failed to build the container from flake 'github:me/hosts': nix exited with status 1: error: attribute 'nginx' missing"],
  ["nix-env --set failing", ["--system-path", "/nix/store/abc"], "nix-env", "containers-nix: failed to set the container's system profile: nix-env exited with status 1: error: attribute 'nginx' missing"],
];
for (const [name, flags, program, line] of PROGRAMS)
  test(`create: ${name} leaves the tree as it was, one line, exit 2`, () =>
    withStubHost((h) => {
      seed(h);
      const before = h.tree();
      h.configure({ [program]: { exit: 1, stderr: "building...\nerror: attribute 'nginx' missing\n" } });
      const r = h.run(["create", "web", ...flags]);
      assert.is(r.status, 2);
      assert.is(r.stderr.split("\n").filter((l) => l.startsWith("containers-nix")).join("\n"), line);
      assert.equal(h.tree(), before);
    }));

test("create: a program missing from PATH is one line naming it, exit 2, nothing left", () =>
  withStubHost((h) => {
    const r = h.run(["create", "web", "--system-path", "/nix/store/abc"], { PATH: `${h.bin}-none:/usr/bin:/bin`.replace("/usr/bin:/bin", "/nonexistent") });
    assert.is(r.status, 2);
    assert.match(r.stderr, /^containers-nix: flock was not found on PATH/);
  }));

test("twenty creates at once: twenty names, twenty address pairs, every conf file whole", () =>
  withStubHost(async (h) => {
    const runs = await Promise.all(Array.from({ length: 20 }, () => h.runAsync(["create", "web", "--ensure-unique-name", "--system-path", "/nix/store/abc"])));
    for (const r of runs) assert.is(r.status, 0, r.stderr);
    const names = runs.map((r) => r.stdout.trim()).sort();
    assert.equal(names, ["web", ...Array.from({ length: 19 }, (_, i) => `web-${i}`)].sort());
    const addresses = new Set<string>();
    for (const n of names) {
      const def = parseConf(h.read(`etc/nixos-containers/${n}.conf`));
      assert.is(def.path, "/nix/var/nix/profiles/system", n);
      addresses.add(`${def.hostAddress} ${def.localAddress}`);
    }
    assert.is(addresses.size, 20);
    assert.equal(Object.keys(h.tree()).filter((p) => p.includes(".tmp")), []);
  }));

test.run();
