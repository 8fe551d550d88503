/**
 * `create` against recording stubs under --root: the exact program calls, the
 * files written (the conf file equal to what the module's core renders for the
 * same definition, evaluated by nix-instantiate), names, validation and
 * allocation across declarative and imperative containers.
 */
import { symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import tmp from "../support/tmp.js";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import { hostFacts } from "../../src/model/checks.js";
import type { Json } from "../../src/model/resolve.js";
import { evalJson, hasNixInstantiate } from "../support/nix.js";
import { root } from "../support/paths.js";
import { configurationNix, NSPAWN_LINE } from "../../src/commands/imperative/system.js";
import { readsOnly, withStubHost, type StubHost } from "../support/stub-host.js";

const profile = (h: StubHost, name: string) => h.at(`nix/var/nix/profiles/per-container/${name}/system`);
const confOf = (h: StubHost, name: string) => h.read(`etc/nixos-containers/${name}.conf`);

test("create --config: the configuration parsed first, then conf file, configuration.nix, one nix-env call building <nixpkgs/nixos>", () =>
  withStubHost((h) => {
    const r = h.run(["create", "web", "--config", "services.nginx.enable = true;", "--impure", "--option", "cores", "2"]);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stderr, "host IP is 10.233.1.1, container IP is 10.233.1.2\n");
    assert.equal(h.takeCalls(), [
      { program: "nix-instantiate", args: ["--parse", "-E", configurationNix("web", "services.nginx.enable = true;")] },
      {
        program: "nix-env",
        args: ["-p", profile(h, "web"), "-I", `nixos-config=${h.at("var/lib/nixos-containers/web/etc/nixos/configuration.nix")}`, "-f", "<nixpkgs/nixos>", "--set", "-A", "system", "--impure", "--option", "cores", "2"],
      },
    ]);
    const config = h.read("var/lib/nixos-containers/web/etc/nixos/configuration.nix");
    assert.ok(config.includes(`\n  ${NSPAWN_LINE}\n`), config);
    assert.not.match(config, "boot.isContainer =");
    assert.match(config, 'networking.hostName = lib.mkDefault "web";');
    assert.match(config, "  services.nginx.enable = true;\n}");
    assert.match(confOf(h, "web"), /^PRIVATE_NETWORK=1\n\n\nHOST_ADDRESS=10\.233\.1\.1\n/m);
  }));

test("create --config-file imports the file by absolute path; --nixos-path is handed to nix-env", () =>
  withStubHost((h) => {
    writeFileSync(path.join(h.dir, "my config.nix"), "{ }");
    const r = h.run(["create", "web", "--config-file", "my config.nix", "--nixos-path", "/src/nixpkgs/nixos"]);
    assert.is(r.status, 0, r.stderr);
    assert.match(h.read("var/lib/nixos-containers/web/etc/nixos/configuration.nix"), `imports = [ (/. + ${JSON.stringify(path.join(h.dir, "my config.nix"))}) ];`);
    assert.equal(h.takeCalls()[1]!.args.slice(4, 6), ["-f", "/src/nixpkgs/nixos"]);
  }));

