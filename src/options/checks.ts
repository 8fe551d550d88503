/**
 * The module's assertions, warnings and evaluation errors, each defined once:
 * an id, a Nix condition, the same condition in TypeScript, and a message.
 *
 * A condition says what must hold. Nix conditions are written against
 * `name`, `cfg` (the container's resolved options), `defined` (which options
 * the user set) and `host` (facts about the host: see HostFacts), using
 * builtins only, so the generated core file can be evaluated without nixpkgs.
 */
import { compareVersions } from "../model/versions.js";
import { unsafeConfOptions } from "../model/conf.js";
import { optionPathText, splitValuePaths } from "../model/split.js";
import type { ResolvedContainer } from "../model/container.js";
import type { HostNetwork } from "../model/host-network.js";

export interface HostFacts {
  /** `config.boot.kernelPackages.kernel.version` */
  kernelVersion: string;
  /** `config.system.stateVersion` */
  stateVersion: string;
  /** `config.boot.enableContainers` */
  enableContainers: boolean;
  /** `config.virtualisation.containers.enable` */
  virtualisationContainers: boolean;
  /** `config.containers != { }` */
  hasContainers: boolean;
  /**
   * The host's own interfaces and network namespaces, for the validator (the
   * module's checks never read it); null when the input does not say.
   */
  network: HostNetwork | null;
  /**
   * Paths that exist on the host (files or directories), for the validator's
   * bind mount sources; null when the input does not say.
   */
  paths: readonly string[] | null;
}

/** A container's options after defaults, as the checks see them. */
export type CheckedContainer = ResolvedContainer;

export interface ContainerCheckInput {
  name: string;
  cfg: CheckedContainer;
  /** Options the user defined, where "defined at all" matters. */
  defined: { pkgs: boolean; config: boolean };
  host: HostFacts;
}

/**
 * assertion: joins NixOS `assertions` (the build stops with the message);
 * warning: joins NixOS `warnings`; error: evaluation throws the message at once,
 * which is how upstream reports misuse that must not reach `assertions`.
 */
export type CheckKind = "assertion" | "warning" | "error";

/**
 * A message: text, with the container's name spliced in for `{ ref: "name" }`
 * and the check's computed detail for `{ ref: "detail" }`.
 */
export type MessageTemplate = readonly (string | { ref: "name" } | { ref: "detail" })[];

interface CheckBase<In> {
  id: string;
  kind: CheckKind;
  /** One line for docs and the validator. */
  summary: string;
  nix: string;
  holds: (input: In) => boolean;
  message: MessageTemplate;
  /** Text computed from the input for the message's `detail` part, in Nix and in TS. */
  detail?: { nix: string; ts: (input: In) => string };
}

export interface ContainerCheck extends CheckBase<ContainerCheckInput> {
  scope: "container";
  /**
   * Checked only when boot.enableContainers is true: the check is about what
   * the module writes then (the conf file), and reading those values would
   * otherwise force, say, a container's whole system evaluation for nothing.
   */
  enabledOnly?: boolean;
}
export interface HostCheck extends CheckBase<HostFacts> {
  scope: "host";
}

const NAME = { ref: "name" } as const;
const DETAIL = { ref: "detail" } as const;

/** Kernels after 5.8 give an interface name too long for IFNAMSIZ an altname instead of refusing it. */
export const kernelHasAltnames = (kernelVersion: string) => compareVersions(kernelVersion, "5.8") > 0;

/** The longest container name whose `ve-<name>` interface fits IFNAMSIZ on old kernels. */
export const MAX_NAME_LENGTH = 11;

