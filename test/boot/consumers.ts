/**
 * Consumers' proofs for the validator (issue #8, item 3): for every rule of
 * severity error, a value the rule flags, fed to the real consumer (ip, the
 * kernel, systemd-nspawn, systemd's unit parser), which must refuse it; or why
 * that consumer cannot run here. Values the real consumer accepts although a
 * rule calls them errors are listed in `falseAlarms`; values of warning rules
 * that the consumer takes and ignores are in `ignored`.
 */
import os from "node:os";
import type { HostNetwork } from "../../src/model/host-network.js";
import type { Json } from "../../src/model/resolve.js";
import { namespaceWithPeer, type BootCase } from "./harness.js";
import type { HostResult } from "./job.js";

type Def = { [k: string]: Json };

interface ProofBase {
  rule: string;
  /** What is fed to the consumer, in words. */
  value: string;
  /** The definitions the rule flags (validated as written; the harness swaps in its own path). */
  given: Record<string, Def>;
  /** Host facts for the validator: the network is the harness's host (a fresh namespace with what `boot.setup` makes). */
  host?: { kernelVersion?: string; network?: HostNetwork };
}

/** Booted through the harness: some step must fail, with the consumer's words. */
export interface BootProof extends ProofBase {
  kind: "boot";
  boot: Omit<BootCase, "containers">;
  probe?: BootCase["containers"][string]["probe"];
  /** The consumer's refusal, looked for in the scripts' and nspawn's output. */
  refusal: RegExp;
  /** For refusals that show as something not working rather than as a message. */
  refused?: (r: HostResult) => boolean;
}

/** A unit file with the fields the core renders for the definition, read by `systemd-analyze verify`. */
export interface UnitProof extends ProofBase {
  kind: "unit";
  refusal: RegExp;
}

export interface Unprovable {
  kind: "cannot";
  rule: string;
  reason: string;
}

export type Proof = BootProof | UnitProof | Unprovable;

const P = "/nix/store/00000000000000000000000000000000-nixos-system";
const c = (o: Def = {}): Def => ({ path: P, ...o });
const net = (o: Def = {}): Def => c({ privateNetwork: true, ...o });

/**
 * A proof of the replay's, and of the rule that finds the same from the
 * values (Rule.replayed), which speaks only where the replay cannot follow a
 * container's start: the same definitions, the first container also moving
 * an interface the harness makes, of a host whose network validate is not
 * told. The real programs must refuse both the same way.
 */
function andFallback(rule: string, iface: string, p: BootProof): BootProof[] {
  const [first, ...rest] = Object.entries(p.given);
  const [name, def] = first!;
  const peer = iface.replace(/^vi/, "vh");
  return [
    p,
    {
      ...p,
      rule,
      value: `${p.value} (the replay cannot follow ${name}, which moves ${iface} of a host whose network validate is not told)`,
      given: Object.fromEntries([[name, { interfaces: [iface], ...def }], ...rest]),
      boot: { ...p.boot, setup: [["link", "add", peer, "type", "veth", "peer", "name", iface], ...(p.boot.setup ?? [])] },
    },
  ];
}

