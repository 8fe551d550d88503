/** `update`: rebuilds, keeps a new --flake in the conf file, validates new settings, undoes a failed build, reloads. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseConf } from "../../src/host/conf-file.js";
import { withStubHost, type StubHost } from "../support/stub-host.js";

const profile = (h: StubHost, name: string) => h.at(`nix/var/nix/profiles/per-container/${name}/system`);
const configFile = (h: StubHost, name: string) => h.at(`var/lib/nixos-containers/${name}/etc/nixos/configuration.nix`);

function created(h: StubHost, ...flags: string[]) {
  const r = h.run(["create", "web", ...flags]);
  assert.is(r.status, 0, r.stderr);
  h.takeCalls();
}

test("update without a source rebuilds configuration.nix; nothing else changes; a stopped container is not reloaded", () =>
  withStubHost((h) => {
    created(h, "--config", "services.nginx.enable = true;");
    const before = h.read("etc/nixos-containers/web.conf");
    const r = h.run(["update", "web"]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(h.takeCalls(), [
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
    assert.equal(h.takeCalls()[0]!.args.slice(-1), ['github:me/hosts#nixosConfigurations."web".config.system.build.toplevel']);
  }));

test("update reads a flake nixos-container recorded (FLAKE=REF, attribute `container`)", () =>
  withStubHost((h) => {
    h.write("etc/nixos-containers/legacy.conf", "PRIVATE_NETWORK=1\nHOST_ADDRESS=10.233.1.1\nLOCAL_ADDRESS=10.233.1.2\nHOST_BRIDGE=\nHOST_PORT=\nAUTO_START=0\nFLAKE=github:me/hosts\n");
    const before = h.read("etc/nixos-containers/legacy.conf");
    const r = h.run(["update", "legacy"]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(h.takeCalls()[0]!.args.slice(-1), ['github:me/hosts#nixosConfigurations."container".config.system.build.toplevel']);
    assert.is(h.read("etc/nixos-containers/legacy.conf"), before, "nixos-container's file keeps its layout");
  }));

test("update with settings validates them with the other containers, then rewrites the conf file", () =>
  withStubHost((h) => {
    created(h, "--config", "", "--port", "8080:80");
    const other = h.run(["create", "db", "--config", "", "--port", "5432"]);
    assert.is(other.status, 0);
    const clash = h.run(["update", "web", "--port", "5432"]);
    assert.is(clash.status, 1);
    assert.match(clash.stderr, "error[duplicate-host-port]");
    assert.match(clash.stderr, "containers.db.forwardPorts[0].hostPort");
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

test("update of a container that does not exist is refused", () =>
  withStubHost((h) => {
    const r = h.run(["update", "ghost"]);
    assert.is(r.status, 1);
    assert.is(r.stderr, "containers-nix: container ghost does not exist\n");
  }));

test.run();
