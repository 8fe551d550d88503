/** A container definition with its defaults applied, as the module sees `config.containers.<name>`. */
import { container } from "../options/index.js";
import { resolveOptions, type Json } from "./resolve.js";

export interface ForwardPort {
  protocol: string;
  hostPort: number;
  containerPort: number | null;
}
export interface BindMount {
  mountPoint: string;
  hostPath: string | null;
  isReadOnly: boolean;
}
export interface AllowedDevice {
  node: string;
  modifier: string;
}
export interface NetworkSettings {
  hostBridge: string | null;
  forwardPorts: ForwardPort[];
  hostAddress: string | null;
  hostAddress6: string | null;
  localAddress: string | null;
  localAddress6: string | null;
  localMacAddress: string | null;
}
export interface ResolvedContainer extends NetworkSettings {
  path: string;
  flake: string | null;
  additionalCapabilities: string[];
  ephemeral: boolean;
  enableTun: boolean;
  copyResolvConf: boolean;
  privateNetwork: boolean;
  networkNamespace: string | null;
  privateUsers: number | "no" | "identity" | "pick";
  interfaces: string[];
  macvlans: string[];
  extraVeths: Record<string, NetworkSettings>;
  autoStart: boolean;
  restartIfChanged: boolean;
  timeoutStartSec: string;
  bindMounts: Record<string, BindMount>;
  allowedDevices: AllowedDevice[];
  tmpfs: string[];
  extraFlags: string[];
}

/** Where a flake container's system profile lives; the module sets `path` to it. */
export const flakeProfilePath = (name: string) => `/nix/var/nix/profiles/per-container/${name}`;

/**
 * Defaults applied to a container given as JSON. `path` follows from `flake`
 * the way the module derives it; a definition with neither keeps no path.
 */
export function resolveContainer(name: string, input: { [k: string]: Json }): ResolvedContainer {
  const resolved = resolveOptions(container.options, input, name);
  if (resolved.path === undefined && typeof resolved.flake === "string") resolved.path = flakeProfilePath(name);
  return resolved as unknown as ResolvedContainer;
}