export const proofs: Proof[] = [
  {
    kind: "cannot",
    rule: "container-name-length",
    reason:
      `the consumer that refuses ve-<name> over 15 bytes is a kernel up to 5.8; this one is ${os.release()}, where nspawn ` +
      "shortens the name and keeps the long one as an alternative name, which the scripts reach it by (a boot shape shows it; " +
      "the proof of interface-name shows the 15-byte limit itself)",
  },
  {
    kind: "boot",
    rule: "container-name-underscore",
    value: "the name my_web",
    given: { my_web: c() },
    boot: {},
    refusal: /Invalid machine name: my_web/,
  },
  {
    kind: "boot",
    rule: "network-namespace-exclusive",
    value: "networkNamespace with interfaces",
    given: { vpn: c({ networkNamespace: "/run/netns/cnix", interfaces: ["vc0"] }) },
    boot: {
      setup: [
        ["netns", "add", "cnix"],
        ["link", "add", "vh0", "type", "veth", "peer", "name", "vc0"],
      ],
    },
    refusal: /--network-namespace-path= cannot be combined with other network options/,
  },
  { kind: "cannot", rule: "removed-pkgs", reason: "the consumer is NixOS's module evaluation, not a program; the full-eval fixture error-removed-pkgs shows the module raising it" },
  { kind: "cannot", rule: "flake-with-config", reason: "the consumer is NixOS's module evaluation, not a program; nothing of the definition reaches nspawn" },
  {
    kind: "cannot",
    rule: "conf-injection",
    reason:
      "the consumer is systemd's EnvironmentFile= reader, which runs inside PID 1 only; no Debian binary exposes it, " +
      "and the harness's reader (src/model/env-file.ts) is our own code, so a proof through it would prove nothing about systemd",
  },
  {
    kind: "boot",
    rule: "container-name-label",
    value: "the name -web",
    given: { "-web": c() },
    boot: {},
    refusal: /Invalid machine name: -web/,
  },
  {
    kind: "boot",
    rule: "interface-name",
    value: "an extraVeths name of 17 bytes",
    given: { w: net({ extraVeths: { "ve-far-too-long-1": {} } }) },
    boot: {},
    refusal: /Failed to parse --network-veth-extra= parameter: ve-far-too-long-1/,
  },
  {
    kind: "boot",
    rule: "address-syntax",
    value: "hostAddress 10.231.30.300",
    given: { w: net({ hostAddress: "10.231.30.300", localAddress: "10.231.30.2" }) },
    boot: {},
    refusal: /any valid prefix is expected rather than "10\.231\.30\.300"/,
  },
  {
    kind: "boot",
    rule: "forward-port-protocol",
    value: "forwardPorts protocol sctp",
    given: { w: net({ hostAddress: "10.231.32.1", localAddress: "10.231.32.2", forwardPorts: [{ protocol: "sctp", hostPort: 8080 }] }) },
    boot: {},
    refusal: /Failed to parse host port sctp:8080:8080/,
  },
  ...andFallback("duplicate-host-port", "vi3", {
    kind: "boot",
    rule: "start-clash",
    value: "tcp host port 8080 forwarded by two containers",
    given: {
      a: net({ hostAddress: "10.231.33.1", localAddress: "10.231.33.2", forwardPorts: [{ hostPort: 8080 }] }),
      b: net({ hostAddress: "10.231.34.1", localAddress: "10.231.34.2", forwardPorts: [{ hostPort: 8080 }] }),
    },
    boot: { tcp: [{ address: "10.231.34.1", port: 8080 }] },
    probe: { tcp: [8080] },
    // nspawn adds the second rule next to the first; the first one added wins, so b's forward never reaches b.
    refusal: /./,
    refused: (r) => r.tcp["10.231.34.1 8080"] !== "b tcp 8080",
  }),
  ...andFallback("duplicate-local-address", "vi4", {
    kind: "boot",
    rule: "start-clash",
    value: "localAddress 10.231.35.2 in two containers",
    given: { a: net({ hostAddress: "10.231.35.1", localAddress: "10.231.35.2" }), b: net({ hostAddress: "10.231.36.1", localAddress: "10.231.35.2" }) },
    boot: {},
    refusal: /RTNETLINK answers: File exists/,
  }),
  ...andFallback("duplicate-extra-veth", "vi5", {
    kind: "boot",
    rule: "start-clash",
    value: "extraVeths vx1 in two containers",
    given: { a: net({ extraVeths: { vx1: {} } }), b: net({ extraVeths: { vx1: {} } }) },
    boot: {},
    probe: { commands: [["ip", "-o", "link", "show", "vx1"]] },
    // b's preStart deletes the vx1 that a's nspawn made (both ends go), then b makes its own: a has lost it.
    refusal: /./,
    refused: (r) => {
      const a = r.containers.find((k) => k.name === "a")?.report;
      return /vx1/.test(a?.ready.link ?? "") && a?.done?.commands[0]?.status !== 0;
    },
  }),
  {
    kind: "boot",
    rule: "path-syntax",
    value: "a bind mount at the relative mount point data",
    given: { w: c({ bindMounts: { data: {} } }) },
    boot: {},
    refusal: /Failed to parse --bind\(-ro\)= argument data/,
  },
  {
    kind: "boot",
    rule: "start-script-split",
    value: "a bind mount hostPath with a space, /srv/a b (the harness makes it; the start script splits it into --bind=/srv/a and b:/data)",
    given: { w: c({ bindMounts: { "/data": { hostPath: "/srv/a b" } } }) },
    boot: { tmpfs: ["/srv"], files: { "/srv/a b/.boot-source": "" } },
    refusal: /Failed to stat \/srv\/a: No such file or directory/,
  },
  ...andFallback("local-address-host-route", "vi6", {
    kind: "boot",
    rule: "start-refused",
    value: "localAddress 10.231.2.2/24 without hostBridge (the i8 shape that pins postStart's failing `ip route add`)",
    given: { web: net({ hostAddress: "10.231.2.1", localAddress: "10.231.2.2/24" }) },
    boot: {},
    refusal: /Invalid prefix for given prefix length/,
  }),
  {
    kind: "boot",
    rule: "mac-address",
    value: "localMacAddress 01:00:5e:00:00:01 (multicast)",
    given: { w: net({ hostAddress: "10.231.37.1", localAddress: "10.231.37.2", localMacAddress: "01:00:5e:00:00:01" }) },
    boot: {},
    refusal: /Cannot assign requested address/,
  },
  {
    kind: "boot",
    rule: "forward-port-number",
    value: "forwardPorts hostPort 0",
    given: { w: net({ hostAddress: "10.231.38.1", localAddress: "10.231.38.2", forwardPorts: [{ hostPort: 0, containerPort: 80 }] }) },
    boot: {},
    refusal: /Failed to parse host port tcp:0:80/,
  },
  ...andFallback("duplicate-host-route", "vi7", {
    kind: "boot",
    rule: "start-clash",
    value: "localAddress6 fc00:231:39::2/64 and fc00:231:39::3/64 in two containers without a bridge",
    given: {
      a: net({ hostAddress6: "fc00:231:38::1", localAddress6: "fc00:231:39::2/64" }),
      b: net({ hostAddress6: "fc00:231:3a::1", localAddress6: "fc00:231:39::3/64" }),
    },
    boot: {},
    refusal: /RTNETLINK answers: File exists/,
  }),
  {
    kind: "boot",
    rule: "duplicate-interface",
    value: "interfaces vi0 in two containers (the harness makes vi0)",
    given: { a: net({ interfaces: ["vi0"] }), b: net({ interfaces: ["vi0"] }) },
    boot: { setup: [["link", "add", "vh9", "type", "veth", "peer", "name", "vi0"]] },
    refusal: /Failed to resolve interface "vi0": No such device/,
  },
  {
    kind: "boot",
    rule: "network-namespace-conflict",
    value: "networkNamespace with extraVeths",
    given: { vpn: c({ networkNamespace: "/run/netns/cnix", extraVeths: { vx2: {} } }) },
    boot: { setup: [["netns", "add", "cnix"]] },
    refusal: /--network-namespace-path= cannot be combined with other network options/,
  },
  {
    kind: "boot",
    rule: "private-users-range",
    value: "privateUsers 65535",
    given: { w: c({ privateUsers: 65535 }) },
    boot: {},
    refusal: /Failed to parse UID "65535"/,
  },
  {
    kind: "boot",
    rule: "capability-name",
    value: "additionalCapabilities NET_ADMINN",
    given: { w: c({ additionalCapabilities: ["CAP_SYS_ADMIN", "NET_ADMINN"] }) },
    boot: {},
    refusal: /Failed to parse capability NET_ADMINN/,
  },
  {
    kind: "boot",
    rule: "start-refused",
    value: "hostBridge br9 on a host that has no br9",
    given: { w: net({ hostBridge: "br9", localAddress: "10.231.43.2/24" }) },
    host: { network: { interfaces: {}, networkNamespaces: [] } },
    boot: {},
    refusal: /Failed to add interface vb-w to bridge br9: No such device/,
  },
  {
    kind: "boot",
    rule: "start-clash",
    value: "a macvlan on vi1, which another container moves into its namespace (the harness makes vi1)",
    given: { a: net({ interfaces: ["vi1"] }), b: net({ macvlans: ["vi1"] }) },
    host: { network: { interfaces: { vi1: { kind: "veth" } }, networkNamespaces: [] } },
    boot: { setup: [["link", "add", "vh1", "type", "veth", "peer", "name", "vi1"]] },
    refusal: /vi1.*No such device/,
  },
  {
    kind: "boot",
    rule: "unreachable",
    value: "a container on br0 (10.231.44.1/24) with the address 192.168.231.5/24, outside the bridge's network",
    given: { w: net({ hostBridge: "br0", localAddress: "192.168.231.5/24" }) },
    host: { network: { interfaces: { br0: { kind: "bridge", addresses: ["10.231.44.1/24"] } }, networkNamespaces: [] } },
    boot: {
      setup: [
        ["link", "add", "br0", "type", "bridge"],
        ["addr", "add", "10.231.44.1/24", "dev", "br0"],
        ["link", "set", "br0", "up"],
      ],
      ping: ["192.168.231.5"],
    },
    probe: { ping: ["10.231.44.1"] },
    // It starts; neither ping is answered.
    refusal: /./,
    refused: (r) => r.containers[0]?.report?.done?.ping["10.231.44.1"] === false && r.ping["192.168.231.5"] === false,
  },
];

