// generated from src/options by `containers-nix generate`; do not edit
//
// TypeScript types of the NixOS containers options. `<Name>Input` types are
// definitions as written, where options that have a default may be left out;
// `<Name>` types are the values once defaults apply, as the module sees them
// (config.containers.<name>), with every option present. Hidden options (the
// removed `pkgs`) are left out, so writing one is a type error.

/**
 * A NixOS module, the value of a container's `config`: an attribute set of
 * option definitions, or a function from the module arguments (`config`,
 * `pkgs`, `lib`, …) to one. NixOS options are not modelled here, so its
 * contents are not checked.
 */
export type NixosModule = { readonly [name: string]: unknown } | ((args: { readonly [name: string]: unknown }) => { readonly [name: string]: unknown });

/** A container's NixOS configuration after evaluation (`config.containers.<name>.config`); not modelled here. */
export type NixosConfiguration = { readonly [option: string]: unknown };

/** ForwardPort as written at `containers.<name>.forwardPorts.*`, `containers.<name>.extraVeths.<name>.forwardPorts.*`: options that have a default may be left out. */
export interface ForwardPortInput {
  /**
   * Transport protocol of the forwarded port, as systemd-nspawn's `--port` understands it (`tcp` or `udp`).
   *
   * Takes a string.
   * @default "tcp"
   */
  protocol?: string;
  /**
   * Port on the host that receives the traffic.
   *
   * Takes a port number 0–65535.
   */
  hostPort: number;
  /**
   * Port inside the container that the traffic goes to. When null, the host port number is used.
   *
   * Takes null or a port number 0–65535.
   * @default null
   */
  containerPort?: number | null;
}

/** ExtraVeth as written at `containers.<name>.extraVeths.<name>`: options that have a default may be left out. */
export interface ExtraVethInput {
  /**
   * Name of a host bridge to attach the host end of the veth pair to.
   * Set either this or the host addresses (hostAddress, hostAddress6), not both.
   *
   * Takes null or a string.
   * @default null
   * @example "br0"
   */
  hostBridge?: string | null;
  /**
   * Ports forwarded from the host into the container, each given by protocol, host port and container port.
   * The protocol defaults to tcp, and a missing container port means the same number as the host port.
   *
   * Takes a list of ForwardPort attribute sets.
   * @default []
   * @example [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }]
   */
  forwardPorts?: readonly ForwardPortInput[];
  /**
   * IPv4 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.1"
   */
  hostAddress?: string | null;
  /**
   * IPv6 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::1"
   */
  hostAddress6?: string | null;
  /**
   * IPv4 address of the interface inside the container.
   * Without a prefix length it is a /32 with routes set up between it and hostAddress;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.2"
   */
  localAddress?: string | null;
  /**
   * IPv6 address of the interface inside the container.
   * Without a prefix length it is a /128 with routes set up between it and hostAddress6;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::2"
   */
  localAddress6?: string | null;
  /**
   * MAC address of the interface inside the container, set early in the container's boot,
   * so that it can be relied on (for example for IPv6 SLAAC).
   * When null, the veth device gets a random locally administered unicast address.
   *
   * Takes null or a string matching ([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}.
   * @default null
   * @example "de:b7:73:01:10:90"
   */
  localMacAddress?: string | null;
}

/** BindMount as written at `containers.<name>.bindMounts.<name>`: options that have a default may be left out. */
export interface BindMountInput {
  /**
   * Where the directory appears inside the container. Defaults to the attribute name.
   *
   * Takes a string.
   * @default the attribute name it is given under
   * @example "/mnt/usb"
   */
  mountPoint?: string;
  /**
   * Directory on the host to mount. When null, the mount point's own path on the host is used.
   *
   * Takes null or a string.
   * @default null
   * @example "/home/alice"
   */
  hostPath?: string | null;
  /**
   * Whether the container sees the mount read-only.
   *
   * Takes true or false.
   * @default true
   */
  isReadOnly?: boolean;
}

