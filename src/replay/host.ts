/**
 * The host before any container starts, from its network facts
 * (src/model/host-network.ts): its namespace with the loopback and the
 * interfaces its configuration makes (up, with their addresses, macvlans
 * and vlans on their parents), and its named network namespaces. Without
 * facts, or with facts that do not list every interface (an evaluated host:
 * `complete: false`), the host's namespace is "not known": what neither the
 * facts nor the replay made may exist there, and lookups of it are answered
 * "not modelled".
 */
import type { HostInterfaceKind, HostNetwork } from "../model/host-network.js";
import { getPrefix1 } from "./inet.js";
import * as k from "./kernel.js";
import { HOST, newNetns, pushed, SCOPE_GLOBAL, type HostState, type Link, type LinkKind } from "./state.js";

const KINDS: Record<HostInterfaceKind, LinkKind> = {
  bridge: "bridge", physical: "physical", vlan: "vlan", macvlan: "macvlan", veth: "veth", dummy: "dummy", bond: "bond", wireguard: "wireguard", tun: "tun", other: "other",
};

/**
 * What every NixOS host has among the sources the start script binds: the
 * store, and the Nix database and daemon socket (nix-daemon's). The
 * per-container profile and gcroot directories are made by the script's
 * own `mkdir -p` (replay.ts).
 */
export const NIXOS_HOST_PATHS: readonly string[] = ["/nix/store", "/nix/var/nix/db", "/nix/var/nix/daemon-socket"];

/** A path as the known paths hold it: no repeated or trailing slashes, no `.` parts. */
export const normalPath = (p: string) => p.replace(/\/\.(?=\/|$)/g, "").replace(/\/+/g, "/").replace(/(.)\/$/, "$1") || "/";

/** Adds a path and each of its parent directories (a directory exists when something in it does). */
export function addKnownPath(out: Set<string>, path: string): void {
  let at = normalPath(path);
  while (at.length > 0 && !out.has(at)) {
    out.add(at);
    at = at.slice(0, at.lastIndexOf("/"));
  }
}

/** The host's known paths: those the facts list, and those every NixOS host has. */
export function knownPaths(paths: readonly string[]): Set<string> {
  const out = new Set<string>(["/"]);
  for (const p of [...NIXOS_HOST_PATHS, ...paths]) addKnownPath(out, p);
  return out;
}

export function initialState(facts: HostNetwork | null, paths: readonly string[] | null = null): HostState {
  const host = newNetns("the host", facts !== null && facts.complete !== false);
  k.setUp(k.createLink(host, "lo", "loopback", HOST) as Link);
  const state: HostState = { host, named: new Map(), containers: new Map(), forwards: new Map(), paths: paths === null ? null : knownPaths(paths) };
  if (facts === null) return state;
  // Parents before the interfaces on them.
  const names = Object.keys(facts.interfaces);
  const depth = (n: string, seen = 0): number => {
    const p = facts.interfaces[n]?.parent;
    return p === undefined || facts.interfaces[p] === undefined || seen > names.length ? 0 : 1 + depth(p, seen + 1);
  };
  for (const name of names.sort((a, b) => depth(a) - depth(b))) {
    const f = facts.interfaces[name]!;
    const made = k.createLink(host, name, KINDS[f.kind], HOST);
    if ("errno" in made) continue;
    if (f.parent !== undefined) {
      const p = k.linkByName(host, f.parent);
      if (p !== undefined) {
        made.parent = p;
        p.children = pushed(p.children, made);
      }
    }
    // A veth of the host's own has its other end somewhere the facts do not say, and a bridge may have ports they do not list.
    if (made.kind === "veth" || made.kind === "bridge") made.external = true;
    k.setUp(made);
    for (const text of f.addresses ?? []) {
      const a = getPrefix1(text, 0);
      if (a === null || a.family === 0 || a.inet === null) continue;
      k.addAddr(made, a.inet, a.bitlen, SCOPE_GLOBAL, HOST);
    }
  }
  for (const path of facts.networkNamespaces ?? []) state.named.set(path, newNetns(path, false, host.world));
  return state;
}
