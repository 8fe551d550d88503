/**
 * A container made by the imperative CLI boots (issue #9, item 7): the real
 * `containers-nix create` under --root, with the recording stubs of nix-env
 * and the other programs first on PATH (test/support/stub-host.ts), then a
 * boot of what it left on disk: the conf file it wrote, byte for byte, read by
 * the template unit container@ (the core's scripts for core.templateSettings,
 * as the module renders that unit), and the per-container profile its nix-env
 * call made. Checked from both sides like the shapes of shapes.ts. Without
 * root, unshare, nspawn or nix-instantiate it is reported skipped with the reason.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { withStubHost } from "../support/stub-host.js";
import { assertBooted } from "./assert-booted.js";
import { boot, bootSkipReason, type BootCase } from "./harness.js";
import { systemPath } from "./store.js";

const reason = bootSkipReason();
if (reason !== null) console.log(`skipped: boot tests: ${reason}`);

const NAME = "web";
const system = systemPath(NAME);
const TITLE = "boot: a container created by the CLI (--system-path, addresses, forwarded ports, extra flags) boots from the files it wrote";

/** The symbolic links of a directory, name -> target. */
const linksOf = (dir: string) => Object.fromEntries(readdirSync(dir).map((e) => [e, readlinkSync(path.join(dir, e))]));

if (reason !== null) test.skip(TITLE);
else
  test(TITLE, () =>
    withStubHost((h) => {
      // The harness's one change to the command line (--register=no) is given as a user gives extra flags.
      const r = h.run([
        "create",
        NAME,
        "--root",
        h.root,
        "--system-path",
        system,
        "--host-address",
        "10.231.40.1",
        "--local-address",
        "10.231.40.2",
        "--port",
        "tcp:8080:80",
        "--port",
        "udp:5353:53",
        "--extra-flags=--register=no",
      ]);
      assert.is(r.status, 0, r.stderr);
      assert.is(r.stderr, "host IP is 10.231.40.1, container IP is 10.231.40.2\n");
      const profileDir = h.at(`nix/var/nix/profiles/per-container/${NAME}`);
      assert.equal(h.takeCalls(), [{ program: "nix-env", args: ["-p", `${profileDir}/system`, "--set", system] }]);

      // How the unit finds the system, as on a host: the start script execs
      // container-init with "${SYSTEM_PATH:-/nix/var/nix/profiles/system}/init".
      // create --system-path writes the profile's in-container path
      // (/nix/var/nix/profiles/system) as SYSTEM_PATH, and its nix-env call
      // (the stub keeps generation links as nix-env does) points the
      // per-container profile at the given system, so that a rollback changes
      // what the unit starts. The boot gets both: the conf file as the unit's
      // EnvironmentFile, and the
      // profile's links in the host's /nix/var/nix/profiles/per-container/web,
      // which the start script binds to the container's /nix/var/nix/profiles,
      // where the container reads its profile's system through them.
      const conf = readFileSync(h.at(`etc/nixos-containers/${NAME}.conf`), "utf8");
      assert.match(conf, /^SYSTEM_PATH=\/nix\/var\/nix\/profiles\/system$/m);
      const profile = linksOf(profileDir);
      assert.equal(profile, { system: "system-1-link", "system-1-link": system }, "the profile points at the harness's system");

      const c: BootCase = {
        containers: {},
        imperative: {
          [NAME]: { conf, profile, probe: { tcp: [80], udp: [53], ping: ["10.231.40.1"], read: ["/nix/var/nix/profiles/system/system"] } },
        },
        ping: ["10.231.40.2"],
        tcp: [
          { address: "10.231.40.2", port: 80, reply: `${NAME} tcp 80` },
          { address: "10.231.40.1", port: 8080, reply: `${NAME} tcp 80` },
        ],
        udp: [{ address: "10.231.40.1", port: 5353, reply: `${NAME} udp 53` }],
        show: [["-o", "addr"], ["-o", "route"]],
        // Every NixOS host has a system profile of its own. The start script's
        // check for an i686 system reads "$SYSTEM_PATH/system" on the host,
        // which for an imperative container is the host's profile
        // (docs/imperative.md, "What differs on purpose", 1).
        files: { "/nix/var/nix/profiles/system/system": `${process.arch === "x64" ? "x86_64" : process.arch}-linux` },
      };
      const b = boot(c);
      assertBooted(b, c);
      const k = b.containers[0]!;
      const ready = k.report!.ready;
      assert.match(ready.addr, /eth0\s+inet 10\.231\.40\.2\/32 /, "container address");
      assert.match(ready.route, /default via 10\.231\.40\.1 dev eth0/, "container default route");
      const given = Object.fromEntries(Object.entries(ready.env).filter(([, v]) => v !== ""));
      assert.equal(given, { HOST_ADDRESS: "10.231.40.1", LOCAL_ADDRESS: "10.231.40.2", HOST_PORT: "tcp:8080:80,udp:5353:53", PRIVATE_NETWORK: "1", PRIVATE_USERS: "no" }, "the conf file's settings, as the start script hands them in");
      assert.match(b.shownUp[0]!, /ve-web\s+inet 10\.231\.40\.1\/32 /, "host address (from the conf file: the template unit has none of its own)");
      assert.match(b.shownUp[1]!, /10\.231\.40\.2 dev ve-web/, "host route to the container");
      assert.is(k.report!.done!.read["/nix/var/nix/profiles/system/system"], process.arch === "x64" ? "x86_64-linux\n" : `${process.arch}-linux\n`, "the profile's system, read inside the container");
      assert.not.match(b.shownDown.join(""), /ve-web/, "host side after stop");
    }),
  );

test.run();