/** AllowedDevice as written at `containers.<name>.allowedDevices.*`: options that have a default may be left out. */
export interface AllowedDeviceInput {
  /**
   * Path of the device node.
   *
   * Takes a string.
   * @example "/dev/net/tun"
   */
  node: string;
  /**
   * Access granted to the device node: any combination of `r` (read), `w` (write) and `m` (mknod),
   * as in `systemd.resource-control(5)`.
   *
   * Takes a string.
   * @example "rw"
   */
  modifier: string;
}

/** Container as written at `containers.<name>`: options that have a default may be left out. */
export interface ContainerInput {
  /**
   * The container's NixOS configuration, written as a NixOS module.
   *
   * Takes a NixOS module.
   */
  config?: NixosModule;
  /**
   * Store path of an already built NixOS system for the container, usually a system profile link.
   * Use it instead of `config`.
   *
   * Takes an absolute path (a string starting with /).
   * @example "/nix/var/nix/profiles/per-container/webserver"
   */
  path?: string;
  /**
   * Capabilities given to the container on top of systemd-nspawn's default set;
   * see `capabilities(7)` and `systemd-nspawn(1)`.
   *
   * Takes a list of strings.
   * @default []
   * @example ["CAP_NET_ADMIN", "CAP_MKNOD"]
   */
  additionalCapabilities?: readonly string[];
  /**
   * The nixpkgs tree whose modules, pkgs and lib evaluate the container's configuration.
   *
   * To change only the `pkgs` the container's modules receive, set `nixpkgs.*` options in `config` instead.
   * Setting `config.nixpkgs.pkgs = pkgs` reuses the host's package set, which makes evaluation faster,
   * but then the container's `nixpkgs.config` is ignored.
   *
   * Takes an absolute path (a string starting with /).
   * @default `pkgs.path` (Nix)
   */
  nixpkgs?: string;
  /**
   * Extra special arguments handed to the container's NixOS modules, merged into the `specialArgs` of its evaluation.
   *
   * Takes an attribute set of values.
   * @default {}
   */
  specialArgs?: Record<string, unknown>;
  /**
   * Boot the container from an empty root file system each time and throw it away when it stops,
   * so that no state survives a restart.
   *
   * The container's configuration may need adapting: with `macvlans`, for instance, set
   * `systemd.network.networks.$interface.dhcpV4Config.ClientIdentifier` to "mac" so that the DHCP client
   * identifier stays the same across restarts.
   * The journal of an ephemeral container is not linked into the host's.
   *
   * Takes true or false.
   * @default false
   */
  ephemeral?: boolean;
  /**
   * Let the container create tunnel interfaces: grants `NET_ADMIN` and access to `/dev/net/tun`.
   *
   * Takes true or false.
   * @default false
   */
  enableTun?: boolean;
  /**
   * Whether the host's /etc/resolv.conf is copied into the container at start.
   *
   * Takes true or false.
   * @default true
   */
  copyResolvConf?: boolean;
  /**
   * Give the container a network of its own: an `eth0` inside, paired with `ve-«container-name»` on the host.
   * When false, the container uses the host's interfaces and may bind any port on them.
   *
   * Takes true or false.
   * @default false
   */
  privateNetwork?: boolean;
  /**
   * Path of a network namespace file (as found under /proc/<PID>/ns/net, or bind-mounted, for example
   * under /run/netns by `ip-netns(8)`) that the container joins.
   * It cannot be combined with the other network options, such as privateNetwork or interfaces.
   *
   * Takes null or an absolute path (a string starting with /).
   * @default null
   */
  networkNamespace?: string | null;
  /**
   * User namespacing for the container; off by default (`no`).
   *
   * A number turns it on and maps the container's UIDs and GIDs to a range starting there,
   * usually above the host's own range (65536 or more).
   * `identity` (much like `0`) only isolates capabilities: UIDs and GIDs are those of the host.
   * `pick` turns it on with a range chosen automatically so that containers never overlap;
   * it is the most secure choice and needs no care in most setups.
   *
   * See `--private-users=` in `systemd-nspawn(1)`.
   *
   * Takes an integer 0–4294967295 or one of "no", "identity", "pick".
   * @default "no"
   */
  privateUsers?: number | "no" | "identity" | "pick";
  /**
   * Host network interfaces that are moved into the container.
   *
   * Takes a list of strings.
   * @default []
   * @example ["eth1", "eth2"]
   */
  interfaces?: readonly string[];
  /**
   * Host interfaces to create a macvlan interface from; each macvlan is moved into the container.
   *
   * Takes a list of strings.
   * @default []
   * @example ["eth1", "eth2"]
   */
  macvlans?: readonly string[];
  /**
   * Additional veth pairs for the container, keyed by interface name.
   *
   * Takes an attribute set of ExtraVeth attribute sets.
   * @default {}
   */
  extraVeths?: Record<string, ExtraVethInput>;
  /**
   * Whether the container starts when the host boots.
   *
   * Takes true or false.
   * @default false
   */
  autoStart?: boolean;
  /**
   * Whether switching the host's configuration restarts the container when its definition changed.
   *
   * Takes true or false.
   * @default true
   */
  restartIfChanged?: boolean;
  /**
   * What switching the host's configuration does to the running container when its definition changed.
   * This goes beyond upstream's module; the default keeps upstream's units unchanged.
   *
   * - `restart`: a new system for the container, or any change to its conf file, restarts it (upstream's behaviour).
   * - `reload`: when only the container's system changed, the unit is reloaded instead: the running container switches to its new system in place, as `nixos-container update` does. Any other change (to the network, mounts or flags in its conf file, which need a new systemd-nspawn, or to the unit itself) still restarts it.
   * - `none`: a switch never restarts or reloads it; the changes apply at its next start.
   *
   * Like the triggers upstream sets, this applies to containers with `autoStart` only,
   * and `restartIfChanged` = false keeps a switch from restarting the container in every case.
   * Run `containers-nix plan` before a switch to see what it will do to each container.
   *
   * Takes one of "restart", "reload", "none".
   * @default "restart"
   */
  activation?: "restart" | "reload" | "none";
  /**
   * How long the container may take to start before its processes are killed,
   * in the time span syntax of `systemd.time(7)`.
   *
   * Takes a string.
   * @default "1min"
   */
  timeoutStartSec?: string;
  /**
   * Host directories mounted into the container, keyed by mount point.
   *
   * Takes an attribute set of BindMount attribute sets.
   * @default {}
   * @example
   * ```nix
   * { "/home" = { hostPath = "/home/alice";
   *               isReadOnly = false; };
   * }
   * ```
   */
  bindMounts?: Record<string, BindMountInput>;
  /**
   * Device nodes the container may access.
   *
   * Takes a list of AllowedDevice attribute sets.
   * @default []
   * @example [{ node: "/dev/net/tun", modifier: "rwm" }]
   */
  allowedDevices?: readonly AllowedDeviceInput[];
  /**
   * tmpfs file systems mounted into the container, one per entry, each in the form of
   * systemd-nspawn's `--tmpfs` argument; see `systemd-nspawn(1)`.
   *
   * Takes a list of strings.
   * @default []
   * @example ["/var"]
   */
  tmpfs?: readonly string[];
  /**
   * Further command-line flags for systemd-nspawn; see `systemd-nspawn(1)`.
   *
   * Takes a list of strings.
   * @default []
   * @example ["--drop-capability=CAP_SYS_CHROOT"]
   */
  extraFlags?: readonly string[];
  /**
   * Flake URI of the NixOS configuration the container runs.
   * Takes the place of `containers.<name>.path`.
   *
   * Takes null or a string.
   * @default null
   * @example "github:NixOS/nixpkgs/master"
   */
  flake?: string | null;
  /**
   * Name of a host bridge to attach the host end of the veth pair to.
   * Set either this or the host addresses (hostAddress, hostAddress6), not both.
   *
   * Takes null or a string.
   * @default null
   * @example "br0"
   */
  hostBridge?: string | null;
  /**
   * Ports forwarded from the host into the container, each given by protocol, host port and container port.
   * The protocol defaults to tcp, and a missing container port means the same number as the host port.
   *
   * Takes a list of ForwardPort attribute sets.
   * @default []
   * @example [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }]
   */
  forwardPorts?: readonly ForwardPortInput[];
  /**
   * IPv4 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.1"
   */
  hostAddress?: string | null;
  /**
   * IPv6 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::1"
   */
  hostAddress6?: string | null;
  /**
   * IPv4 address of the interface inside the container.
   * Without a prefix length it is a /32 with routes set up between it and hostAddress;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.2"
   */
  localAddress?: string | null;
  /**
   * IPv6 address of the interface inside the container.
   * Without a prefix length it is a /128 with routes set up between it and hostAddress6;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::2"
   */
  localAddress6?: string | null;
  /**
   * MAC address of the interface inside the container, set early in the container's boot,
   * so that it can be relied on (for example for IPv6 SLAAC).
   * When null, the veth device gets a random locally administered unicast address.
   *
   * Takes null or a string matching ([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}.
   * @default null
   * @example "de:b7:73:01:10:90"
   */
  localMacAddress?: string | null;
}