export const containerChecks: readonly ContainerCheck[] = [
  {
    id: "container-name-length",
    scope: "container",
    kind: "assertion",
    summary: `With privateNetwork on a kernel up to 5.8, a container name has at most ${MAX_NAME_LENGTH} bytes.`,
    nix: `cfg.privateNetwork -> builtins.stringLength name <= ${MAX_NAME_LENGTH} || builtins.compareVersions host.kernelVersion "5.8" > 0`,
    holds: ({ name, cfg, host }) =>
      !cfg.privateNetwork || Buffer.byteLength(name) <= MAX_NAME_LENGTH || kernelHasAltnames(host.kernelVersion),
    message: [
      "containers.",
      NAME,
      ": the name `",
      NAME,
      `\` is longer than ${MAX_NAME_LENGTH} characters. With privateNetwork, the host-side interface is called ve-<name>, ` +
        "and kernels up to 5.8 limit interface names to 15 bytes. Shorten the name, or run a kernel newer than 5.8, " +
        "which gives long names an altname (see https://github.com/NixOS/nixpkgs/issues/38509).",
    ],
  },
  {
    id: "container-name-underscore",
    scope: "container",
    kind: "assertion",
    summary: "A container name must not contain an underscore.",
    nix: `builtins.match ".*_.*" name == null`,
    holds: ({ name }) => !name.includes("_"),
    message: ["containers.", NAME, ": the name `", NAME, "` contains an underscore, which NixOS containers do not allow. Rename the container."],
  },
  {
    id: "network-namespace-exclusive",
    scope: "container",
    kind: "assertion",
    summary: "networkNamespace cannot be combined with privateNetwork or interfaces.",
    nix: `cfg.networkNamespace == null || (!cfg.privateNetwork && cfg.interfaces == [ ])`,
    holds: ({ cfg }) => cfg.networkNamespace === null || (!cfg.privateNetwork && cfg.interfaces.length === 0),
    message: [
      "containers.",
      NAME,
      ".networkNamespace: a container that joins an existing network namespace cannot also set containers.",
      NAME,
      ".privateNetwork or containers.",
      NAME,
      ".interfaces. Remove one of them.",
    ],
  },
  {
    id: "removed-pkgs",
    scope: "container",
    kind: "error",
    summary: "The option pkgs was removed; use nixpkgs, or config.nixpkgs.pkgs.",
    nix: `!defined.pkgs`,
    holds: ({ defined }) => !defined.pkgs,
    message: [
      "containers.",
      NAME,
      ".pkgs: this option was removed and has no effect; delete it. To choose the nixpkgs whose modules, pkgs and lib " +
        "evaluate the container, set containers.",
      NAME,
      ".nixpkgs. To change only the pkgs the container's modules receive, set containers.",
      NAME,
      ".config.nixpkgs.pkgs.",
    ],
  },
  {
    id: "flake-with-config",
    scope: "container",
    kind: "error",
    summary: "flake and config cannot both be set.",
    nix: `!(defined.config && cfg.flake != null)`,
    holds: ({ defined, cfg }) => !(defined.config && cfg.flake !== null),
    message: [
      "containers.",
      NAME,
      ": config and flake are both set, but a container runs either the system built from config or the one from flake. Remove one of them.",
    ],
  },
  {
    id: "conf-injection",
    scope: "container",
    kind: "assertion",
    enabledOnly: true,
    summary: "No value written to the conf file may contain a newline, quote, backslash, `$` or backtick.",
    nix: "unsafeConfOptions cfg == [ ]",
    holds: ({ cfg }) => unsafeConfOptions(cfg).length === 0,
    detail: {
      nix: `builtins.concatStringsSep ", " (map (o: "containers.\${name}.\${o}") (unsafeConfOptions cfg))`,
      ts: ({ name, cfg }) => unsafeConfOptions(cfg).map((o) => `containers.${name}.${o}`).join(", "),
    },
    message: [
      DETAIL,
      ": contains a newline, quote, backslash, `$` or backtick. The value is written to the container's conf file, " +
        "which systemd reads as an EnvironmentFile, where such characters break the line or inject settings. Remove them.",
    ],
  },
  {
    id: "start-script-split",
    scope: "container",
    kind: "assertion",
    enabledOnly: true,
    summary: "Bind mount paths, interfaces and macvlans hold no space or tab: the start script expands them unquoted, so the shell would split them.",
    nix: "splitValuePaths name cfg == [ ]",
    holds: ({ cfg }) => splitValuePaths(cfg).length === 0,
    detail: {
      nix: `builtins.concatStringsSep ", " (splitValuePaths name cfg)`,
      ts: ({ name, cfg }) => splitValuePaths(cfg).map((p) => optionPathText(["containers", name, ...p])).join(", "),
    },
    message: [
      DETAIL,
      ": contains a space or tab. The container's start script passes the value to systemd-nspawn unquoted " +
        "(in EXTRA_NSPAWN_FLAGS, INTERFACES or MACVLANS), so the shell splits it into several arguments and the " +
        "container fails to start or gets the wrong mount. Use a path or interface name without whitespace.",
    ],
  },
];

export const hostChecks: readonly HostCheck[] = [
  {
    id: "containers-disabled",
    scope: "host",
    kind: "warning",
    summary: "Containers are defined while boot.enableContainers is false.",
    nix: `host.enableContainers || !host.hasContainers`,
    holds: (h) => h.enableContainers || !h.hasContainers,
    message: [
      "containers: containers are defined, but boot.enableContainers is false, so none of them is set up. Set boot.enableContainers = true to run them.",
    ],
  },
  {
    id: "virtualisation-containers-old-state-version",
    scope: "host",
    kind: "warning",
    summary: "boot.enableContainers with virtualisation.containers is unsupported below system.stateVersion 22.05.",
    nix: `!(host.enableContainers && host.virtualisationContainers && builtins.compareVersions host.stateVersion "22.05" < 0)`,
    holds: (h) => !(h.enableContainers && h.virtualisationContainers && compareVersions(h.stateVersion, "22.05") < 0),
    message: [
      "boot.enableContainers: enabling it together with virtualisation.containers is unsupported with system.stateVersion " +
        "below 22.05, because both then use /etc/containers. Disable one of them.",
    ],
  },
];

export function renderMessage(message: MessageTemplate, name: string, detail = ""): string {
  return message.map((p) => (typeof p === "string" ? p : p.ref === "name" ? name : detail)).join("");
}
