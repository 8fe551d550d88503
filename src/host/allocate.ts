/**
 * Picking the addresses of a new container when none are given, as
 * nixos-container does (host 10.233.N.1, container 10.233.N.2, the lowest
 * free N from 1 to 254) but counting every address of every container on the
 * host: with or without a prefix (an address with a prefix takes its whole
 * network), declarative and imperative alike.
 */
import { parseAddress, type ParsedAddress } from "../validate/ip.js";
import type { Definition } from "./conf-file.js";

const ADDRESS_OPTIONS = ["hostAddress", "localAddress"] as const;

/** The IPv4 addresses (with their prefix, if any) the definitions hold. */
export function usedIpv4(defs: readonly Definition[]): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  for (const d of defs)
    for (const o of ADDRESS_OPTIONS) {
      const v = d[o];
      if (typeof v !== "string") continue;
      const r = parseAddress(v, 4);
      if (r.ok) out.push(r.value);
    }
  return out;
}

const toInt = (bytes: readonly number[]) => bytes.reduce((n, b) => n * 256 + b, 0);

/** Whether `candidate` (four bytes) is one of the used addresses or inside a used address's network. */
export function isTaken(candidate: readonly number[], used: readonly ParsedAddress[]): boolean {
  const c = toInt(candidate);
  return used.some((u) => {
    const bits = u.prefix ?? 32;
    const size = 2 ** (32 - bits);
    return Math.floor(toInt(u.bytes) / size) === Math.floor(c / size);
  });
}

/** The first free pair, or null when all 254 are taken. */
export function allocatePair(defs: readonly Definition[]): { hostAddress: string; localAddress: string } | null {
  const used = usedIpv4(defs);
  for (let n = 1; n < 255; n++) {
    if (isTaken([10, 233, n, 1], used) || isTaken([10, 233, n, 2], used)) continue;
    return { hostAddress: `10.233.${n}.1`, localAddress: `10.233.${n}.2` };
  }
  return null;
}