/** The options under `boot`. */
export interface BootOptionsInput {
  /**
   * Whether this NixOS system runs as a lightweight container inside another NixOS system.
   *
   * Takes true or false.
   * @default `config.boot.isNspawnContainer` (Nix)
   */
  isContainer?: boolean;
  /**
   * Whether this system runs inside a systemd-nspawn container.
   * Unlike `boot.isContainer`, which other container kinds set as well,
   * it guards settings that only apply to nspawn.
   *
   * Takes true or false.
   * @default false
   */
  isNspawnContainer?: boolean;
  /**
   * Whether this host supports NixOS containers.
   *
   * Takes true or false.
   * @default `config.containers != { }` (Nix)
   */
  enableContainers?: boolean;
}

/** NixOS options as written in a host's configuration. */
export interface OptionsInput {
  boot?: BootOptionsInput;
  /**
   * NixOS systems that run as lightweight containers on this host.
   * Each one becomes a systemd service `container@«name»` that `systemctl` can start and stop.
   *
   * Takes an attribute set of Container attribute sets.
   * @default {}
   * @example
   * ```nix
   * { webserver =
   *     { path = "/nix/var/nix/profiles/webserver";
   *     };
   *   database =
   *     { config =
   *         { config, pkgs, ... }:
   *         { services.postgresql.enable = true;
   *           services.postgresql.package = pkgs.postgresql_14;
   *
   *           system.stateVersion = "${lib.trivial.release}";
   *         };
   *     };
   * }
   * ```
   */
  containers?: Record<string, ContainerInput>;
}

