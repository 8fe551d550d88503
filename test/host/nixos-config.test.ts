/**
 * The caller's NIXOS_CONFIG reaches no program the imperative commands start
 * (issue #18): `<nixpkgs/nixos>` prefers $NIXOS_CONFIG over
 * `-I nixos-config=…`, so a host admin's own configuration would be built
 * into the container's profile. Every command runs with it set, and every call
 * the stubs record (flock's too) is checked for it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { withStubHost } from "../support/stub-host.js";

const CALLER = { NIXOS_CONFIG: "/etc/nixos/configuration.nix", CONTAINERS_NIX_TEST_MARK: "seen" };

/** Each step: the command line, and the activeState systemctl show reports for it. */
const STEPS: [string[], string][] = [
  [["create", "web", "--config", "services.nginx.enable = true;"], "inactive"],
  [["create", "db", "--flake", "github:me/hosts#db"], "inactive"],
  [["create", "app", "--system-path", "/nix/store/abc-nixos-system"], "inactive"],
  [["update", "web"], "active"],
  [["update", "web", "--config-file", "web.nix", "--auto-start"], "active"],
  [["update", "db"], "inactive"],
  [["update", "app", "--system-path", "/nix/store/def-nixos-system"], "inactive"],
  [["generations", "app"], "inactive"],
  [["rollback", "app"], "active"],
  [["switch-generation", "app", "2"], "inactive"],
  [["delete-generations", "app", "1"], "inactive"],
  [["start", "web"], "inactive"],
  [["stop", "web"], "inactive"],
  [["restart", "web"], "inactive"],
  [["status", "web"], "active"],
  [["terminate", "web"], "active"],
  [["login", "web"], "active"],
  [["root-login", "web"], "active"],
  [["run", "web", "--", "true"], "active"],
  [["destroy", "web"], "active"],
  [["destroy", "db"], "inactive"],
];

test("no program the imperative commands start sees the caller's NIXOS_CONFIG", () =>
  withStubHost((h) => {
    writeFileSync(path.join(h.dir, "web.nix"), "{ }\n");
    const programs = new Set<string>();
    for (const [args, state] of STEPS) {
      h.configure({ activeState: state });
      // A container that ran has an immutable var/empty, which destroy clears with chattr.
      if (args[0] === "destroy") h.write(`var/lib/nixos-containers/${args[1]}/var/empty/.keep`, "");
      const r = h.run(args, CALLER);
      assert.is(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
      const calls = h.takeCallsWithEnv();
      for (const c of calls) {
        programs.add(c.program);
        const call = `${args.join(" ")}: ${c.program} ${c.args[0] ?? ""}`;
        assert.is(c.env.CONTAINERS_NIX_TEST_MARK, "seen", `${call}: the stub recorded the environment it got`);
        assert.is(c.env.NIXOS_CONFIG, undefined, `${call}: NIXOS_CONFIG is cleared`);
      }
    }
    assert.equal([...programs].sort(), ["chattr", "flock", "machinectl", "nix", "nix-env", "nix-instantiate", "nsenter", "systemctl"], "every stubbed program was started at least once");
  }));

test.run();
