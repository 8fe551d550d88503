/** The thin commands: the exact systemctl, machinectl and nsenter calls, and what they print. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runCommand } from "../../src/commands/imperative/enter.js";
import { confText } from "../../src/host/container-def.js";
import { withStubHost, type StubHost } from "../support/stub-host.js";

/** An imperative container as create writes it (create itself is tested in create.test.ts). */
function created(h: StubHost) {
  h.write("etc/nixos-containers/web.conf", confText("web", { privateNetwork: true, path: "/nix/store/abc", hostAddress: "10.233.1.1", localAddress: "10.233.1.2" }));
}

const NSENTER = ["--all", "-t", "99999999", "--"];
const SU = "/run/current-system/sw/bin/su";

const calls: [string, { args: string[]; want: { program: string; args: string[] }[]; stdout?: string; config?: Record<string, unknown> }][] = [
  ["start", { args: ["start", "web"], want: [{ program: "systemctl", args: ["start", "container@web"] }] }],
  ["stop", { args: ["stop", "web"], want: [{ program: "systemctl", args: ["stop", "container@web"] }] }],
  ["restart", { args: ["restart", "web"], want: [{ program: "systemctl", args: ["stop", "container@web"] }, { program: "systemctl", args: ["start", "container@web"] }] }],
  ["terminate", { args: ["terminate", "web"], want: [{ program: "machinectl", args: ["show", "web", "-p", "Leader"] }, { program: "machinectl", args: ["terminate", "web"] }] }],
  ["status, stopped", { args: ["status", "web"], want: [{ program: "systemctl", args: ["show", "-p", "ActiveState", "--value", "container@web"] }], stdout: "down\n" }],
  ["status, running, --json", {
    args: ["status", "web", "--json"],
    config: { activeState: "active" },
    want: [{ program: "systemctl", args: ["show", "-p", "ActiveState", "--value", "container@web"] }],
    stdout: '{"name":"web","status":"up","activeState":"active","declarative":false}\n',
  }],
  ["login", { args: ["login", "web"], want: [{ program: "machinectl", args: ["login", "--", "web"] }] }],
  ["root-login", { args: ["root-login", "web"], want: [{ program: "machinectl", args: ["show", "web", "-p", "Leader"] }, { program: "nsenter", args: [...NSENTER, SU, "root", "-l"] }] }],
  ["run", {
    args: ["run", "web", "--", "sh", "-c", "echo 'hi' $HOME"],
    want: [{ program: "machinectl", args: ["show", "web", "-p", "Leader"] }, { program: "nsenter", args: [...NSENTER, SU, "root", "-l", "-c", `exec 'sh' '-c' 'echo '\\''hi'\\'' $HOME'`] }],
  }],
  ["show-ip", { args: ["show-ip", "web"], want: [], stdout: "10.233.1.2\n" }],
];

for (const [name, { args, want, stdout, config }] of calls)
  test(`${name}: ${JSON.stringify(want.map((c) => [c.program, ...c.args].join(" ")))}`, () =>
    withStubHost((h) => {
      created(h);
      if (config !== undefined) h.configure(config);
      const r = h.run(args);
      assert.is(r.status, 0, r.stderr);
      assert.equal(h.takeCalls(), want);
      if (stdout !== undefined) assert.is(r.stdout, stdout);
    }));

test("run exits with the status of the command inside", () =>
  withStubHost((h) => {
    created(h);
    h.configure({ innerStatus: 42 });
    assert.is(h.run(["run", "web", "--", "false"]).status, 42);
  }));

test("run's command reaches the shell of su -c as the exact words (checked with a real sh)", async () => {
  const { spawnSync } = await import("node:child_process");
  const words = ["printf", "%s|", "a b", "it's", "$HOME", "`id`", '"q"', "\\n", ""];
  const r = spawnSync("sh", ["-c", runCommand(words)], { encoding: "utf8" });
  assert.is(r.stdout, "a b|it's|$HOME|`id`|\"q\"|\\n||");
});

test("the commands on a container that does not exist are refused, exit 1; status prints gone", () =>
  withStubHost((h) => {
    for (const verb of ["start", "stop", "restart", "terminate", "login", "root-login", "show-ip", "show-host-key"]) {
      const r = h.run([verb, "ghost"]);
      assert.is(r.status, 1, verb);
      assert.is(r.stderr, "containers-nix: container ghost does not exist\n", verb);
    }
    const s = h.run(["status", "ghost"]);
    assert.is(s.status, 1);
    assert.is(s.stdout, "gone\n");
    assert.equal(h.takeCalls(), []);
  }));

test("show-ip: an IPv6-only container shows localAddress6 without prefix; none is exit 1", () =>
  withStubHost((h) => {
    assert.is(h.run(["create", "six", "--system-path", "/x", "--host-address6", "fc00::1", "--local-address6", "fc00::2/64"]).status, 0);
    assert.is(h.run(["show-ip", "six"]).stdout, "fc00::2\n");
    assert.is(h.run(["create", "bare", "--system-path", "/x", "--no-private-network"]).status, 0);
    const r = h.run(["show-ip", "bare"]);
    assert.is(r.status, 1);
    assert.match(r.stderr, "has no localAddress or localAddress6");
  }));

test("show-host-key prints the ed25519 key, else the ECDSA one; none is exit 1", () =>
  withStubHost((h) => {
    created(h);
    assert.is(h.run(["show-host-key", "web"]).status, 1);
    h.write("var/lib/nixos-containers/web/etc/ssh/ssh_host_ecdsa_key.pub", "ecdsa-sha2-nistp256 AAAA web\n");
    assert.is(h.run(["show-host-key", "web"]).stdout, "ecdsa-sha2-nistp256 AAAA web\n");
    h.write("var/lib/nixos-containers/web/etc/ssh/ssh_host_ed25519_key.pub", "ssh-ed25519 AAAA web\n");
    assert.is(h.run(["show-host-key", "web"]).stdout, "ssh-ed25519 AAAA web\n");
  }));

test("list: names one a line when piped; --json marks declarative ones", () =>
  withStubHost((h) => {
    created(h);
    h.write("etc/nixos-containers/legacy.conf", "PRIVATE_NETWORK=1\nHOST_ADDRESS=10.233.9.1\nLOCAL_ADDRESS=10.233.9.2\nAUTO_START=1\n");
    assert.is(h.run(["list"]).stdout, "legacy\nweb\n");
    const rows = JSON.parse(h.run(["list", "--json"]).stdout) as Record<string, unknown>[];
    assert.equal(rows.map((r) => [r.name, r.declarative, r.autoStart, r.localAddress]), [["legacy", false, true, "10.233.9.2"], ["web", false, false, "10.233.1.2"]]);
  }));

test("a failing systemctl is one line with its last error, exit 2", () =>
  withStubHost((h) => {
    created(h);
    h.configure({ systemctl: { exit: 1, stderr: "Job for container@web.service failed.\nSee journalctl -xeu container@web.service\n" } });
    const r = h.run(["start", "web"]);
    assert.is(r.status, 2);
    assert.is(r.stderr, "containers-nix: failed to start container web: systemctl exited with status 1: See journalctl -xeu container@web.service\n");
  }));

test.run();