/** ForwardPort with its defaults applied, as the module sees it at `containers.<name>.forwardPorts.*`, `containers.<name>.extraVeths.<name>.forwardPorts.*`: every option is present. */
export interface ForwardPort {
  /**
   * Transport protocol of the forwarded port, as systemd-nspawn's `--port` understands it (`tcp` or `udp`).
   *
   * Takes a string.
   * @default "tcp"
   */
  protocol: string;
  /**
   * Port on the host that receives the traffic.
   *
   * Takes a port number 0–65535.
   */
  hostPort: number;
  /**
   * Port inside the container that the traffic goes to. When null, the host port number is used.
   *
   * Takes null or a port number 0–65535.
   * @default null
   */
  containerPort: number | null;
}

/** ExtraVeth with its defaults applied, as the module sees it at `containers.<name>.extraVeths.<name>`: every option is present. */
export interface ExtraVeth {
  /**
   * Name of a host bridge to attach the host end of the veth pair to.
   * Set either this or the host addresses (hostAddress, hostAddress6), not both.
   *
   * Takes null or a string.
   * @default null
   * @example "br0"
   */
  hostBridge: string | null;
  /**
   * Ports forwarded from the host into the container, each given by protocol, host port and container port.
   * The protocol defaults to tcp, and a missing container port means the same number as the host port.
   *
   * Takes a list of ForwardPort attribute sets.
   * @default []
   * @example [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }]
   */
  forwardPorts: ForwardPort[];
  /**
   * IPv4 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.1"
   */
  hostAddress: string | null;
  /**
   * IPv6 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::1"
   */
  hostAddress6: string | null;
  /**
   * IPv4 address of the interface inside the container.
   * Without a prefix length it is a /32 with routes set up between it and hostAddress;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.2"
   */
  localAddress: string | null;
  /**
   * IPv6 address of the interface inside the container.
   * Without a prefix length it is a /128 with routes set up between it and hostAddress6;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::2"
   */
  localAddress6: string | null;
  /**
   * MAC address of the interface inside the container, set early in the container's boot,
   * so that it can be relied on (for example for IPv6 SLAAC).
   * When null, the veth device gets a random locally administered unicast address.
   *
   * Takes null or a string matching ([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}.
   * @default null
   * @example "de:b7:73:01:10:90"
   */
  localMacAddress: string | null;
}

