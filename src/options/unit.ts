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
  /** The container options the value depends on (before `implied`); a test checks that no other option changes it. */
  reads: readonly string[];
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

/** `containers.<name>.activation`: what a switch does to a running container whose definition changed. */
export type Activation = keyof typeof activationStrategies;

/**
 * What a trigger of the container's unit is made of. NixOS writes a unit's
 * restartTriggers and reloadTriggers into its unit file (X-Restart-Triggers=,
 * X-Reload-Triggers=), so the unit file changes, and switch-to-configuration
 * restarts or reloads the unit, exactly when one of these values changes.
 */
export type TriggerSource = "systemPath" | "confFile" | "confExceptSystemPath";

export interface TriggerSourceDef {
  summary: string;
  /** A Nix expression over `name`, `given` (the container before `implied`), `cfg`, `config`, `dirs` and `core` (containers-core.nix), in the module's containerUnit. */
  nix: string;
}

export const triggerSources: Readonly<Record<TriggerSource, TriggerSourceDef>> = {
  systemPath: {
    summary: "the container's system (its `path`, the conf file's SYSTEM_PATH)",
    nix: "cfg.path",
  },
  confFile: {
    summary: "the conf file (the store path of its text)",
    nix: 'config.environment.etc."${dirs.confDirName}/${name}.conf".source',
  },
  confExceptSystemPath: {
    summary: "the conf file's text without its SYSTEM_PATH value (a hash)",
    nix: 'builtins.hashString "sha256" (core.renderConf name (given // { path = ""; }))',
  },
};

/**
 * The triggers of each activation strategy. Like upstream's restartTriggers
 * they are set only on containers that start at boot; `restartIfChanged:
 * false` means the unit is written with restartIfChanged = false whatever the
 * option says, so that switch-to-configuration leaves it alone.
 */
export interface ActivationStrategy {
  /** What a switch does with this strategy (option-doc Markdown): a bullet of the option's description, and a comment in the module. */
  summary: string;
  /** More for the option's description, after the summary. */
  detail?: string;
  restartTriggers: readonly TriggerSource[];
  reloadTriggers: readonly TriggerSource[];
  restartIfChanged: boolean;
}

export const activationStrategies = {
  restart: {
    summary: "a new system for the container, or any change to its conf file, restarts it (upstream's behaviour)",
    restartTriggers: ["systemPath", "confFile"],
    reloadTriggers: [],
    restartIfChanged: true,
  },
  reload: {
    summary:
      "when only the container's system changed, the unit is reloaded instead: the running container switches to its new system in place, as {command}`nixos-container update` does",
    detail: "Any other change (to the network, mounts or flags in its conf file, which need a new systemd-nspawn, or to the unit itself) still restarts it.",
    restartTriggers: ["confExceptSystemPath"],
    reloadTriggers: ["systemPath"],
    restartIfChanged: true,
  },
  none: {
    summary: "a switch never restarts or reloads it; the changes apply at its next start",
    restartTriggers: [],
    reloadTriggers: [],
    restartIfChanged: false,
  },
} as const satisfies Readonly<Record<string, ActivationStrategy>>;

/** The values of `containers.<name>.activation`, the default first. */
export const activations = Object.keys(activationStrategies) as Activation[];

const neverRestarting = activations.filter((a) => !activationStrategies[a].restartIfChanged);
// The values are plain words, so their JSON spelling is their Nix spelling.
const honoursRestartNix = `!(builtins.elem cfg.activation [ ${neverRestarting.map((a) => JSON.stringify(a)).join(" ")} ])`;

/**
 * The unit's scripts (their data in src/scripts/, not derived from this
 * table), with the container options each one reads (before
 * `implied`). NixOS writes each script to the store and runs it as the
 * unit's `key`, so the unit file changes exactly when one of these options
 * does; a full-evaluation test (test/plan/reads.test.ts) checks the lists.
 */
export interface UnitScript {
  attr: "preStart" | "script" | "postStart";
  key: "ExecStartPre" | "ExecStart" | "ExecStartPost";
  reads: readonly string[];
}

export const unitScripts: readonly UnitScript[] = [
  { attr: "preStart", key: "ExecStartPre", reads: ["extraVeths"] },
  { attr: "script", key: "ExecStart", reads: ["extraVeths", "ephemeral", "additionalCapabilities", "enableTun", "tmpfs"] },
  { attr: "postStart", key: "ExecStartPost", reads: ["extraVeths", "hostAddress", "hostAddress6", "localAddress", "localAddress6"] },
];

