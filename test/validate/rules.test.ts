/**
 * One case per rule: each definition gives exactly the findings listed, at
 * those paths. Every rule in the registry (and every type-layer rule) has a
 * case, and a set of tricky but valid definitions gives none.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatPath } from "../../src/validate/finding.js";
import { rules } from "../../src/validate/rules/index.js";
import { validateContainers } from "../../src/validate/validate.js";
import { c, net, ruleCases, type Case, type Def, type Want } from "./rule-cases.js";

const validCases: [string, Case][] = [
  [
    "tricky but valid",
    {
      given: {
        "web-1": net({
          hostAddress: "10.0.0.1",
          localAddress: "10.0.0.2",
          hostAddress6: "fc00::1",
          localAddress6: "fc00:0::2/64",
          forwardPorts: [{ hostPort: 53 }, { protocol: "udp", hostPort: 53 }],
          tmpfs: ["/tmp:mode=1777,size=10%", "/my\\:dir"],
          timeoutStartSec: "infinity",
          additionalCapabilities: ["cap_net_raw", "all", "CAP_SYS_PTRACE,CAP_NET_BIND_SERVICE"],
          allowedDevices: [{ node: "/dev/fuse", modifier: "" }, { node: "/dev/kvm", modifier: "mwr" }],
          privateUsers: 0,
          bindMounts: { "/srv": { hostPath: "/data/srv", isReadOnly: false } },
          networkNamespace: null,
          macvlans: ["enp0s31f6u1u2"],
        }),
        lan: net({ hostBridge: "br0", localAddress: "192.168.1.5/24", extraVeths: { vb2: { hostBridge: "br2", localAddress6: "fd00::5/64" } } }),
        // A network namespace of the host's, its path with a space (passed quoted); without privateUsers, which nspawn refuses with it.
        ns: c({ networkNamespace: "/run/netns/my vpn", bindMounts: { "/w": { isReadOnly: false } } }),
        tun: c({ enableTun: true, additionalCapabilities: ["CAP_NET_RAW"] }),
        // IPv6 in hostAddress/localAddress, as nixpkgs' container tests write it: `ip` detects the family.
        v6: net({ hostAddress: "fd00::1", localAddress: "fd00::2", forwardPorts: [{ hostPort: 8053, containerPort: 53 }] }),
        // nspawn's bind options after the mount point (nixpkgs #329530), a root-relative source, a tmpfs path with a space (passed quoted).
        idmap: c({
          privateUsers: "identity",
          bindMounts: { "/data:idmap": { hostPath: "/srv/data", isReadOnly: false }, "/cache": { mountPoint: "/cache:rbind,noidmap", hostPath: "+/var/cache" } },
          tmpfs: ["/var/my tmp:mode=0755"],
        }),
        // A /32 is a host route; IPv6 routes mask host bits, so a /64 works without a bridge.
        routed: net({ hostAddress: "10.20.0.1", localAddress: "10.20.0.2/32", hostAddress6: "fd20::1", localAddress6: "fd20::2/64" }),
      },
      host: { kernelVersion: "6.1.0" },
      want: [],
    },
  ],
];

const found = (given: Record<string, Def>, host: Case["host"]): Want[] =>
  validateContainers(given, { host }).findings.map((f) => [f.rule, formatPath(f.path), f.severity]);

for (const [name, { given, host, want }] of [...ruleCases, ...validCases]) test(name, () => assert.equal(found(given, host), want));

test("every rule in the registry has a case, and ids are unique", () => {
  const ids = rules.map((r) => r.id);
  assert.equal(ids.length, new Set(ids).size, "duplicate rule ids");
  const covered = new Set(ruleCases.flatMap(([, { want }]) => want.map(([rule]) => rule)));
  assert.equal(ids.filter((id) => !covered.has(id)), []);
});

test("clashes across containers (the replay's): each once, at the later definition, naming the first, extraVeths included", () => {
  const report = validateContainers({
    a: net({ hostAddress: "10.0.0.1", localAddress: "10.0.0.2", hostAddress6: "fd00::1", localAddress6: "fd00::2/64", forwardPorts: [{ hostPort: 80 }], extraVeths: { vx1: { hostAddress: "10.1.0.1", localAddress: "10.1.0.2" } } }),
    b: net({ hostAddress: "10.0.1.1", localAddress: "10.0.1.2", forwardPorts: [{ protocol: "udp", hostPort: 80 }, { hostPort: 80 }] }),
    c: net({ hostAddress: "10.0.2.1", localAddress: "10.0.0.2/32" }),
    d: net({ extraVeths: { vx1: {} } }),
    e: net({ hostAddress6: "fd01::1", localAddress6: "fd00::3/64" }),
    f: net({ interfaces: ["eth1"] }),
    g: net({ interfaces: ["eth2", "eth1"] }),
  });
  assert.equal(
    report.findings.map((f) => [f.rule, formatPath(f.path), f.message]),
    [
      [
        "start-clash",
        "containers.b.forwardPorts[1].hostPort",
        'the start script runs `systemd-nspawn … --port=tcp:80:80 …`: containers.a forwards the host\'s tcp port 80 too; nspawn\'s map already sends the host\'s tcp port 80 to a (10.0.0.2); nspawn logs "Failed to modify AF_INET firewall: File exists" for the second and it never reaches this container. Whichever of the two starts second never gets the port; give each container its own hostPort.',
      ],
      [
        "start-clash",
        "containers.c.localAddress",
        'postStart runs `ip route add 10.0.0.2/32 dev ve-c` → "RTNETLINK answers: File exists": containers.a claims the host\'s route to 10.0.0.2/32 too, and whichever of the two starts second fails. Give each container its own address or network (a bare address routes only itself).',
      ],
      [
        "start-clash",
        "containers.d.extraVeths.vx1",
        "preStart runs `ip link del dev vx1`, which deletes the interface vx1 that containers.a made: both use the host interface name vx1, and whichever starts second takes it from the other. Rename one of the interfaces.",
      ],
      [
        "start-clash",
        "containers.e.localAddress6",
        'postStart runs `ip -6 route add fd00::3/64 dev ve-e` → "RTNETLINK answers: File exists": containers.a claims the host\'s route to fd00::3/64 too, and whichever of the two starts second fails. Give each container its own address or network (a bare address routes only itself).',
      ],
      [
        "duplicate-interface",
        "containers.g.interfaces[1]",
        'the host interface "eth1" is already moved into a container by containers.f.interfaces[0]; an interface can live in one network namespace only. Give each container its own interface (or macvlans on a shared one).',
      ],
    ],
  );
});

test("a rule given in opts.rules may be written with methods that use this", () => {
  const rule = {
    id: "no-web",
    severity: "warning" as const,
    summary: "A test rule.",
    consumer: "module-conf" as const,
    scope: "container" as const,
    banned: "web",
    check(s: { name: string }) {
      return s.name === this.banned ? [{ path: ["containers", s.name], message: "is banned" }] : [];
    },
  };
  const report = validateContainers({ web: { path: "/x" }, db: { path: "/x" } }, { rules: [rule] });
  assert.equal(report.findings.map((f) => [f.rule, formatPath(f.path), f.message]), [["no-web", "containers.web", "is banned"]]);
});

test.run();