/** BindMount with its defaults applied, as the module sees it at `containers.<name>.bindMounts.<name>`: every option is present. */
export interface BindMount {
  /**
   * Where the directory appears inside the container. Defaults to the attribute name.
   *
   * Takes a string.
   * @default the attribute name it is given under
   * @example "/mnt/usb"
   */
  mountPoint: string;
  /**
   * Directory on the host to mount. When null, the mount point's own path on the host is used.
   *
   * Takes null or a string.
   * @default null
   * @example "/home/alice"
   */
  hostPath: string | null;
  /**
   * Whether the container sees the mount read-only.
   *
   * Takes true or false.
   * @default true
   */
  isReadOnly: boolean;
}

/** AllowedDevice with its defaults applied, as the module sees it at `containers.<name>.allowedDevices.*`: every option is present. */
export interface AllowedDevice {
  /**
   * Path of the device node.
   *
   * Takes a string.
   * @example "/dev/net/tun"
   */
  node: string;
  /**
   * Access granted to the device node: any combination of `r` (read), `w` (write) and `m` (mknod),
   * as in `systemd.resource-control(5)`.
   *
   * Takes a string.
   * @example "rw"
   */
  modifier: string;
}

/** Container with its defaults applied, as the module sees it at `containers.<name>`: every option is present. */
export interface Container {
  /**
   * The container's NixOS configuration, written as a NixOS module.
   *
   * Takes a NixOS module.
   */
  config?: NixosConfiguration;
  /**
   * Store path of an already built NixOS system for the container, usually a system profile link.
   * Use it instead of `config`.
   *
   * Takes an absolute path (a string starting with /).
   * @example "/nix/var/nix/profiles/per-container/webserver"
   */
  path: string;
  /**
   * Capabilities given to the container on top of systemd-nspawn's default set;
   * see `capabilities(7)` and `systemd-nspawn(1)`.
   *
   * Takes a list of strings.
   * @default []
   * @example ["CAP_NET_ADMIN", "CAP_MKNOD"]
   */
  additionalCapabilities: string[];
  /**
   * The nixpkgs tree whose modules, pkgs and lib evaluate the container's configuration.
   *
   * To change only the `pkgs` the container's modules receive, set `nixpkgs.*` options in `config` instead.
   * Setting `config.nixpkgs.pkgs = pkgs` reuses the host's package set, which makes evaluation faster,
   * but then the container's `nixpkgs.config` is ignored.
   *
   * Takes an absolute path (a string starting with /).
   * @default `pkgs.path` (Nix)
   */
  nixpkgs: string;
  /**
   * Extra special arguments handed to the container's NixOS modules, merged into the `specialArgs` of its evaluation.
   *
   * Takes an attribute set of values.
   * @default {}
   */
  specialArgs: Record<string, unknown>;
  /**
   * Boot the container from an empty root file system each time and throw it away when it stops,
   * so that no state survives a restart.
   *
   * The container's configuration may need adapting: with `macvlans`, for instance, set
   * `systemd.network.networks.$interface.dhcpV4Config.ClientIdentifier` to "mac" so that the DHCP client
   * identifier stays the same across restarts.
   * The journal of an ephemeral container is not linked into the host's.
   *
   * Takes true or false.
   * @default false
   */
  ephemeral: boolean;
  /**
   * Let the container create tunnel interfaces: grants `NET_ADMIN` and access to `/dev/net/tun`.
   *
   * Takes true or false.
   * @default false
   */
  enableTun: boolean;
  /**
   * Whether the host's /etc/resolv.conf is copied into the container at start.
   *
   * Takes true or false.
   * @default true
   */
  copyResolvConf: boolean;
  /**
   * Give the container a network of its own: an `eth0` inside, paired with `ve-«container-name»` on the host.
   * When false, the container uses the host's interfaces and may bind any port on them.
   *
   * Takes true or false.
   * @default false
   */
  privateNetwork: boolean;
  /**
   * Path of a network namespace file (as found under /proc/<PID>/ns/net, or bind-mounted, for example
   * under /run/netns by `ip-netns(8)`) that the container joins.
   * It cannot be combined with the other network options, such as privateNetwork or interfaces.
   *
   * Takes null or an absolute path (a string starting with /).
   * @default null
   */
  networkNamespace: string | null;
  /**
   * User namespacing for the container; off by default (`no`).
   *
   * A number turns it on and maps the container's UIDs and GIDs to a range starting there,
   * usually above the host's own range (65536 or more).
   * `identity` (much like `0`) only isolates capabilities: UIDs and GIDs are those of the host.
   * `pick` turns it on with a range chosen automatically so that containers never overlap;
   * it is the most secure choice and needs no care in most setups.
   *
   * See `--private-users=` in `systemd-nspawn(1)`.
   *
   * Takes an integer 0–4294967295 or one of "no", "identity", "pick".
   * @default "no"
   */
  privateUsers: number | "no" | "identity" | "pick";
  /**
   * Host network interfaces that are moved into the container.
   *
   * Takes a list of strings.
   * @default []
   * @example ["eth1", "eth2"]
   */
  interfaces: string[];
  /**
   * Host interfaces to create a macvlan interface from; each macvlan is moved into the container.
   *
   * Takes a list of strings.
   * @default []
   * @example ["eth1", "eth2"]
   */
  macvlans: string[];
  /**
   * Additional veth pairs for the container, keyed by interface name.
   *
   * Takes an attribute set of ExtraVeth attribute sets.
   * @default {}
   */
  extraVeths: Record<string, ExtraVeth>;
  /**
   * Whether the container starts when the host boots.
   *
   * Takes true or false.
   * @default false
   */
  autoStart: boolean;
  /**
   * Whether switching the host's configuration restarts the container when its definition changed.
   *
   * Takes true or false.
   * @default true
   */
  restartIfChanged: boolean;
  /**
   * What switching the host's configuration does to the running container when its definition changed.
   * This goes beyond upstream's module; the default keeps upstream's units unchanged.
   *
   * - `restart`: a new system for the container, or any change to its conf file, restarts it (upstream's behaviour).
   * - `reload`: when only the container's system changed, the unit is reloaded instead: the running container switches to its new system in place, as `nixos-container update` does. Any other change (to the network, mounts or flags in its conf file, which need a new systemd-nspawn, or to the unit itself) still restarts it.
   * - `none`: a switch never restarts or reloads it; the changes apply at its next start.
   *
   * Like the triggers upstream sets, this applies to containers with `autoStart` only,
   * and `restartIfChanged` = false keeps a switch from restarting the container in every case.
   * Run `containers-nix plan` before a switch to see what it will do to each container.
   *
   * Takes one of "restart", "reload", "none".
   * @default "restart"
   */
  activation: "restart" | "reload" | "none";
  /**
   * How long the container may take to start before its processes are killed,
   * in the time span syntax of `systemd.time(7)`.
   *
   * Takes a string.
   * @default "1min"
   */
  timeoutStartSec: string;
  /**
   * Host directories mounted into the container, keyed by mount point.
   *
   * Takes an attribute set of BindMount attribute sets.
   * @default {}
   * @example
   * ```nix
   * { "/home" = { hostPath = "/home/alice";
   *               isReadOnly = false; };
   * }
   * ```
   */
  bindMounts: Record<string, BindMount>;
  /**
   * Device nodes the container may access.
   *
   * Takes a list of AllowedDevice attribute sets.
   * @default []
   * @example [{ node: "/dev/net/tun", modifier: "rwm" }]
   */
  allowedDevices: AllowedDevice[];
  /**
   * tmpfs file systems mounted into the container, one per entry, each in the form of
   * systemd-nspawn's `--tmpfs` argument; see `systemd-nspawn(1)`.
   *
   * Takes a list of strings.
   * @default []
   * @example ["/var"]
   */
  tmpfs: string[];
  /**
   * Further command-line flags for systemd-nspawn; see `systemd-nspawn(1)`.
   *
   * Takes a list of strings.
   * @default []
   * @example ["--drop-capability=CAP_SYS_CHROOT"]
   */
  extraFlags: string[];
  /**
   * Flake URI of the NixOS configuration the container runs.
   * Takes the place of `containers.<name>.path`.
   *
   * Takes null or a string.
   * @default null
   * @example "github:NixOS/nixpkgs/master"
   */
  flake: string | null;
  /**
   * Name of a host bridge to attach the host end of the veth pair to.
   * Set either this or the host addresses (hostAddress, hostAddress6), not both.
   *
   * Takes null or a string.
   * @default null
   * @example "br0"
   */
  hostBridge: string | null;
  /**
   * Ports forwarded from the host into the container, each given by protocol, host port and container port.
   * The protocol defaults to tcp, and a missing container port means the same number as the host port.
   *
   * Takes a list of ForwardPort attribute sets.
   * @default []
   * @example [{ protocol: "tcp", hostPort: 8080, containerPort: 80 }]
   */
  forwardPorts: ForwardPort[];
  /**
   * IPv4 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.1"
   */
  hostAddress: string | null;
  /**
   * IPv6 address of the host end of the veth pair.
   * Has no effect when hostBridge is set.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::1"
   */
  hostAddress6: string | null;
  /**
   * IPv4 address of the interface inside the container.
   * Without a prefix length it is a /32 with routes set up between it and hostAddress;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "10.231.136.2"
   */
  localAddress: string | null;
  /**
   * IPv6 address of the interface inside the container.
   * Without a prefix length it is a /128 with routes set up between it and hostAddress6;
   * behind a hostBridge, give it with the prefix length of the bridged network.
   *
   * Takes null or a string.
   * @default null
   * @example "fc00::2"
   */
  localAddress6: string | null;
  /**
   * MAC address of the interface inside the container, set early in the container's boot,
   * so that it can be relied on (for example for IPv6 SLAAC).
   * When null, the veth device gets a random locally administered unicast address.
   *
   * Takes null or a string matching ([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}.
   * @default null
   * @example "de:b7:73:01:10:90"
   */
  localMacAddress: string | null;
}

