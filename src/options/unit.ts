/**
 * The data-driven parts of each `container@<name>` systemd unit, one entry per
 * field: its Nix expression and the same computation in TypeScript.
 *
 * Nix expressions see `name`, `cfg` (the container after `implied` below),
 * `dirs` ({ confDirName, confDir, stateDir }) and `escapeSystemdPath`, and use
 * builtins only. Static parts of the unit live in templates/module.nix.njk.
 */
import type { AllowedDevice, ResolvedContainer } from "../model/container.js";
import type { Json } from "../model/resolve.js";
import { sortedEntries } from "../model/nix-values.js";
import { escapeSystemdPath } from "../model/systemd.js";

export interface Dirs {
  confDirName: string;
  confDir: string;
  stateDir: string;
}

export interface UnitInput {
  name: string;
  cfg: ResolvedContainer;
  dirs: Dirs;
}

export interface UnitField {
  /** Attribute path inside `systemd.services."container@<name>"`. */
  path: readonly string[];
  /** Only set when the container starts at boot (upstream's behaviour). */
  autoStartOnly?: boolean;
  nix: string;
  ts: (input: UnitInput) => Json;
}

const tunDevice: AllowedDevice = { node: "/dev/net/tun", modifier: "rwm" };

/**
 * Settings the module adds to a container before building its unit: enableTun
 * grants the tun device and CAP_NET_ADMIN; a private network with user
 * namespacing also needs the tun device.
 */
export interface Implied {
  summary: string;
  nixWhen: string;
  when: (cfg: ResolvedContainer) => boolean;
  allowedDevices: readonly AllowedDevice[];
  additionalCapabilities: readonly string[];
}

export const implied: readonly Implied[] = [
  {
    summary: "enableTun adds /dev/net/tun (rwm) and CAP_NET_ADMIN",
    nixWhen: "cfg.enableTun",
    when: (c) => c.enableTun,
    allowedDevices: [tunDevice],
    additionalCapabilities: ["CAP_NET_ADMIN"],
  },
  {
    summary: "privateNetwork with privateUsers `pick` or a positive number adds /dev/net/tun (rwm)",
    nixWhen: `!cfg.enableTun && cfg.privateNetwork && (cfg.privateUsers == "pick" || (builtins.isInt cfg.privateUsers && cfg.privateUsers > 0))`,
    when: (c) => !c.enableTun && c.privateNetwork && (c.privateUsers === "pick" || (typeof c.privateUsers === "number" && c.privateUsers > 0)),
    allowedDevices: [tunDevice],
    additionalCapabilities: [],
  },
];

export function applyImplied(cfg: ResolvedContainer): ResolvedContainer {
  let out = cfg;
  for (const i of implied)
    if (i.when(cfg))
      out = {
        ...out,
        allowedDevices: [...out.allowedDevices, ...i.allowedDevices],
        additionalCapabilities: [...out.additionalCapabilities, ...i.additionalCapabilities],
      };
  return out;
}

const deviceUnits = (ifaces: readonly string[]) => ifaces.map((i) => `sys-subsystem-net-devices-${escapeSystemdPath(i)}.device`);
const deviceUnitsNix = `map (i: "sys-subsystem-net-devices-\${escapeSystemdPath i}.device") cfg.interfaces`;

export const unitFields: readonly UnitField[] = [
  {
    path: ["serviceConfig", "TimeoutStartSec"],
    nix: "cfg.timeoutStartSec",
    ts: ({ cfg }) => cfg.timeoutStartSec,
  },
  {
    path: ["serviceConfig", "DeviceAllow"],
    nix: 'map (d: "${d.node} ${d.modifier}") cfg.allowedDevices',
    ts: ({ cfg }) => cfg.allowedDevices.map((d) => `${d.node} ${d.modifier}`),
  },
  {
    path: ["serviceConfig", "RuntimeDirectory"],
    nix: 'if cfg.ephemeral then [ "${dirs.confDirName}/%i" ] else [ ]',
    ts: ({ cfg, dirs }) => (cfg.ephemeral ? [`${dirs.confDirName}/%i`] : []),
  },
  {
    path: ["serviceConfig", "EnvironmentFile"],
    nix: '"-${dirs.confDir}/%i.conf"',
    ts: ({ dirs }) => `-${dirs.confDir}/%i.conf`,
  },
  {
    path: ["unitConfig", "RequiresMountsFor"],
    nix:
      '(if cfg.ephemeral then [ ] else [ "${dirs.stateDir}/%i" ]) ++ map (b: if b.hostPath != null then b.hostPath else b.mountPoint) (builtins.attrValues cfg.bindMounts)',
    ts: ({ cfg, dirs }) => [
      ...(cfg.ephemeral ? [] : [`${dirs.stateDir}/%i`]),
      ...sortedEntries(cfg.bindMounts).map(([, b]) => b.hostPath ?? b.mountPoint),
    ],
  },
  {
    path: ["environment", "root"],
    nix: 'if cfg.ephemeral then "/run/nixos-containers/%i" else "${dirs.stateDir}/%i"',
    ts: ({ cfg, dirs }) => (cfg.ephemeral ? "/run/nixos-containers/%i" : `${dirs.stateDir}/%i`),
  },
  {
    path: ["wantedBy"],
    autoStartOnly: true,
    nix: '[ "machines.target" ]',
    ts: () => ["machines.target"],
  },
  {
    path: ["wants"],
    autoStartOnly: true,
    nix: `[ "network.target" ] ++ ${deviceUnitsNix}`,
    ts: ({ cfg }) => ["network.target", ...deviceUnits(cfg.interfaces)],
  },
  {
    path: ["after"],
    autoStartOnly: true,
    nix: `[ "network.target" ] ++ ${deviceUnitsNix}`,
    ts: ({ cfg }) => ["network.target", ...deviceUnits(cfg.interfaces)],
  },
  {
    // Upstream honours restartIfChanged only for containers that start at boot.
    path: ["restartIfChanged"],
    nix: "cfg.autoStart && cfg.restartIfChanged",
    ts: ({ cfg }) => cfg.autoStart && cfg.restartIfChanged,
  },
];

/** The unit fields for one container, as nested attributes (the `cfg` given is before `implied`). */
export function unitOf(input: UnitInput): { [k: string]: Json } {
  const cfg = applyImplied(input.cfg);
  const out: { [k: string]: Json } = {};
  for (const f of unitFields) {
    if (f.autoStartOnly && !cfg.autoStart) continue;
    let node = out;
    for (const k of f.path.slice(0, -1)) node = (node[k] ??= {}) as { [k: string]: Json };
    node[f.path[f.path.length - 1]!] = f.ts({ ...input, cfg });
  }
  return out;
}