test("create --flake REF#ATTR: the flake's NixOS version and boot.isNspawnContainer asked, nix build with an out-link in the profile directory (none in the working directory), then nix-env --set; FLAKE kept", () =>
  withStubHost((h) => {
    const r = h.run(["create", "db", "--flake", "github:me/hosts#db"]);
    assert.is(r.status, 0, r.stderr);
    const link = h.at("nix/var/nix/profiles/per-container/db/.containers-nix-build");
    assert.equal(h.takeCalls(), [
      { program: "nix", args: ["eval", "--json", "--", 'github:me/hosts#nixosConfigurations."db".lib.version'] },
      { program: "nix", args: ["eval", "--json", "--", 'github:me/hosts#nixosConfigurations."db".config.boot.isNspawnContainer'] },
      { program: "nix", args: ["build", "--out-link", link, "--", 'github:me/hosts#nixosConfigurations."db".config.system.build.toplevel'] },
      { program: "nix-env", args: ["-p", profile(h, "db"), "--set", "/nix/store/11111111111111111111111111111111-nixos-system-flake"] },
    ]);
    assert.match(confOf(h, "db"), /^FLAKE=github:me\/hosts#db$/m);
    assert.not.match(confOf(h, "db"), "SYSTEM_PATH");
    assert.equal(Object.keys(h.tree()).filter((p) => p.includes("containers-nix-build")), []);
    const cwd = h.run(["list"]);
    assert.is(cwd.stdout, "db\n");
  }));

test("create --system-path: nix-env --set PATH, SYSTEM_PATH names the profile (so rollback reaches the unit); --ensure-unique-name prints the name it took", () =>
  withStubHost((h) => {
    assert.is(h.run(["create", "app", "--system-path", "/nix/store/abc-nixos-system"]).status, 0);
    h.takeCalls();
    const r = h.run(["create", "app", "--system-path", "/nix/store/abc-nixos-system", "--ensure-unique-name"]);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, "app-0\n");
    assert.equal(h.takeCalls(), [{ program: "nix-env", args: ["-p", profile(h, "app-0"), "--set", "/nix/store/abc-nixos-system"] }]);
    assert.match(confOf(h, "app-0"), /^SYSTEM_PATH=\/nix\/var\/nix\/profiles\/system$/m);
    assert.match(confOf(h, "app-0"), /^LOCAL_ADDRESS=10\.233\.2\.2$/m);
  }));

const flakeEval = (attr: string, path: string) => ({ program: "nix", args: ["eval", "--json", "--", `github:me/hosts#nixosConfigurations."${attr}".${path}`] });

test("create --flake of NixOS 25.11 whose configuration lacks boot.isNspawnContainer is refused before anything is written; exit 1, one line", () =>
  withStubHost((h) => {
    h.configure({ flake: { version: "25.11.20251130.abcdef0", isNspawnContainer: false } });
    const r = h.run(["create", "db", "--flake", "github:me/hosts#db"]);
    assert.is(r.status, 1);
    assert.is(
      r.stderr,
      "containers-nix: container db was not created: NixOS 25.11.20251130.abcdef0 runs a container under systemd-nspawn only with boot.isNspawnContainer = true; add it to nixosConfigurations.db of flake 'github:me/hosts'\n",
    );
    assert.equal(h.takeCalls(), [flakeEval("db", "lib.version"), flakeEval("db", "config.boot.isNspawnContainer")]);
    assert.equal(h.tree(), {}, "not even the lock file");
  }));

test("create --flake of a NixOS before 25.11 asks only its version, then builds; nix's flags (--refresh too, as nixos-container) reach nix eval as they reach nix build", () =>
  withStubHost((h) => {
    h.configure({ flake: { version: "25.05.20250601.0123456", isNspawnContainer: false } });
    const r = h.run(["create", "db", "--flake", "github:me/hosts", "--override-input", "nixpkgs", "github:NixOS/nixpkgs/nixos-25.05", "--refresh"]);
    assert.is(r.status, 0, r.stderr);
    const calls = h.takeCalls();
    assert.equal(calls[0], { program: "nix", args: ["eval", "--json", "--refresh", "--override-input", "nixpkgs", "github:NixOS/nixpkgs/nixos-25.05", "--", 'github:me/hosts#nixosConfigurations."container".lib.version'] });
    assert.equal(calls.slice(1).map((c) => `${c.program} ${c.args[0]}`), ["nix build", "nix-env -p"]);
  }));

