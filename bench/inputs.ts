/** The benchmark's container definitions: valid ones, and ones with mistakes of every kind. */
import type { NixValue } from "../src/options/dsl.js";

export type Def = { [name: string]: NixValue };

/** A realistic container: routed private network, a forwarded port, mounts, a tmpfs; all valid and distinct. */
export function container(i: number): Def {
  const a = (i >> 8) & 255;
  const b = i & 255;
  return {
    path: `/nix/store/${String(i).padStart(32, "0")}-nixos-system-c${i}`,
    autoStart: i % 2 === 0,
    privateNetwork: true,
    hostAddress: `10.${a}.${b}.1`,
    localAddress: `10.${a}.${b}.2`,
    hostAddress6: `fc00:${a.toString(16)}:${b.toString(16)}::1`,
    localAddress6: `fc00:${a.toString(16)}:${b.toString(16)}::2/64`,
    forwardPorts: [{ protocol: "tcp", hostPort: 20_000 + (i % 40_000) }],
    bindMounts: { "/var/lib/data": { hostPath: `/srv/c${i}`, isReadOnly: false }, "/etc/ssl/certs": {} },
    tmpfs: ["/tmp:mode=1777"],
    timeoutStartSec: "2min",
    additionalCapabilities: ["CAP_NET_RAW"],
  };
}

export function definitions(n: number): Record<string, Def> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, container(i)]));
}

/** tcp and udp in turn, so that 100,000 containers can each forward a port of their own. */
const protocol = (i: number) => (i % 2 === 0 ? "tcp" : "udp");

/**
 * A smaller container (so that 100,000 fit in the 32 MiB an input may have), one
 * in four of them with one mistake: in turn a type error, a bad address, a
 * network option without privateNetwork (a warning), a misspelt option, a
 * bad time span and a host port forwarded twice.
 */
export function withMistakes(i: number): Def {
  const a = (i >> 8) & 255;
  const b = i & 255;
  const c: { [k: string]: NixValue } = {
    path: `/nix/var/nix/profiles/per-container/c${i}`,
    privateNetwork: true,
    hostAddress: `10.${i >> 16}.${a}.${b}`,
    localAddress: `10.${128 + (i >> 16)}.${a}.${b}`,
    forwardPorts: [{ protocol: protocol(i), hostPort: 1024 + (i >> 1) }],
  };
  if (i % 4 !== 0) return c;
  switch ((i / 4) % 6) {
    case 0:
      return { ...c, forwardPorts: [{ protocol: protocol(i), hostPort: String(1024 + (i >> 1)) }] };
    case 1:
      return { ...c, hostAddress: "10.0.0.300" };
    case 2:
      return { ...c, privateNetwork: false };
    case 3:
      return { ...c, autoStrat: true };
    case 4:
      return { ...c, timeoutStartSec: "5mins" };
    default:
      return { ...c, forwardPorts: [{ protocol: "tcp", hostPort: 1024 }] };
  }
}

export function definitionsWithMistakes(n: number): Record<string, Def> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, withMistakes(i)]));
}