const deviceUnits = (ifaces: readonly string[]) => ifaces.map((i) => `sys-subsystem-net-devices-${escapeSystemdPath(i)}.device`);
const deviceUnitsNix = `map (i: "sys-subsystem-net-devices-\${escapeSystemdPath i}.device") cfg.interfaces`;

export const unitFields: readonly UnitField[] = [
  {
    path: ["serviceConfig", "TimeoutStartSec"],
    reads: ["timeoutStartSec"],
    nix: "cfg.timeoutStartSec",
    ts: ({ cfg }) => cfg.timeoutStartSec,
  },
  {
    path: ["serviceConfig", "DeviceAllow"],
    reads: ["allowedDevices", "enableTun", "privateNetwork", "privateUsers"],
    nix: 'map (d: "${d.node} ${d.modifier}") cfg.allowedDevices',
    ts: ({ cfg }) => cfg.allowedDevices.map((d) => `${d.node} ${d.modifier}`),
  },
  {
    path: ["serviceConfig", "RuntimeDirectory"],
    reads: ["ephemeral"],
    nix: 'if cfg.ephemeral then [ "${dirs.confDirName}/%i" ] else [ ]',
    ts: ({ cfg, dirs }) => (cfg.ephemeral ? [`${dirs.confDirName}/%i`] : []),
  },
  {
    path: ["serviceConfig", "EnvironmentFile"],
    reads: [],
    nix: '"-${dirs.confDir}/%i.conf"',
    ts: ({ dirs }) => `-${dirs.confDir}/%i.conf`,
  },
  {
    path: ["unitConfig", "RequiresMountsFor"],
    reads: ["ephemeral", "bindMounts"],
    nix:
      '(if cfg.ephemeral then [ ] else [ "${dirs.stateDir}/%i" ]) ++ map (b: if b.hostPath != null then b.hostPath else b.mountPoint) (builtins.attrValues cfg.bindMounts)',
    ts: ({ cfg, dirs }) => [
      ...(cfg.ephemeral ? [] : [`${dirs.stateDir}/%i`]),
      ...sortedEntries(cfg.bindMounts).map(([, b]) => b.hostPath ?? b.mountPoint),
    ],
  },
  {
    path: ["environment", "root"],
    reads: ["ephemeral"],
    nix: 'if cfg.ephemeral then "/run/nixos-containers/%i" else "${dirs.stateDir}/%i"',
    ts: ({ cfg, dirs }) => (cfg.ephemeral ? "/run/nixos-containers/%i" : `${dirs.stateDir}/%i`),
  },
  {
    path: ["wantedBy"],
    reads: ["autoStart"],
    autoStartOnly: true,
    nix: '[ "machines.target" ]',
    ts: () => ["machines.target"],
  },
  {
    path: ["wants"],
    reads: ["autoStart", "interfaces"],
    autoStartOnly: true,
    nix: `[ "network.target" ] ++ ${deviceUnitsNix}`,
    ts: ({ cfg }) => ["network.target", ...deviceUnits(cfg.interfaces)],
  },
  {
    path: ["after"],
    reads: ["autoStart", "interfaces"],
    autoStartOnly: true,
    nix: `[ "network.target" ] ++ ${deviceUnitsNix}`,
    ts: ({ cfg }) => ["network.target", ...deviceUnits(cfg.interfaces)],
  },
  {
    // Upstream honours restartIfChanged only for containers that start at boot;
    // an activation strategy that never restarts turns it off as well.
    path: ["restartIfChanged"],
    reads: ["autoStart", "restartIfChanged", "activation"],
    nix: `cfg.autoStart && cfg.restartIfChanged && ${honoursRestartNix}`,
    ts: ({ cfg }) => cfg.autoStart && cfg.restartIfChanged && activationStrategies[cfg.activation].restartIfChanged,
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

/**
 * What the imperative template unit container@ is rendered from
 * (core.templateSettings in the generated core): the options its unit and
 * scripts read, each at its default, since the unit has no settings of its
 * own and its scripts take every real value from the conf file. Only
 * `overrides` differ from the defaults: a switch leaves imperative
 * containers alone, as upstream's template unit does.
 */
export const templateUnit = {
  atDefault: [
    "extraVeths",
    "additionalCapabilities",
    "ephemeral",
    "timeoutStartSec",
    "allowedDevices",
    "bindMounts",
    "tmpfs",
    "autoStart",
    "interfaces",
    "hostAddress",
    "hostAddress6",
    "localAddress",
    "localAddress6",
  ],
  overrides: { restartIfChanged: false },
} as const satisfies { atDefault: readonly (keyof ResolvedContainer)[]; overrides: Partial<Record<keyof ResolvedContainer, Json>> };