const refusals: [string, { args: string[]; status: number; message: string }][] = [
  ["a name with /", { args: ["create", "a/b"], status: 2, message: 'invalid container name "a/b"' }],
  ["a name with ..", { args: ["create", ".."], status: 2, message: "invalid container name" }],
  ["a name with an underscore (the module refuses it)", { args: ["create", "my_web"], status: 1, message: "error[container-name-underscore] containers.my_web" }],
  ["a long name with a private network on kernel 5.4", { args: ["create", "averylongname", "--kernel", "5.4.0"], status: 1, message: "error[container-name-length] containers.averylongname" }],
  ["a flag value with a newline", { args: ["create", "web", "--bridge", "br0\nAUTO_START=1"], status: 2, message: "--bridge: the value contains a line break" }],
  ["a config that does not parse", { args: ["create", "web", "--config", "services.nginx.enable = ;"], status: 2, message: "--config does not parse as Nix" }],
  ["a bad address", { args: ["create", "web", "--host-address", "10.0.0.300", "--local-address", "10.0.0.2"], status: 1, message: 'error[address-syntax] containers.web.hostAddress: "10.0.0.300" is not an IPv4 address' }],
  ["--host-address without --local-address", { args: ["create", "web", "--host-address", "10.0.0.1"], status: 2, message: "--host-address needs --local-address" }],
  ["two sources", { args: ["create", "web", "--config", "{}", "--flake", "x"], status: 2, message: "--config and --flake exclude each other" }],
  ["a local address with a prefix behind a host address (the host's route to it fails)", { args: ["create", "web", "--host-address", "10.0.0.1", "--local-address", "10.0.0.2/24"], status: 1, message: "error[start-refused] containers.web.localAddress: postStart runs `ip route add 10.0.0.2/24 dev ve-web`" }],
];

