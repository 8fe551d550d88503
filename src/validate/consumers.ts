/**
 * The consumer table: for every option of the option set, the program that
 * finally reads its value, what that program accepts, and where we read it.
 * The rules (src/validate/rules/, the module's checks in src/options/checks.ts)
 * each cite one consumer by id; docs/validate.md carries both tables, and a test
 * keeps them equal to this file and to the option set.
 *
 * The severity principle, stated once (docs/validate.md, "Rules"): a finding is an
 * **error** when Nix evaluation fails, when the unit, an `ip` call or
 * systemd-nspawn fails at start, or when the value cannot do what it was
 * written for; it is a **warning** when the consumer ignores the value (with
 * a log line, or silently), or when it works but is very likely not meant.
 */

/** A program (or parser) that reads option values. */
export interface Consumer {
  /** What runs: the program and the flag or directive. */
  program: string;
  /** What it accepts, in short. */
  accepts: string;
  /** Where this was read or proved. */
  source: string;
}

export const consumers = {
  "nix-eval": {
    program: "Nix evaluation of the module (`lib.evalModules`, the container's own NixOS evaluation)",
    accepts: "values of the option's type; the module's assertions and evaluation errors",
    source: "nixpkgs `lib/types.nix`, `nixos/lib/eval-config.nix`; this module's checks",
  },
  "conf-file": {
    program: "systemd's EnvironmentFile= parser, reading `/etc/nixos-containers/<name>.conf`",
    accepts: "one `KEY=value` per line; a newline ends the value, quotes and backslashes are parsed, whitespace at either end of an unquoted value is dropped",
    source: "systemd v252 `src/basic/env-file.c`; `systemd.exec(5)` EnvironmentFile=",
  },
  "start-script": {
    program: "the container@ start script (bash): `${EXTRA_NSPAWN_FLAGS}`, `for iface in ${INTERFACES}`, `${MACVLANS}` expanded unquoted",
    accepts: "words without space or tab: each space or tab starts a new argument",
    source: "src/scripts/start.ts; bash(1) word splitting",
  },
  "module-conf": {
    program: "this module, choosing what it writes to the conf file and the scripts",
    accepts: "network settings only with privateNetwork; forwardPorts and localMacAddress only on the container itself, not on extraVeths; restartIfChanged only with autoStart",
    source: "src/options/conf.ts, src/options/unit.ts, templates/module.nix.njk",
  },
  "machine-name": {
    program: "systemd-nspawn `-M`, machined, the unit name `container@<name>`, `networking.hostName`, and `nixos-container` (run, login, reload, a flake's first build)",
    accepts: "a host-name label: 1–63 letters, digits and hyphens, no leading or trailing hyphen; nixos-container takes letters, digits, `_` and `-` only",
    source: "systemd v252 `hostname_is_valid()` (`src/basic/hostname-util.c`); nixpkgs `networking.hostName` type; `nixos-container.pl` (\"invalid container name\")",
  },
  "kernel-ifname": {
    program: "the kernel's interface names, via systemd-nspawn `--network-veth`, `--network-veth-extra`, `--network-interface`, `--network-macvlan`, `--network-bridge`",
    accepts: "1–15 bytes (IFNAMSIZ), not `.` or `..`, no `/`, `:` or whitespace; kernels after 5.8 give the interfaces nspawn creates an altname when the name is longer",
    source: "Linux `dev_valid_name()` (`net/core/dev.c`); systemd v252 `ifname_valid_full()`, `nspawn-network.c`; proved: `ip link add` of a 16-byte name and `systemd-nspawn --network-interface=<17 bytes>` fail",
  },
  "ip-addr-add": {
    program: "iproute2 `ip addr add ADDRESS[/PREFIX] dev IFACE` (inside the container for localAddress, on the host for hostAddress; `ip -6` for the …6 options)",
    accepts: "an IPv4 or IPv6 address, family detected, with an optional prefix; `ip -6` refuses IPv4; leading zeros in IPv4 are octal",
    source: "iproute2 `ip/ipaddress.c`, `lib/utils.c` `get_prefix`; proved in `unshare --net`: `ip addr add fc00::2` works, `ip -6 addr add 10.0.0.1` fails, `010.0.0.1` becomes 8.0.0.1",
  },
  "ip-route-add": {
    program: "iproute2 `ip route add ADDRESS dev IFACE` and `ip route add default via ADDRESS` (inside for hostAddress, on the host for localAddress), and the kernel's routing table",
    accepts: "an address of either family; `via` takes a bare address; the IPv4 routing table refuses a prefix with host bits set (`10.0.0.2/24`), IPv6 masks them",
    source: "Linux `fib_table_insert()` (`net/ipv4/fib_trie.c`, \"Invalid prefix for given prefix length\"); proved in `unshare --net`",
  },
  "ip-link-address": {
    program: "iproute2 `ip link set dev eth0 address MAC` in the container's init, and the kernel",
    accepts: "a unicast, non-zero Ethernet address (`is_valid_ether_addr`)",
    source: "Linux `eth_prepare_mac_addr_change()`; proved: a multicast or all-zero address fails with \"Cannot assign requested address\"",
  },
  "ip-link-master": {
    program: "systemd-nspawn `--network-bridge=BRIDGE`, and `ip link set dev VETH master BRIDGE` for extraVeths",
    accepts: "the name of an existing bridge on the host (a kernel interface name)",
    source: "systemd v252 `nspawn-network.c` `setup_bridge()`; proved: a missing bridge fails",
  },
  "ip-link": {
    program: "iproute2 `ip link set dev IFACE up`, `ip link set host0 name eth0` and `ip link del dev IFACE` in the unit's scripts (preStart's `del` of what an earlier run left goes on when there is nothing to delete)",
    accepts: "the name of an interface that exists in the namespace the script runs in; a new name that no other interface there has",
    source: "iproute2 `ip/iplink.c`; the scripts' data in src/scripts/",
  },
  "nspawn-bind": {
    program: "systemd-nspawn `--bind=SOURCE:DEST[:OPTIONS]` / `--bind-ro=`",
    accepts: "PATH, SOURCE:DEST or SOURCE:DEST:OPTIONS; DEST absolute; a relative SOURCE is taken from the working directory; OPTIONS are rbind, norbind, idmap, noidmap, rootidmap, owneridmap",
    source: "`systemd-nspawn(1)` --bind=; systemd `nspawn-mount.c`; proved: `/tmp:x` fails to parse, `/tmp:/x:bogus` fails at start with \"Invalid bind mount option\", `/tmp:/x:idmap` parses",
  },
  "nspawn-tmpfs": {
    program: "systemd-nspawn `--tmpfs=PATH[:OPTIONS]` (passed as one quoted word)",
    accepts: "an absolute PATH with `\\:` for a colon, then tmpfs mount options",
    source: "`systemd-nspawn(1)` --tmpfs=; proved: `--tmpfs=x` fails to parse",
  },
  "nspawn-port": {
    program: "systemd-nspawn `--port=PROTOCOL:HOST:CONTAINER`",
    accepts: "protocol `tcp` or `udp` (lower case), ports 1–65535",
    source: "systemd v252 `expose_port_parse()`; proved: `TCP:80:80`, `tcp:0:80` and `udp:80:0` fail",
  },
  "nspawn-capability": {
    program: "systemd-nspawn `--capability=LIST`",
    accepts: "comma-separated capability names, any case, or `all`",
    source: "systemd v252 `capability_from_name()`; proved: `CAP_BOGUS` fails, `cap_net_raw` and `all` parse",
  },
  "nspawn-private-users": {
    program: "systemd-nspawn `--private-users=no|identity|pick|UID`",
    accepts: "a valid UID (not 65535 or 4294967295) with room for a 65536-UID range below 2^32",
    source: "systemd v252 `parse_userns_uid_range()`; proved: `65535`, `4294967295` and `4294901760` fail",
  },
  "nspawn-network-namespace": {
    program: "systemd-nspawn `--network-namespace-path=PATH`",
    accepts: "the path of a network namespace file, e.g. /run/netns/NAME",
    source: "`systemd-nspawn(1)` --network-namespace-path=",
  },
  "nspawn-flags": {
    program: "systemd-nspawn, given extraFlags as further arguments (split at whitespace by the start script)",
    accepts: "any systemd-nspawn option; not checked here",
    source: "`systemd-nspawn(1)`",
  },
  "nspawn-command-line": {
    program: "systemd-nspawn reading its whole command line as the start script execs it: the flags the script collects, the container's options and `extraFlags`",
    accepts: "each option as its own parser takes it; some options refuse others (`--network-namespace-path=` with any other network option)",
    source: "systemd v252 `src/nspawn/nspawn.c` `parse_argv()`, `verify_arguments()`; the start script's data in src/scripts/start.ts",
  },
  "start-tree": {
    program: "coreutils `mkdir -p`, `chmod`, `touch` and `cp --remove-destination` in the start script: the container's root tree, its profile and gcroots directories, resolv.conf",
    accepts: "paths under the state directory and /nix/var/nix; nothing a container option writes but the name",
    source: "src/scripts/start.ts",
  },
  "nspawn-run": {
    program: "systemd-nspawn `--ephemeral`, `--private-network`, `--network-veth`",
    accepts: "booleans, always accepted; `--network-interface` and `--network-macvlan` imply `--private-network`",
    source: "src/scripts/start.ts; `systemd-nspawn(1)` (\"implies --private-network\")",
  },
  "unit-device-allow": {
    program: "systemd's DeviceAllow= (the unit's device cgroup)",
    accepts: "a node under /dev, or `char-NAME` / `block-NAME`, then any of r, w, m; anything else is logged and ignored",
    source: "systemd v252 `config_parse_device_allow()`; proved with `systemd-analyze verify`: \"Invalid device rights 'rwx', ignoring\", \"Invalid device node path 'null', ignoring\"",
  },
  "unit-timeout": {
    program: "systemd's TimeoutStartSec= (`parse_sec`)",
    accepts: "a time span (systemd.time(7)) or `infinity`; anything else is logged and ignored (the default applies)",
    source: "systemd v252 `parse_sec()`; proved with `systemd-analyze verify`: \"Failed to parse TimeoutStartSec= parameter, ignoring: 5mins\"",
  },
  "unit-lifecycle": {
    program: "systemd and switch-to-configuration: `wantedBy`, `restartIfChanged`, `restartTriggers` of container@<name>",
    accepts: "booleans; always accepted",
    source: "src/options/unit.ts; nixpkgs switch-to-configuration-ng",
  },
  "switch-to-configuration": {
    program: "NixOS's switch-to-configuration, comparing the running and the new `container@<name>` unit: `X-Restart-Triggers=`, `X-Reload-Triggers=` and `X-RestartIfChanged=`",
    accepts: "any trigger values: units that differ in `X-Reload-Triggers=` alone are reloaded, any other difference restarts the unit, `X-RestartIfChanged=false` leaves it running",
    source: "nixpkgs `pkgs/by-name/sw/switch-to-configuration-ng` (`compare_units`); src/options/unit.ts `activationStrategies`",
  },
  "unit-start": {
    program: "the container@ unit's start as a whole, replayed step by step over one model of the host (src/replay/) with every other container of the host: preStart, the start script up to systemd-nspawn (its command line and its setup on the host), the init script's `ip` calls inside the container, postStart; each step reads its values as its own row says",
    accepts: "every step its program runs without refusing it, in the state the steps before it (and the other containers) left; no two containers claiming one route, address, interface name, moved interface or host port",
    source: "src/replay/ (held to iproute2 6.1, the kernel and systemd-nspawn 252 by test/replay/); the steps from the scripts' data (src/scripts/steps.ts)",
  },
  "kernel-reach": {
    program: "the kernel carrying a ping between the host and a container once the units have run (route lookup, source address, ARP or neighbour discovery on the veth or the bridge, the reply), and systemd-nspawn's port map (a forwarded host port to the container's first address)",
    accepts: "for each configured pair (host address ↔ local address of one network scope, or a bridged container's address ↔ its bridge's), a route each way to an address that answers; for each forwarded port, the map's entry to this container",
    source: "src/replay/reach.ts, held to real pings between private namespaces by test/replay/reach.test.ts; systemd v252 `expose_port_execute()`",
  },
  "nixos-container": {
    program: "the start script's `nixos-container update` for flake containers, and `SYSTEM_PATH/init`",
    accepts: "a flake URI with a nixosConfigurations attribute; a system path that holds `init`",
    source: "nixpkgs `pkgs/by-name/ni/nixos-container/nixos-container.pl`",
  },
  "etc-hosts": {
    program: "the host's /etc/hosts (`networking.extraHosts`): `ADDRESS <name>.containers`",
    accepts: "localAddress without its prefix",
    source: "src/model/conf.ts `hostsLines`",
  },
  host: {
    program: "the host's NixOS configuration (`boot.enableContainers`, `virtualisation.containers`, the kernel)",
    accepts: "booleans; the checks on them are the module's",
    source: "this module; nixpkgs `virtualisation/containers.nix`",
  },
} as const satisfies Record<string, Consumer>;

