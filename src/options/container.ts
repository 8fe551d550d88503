import { expr, literalExpression, option, types, type OptionSet } from "./dsl.js";
import { networkOptions } from "./network.js";
import { activationStrategies, activations, type ActivationStrategy } from "./unit.js";

/** The activation option's list of strategies, one bullet each, from activationStrategies: a new strategy is documented where it is defined. */
function activationList(): string {
  const bullet = ([name, s]: [string, ActivationStrategy]) => `- \`${name}\`: ${s.summary}.${s.detail === undefined ? "" : ` ${s.detail}`}`;
  return (Object.entries(activationStrategies) as [string, ActivationStrategy][]).map(bullet).join("\n");
}

export const bindMount = types.submodule(
  "BindMount",
  {
    mountPoint: option(types.str, {
      example: "/mnt/usb",
      description: "Where the directory appears inside the container. Defaults to the attribute name.",
    }),
    hostPath: option(types.nullOr(types.str), {
      default: null,
      example: "/home/alice",
      description: "Directory on the host to mount. When null, the mount point's own path on the host is used.",
    }),
    isReadOnly: option(types.bool, {
      default: true,
      description: "Whether the container sees the mount read-only.",
    }),
  },
  { nameDefaults: ["mountPoint"] },
);

export const allowedDevice = types.submodule("AllowedDevice", {
  node: option(types.str, {
    example: "/dev/net/tun",
    description: "Path of the device node.",
  }),
  modifier: option(types.str, {
    example: "rw",
    description: `
Access granted to the device node: any combination of \`r\` (read), \`w\` (write) and \`m\` (mknod),
as in {manpage}\`systemd.resource-control(5)\`.
`,
  }),
});

export const extraVeth = types.submodule("ExtraVeth", networkOptions);

