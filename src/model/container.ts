/** A container definition with its defaults applied, as the module sees `config.containers.<name>`. */
import type * as Generated from "containers-nix/types";
import { container } from "../options/index.js";
import { resolveOptions, type Json } from "./resolve.js";

/**
 * The shapes come from the typings generated from the option set
 * (types/containers.d.ts, exported as `containers-nix/types`), so they are
 * written nowhere by hand.
 */
export type ForwardPort = Generated.ForwardPort;
export type BindMount = Generated.BindMount;
export type AllowedDevice = Generated.AllowedDevice;
/** The options a container shares with each of its extraVeths. */
export type NetworkSettings = Generated.ExtraVeth;
/** What TypeScript resolves: every option but nixpkgs (its default is a Nix expression) and config (NixOS evaluates it). */
export type ResolvedContainer = Omit<Generated.Container, "nixpkgs" | "config">;

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