export type ConsumerId = keyof typeof consumers;

/** One row of the option table: an option path (`<name>` for attribute names) and who reads it. */
export interface OptionConsumer {
  option: string;
  consumers: readonly ConsumerId[];
  /** What the value must be, for this option in particular. */
  note: string;
}

const C = "containers.<name>";
const net = (prefix: string): OptionConsumer[] => [
  { option: `${prefix}.hostBridge`, consumers: ["ip-link-master", "kernel-ifname", "conf-file"], note: "an existing bridge; excludes host addresses on the host end" },
  { option: `${prefix}.forwardPorts`, consumers: ["nspawn-port", "module-conf"], note: "the container's own: with privateNetwork; extraVeths' are never read" },
  { option: `${prefix}.forwardPorts.*.protocol`, consumers: ["nspawn-port"], note: "`tcp` or `udp`" },
  { option: `${prefix}.forwardPorts.*.hostPort`, consumers: ["nspawn-port"], note: "1–65535, once per protocol on the host" },
  { option: `${prefix}.forwardPorts.*.containerPort`, consumers: ["nspawn-port"], note: "1–65535, or null for hostPort" },
  { option: `${prefix}.hostAddress`, consumers: ["ip-addr-add", "ip-route-add", "conf-file"], note: "a bare address of either family (route target and default gateway inside)" },
  { option: `${prefix}.hostAddress6`, consumers: ["ip-addr-add", "ip-route-add", "conf-file"], note: "a bare IPv6 address (`ip -6`)" },
  { option: `${prefix}.localAddress`, consumers: ["ip-addr-add", "ip-route-add", "etc-hosts", "conf-file"], note: "either family; without a bridge the host routes it: an IPv4 prefix must have no host bits, and each routed prefix goes to one veth" },
  { option: `${prefix}.localAddress6`, consumers: ["ip-addr-add", "ip-route-add", "conf-file"], note: "IPv6 with an optional prefix (`ip -6`); without a bridge the host routes that prefix to this veth only" },
  { option: `${prefix}.localMacAddress`, consumers: ["ip-link-address", "module-conf"], note: "unicast and non-zero; only the container's own is applied" },
];