/** The options under `boot`. */
export interface BootOptions {
  /**
   * Whether this NixOS system runs as a lightweight container inside another NixOS system.
   *
   * Takes true or false.
   * @default `config.boot.isNspawnContainer` (Nix)
   */
  isContainer: boolean;
  /**
   * Whether this system runs inside a systemd-nspawn container.
   * Unlike `boot.isContainer`, which other container kinds set as well,
   * it guards settings that only apply to nspawn.
   *
   * Takes true or false.
   * @default false
   */
  isNspawnContainer: boolean;
  /**
   * Whether this host supports NixOS containers.
   *
   * Takes true or false.
   * @default `config.containers != { }` (Nix)
   */
  enableContainers: boolean;
}

/** NixOS options with their defaults applied. */
export interface Options {
  boot: BootOptions;
  /**
   * NixOS systems that run as lightweight containers on this host.
   * Each one becomes a systemd service `container@«name»` that `systemctl` can start and stop.
   *
   * Takes an attribute set of Container attribute sets.
   * @default {}
   * @example
   * ```nix
   * { webserver =
   *     { path = "/nix/var/nix/profiles/webserver";
   *     };
   *   database =
   *     { config =
   *         { config, pkgs, ... }:
   *         { services.postgresql.enable = true;
   *           services.postgresql.package = pkgs.postgresql_14;
   *
   *           system.stateVersion = "${lib.trivial.release}";
   *         };
   *     };
   * }
   * ```
   */
  containers: Record<string, Container>;
}
