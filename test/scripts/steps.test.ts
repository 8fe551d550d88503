/**
 * The interpreter's steps on definitions whose start is known by heart:
 * what each program gets, in which phase and namespace, from which option,
 * for which consumer. (That they are what bash really runs, on hundreds of
 * definitions, is agreement.test.ts.)
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { confEnvironment } from "../../src/model/conf.js";
import { resolveContainer } from "../../src/model/container.js";
import { dirsFor } from "../../src/model/dirs.js";
import { parseEnvironmentFile } from "../../src/model/env-file.js";
import type { Json } from "../../src/model/resolve.js";
import type { Step } from "../../src/replay/step.js";
import { OUTSIDE_PROGRAMS } from "../../src/replay/replay.js";
import { declaredSettings, templateSettings } from "../../src/scripts/settings.js";
import { declaredSteps, startRun, unitRoot } from "../../src/scripts/steps.js";
import { scriptCases } from "./cases.js";

const dirs = dirsFor("25.11");
const steps = (definition: { [k: string]: Json }, name = "web") => declaredSteps(name, resolveContainer(name, { path: "/nix/store/s", ...definition }), dirs, "/bin");
const argvs = (list: readonly Step[], phase?: Step["phase"]) => list.filter((s) => phase === undefined || s.phase === phase).map((s) => s.argv.join(" "));
const nspawn = (list: readonly Step[]) => list.find((s) => s.argv[0] === "systemd-nspawn")!;

const cases: [string, { given: { [k: string]: Json }; want: (s: Step[]) => void }][] = [
  [
    "a container without network options: preStart, the start script's tree and nspawn, nothing inside or after",
    {
      given: {},
      want: (s) => {
        assert.equal(argvs(s), [
          "machinectl terminate web",
          "mkdir -p /var/lib/nixos-containers/web/usr/bin /var/lib/nixos-containers/web/etc /var/lib/nixos-containers/web/var/lib",
          "chmod 0755 /var/lib/nixos-containers/web/etc /var/lib/nixos-containers/web/var/lib",
          "mkdir -p /var/lib/nixos-containers/web/var/lib/private /var/lib/nixos-containers/web/root /run/nixos-containers",
          "chmod 0700 /var/lib/nixos-containers/web/var/lib/private /var/lib/nixos-containers/web/root /run/nixos-containers",
          "touch /var/lib/nixos-containers/web/etc/os-release",
          "touch /var/lib/nixos-containers/web/etc/machine-id",
          "mkdir -p /nix/var/nix/profiles/per-container/web /nix/var/nix/gcroots/per-container/web",
          "chmod 0755 /nix/var/nix/profiles/per-container/web /nix/var/nix/gcroots/per-container/web",
          "cp --remove-destination /etc/resolv.conf /var/lib/nixos-containers/web/etc/resolv.conf",
          [
            "systemd-nspawn --keep-unit -M web -D /var/lib/nixos-containers/web --private-users=no --notify-ready=yes --kill-signal=SIGRTMIN+3",
            "--bind-ro=/nix/store:/nix/store --bind-ro=/nix/var/nix/db:/nix/var/nix/db --bind-ro=/nix/var/nix/daemon-socket:/nix/var/nix/daemon-socket",
            "--bind=/nix/var/nix/profiles/per-container/web:/nix/var/nix/profiles --bind=/nix/var/nix/gcroots/per-container/web:/nix/var/nix/gcroots",
            "--link-journal=try-guest --setenv PRIVATE_NETWORK= --setenv PRIVATE_USERS=no --setenv HOST_BRIDGE= --setenv HOST_ADDRESS= --setenv LOCAL_ADDRESS=",
            "--setenv HOST_ADDRESS6= --setenv LOCAL_ADDRESS6= --setenv LOCAL_MAC_ADDRESS= --setenv HOST_PORT= --setenv PATH=/bin container-init /nix/store/s/init",
          ].join(" "),
        ]);
        assert.equal(s[0]!.mayFail, true, "machinectl terminate may fail");
        assert.equal(s[0]!.origin, [["containers", "web"]]);
        assert.equal(nspawn(s).consumer, "nspawn-command-line");
        assert.equal(nspawn(s).origin, [["containers", "web"], ["containers", "web", "privateUsers"], ["containers", "web", "path"]]);
        assert.equal(nspawn(s).phase, "start");
      },
    },
  ],
  [
    "an unquoted address with a space is two arguments of ip; an empty EXTRA_NSPAWN_FLAGS is none",
    {
      given: { privateNetwork: true, hostAddress: "10.0.0.1", localAddress: "10.0.0.2/24 noprefixroute" },
      want: (s) => {
        assert.equal(argvs(s, "init"), [
          "ip link set host0 name eth0",
          "ip link set dev eth0 up",
          "ip addr add 10.0.0.2/24 noprefixroute dev eth0",
          "ip route add 10.0.0.1 dev eth0",
          "ip route add default via 10.0.0.1",
        ]);
        assert.equal(s.find((x) => x.argv[2] === "add" && x.phase === "init")!.argv.length, 7);
        assert.ok(s.filter((x) => x.phase === "init").every((x) => x.ns === "container"));
        assert.equal(argvs(s, "postStart"), ["ip link set dev ve-web up", "ip addr add 10.0.0.1 dev ve-web", "ip route add 10.0.0.2/24 noprefixroute dev ve-web"]);
        const route = s.find((x) => x.phase === "postStart" && x.argv[1] === "route")!;
        assert.equal([route.consumer, route.line], ["ip-route-add", 'ip route add 10.0.0.2/24 noprefixroute dev "$ifaceHost"']);
        assert.equal(route.origin, [["containers", "web", "localAddress"], ["containers", "web"]]);
        assert.not.ok(nspawn(s).argv.includes(""), "no empty argument");
      },
    },
  ],
  [
    "forwardPorts: one --port per spec, in order; extraFlags and bind mounts split from EXTRA_NSPAWN_FLAGS",
    {
      given: { privateNetwork: true, forwardPorts: [{ hostPort: 80 }, { protocol: "udp", hostPort: 53, containerPort: 5353 }], extraFlags: ["--register=no"], bindMounts: { "/d": { hostPath: "/srv/d" } } },
      want: (s) => {
        const argv = nspawn(s).argv;
        assert.equal(argv.filter((a) => a.startsWith("--port=")), ["--port=tcp:80:80", "--port=udp:53:5353"]);
        assert.equal(argv.slice(-4, -2), ["--bind-ro=/srv/d:/d", "--register=no"]);
        assert.ok(nspawn(s).origin.some((p) => p[2] === "forwardPorts"));
      },
    },
  ],
  [
    "extraVeths: deleted before, a flag each, set up inside and on the host (bridged or routed), each step from its veth",
    {
      given: { privateNetwork: true, extraVeths: { vb: { hostBridge: "br0" }, va: { hostAddress: "10.1.0.1", localAddress: "10.1.0.2" } } },
      want: (s) => {
        assert.equal(argvs(s, "preStart").slice(1), ["ip link del dev va", "ip link del dev vb"]);
        assert.equal(nspawn(s).argv.filter((a) => a.startsWith("--network-veth-extra=")), ["--network-veth-extra=va", "--network-veth-extra=vb"]);
        assert.equal(argvs(s, "init"), ["ip link set dev va up", "ip addr add 10.1.0.2 dev va", "ip route add 10.1.0.1 dev va", "ip link set dev vb up"]);
        assert.equal(argvs(s, "postStart"), ["ip link set dev va up", "ip addr add 10.1.0.1 dev va", "ip route add 10.1.0.2 dev va", "ip link set dev vb master br0 up"]);
        const master = s.find((x) => x.argv.includes("master"))!;
        assert.equal([master.consumer, master.origin], ["ip-link-master", [["containers", "web", "extraVeths", "vb"], ["containers", "web", "extraVeths", "vb", "hostBridge"]]]);
      },
    },
  ],
  [
    "a flake container: its first start builds it, and its init is the profile's",
    {
      given: { flake: "github:a/b", path: null },
      want: (s) => {
        assert.equal(argvs(s, "start").filter((a) => a.startsWith("nixos-container")), ["nixos-container update web"]);
        assert.equal(nspawn(s).argv.slice(-2), ["container-init", "/nix/var/nix/profiles/system/init"]);
      },
    },
  ],
  [
    "ephemeral with capabilities, tmpfs and user namespacing: root under /run, idmapped /nix, --ephemeral",
    {
      given: { ephemeral: true, additionalCapabilities: ["CAP_NET_RAW"], enableTun: true, tmpfs: ["/a b", "/c"], privateUsers: "pick" },
      want: (s) => {
        const argv = nspawn(s).argv;
        assert.equal(argv[5], "/run/nixos-containers/web");
        assert.ok(argv.includes("--ephemeral") && !argv.includes("--link-journal=try-guest"));
        assert.equal(argv.filter((a) => /^--(capability|tmpfs|bind-ro=\/nix\/store)/.test(a)), ["--bind-ro=/nix/store:/nix/store:idmap", "--capability=CAP_NET_RAW,CAP_NET_ADMIN", "--tmpfs=/a b", "--tmpfs=/c"]);
        assert.ok(nspawn(s).origin.some((p) => p[2] === "tmpfs" && p[3] === 1), "the second tmpfs entry by its index");
      },
    },
  ],
];

for (const [name, { given, want }] of cases) test(`steps: ${name}`, () => want(steps(given)));

test("steps: the template unit reads the conf file; its postStart quotes the addresses (one argument each)", () => {
  const conf = parseEnvironmentFile("SYSTEM_PATH=/nix/store/s\nCOPY_RESOLV_CONF=0\nPRIVATE_NETWORK=1\nHOST_ADDRESS=10.0.0.1\nLOCAL_ADDRESS=10.0.0.2/24 noprefixroute\n");
  const r = startRun("web", templateSettings(), conf, { root: unitRoot("web", templateSettings(), dirs), PATH: "/bin" });
  assert.is(r.stopped, null);
  assert.equal(argvs(r.steps, "postStart"), ["ip link set dev ve-web up", "ip addr add 10.0.0.1 dev ve-web", "ip route add 10.0.0.2/24 noprefixroute dev ve-web"]);
  assert.equal(r.steps.find((x) => x.phase === "postStart" && x.argv[1] === "route")!.argv.length, 6);
  assert.not.ok(argvs(r.steps).some((a) => a.startsWith("cp ")), "COPY_RESOLV_CONF=0");
});

test("steps: a conf file without COPY_RESOLV_CONF stops the start script there (nounset)", () => {
  const r = startRun("web", templateSettings(), parseEnvironmentFile("SYSTEM_PATH=/nix/store/s\n"), { root: "/var/lib/nixos-containers/web", PATH: "/bin" });
  assert.is(r.stopped, "start");
  assert.equal(argvs(r.steps).at(-1), "chmod 0755 /nix/var/nix/profiles/per-container/web /nix/var/nix/gcroots/per-container/web");
});

test("steps: a run that leaves programs out gives the same steps but some of theirs, and stops where the whole run stops", () => {
  const cases = scriptCases((name) => ({ runtimeShell: "/bin/bash", systemdNspawn: "/s/systemd-nspawn", nixosContainer: "/s/nixos-container", isX86_64: true, containerInitPath: `/s/init-${name}` }), 200);
  const sets = [OUTSIDE_PROGRAMS, ...["ip", "machinectl", "mkdir", "cp", "nixos-container", "systemd-nspawn"].map((p) => new Set([p]))];
  let left = 0;
  for (const c of cases) {
    const settings = c.cfg === null ? templateSettings() : declaredSettings(c.cfg);
    const conf = c.cfg === null ? parseEnvironmentFile(c.conf) : confEnvironment(c.name, c.cfg);
    const unit = { root: unitRoot(c.name, settings, dirs), PATH: "/bin" };
    const whole = startRun(c.name, settings, conf, unit);
    for (const out of sets) {
      const part = startRun(c.name, settings, conf, unit, out);
      assert.is(part.stopped, whole.stopped, c.source);
      // The part's steps, in order, are the whole run's, but for some steps of the programs left out.
      let i = 0;
      for (const s of whole.steps) {
        if (i < part.steps.length && JSON.stringify(part.steps[i]) === JSON.stringify(s)) i++;
        else {
          assert.ok(out.has(s.argv[0]!), `${c.source}: \`${s.argv.join(" ")}\` is missing, but ${s.argv[0]} is not left out`);
          left++;
        }
      }
      assert.is(i, part.steps.length, `${c.source}: a step the whole run does not have`);
    }
  }
  assert.ok(left > cases.length, "steps are left out");
});

test.run();