export const optionConsumers: readonly OptionConsumer[] = [
  { option: "boot.isContainer", consumers: ["nix-eval"], note: "read by other NixOS modules" },
  { option: "boot.isNspawnContainer", consumers: ["nix-eval"], note: "read by other NixOS modules" },
  { option: "boot.enableContainers", consumers: ["host"], note: "true when containers are defined" },
  { option: "containers", consumers: ["nix-eval"], note: "attribute names are container names" },
  { option: C, consumers: ["machine-name", "kernel-ifname"], note: "the name: a host-name label without underscore; `ve-<name>` fits 15 bytes on kernels up to 5.8" },
  { option: `${C}.config`, consumers: ["nix-eval"], note: "a NixOS module; not with flake" },
  { option: `${C}.path`, consumers: ["nixos-container", "conf-file"], note: "a system with `init`" },
  { option: `${C}.additionalCapabilities`, consumers: ["nspawn-capability"], note: "capability names or `all`" },
  { option: `${C}.nixpkgs`, consumers: ["nix-eval"], note: "a nixpkgs tree" },
  { option: `${C}.specialArgs`, consumers: ["nix-eval"], note: "module arguments" },
  { option: `${C}.ephemeral`, consumers: ["nspawn-run"], note: "always accepted" },
  { option: `${C}.enableTun`, consumers: ["unit-device-allow", "nspawn-capability"], note: "adds /dev/net/tun and CAP_NET_ADMIN" },
  { option: `${C}.copyResolvConf`, consumers: ["nspawn-run"], note: "always accepted" },
  { option: `${C}.privateNetwork`, consumers: ["nspawn-run", "module-conf"], note: "gates the network options" },
  { option: `${C}.networkNamespace`, consumers: ["nspawn-network-namespace", "conf-file"], note: "a namespace file; not with privateNetwork, interfaces, macvlans or extraVeths; no whitespace at the end" },
  { option: `${C}.privateUsers`, consumers: ["nspawn-private-users"], note: "`no`, `identity`, `pick` or a UID base" },
  { option: `${C}.interfaces`, consumers: ["kernel-ifname", "start-script", "conf-file"], note: "existing host interfaces, each moved into one container only, no whitespace" },
  { option: `${C}.macvlans`, consumers: ["kernel-ifname", "start-script", "conf-file"], note: "existing host interfaces; `mv-<iface>` fits 15 bytes on kernels up to 5.8" },
  { option: `${C}.extraVeths`, consumers: ["kernel-ifname"], note: "names are host interface names, unique on the host" },
  ...net(`${C}.extraVeths.<name>`),
  { option: `${C}.autoStart`, consumers: ["unit-lifecycle"], note: "always accepted" },
  { option: `${C}.restartIfChanged`, consumers: ["unit-lifecycle", "module-conf"], note: "honoured only with autoStart" },
  { option: `${C}.activation`, consumers: ["switch-to-configuration"], note: "`restart`, `reload` or `none`; honoured only with autoStart" },
  { option: `${C}.timeoutStartSec`, consumers: ["unit-timeout"], note: "a systemd time span" },
  { option: `${C}.bindMounts`, consumers: ["nspawn-bind"], note: "keyed by mount point" },
  { option: `${C}.bindMounts.<name>.mountPoint`, consumers: ["nspawn-bind", "start-script", "conf-file"], note: "absolute, then `:OPTIONS` only with a hostPath; no whitespace" },
  { option: `${C}.bindMounts.<name>.hostPath`, consumers: ["nspawn-bind", "start-script", "conf-file"], note: "absolute (relative works from /), no ':' or whitespace" },
  { option: `${C}.bindMounts.<name>.isReadOnly`, consumers: ["nspawn-bind"], note: "`--bind-ro` or `--bind`" },
  { option: `${C}.allowedDevices`, consumers: ["unit-device-allow"], note: "DeviceAllow= entries" },
  { option: `${C}.allowedDevices.*.node`, consumers: ["unit-device-allow"], note: "under /dev, or `char-…`/`block-…`" },
  { option: `${C}.allowedDevices.*.modifier`, consumers: ["unit-device-allow"], note: "r, w, m" },
  { option: `${C}.tmpfs`, consumers: ["nspawn-tmpfs"], note: "PATH[:OPTIONS], PATH absolute" },
  { option: `${C}.extraFlags`, consumers: ["nspawn-flags", "start-script", "conf-file"], note: "nspawn options, split at whitespace" },
  { option: `${C}.flake`, consumers: ["nixos-container", "conf-file"], note: "a flake URI; not with config" },
  { option: `${C}.pkgs`, consumers: ["nix-eval"], note: "removed: defining it is an evaluation error" },
  ...net(C),
];