for (const [name, { args, status, message }] of refusals)
  test(`create refuses ${name}, before anything changes`, () =>
    withStubHost((h) => {
      const r = h.run(args);
      assert.is(r.status, status, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(h.takeCalls().filter((c) => !readsOnly(c)), []);
      assert.equal(Object.keys(h.tree()).filter((p) => !p.startsWith("run")), []);
    }));

test("create refuses a name that exists, and an explicit address or host port another container (declarative or imperative) has", () =>
  withStubHost((h) => {
    // A declarative container: the module's conf file is a link into /etc/static.
    h.write("etc/static/nixos-containers/decl.conf", "SYSTEM_PATH=/nix/store/x\n\nCOPY_RESOLV_CONF=1\nPRIVATE_NETWORK=1\n\nHOST_PORT=tcp:80:80\n\nHOST_ADDRESS=10.233.1.1\n\nLOCAL_ADDRESS=10.233.1.2/32\n");
    h.write("etc/nixos-containers/.keep", "");
    symlinkSync("/etc/static/nixos-containers/decl.conf".replace(/^/, h.root), h.at("etc/nixos-containers/decl.conf"));
    const port = h.run(["create", "web", "--port", "80"]);
    assert.is(port.status, 1);
    assert.match(port.stderr, "error[start-clash] containers.web.forwardPorts[0].hostPort: the start script runs `systemd-nspawn … --port=tcp:80:80 …`: containers.decl forwards the host's tcp port 80 too;");
    const addr = h.run(["create", "web", "--host-address", "10.233.9.1", "--local-address", "10.233.1.2"]);
    assert.is(addr.status, 1);
    assert.match(addr.stderr, "error[start-clash] containers.web.localAddress");
    const ok = h.run(["create", "web"]);
    assert.is(ok.status, 0, ok.stderr);
    assert.is(ok.stderr, "host IP is 10.233.2.1, container IP is 10.233.2.2\n", "10.233.1.2/32 is counted");
    const again = h.run(["create", "web"]);
    assert.is(again.status, 1);
    assert.match(again.stderr, "container web already exists");
  }));

test("below stateVersion 22.05 conf files go to /etc/containers, and podman's files there are not containers", () =>
  withStubHost((h) => {
    h.write("etc/containers/registries.conf", "[registries]\n");
    const r = h.run(["create", "old", "--state-version", "21.11"]);
    assert.is(r.status, 0, r.stderr);
    assert.match(h.read("etc/containers/old.conf"), "PRIVATE_NETWORK=1");
    assert.ok(h.tree()["var/lib/containers/old/etc/nixos/configuration.nix"] !== undefined);
    assert.is(h.run(["list", "--state-version", "21.11"]).stdout, "old\n");
  }));

// The conf file the CLI writes equals what the module's core renders for the same definition.
const SAME: [string, string[], { [k: string]: Json }][] = [
  ["defaults", [], { privateNetwork: true, hostAddress: "10.233.1.1", localAddress: "10.233.1.2" }],
  [
    "every setting the unit reads",
    ["--host-address", "10.1.0.1", "--local-address", "10.1.0.2", "--host-address6", "fc00::1", "--local-address6", "fc00::2", "--local-mac-address", "de:b7:73:01:10:90", "--port", "tcp:8080:80,udp:53", "--bind", "/srv/www:/var/www", "--bind-ro", "/etc/ssl", "--extra-flags", "--drop-capability=CAP_SYS_CHROOT", "--private-users", "pick", "--auto-start", "--no-copy-resolv-conf", "--macvlans", "eth1", "--interfaces", "eth2"],
    {
      privateNetwork: true,
      hostAddress: "10.1.0.1",
      localAddress: "10.1.0.2",
      hostAddress6: "fc00::1",
      localAddress6: "fc00::2",
      localMacAddress: "de:b7:73:01:10:90",
      forwardPorts: [
        { hostPort: 8080, containerPort: 80 },
        { protocol: "udp", hostPort: 53 },
      ],
      bindMounts: { "/var/www": { hostPath: "/srv/www", isReadOnly: false }, "/etc/ssl": {} },
      extraFlags: ["--drop-capability=CAP_SYS_CHROOT"],
      privateUsers: "pick",
      autoStart: true,
      copyResolvConf: false,
      macvlans: ["eth1"],
      interfaces: ["eth2"],
    },
  ],
  ["a bridge", ["--bridge", "br0", "--local-address", "192.168.1.20/24"], { privateNetwork: true, hostBridge: "br0", localAddress: "192.168.1.20/24" }],
  ["the host's network namespace", ["--no-private-network", "--network-namespace", "/run/netns/blue"], { networkNamespace: "/run/netns/blue" }],
];

test(`the conf file equals the module core's rendering for the same definition (${SAME.length} cases, bare nix-instantiate)`, async () => {
  if (!hasNixInstantiate) {
    console.log("skipped: nix-instantiate is missing (apt-get install -y nix-bin)");
    return;
  }
  const written: string[] = [];
  for (const [label, flags] of SAME)
    await withStubHost((h) => {
      const r = h.run(["create", "web", ...flags]);
      assert.is(r.status, 0, `${label}: ${r.stderr}`);
      written.push(confOf(h, "web"));
    });
  const host = hostFacts({ containers: {} });
  const items = SAME.map(([, , def]) => ({
    name: "web",
    cfg: resolveContainer("web", { path: "/nix/var/nix/profiles/system", ...def }),
    dirs: dirsFor(host.stateVersion),
    defined: { pkgs: false, config: false },
    host,
  }));
  const d = tmp.dirSync({ unsafeCleanup: true });
  try {
    const casesFile = path.join(d.name, "cases.json");
    writeFileSync(casesFile, JSON.stringify({ containers: items, hosts: [] }));
    const out = evalJson([path.join(root, "test/nix/core-eval.nix"), "--argstr", "casesFile", casesFile]) as { containers: { conf: string }[] };
    SAME.forEach(([label], i) => assert.fixture(written[i]!, out.containers[i]!.conf, label));
  } finally {
    d.removeCallback();
  }
});

test.run();
