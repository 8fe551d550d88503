/** The per-rule cases of rules.test.ts, shared with upstream.test.ts (which checks them against the module). */
import type { Json } from "../../src/model/resolve.js";
import type { ValidateOptions } from "../../src/validate/validate.js";

export type Def = { [k: string]: Json };
export type Want = [rule: string, path: string, severity: "error" | "warning"];
export interface Case {
  given: Record<string, Def>;
  host?: ValidateOptions["host"];
  want: Want[];
}

const P = "/nix/store/00000000000000000000000000000000-nixos-system";
/** A host whose network the input gives: one bridge with addresses, two physical interfaces. */
const HOST = { interfaces: { br0: { kind: "bridge" as const, addresses: ["10.10.0.1/24"] }, eth1: { kind: "physical" as const }, eth2: { kind: "physical" as const } }, networkNamespaces: [] };
/** A container built from `path`, plus the options given. */
export const c = (opts: Def = {}): Def => ({ path: P, ...opts });
export const net = (opts: Def = {}): Def => c({ privateNetwork: true, ...opts });

export const ruleCases: [string, Case][] = [
  // The module's own checks, shared with the Nix side.
  ["container-name-length", { given: { webserver123: net() }, host: { kernelVersion: "5.4.0" }, want: [["container-name-length", "containers.webserver123", "error"]] }],
  ["container-name-underscore", { given: { my_web: c() }, want: [["container-name-underscore", "containers.my_web", "error"]] }],
  [
    "network-namespace-exclusive",
    { given: { vpn: c({ networkNamespace: "/run/netns/vpn", interfaces: ["eth1"] }) }, want: [["network-namespace-exclusive", "containers.vpn.networkNamespace", "error"]] },
  ],
  ["removed-pkgs", { given: { old: c({ pkgs: {} }) }, want: [["removed-pkgs", "containers.old.pkgs", "error"]] }],
  ["flake-with-config", { given: { fl: { flake: "github:a/b", config: {} } }, want: [["flake-with-config", "containers.fl", "error"]] }],
  ["conf-injection", { given: { evil: net({ hostBridge: "br0\nX=1", localAddress: "10.0.0.2/24" }) }, want: [["conf-injection", "containers.evil.hostBridge", "error"]] }],
  ["conf-injection in a list element", { given: { q: c({ extraFlags: ["--setenv=A=$HOME"] }) }, want: [["conf-injection", "containers.q.extraFlags[0]", "error"]] }],
  ["containers-disabled", { given: { off: c() }, host: { enableContainers: false }, want: [["containers-disabled", "containers", "warning"]] }],
  [
    "virtualisation-containers-old-state-version",
    {
      given: { pod: c() },
      host: { virtualisationContainers: true, stateVersion: "21.11" },
      want: [["virtualisation-containers-old-state-version", "boot.enableContainers", "warning"]],
    },
  ],

  // The validator's rules.
  ["container-name-label: a dot", { given: { "web.site": c() }, want: [["container-name-label", 'containers."web.site"', "error"]] }],
  ["container-name-label: a leading hyphen", { given: { "-web": c() }, want: [["container-name-label", 'containers."-web"', "error"]] }],
  [
    "interface-name: an extra veth over 15 bytes",
    { given: { w: net({ extraVeths: { "ve-far-too-long-1": {} } }) }, want: [["interface-name", 'containers.w.extraVeths.ve-far-too-long-1', "error"]] },
  ],
  ["interface-name: a moved interface with '/'", { given: { w: net({ interfaces: ["eth/1"] }) }, want: [["interface-name", "containers.w.interfaces[0]", "error"]] }],
  [
    "interface-name: mv-<iface> on an old kernel",
    { given: { w: net({ macvlans: ["enp0s31f6u1u2"] }) }, host: { kernelVersion: "5.4.0" }, want: [["interface-name", "containers.w.macvlans[0]", "error"]] },
  ],
  ["address-syntax: IPv4", { given: { w: net({ hostAddress: "10.0.0.300" }) }, want: [["address-syntax", "containers.w.hostAddress", "error"]] }],
  ["address-syntax: a host address with prefix", { given: { w: net({ hostAddress: "10.0.0.1/24" }) }, want: [["address-syntax", "containers.w.hostAddress", "error"]] }],
  ["address-syntax: IPv6", { given: { w: net({ localAddress6: "fc00::1::2" }) }, want: [["address-syntax", "containers.w.localAddress6", "error"]] }],
  ["address-syntax: IPv4 in an IPv6 option", { given: { w: net({ localAddress6: "10.0.0.2" }) }, want: [["address-syntax", "containers.w.localAddress6", "error"]] }],
  [
    "address-syntax: in an extra veth",
    { given: { w: net({ extraVeths: { vx: { localAddress: "10.1.2" } } }) }, want: [["address-syntax", "containers.w.extraVeths.vx.localAddress", "error"]] },
  ],
  [
    "host-bridge-with-host-address",
    {
      given: { w: net({ hostBridge: "br0", hostAddress: "192.168.1.1", localAddress: "192.168.1.5/24" }) },
      want: [["host-bridge-with-host-address", "containers.w.hostAddress", "warning"]],
    },
  ],
  [
    "host-bridge-with-host-address: IPv6 in an extra veth",
    {
      given: { w: net({ extraVeths: { vb1: { hostBridge: "br1", hostAddress6: "fd00::1", localAddress6: "fd00::5/64" } } }) },
      want: [["host-bridge-with-host-address", "containers.w.extraVeths.vb1.hostAddress6", "warning"]],
    },
  ],
  [
    "network-without-private-network",
    { given: { w: c({ hostAddress: "10.0.0.1", forwardPorts: [{ hostPort: 80 }] }) }, want: [
      ["network-without-private-network", "containers.w.forwardPorts", "warning"],
      ["network-without-private-network", "containers.w.hostAddress", "warning"],
    ] },
  ],
  ["implied-private-network", { given: { w: c({ macvlans: ["eth1"] }) }, want: [["implied-private-network", "containers.w.macvlans", "warning"]] }],
  [
    "local-address-without-prefix",
    { given: { w: net({ hostBridge: "br0", localAddress: "192.168.1.5" }) }, want: [["local-address-without-prefix", "containers.w.localAddress", "warning"]] },
  ],
  // The rules the replay finds better, where it cannot follow a container's start (an interface of a host whose network is not known).
  [
    "local-address-host-route (the replay cannot follow the container: a moved interface, the host's network not known)",
    { given: { w: net({ hostAddress: "10.0.0.1", localAddress: "10.0.0.2/24", interfaces: ["eth1"] }) }, want: [["local-address-host-route", "containers.w.localAddress", "error"]] },
  ],
  [
    "duplicate-host-port (the replay cannot follow the first container: its bridge)",
    {
      given: {
        a: net({ hostBridge: "br0", localAddress: "10.0.0.2/24", forwardPorts: [{ hostPort: 8080 }] }),
        b: net({ hostAddress: "10.0.1.1", localAddress: "10.0.1.2", forwardPorts: [{ protocol: "udp", hostPort: 8080 }, { protocol: "tcp", hostPort: 8080 }] }),
      },
      want: [["duplicate-host-port", "containers.b.forwardPorts[1].hostPort", "error"]],
    },
  ],
  [
    "duplicate-local-address (two containers on a bridge of a host whose network is not known)",
    { given: { a: net({ hostBridge: "br0", localAddress: "10.0.0.2/24" }), b: net({ hostBridge: "br0", localAddress: "10.0.0.2/24" }) }, want: [["duplicate-local-address", "containers.b.localAddress", "error"]] },
  ],
  [
    "duplicate-host-route (the replay cannot follow the first container: its macvlan)",
    {
      given: { a: net({ hostAddress6: "fd00::1", localAddress6: "fd00::2/64", macvlans: ["eth1"] }), b: net({ hostAddress6: "fd00::1", localAddress6: "fd00::3/64" }) },
      want: [["duplicate-host-route", "containers.b.localAddress6", "error"]],
    },
  ],
  [
    "duplicate-extra-veth (the replay cannot follow the first container: its moved interface)",
    { given: { a: net({ extraVeths: { vx1: {} }, interfaces: ["eth1"] }), b: net({ extraVeths: { vx1: {} } }) }, want: [["duplicate-extra-veth", "containers.b.extraVeths.vx1", "error"]] },
  ],
  ["mac-address: multicast", { given: { w: net({ hostAddress: "10.0.0.1", localMacAddress: "01:00:5e:00:00:01" }) }, want: [["mac-address", "containers.w.localMacAddress", "error"]] }],
  [
    "extra-veth-ignored-option",
    { given: { w: net({ extraVeths: { vx: { hostBridge: "br1", forwardPorts: [{ hostPort: 80 }], localMacAddress: "02:00:00:00:00:09" } } }) }, want: [
      ["extra-veth-ignored-option", "containers.w.extraVeths.vx.forwardPorts", "warning"],
      ["extra-veth-ignored-option", "containers.w.extraVeths.vx.localMacAddress", "warning"],
    ] },
  ],
  ["forward-port-number", { given: { w: net({ forwardPorts: [{ hostPort: 0, containerPort: 80 }] }) }, want: [["forward-port-number", "containers.w.forwardPorts[0].hostPort", "error"]] }],
  ["interface-name: a host bridge with '/'", { given: { w: net({ hostBridge: "br/0", localAddress: "10.0.0.2/24" }) }, want: [["interface-name", "containers.w.hostBridge", "error"]] }],
  [
    "forward-port-protocol",
    { given: { w: net({ forwardPorts: [{ protocol: "sctp", hostPort: 80 }] }) }, want: [["forward-port-protocol", "containers.w.forwardPorts[0].protocol", "error"]] },
  ],
  [
    "duplicate-interface",
    { given: { a: net({ interfaces: ["eth1"] }), b: net({ interfaces: ["eth2", "eth1"] }) }, want: [["duplicate-interface", "containers.b.interfaces[1]", "error"]] },
  ],
  [
    "network-namespace-conflict",
    { given: { w: c({ networkNamespace: "/run/netns/vpn", macvlans: ["eth1"], extraVeths: { vx: {} } }) }, want: [
      ["network-namespace-conflict", "containers.w.extraVeths", "error"],
      ["network-namespace-conflict", "containers.w.macvlans", "error"],
    ] },
  ],
  [
    "private-users-writable-bind",
    {
      given: { w: c({ privateUsers: "pick", bindMounts: { "/data": { hostPath: "/srv/data", isReadOnly: false } } }) },
      want: [["private-users-writable-bind", 'containers.w.bindMounts."/data".isReadOnly', "warning"]],
    },
  ],
  ["timeout-start-sec", { given: { w: c({ timeoutStartSec: "5mins" }) }, want: [["timeout-start-sec", "containers.w.timeoutStartSec", "warning"]] }],
  ["restart-if-changed-without-auto-start", { given: { w: c({ restartIfChanged: true }) }, want: [["restart-if-changed-without-auto-start", "containers.w.restartIfChanged", "warning"]] }],
  ["private-users-range: 65535", { given: { w: c({ privateUsers: 65535 }) }, want: [["private-users-range", "containers.w.privateUsers", "error"]] }],
  ["private-users-range: no room below 2^32", { given: { w: c({ privateUsers: 4294901760 }) }, want: [["private-users-range", "containers.w.privateUsers", "error"]] }],
  ["path-syntax: relative mount point from the name", { given: { w: c({ bindMounts: { data: {} } }) }, want: [["path-syntax", "containers.w.bindMounts.data", "error"]] }],
  [
    "start-script-split: whitespace in a host path",
    { given: { w: c({ bindMounts: { "/data": { hostPath: "/srv/my data" } } }) }, want: [["start-script-split", 'containers.w.bindMounts."/data".hostPath', "error"]] },
  ],
  [
    "start-script-split: whitespace in a mount point and in a moved interface",
    { given: { w: net({ bindMounts: { "/my data": {} }, interfaces: ["eth0 eth1"] }) }, want: [
      ["start-script-split", 'containers.w.bindMounts."/my data".mountPoint', "error"],
      ["start-script-split", "containers.w.interfaces[0]", "error"],
    ] },
  ],
  ["path-syntax: a bind option without a hostPath", { given: { w: c({ bindMounts: { "/data:idmap": {} } }) }, want: [["path-syntax", 'containers.w.bindMounts."/data:idmap"', "error"]] }],
  [
    "path-syntax: an unknown bind option",
    { given: { w: c({ bindMounts: { x: { mountPoint: "/data:idmpa", hostPath: "/srv/data" } } }) }, want: [["path-syntax", "containers.w.bindMounts.x.mountPoint", "error"]] },
  ],
  ["path-syntax: ':' in a host path", { given: { w: c({ bindMounts: { "/d": { hostPath: "/srv/a:b" } } }) }, want: [["path-syntax", 'containers.w.bindMounts."/d".hostPath', "error"]] }],
  ["host-path-relative", { given: { w: c({ bindMounts: { "/d": { hostPath: "srv/d" } } }) }, want: [["host-path-relative", 'containers.w.bindMounts."/d".hostPath', "warning"]] }],
  [
    "path-syntax: ':' in a mount point",
    { given: { w: c({ bindMounts: { x: { mountPoint: "/mnt/a:b:c", hostPath: "/srv" } } }) }, want: [["path-syntax", "containers.w.bindMounts.x.mountPoint", "error"]] },
  ],
  ["path-syntax: relative tmpfs", { given: { w: c({ tmpfs: ["var/tmp"] }) }, want: [["path-syntax", "containers.w.tmpfs[0]", "error"]] }],
  ["path-syntax: tmpfs with two ':'", { given: { w: c({ tmpfs: ["/a:b:mode=0755"] }) }, want: [["path-syntax", "containers.w.tmpfs[0]", "error"]] }],
  ["path-syntax: whitespace at the end of networkNamespace", { given: { w: c({ networkNamespace: "/run/netns/vpn " }) }, want: [["path-syntax", "containers.w.networkNamespace", "error"]] }],
  [
    "device-modifier",
    { given: { w: c({ allowedDevices: [{ node: "/dev/fuse", modifier: "rwx" }] }) }, want: [["device-modifier", "containers.w.allowedDevices[0].modifier", "warning"]] },
  ],
  ["device-node", { given: { w: c({ allowedDevices: [{ node: "fuse", modifier: "rw" }] }) }, want: [["device-node", "containers.w.allowedDevices[0].node", "warning"]] }],
  ["capability-name", { given: { w: c({ additionalCapabilities: ["CAP_SYS_ADMIN", "NET_ADMINN"] }) }, want: [["capability-name", "containers.w.additionalCapabilities[1]", "error"]] }],
  [
    "tun-given-by-hand",
    {
      given: { w: c({ enableTun: true, additionalCapabilities: ["CAP_NET_ADMIN"], allowedDevices: [{ node: "/dev/net/tun", modifier: "rw" }] }) },
      want: [
        ["tun-given-by-hand", "containers.w.additionalCapabilities[0]", "warning"],
        ["tun-given-by-hand", "containers.w.allowedDevices[0]", "warning"],
      ],
    },
  ],

  // The replay of the host's start (src/validate/replay.ts): without the host's network, then with it.
  [
    "start-refused: an IPv4 local address with a prefix, routed (the host's route has host bits)",
    { given: { w: net({ hostAddress: "10.0.0.1", localAddress: "10.0.0.2/24" }) }, want: [["start-refused", "containers.w.localAddress", "error"]] },
  ],
  [
    "start-refused: the same in an extra veth",
    { given: { w: net({ extraVeths: { vx: { hostAddress: "10.9.0.1", localAddress: "10.9.0.2/16" } } }) }, want: [["start-refused", "containers.w.extraVeths.vx.localAddress", "error"]] },
  ],
  [
    "start-clash: a host port forwarded by two containers",
    {
      given: {
        a: net({ hostAddress: "10.0.0.1", localAddress: "10.0.0.2", forwardPorts: [{ hostPort: 8080 }] }),
        b: net({ hostAddress: "10.0.1.1", localAddress: "10.0.1.2", forwardPorts: [{ protocol: "udp", hostPort: 8080 }, { protocol: "tcp", hostPort: 8080 }] }),
      },
      want: [["start-clash", "containers.b.forwardPorts[1].hostPort", "error"]],
    },
  ],
  [
    "start-clash: one local address in two containers, prefix aside",
    { given: { a: net({ localAddress: "10.0.0.2" }), b: net({ localAddress: "10.0.0.2/32" }) }, want: [["start-clash", "containers.b.localAddress", "error"]] },
  ],
  [
    "start-clash: one IPv6 local address in two spellings",
    {
      given: { a: net({ hostAddress6: "fc00::1", localAddress6: "fc00::2" }), b: net({ hostAddress6: "fc00::1", localAddress6: "fc00:0:0::2/64" }) },
      want: [["start-clash", "containers.b.localAddress6", "error"]],
    },
  ],
  [
    "start-clash: two veths routing one IPv6 network",
    { given: { a: net({ hostAddress6: "fd00::1", localAddress6: "fd00::2/64" }), b: net({ hostAddress6: "fd00::1", localAddress6: "fd00::3/64" }) }, want: [["start-clash", "containers.b.localAddress6", "error"]] },
  ],
  ["start-clash: an extra veth's name in two containers", { given: { a: net({ extraVeths: { vx1: {} } }), b: net({ extraVeths: { vx1: {} } }) }, want: [["start-clash", "containers.b.extraVeths.vx1", "error"]] }],
  [
    "start-clash: an extra veth named as another container's ve-<name>",
    { given: { db: net({ extraVeths: { "ve-web": {} } }), web: net({ hostAddress: "10.0.0.1", localAddress: "10.0.0.2" }) }, want: [["start-clash", "containers.web", "error"]] },
  ],
  [
    "start-refused: a bridge the host does not have",
    { given: { w: net({ hostBridge: "br9", localAddress: "10.10.0.5/24" }) }, host: { network: HOST }, want: [["start-refused", "containers.w.hostBridge", "error"]] },
  ],
  [
    "start-clash: a macvlan on an interface another container moves",
    { given: { a: net({ interfaces: ["eth1"] }), b: net({ macvlans: ["eth1"] }) }, host: { network: HOST }, want: [["start-clash", "containers.b.macvlans[0]", "error"]] },
  ],
  [
    "unreachable: a bridged address outside the bridge's network",
    { given: { w: net({ hostBridge: "br0", localAddress: "192.168.5.5/24" }) }, host: { network: HOST }, want: [["unreachable", "containers.w.localAddress", "error"]] },
  ],

  // The type layer, as the validator reports it.
  ["type", { given: { w: net({ forwardPorts: [{ hostPort: "80" }] }) }, want: [["type", "containers.w.forwardPorts[0].hostPort", "error"]] }],
  ["unknown-option", { given: { w: c({ privateNetwrok: true }) }, want: [["unknown-option", "containers.w.privateNetwrok", "error"]] }],
  ["missing-option", { given: { w: { autoStart: true } }, want: [["missing-option", "containers.w", "error"]] }],
  ["conflicting-definition", { given: { w: c({ config: {} }) }, want: [["conflicting-definition", "containers.w.path", "error"]] }],
];