/**
 * Evidence for rules of severity warning: a value the rule flags, which the
 * real consumer takes and ignores (`refusal` is then its "ignoring" line, and
 * `refused` says the value did nothing); the case must boot.
 */
export const ignored: (BootProof | UnitProof)[] = [
  {
    kind: "boot",
    rule: "host-bridge-with-host-address",
    value: "hostAddress 10.231.31.1 behind hostBridge br0",
    given: { w: net({ hostBridge: "br0", hostAddress: "10.231.31.1", localAddress: "10.231.31.2/24" }) },
    boot: {
      setup: [
        ["link", "add", "br0", "type", "bridge"],
        ["link", "set", "br0", "up"],
      ],
      show: [["-o", "addr"]],
    },
    probe: { ping: ["10.231.31.1"] },
    // Nothing refuses it: the host end is a port of br0 and gets no address, so unless the bridge holds it the container's default route leads nowhere.
    refusal: /./,
    refused: (r) => r.containers[0]?.report?.done?.ping["10.231.31.1"] === false && !/10\.231\.31\.1/.test(r.shownUp[0] ?? ""),
  },
  {
    kind: "unit",
    rule: "timeout-start-sec",
    value: "timeoutStartSec 5mins",
    given: { w: c({ timeoutStartSec: "5mins" }) },
    refusal: /Failed to parse TimeoutStartSec= parameter, ignoring: 5mins/,
  },
  {
    kind: "unit",
    rule: "device-modifier",
    value: "allowedDevices modifier rwx",
    given: { w: c({ allowedDevices: [{ node: "/dev/fuse", modifier: "rwx" }] }) },
    refusal: /Invalid device rights 'rwx', ignoring/,
  },
];

