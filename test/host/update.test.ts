/** `update`: rebuilds, keeps a new --flake in the conf file, validates new settings, undoes a failed build, reloads. */
import { writeFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseConf } from "../../src/host/conf-file.js";
import { withStubHost, type StubHost } from "../support/stub-host.js";

const profile = (h: StubHost, name: string) => h.at(`nix/var/nix/profiles/per-container/${name}/system`);
const configFile = (h: StubHost, name: string) => h.at(`var/lib/nixos-containers/${name}/etc/nixos/configuration.nix`);

/** What the last nix build built. */
const built = (h: StubHost) => h.takeCalls().filter((c) => c.program === "nix" && c.args[0] === "build").at(-1)?.args.at(-1);

function created(h: StubHost, ...flags: string[]) {
  const r = h.run(["create", "web", ...flags]);
  assert.is(r.status, 0, r.stderr);
  h.takeCalls();
}

test("update without a source asks configuration.nix's NixOS version and boot.isNspawnContainer, rebuilds it; nothing else changes; a stopped container is not reloaded", () =>
  withStubHost((h) => {
    created(h, "--config", "services.nginx.enable = true;");
    const before = h.read("etc/nixos-containers/web.conf");
    const r = h.run(["update", "web"]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(h.takeCalls(), [
      { program: "nix-instantiate", args: ["<nixpkgs/nixos>", "-I", `nixos-config=${configFile(h, "web")}`, "-A", "pkgs.lib.version", "--eval", "--json"] },
      { program: "nix-instantiate", args: ["<nixpkgs/nixos>", "-I", `nixos-config=${configFile(h, "web")}`, "-A", "config.boot.isNspawnContainer", "--eval", "--json"] },
      { program: "nix-env", args: ["-p", profile(h, "web"), "-I", `nixos-config=${configFile(h, "web")}`, "-f", "<nixpkgs/nixos>", "--set", "-A", "system"] },
      { program: "systemctl", args: ["show", "-p", "ActiveState", "--value", "container@web"] },
    ]);
    assert.is(h.read("etc/nixos-containers/web.conf"), before);
  }));

test("update --config writes the new configuration.nix and reloads a running container", () =>
  withStubHost((h) => {
    created(h, "--config", "");
    h.configure({ activeState: "active" });
    const r = h.run(["update", "web", "--config", "services.openssh.enable = true;"]);
    assert.is(r.status, 0, r.stderr);
    assert.match(h.read("var/lib/nixos-containers/web/etc/nixos/configuration.nix"), "services.openssh.enable = true;");
    assert.equal(h.takeCalls().slice(-1), [{ program: "systemctl", args: ["reload", "container@web"] }]);
    assert.match(r.stderr, "reloading container...");
  }));

test("update --flake keeps the new flake in the conf file (nixos-container does not), and later updates build it", () =>
  withStubHost((h) => {
    created(h, "--config", "");
    assert.is(h.run(["update", "web", "--flake", "github:me/hosts#web"]).status, 0);
    const def = parseConf(h.read("etc/nixos-containers/web.conf"));
    assert.is(def.flake, "github:me/hosts#web");
    assert.is(def.path, undefined);
    h.takeCalls();
    assert.is(h.run(["update", "web"]).status, 0);
    assert.equal(built(h), 'github:me/hosts#nixosConfigurations."web".config.system.build.toplevel');
  }));

test("update reads a flake nixos-container recorded (FLAKE=REF, attribute `container`)", () =>
  withStubHost((h) => {
    h.write("etc/nixos-containers/legacy.conf", "PRIVATE_NETWORK=1\nHOST_ADDRESS=10.233.1.1\nLOCAL_ADDRESS=10.233.1.2\nHOST_BRIDGE=\nHOST_PORT=\nAUTO_START=0\nFLAKE=github:me/hosts\n");
    const before = h.read("etc/nixos-containers/legacy.conf");
    const r = h.run(["update", "legacy"]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(built(h), 'github:me/hosts#nixosConfigurations."container".config.system.build.toplevel');
    assert.is(h.read("etc/nixos-containers/legacy.conf"), before, "nixos-container's file keeps its layout");
  }));

test("update with settings validates them with the other containers, then rewrites the conf file", () =>
  withStubHost((h) => {
    created(h, "--config", "", "--port", "8080:80");
    const other = h.run(["create", "db", "--config", "", "--port", "5432"]);
    assert.is(other.status, 0);
    const clash = h.run(["update", "web", "--port", "5432"]);
    assert.is(clash.status, 1);
    assert.match(clash.stderr, "error[start-clash] containers.web.forwardPorts[0].hostPort: the start script runs `systemd-nspawn … --port=tcp:5432:5432 …`: containers.db forwards the host's tcp port 5432 too;");
    assert.equal(parseConf(h.read("etc/nixos-containers/web.conf")).forwardPorts, [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }]);
    h.takeCalls();
    const ok = h.run(["update", "web", "--port", "8443:443", "--auto-start"]);
    assert.is(ok.status, 0, ok.stderr);
    const def = parseConf(h.read("etc/nixos-containers/web.conf"));
    assert.equal(def.forwardPorts, [{ protocol: "tcp", hostPort: 8443, containerPort: 443 }]);
    assert.is(def.autoStart, true);
    assert.is(def.localAddress, "10.233.1.2", "the other settings are kept");
  }));

test("a failed update build leaves configuration.nix and the conf file as they were; exit 2", () =>
  withStubHost((h) => {
    created(h, "--config", "services.nginx.enable = true;");
    const before = h.tree();
    h.configure({ "nix-env": { exit: 1, stderr: "error: infinite recursion encountered\n" } });
    const r = h.run(["update", "web", "--config", "services.openssh.enable = true;", "--auto-start"]);
    assert.is(r.status, 2);
    assert.is(r.stderr, "containers-nix: failed to build the container's configuration: nix-env exited with status 1: error: infinite recursion encountered\n");
    assert.equal(h.tree(), before);
  }));

/** configuration.nix as containers-nix wrote it before 25.11, and nixos-container before 25.11: boot.isContainer only. */
const LEGACY_CONFIG = '{ config, lib, pkgs, ... }:\n\n{ boot.isContainer = true;\n  networking.hostName = lib.mkDefault "web";\n  networking.useDHCP = false;\n  services.nginx.enable = true;\n}\n';

const nixosEval = (h: StubHost, attr: string) => ({ program: "nix-instantiate", args: ["<nixpkgs/nixos>", "-I", `nixos-config=${configFile(h, "web")}`, "-A", attr, "--eval", "--json"] });
const flakeEval = (path: string) => ({ program: "nix", args: ["eval", "--json", "--", `github:me/hosts#nixosConfigurations."web".${path}`] });
const refusedLine = (version: string, place: string) =>
  `containers-nix: container web was not updated: NixOS ${version} runs a container under systemd-nspawn only with boot.isNspawnContainer = true; add it to ${place}\n`;

/** Each case: what the evaluation answers, the update's flags, and the calls before the build (null: refused). */
const NSPAWN_CASES: [string, { flake: boolean; answers: { version: string; isNspawnContainer?: boolean }; flags: string[]; asked: string[]; refused: boolean }][] = [
  ["NixOS 25.05, configuration.nix without it: only the version is asked, the build goes on", { flake: false, answers: { version: "25.05.20250601.0123456" }, flags: [], asked: ["pkgs.lib.version"], refused: false }],
  ["NixOS 25.11, configuration.nix without it (as written before 25.11): refused", { flake: false, answers: { version: "25.11.20251130.abcdef0" }, flags: [], asked: ["pkgs.lib.version", "config.boot.isNspawnContainer"], refused: true }],
  ["a 25.11 pre-release counts as 25.11 (nixos-container compares with 25.11pre-git)", { flake: false, answers: { version: "25.11pre-git" }, flags: [], asked: ["pkgs.lib.version", "config.boot.isNspawnContainer"], refused: true }],
  ["NixOS 26.05, with it: built", { flake: false, answers: { version: "26.05pre900000.fedcba9", isNspawnContainer: true }, flags: [], asked: ["pkgs.lib.version", "config.boot.isNspawnContainer"], refused: false }],
  ["--config on 25.11 whose evaluation has it off (a module it imports turns it off): refused, configuration.nix as it was", { flake: false, answers: { version: "25.11", isNspawnContainer: false }, flags: ["--config", "imports = [ ./off.nix ];"], asked: ["pkgs.lib.version", "config.boot.isNspawnContainer"], refused: true }],
  ["a flake of NixOS 26.05 without it: refused", { flake: true, answers: { version: "26.05.20260601.0000000", isNspawnContainer: false }, flags: [], asked: ["lib.version", "config.boot.isNspawnContainer"], refused: true }],
  ["a flake of NixOS 24.11: only the version is asked, the build goes on", { flake: true, answers: { version: "24.11.20250101.1111111", isNspawnContainer: false }, flags: [], asked: ["lib.version"], refused: false }],
];

for (const [name, { flake, answers, flags, asked, refused }] of NSPAWN_CASES)
  test(`update: ${name}`, () =>
    withStubHost((h) => {
      if (flake) created(h, "--flake", "github:me/hosts#web");
      else {
        created(h, "--config", "");
        writeFileSync(configFile(h, "web"), LEGACY_CONFIG);
      }
      h.configure({ [flake ? "flake" : "nixos"]: answers });
      const before = h.tree();
      const r = h.run(["update", "web", ...flags]);
      const calls = h.takeCalls().filter((c) => c.args[0] !== "--parse");
      assert.equal(
        calls.slice(0, asked.length),
        asked.map((a) => (flake ? flakeEval(a) : nixosEval(h, a))),
      );
      if (refused) {
        assert.is(r.status, 1);
        assert.is(r.stderr, refusedLine(answers.version, flake ? "nixosConfigurations.web of flake 'github:me/hosts'" : configFile(h, "web")));
        assert.is(calls.length, asked.length, "nothing built");
        assert.equal(h.tree(), before, "nothing changed");
      } else {
        assert.is(r.status, 0, r.stderr);
        assert.is(calls[asked.length]!.program, flake ? "nix" : "nix-env", "then the build");
      }
    }));

test("update --config '' writes configuration.nix with nothing added (nixos-container's update ignores an empty --config)", () =>
  withStubHost((h) => {
    created(h, "--config", "services.nginx.enable = true;");
    assert.is(h.run(["update", "web", "--config", ""]).status, 0);
    assert.not.match(h.read("var/lib/nixos-containers/web/etc/nixos/configuration.nix"), "nginx");
  }));

test("update --system-path evaluates nothing (the system is built already)", () =>
  withStubHost((h) => {
    created(h, "--config", "");
    writeFileSync(configFile(h, "web"), LEGACY_CONFIG);
    assert.is(h.run(["update", "web", "--system-path", "/nix/store/abc-nixos-system"]).status, 0);
    assert.equal(h.takeCalls().map((c) => c.program), ["nix-env", "systemctl"]);
  }));

test("update of a container that does not exist is refused", () =>
  withStubHost((h) => {
    const r = h.run(["update", "ghost"]);
    assert.is(r.status, 1);
    assert.is(r.stderr, "containers-nix: container ghost does not exist\n");
  }));

test.run();