/** The options of one `containers.<name>` entry. */
export const containerOptions: OptionSet = {
  config: option(types.nixosConfig, {
    description: "The container's NixOS configuration, written as a NixOS module.",
  }),
  path: option(types.path, {
    example: "/nix/var/nix/profiles/per-container/webserver",
    description: `
Store path of an already built NixOS system for the container, usually a system profile link.
Use it instead of {option}\`config\`.
`,
  }),
  additionalCapabilities: option(types.listOf(types.str), {
    default: [],
    example: ["CAP_NET_ADMIN", "CAP_MKNOD"],
    description: `
Capabilities given to the container on top of systemd-nspawn's default set;
see {manpage}\`capabilities(7)\` and {manpage}\`systemd-nspawn(1)\`.
`,
  }),
  nixpkgs: option(types.path, {
    default: expr("pkgs.path"),
    defaultText: literalExpression("pkgs.path"),
    description: `
The nixpkgs tree whose modules, pkgs and lib evaluate the container's configuration.

To change only the \`pkgs\` the container's modules receive, set \`nixpkgs.*\` options in {option}\`config\` instead.
Setting \`config.nixpkgs.pkgs = pkgs\` reuses the host's package set, which makes evaluation faster,
but then the container's \`nixpkgs.config\` is ignored.
`,
  }),
  specialArgs: option(types.attrsOf(types.unspecified), {
    default: {},
    description: "Extra special arguments handed to the container's NixOS modules, merged into the `specialArgs` of its evaluation.",
  }),
  ephemeral: option(types.bool, {
    default: false,
    description: `
Boot the container from an empty root file system each time and throw it away when it stops,
so that no state survives a restart.

The container's configuration may need adapting: with {var}\`macvlans\`, for instance, set
{var}\`systemd.network.networks.$interface.dhcpV4Config.ClientIdentifier\` to "mac" so that the DHCP client
identifier stays the same across restarts.
The journal of an ephemeral container is not linked into the host's.
`,
  }),
  enableTun: option(types.bool, {
    default: false,
    description: "Let the container create tunnel interfaces: grants `NET_ADMIN` and access to `/dev/net/tun`.",
  }),
  copyResolvConf: option(types.bool, {
    default: true,
    description: "Whether the host's /etc/resolv.conf is copied into the container at start.",
  }),
  privateNetwork: option(types.bool, {
    default: false,
    description: `
Give the container a network of its own: an \`eth0\` inside, paired with \`ve-«container-name»\` on the host.
When false, the container uses the host's interfaces and may bind any port on them.
`,
  }),
  networkNamespace: option(types.nullOr(types.path), {
    default: null,
    description: `
Path of a network namespace file (as found under /proc/<PID>/ns/net, or bind-mounted, for example
under /run/netns by {manpage}\`ip-netns(8)\`) that the container joins.
It cannot be combined with the other network options, such as privateNetwork or interfaces.
`,
  }),
  privateUsers: option(types.either(types.u32, types.enum(["no", "identity", "pick"])), {
    default: "no",
    description: `
User namespacing for the container; off by default (\`no\`).

A number turns it on and maps the container's UIDs and GIDs to a range starting there,
usually above the host's own range (65536 or more).
\`identity\` (much like \`0\`) only isolates capabilities: UIDs and GIDs are those of the host.
\`pick\` turns it on with a range chosen automatically so that containers never overlap;
it is the most secure choice and needs no care in most setups.

See \`--private-users=\` in {manpage}\`systemd-nspawn(1)\`.
`,
  }),
  interfaces: option(types.listOf(types.str), {
    default: [],
    example: ["eth1", "eth2"],
    description: "Host network interfaces that are moved into the container.",
  }),
  macvlans: option(types.listOf(types.str), {
    default: [],
    example: ["eth1", "eth2"],
    description: "Host interfaces to create a macvlan interface from; each macvlan is moved into the container.",
  }),
  extraVeths: option(types.attrsOf(extraVeth), {
    default: {},
    description: "Additional veth pairs for the container, keyed by interface name.",
  }),
  autoStart: option(types.bool, {
    default: false,
    description: "Whether the container starts when the host boots.",
  }),
  restartIfChanged: option(types.bool, {
    default: true,
    description: "Whether switching the host's configuration restarts the container when its definition changed.",
  }),
  activation: option(types.enum(activations), {
    default: activations[0]!,
    description: `
What switching the host's configuration does to the running container when its definition changed.
This goes beyond upstream's module; the default keeps upstream's units unchanged.

${activationList()}

Like the triggers upstream sets, this applies to containers with {option}\`autoStart\` only,
and {option}\`restartIfChanged\` = false keeps a switch from restarting the container in every case.
Run {command}\`containers-nix plan\` before a switch to see what it will do to each container.
`,
  }),
  timeoutStartSec: option(types.str, {
    default: "1min",
    description: `
How long the container may take to start before its processes are killed,
in the time span syntax of {manpage}\`systemd.time(7)\`.
`,
  }),
  bindMounts: option(types.attrsOf(bindMount), {
    default: {},
    example: literalExpression(`{ "/home" = { hostPath = "/home/alice";
              isReadOnly = false; };
}
`),
    description: "Host directories mounted into the container, keyed by mount point.",
  }),
  allowedDevices: option(types.listOf(allowedDevice), {
    default: [],
    example: [{ node: "/dev/net/tun", modifier: "rwm" }],
    description: "Device nodes the container may access.",
  }),
  tmpfs: option(types.listOf(types.str), {
    default: [],
    example: ["/var"],
    description: `
tmpfs file systems mounted into the container, one per entry, each in the form of
systemd-nspawn's \`--tmpfs\` argument; see {manpage}\`systemd-nspawn(1)\`.
`,
  }),
  extraFlags: option(types.listOf(types.str), {
    default: [],
    example: ["--drop-capability=CAP_SYS_CHROOT"],
    description: "Further command-line flags for systemd-nspawn; see {manpage}`systemd-nspawn(1)`.",
  }),
  flake: option(types.nullOr(types.str), {
    default: null,
    example: "github:NixOS/nixpkgs/master",
    description: `
Flake URI of the NixOS configuration the container runs.
Takes the place of {option}\`containers.<name>.path\`.
`,
  }),
  pkgs: option(types.unspecified, { visible: false }),
  ...networkOptions,
};

export const container = types.submodule("Container", containerOptions, { configTemplate: "container-config" });