/** Values a rule calls errors that the real consumer takes: the test shows the consumer accepting them. */
export interface FalseAlarm {
  rule: string;
  value: string;
  given: Record<string, Def>;
  boot: Omit<BootCase, "containers">;
  probe?: BootCase["containers"][string]["probe"];
}

export const falseAlarms: FalseAlarm[] = [
  {
    rule: "path-syntax",
    value:
      "a networkNamespace path with a space (the start script quotes it, and an EnvironmentFile= value keeps inner spaces; " +
      "the latter read by the harness's reader, as systemd documents it)",
    given: { w: c({ networkNamespace: "/run/netns/cnix vpn" }) },
    boot: {
      setup: namespaceWithPeer("cnix vpn", "10.231.42.1/24", "10.231.42.2/24"),
      ping: ["10.231.42.2"],
      tcp: [{ address: "10.231.42.2", port: 80, reply: "w tcp 80" }],
    },
    probe: { tcp: [80], ping: ["10.231.42.1"] },
  },
  {
    rule: "network-namespace-exclusive",
    value: "networkNamespace with privateNetwork and no addresses (nspawn joins the namespace; --private-network adds nothing to it)",
    given: { vpn: net({ networkNamespace: "/run/netns/cnix" }) },
    boot: {
      setup: namespaceWithPeer("cnix", "10.231.41.1/24", "10.231.41.2/24"),
      ping: ["10.231.41.2"],
      tcp: [{ address: "10.231.41.2", port: 80, reply: "vpn tcp 80" }],
    },
    probe: { tcp: [80], ping: ["10.231.41.1"] },
  },
  {
    rule: "address-syntax",
    value: "IPv6 addresses in hostAddress and localAddress (ip takes either family; the scripts never say -4)",
    given: { w: net({ hostAddress: "fc00:231:40::1", localAddress: "fc00:231:40::2" }) },
    boot: { ping: ["fc00:231:40::2"], tcp: [{ address: "fc00:231:40::2", port: 80, reply: "w tcp 80" }] },
    probe: { tcp: [80], ping: ["fc00:231:40::1"] },
  },
];
