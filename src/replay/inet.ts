/**
 * Addresses as iproute2 6.1 reads them (`get_addr_1`, `get_prefix_1` and
 * `get_netmask` in lib/utils.c) and prints them (glibc's inet_ntop).
 *
 * This is not the validator's parser (src/validate/ip.ts), which says what a
 * well-formed option value is; here every text `ip` takes is taken the way
 * `ip` takes it: an IPv4 part is read by C's strtoul with base 0, so
 * `010.0.0.1` is 8.0.0.1, `0x0a.1` is 10.1.0.0 and ` 1.2.3.4` is 1.2.3.4;
 * missing parts are zero (`10.1` is 10.1.0.0); an IPv6 address goes through
 * glibc's inet_pton; a prefix length is a number in any C base or a dotted
 * netmask (`/255.255.0.0`).
 */

export type Family = 4 | 6;

/** An address: its family and its 4 or 16 bytes. */
export interface Inet {
  family: Family;
  bytes: Uint8Array;
}

/** What `get_prefix_1` gives: an address with its bit length, or the words `default` / `any` / `all`. */
export interface InetPrefix {
  /** 0 for `default`, `any` and `all` read without a family. */
  family: 0 | Family;
  /** Zero bytes for `any` / `all`; the family's width of zeros for `default`. */
  bytes: Uint8Array;
  /** The prefix length: given, or the family's width; 0 for `default`, `any` and `all`. */
  bitlen: number;
  /** Whether a `/length` was written (always for `default`). */
  prefixSpecified: boolean;
  /** Set for the words that stand for every address. */
  word?: "default" | "any" | "all";
}

/** C's isspace in the C locale. */
const isCSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const digitValue = (c: number): number => {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
};

/** Past this, the value only matters as "too large" for every caller here. */
const HUGE = 2 ** 52;

/**
 * glibc's strtoul on `s` from `from`: leading whitespace, an optional sign,
 * base 0 picks 16 for `0x` followed by a hex digit, 8 for a leading 0, else
 * 10. Returns the value (capped at HUGE; a negative non-zero value counts as
 * HUGE, as it wraps to near ULONG_MAX) and where the number ended (`from`
 * when nothing was read, as C sets endptr to the start).
 */
export function strtoul(s: string, from: number, base0: number): { value: number; end: number } {
  let i = from;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (s[i] === "+" || s[i] === "-") {
    negative = s[i] === "-";
    i++;
  }
  let base = base0;
  if ((base === 0 || base === 16) && s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && digitValue(s.charCodeAt(i + 2)) < 16) {
    base = 16;
    i += 2;
  } else if (base === 0) base = s[i] === "0" ? 8 : 10;
  const start = i;
  let value = 0;
  while (i < s.length) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= base) break;
    value = Math.min(HUGE, value * base + d);
    i++;
  }
  if (i === start) return { value: 0, end: from };
  return { value: negative && value !== 0 ? HUGE : value, end: i };
}

/** iproute2's get_unsigned: a whole string read by strtoul, at most UINT_MAX; null otherwise. */
export function getUnsigned(s: string, base = 0): number | null {
  if (s === "") return null;
  const { value, end } = strtoul(s, 0, base);
  if (end === 0 || end !== s.length) return null;
  return value > 0xffffffff ? null : value;
}

/** iproute2's get_addr_ipv4: up to four parts read by strtoul, each at most 255; parts left out are zero. */
function ipv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  let at = 0;
  for (let i = 0; i < 4; i++) {
    const { value, end } = strtoul(s, at, 0);
    if (value > 255) return null;
    if (end === at) return null;
    out[i] = value;
    if (end === s.length) break;
    if (i === 3 || s[end] !== ".") return null;
    at = end + 1;
  }
  return out;
}

/** glibc's inet_pton4 (the IPv4 tail of an IPv6 address): exactly four decimal parts, no leading zeros. */
function pton4(s: string, from: number, out: Uint8Array, at: number): boolean {
  let sawDigit = false;
  let octets = 0;
  let value = 0;
  let k = at;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      const next = value * 10 + (c - 0x30);
      if (sawDigit && value === 0) return false;
      if (next > 255) return false;
      value = next;
      out[k] = value;
      if (!sawDigit) {
        if (++octets > 4) return false;
        sawDigit = true;
      }
    } else if (c === 0x2e && sawDigit) {
      if (octets === 4) return false;
      k++;
      value = 0;
      sawDigit = false;
    } else return false;
  }
  return octets >= 4;
}

/** glibc's inet_pton6. */
export function pton6(s: string): Uint8Array | null {
  const tmp = new Uint8Array(16);
  let tp = 0;
  let colonp = -1;
  let i = 0;
  if (s.length === 0) return null;
  if (s[0] === ":") {
    i++;
    if (i === s.length || s[i] !== ":") return null;
  }
  let curtok = i;
  let seen = 0;
  let val = 0;
  let ipv4Tail = false;
  while (i < s.length) {
    const ch = s.charCodeAt(i++);
    const d = digitValue(ch);
    if (d < 16) {
      if (seen === 4) return null;
      val = (val << 4) | d;
      seen++;
      continue;
    }
    if (ch === 0x3a) {
      curtok = i;
      if (seen === 0) {
        if (colonp !== -1) return null;
        colonp = tp;
        continue;
      } else if (i === s.length) return null;
      if (tp + 2 > 16) return null;
      tmp[tp++] = (val >> 8) & 0xff;
      tmp[tp++] = val & 0xff;
      seen = 0;
      val = 0;
      continue;
    }
    if (ch === 0x2e && tp + 4 <= 16 && pton4(s, curtok, tmp, tp)) {
      tp += 4;
      seen = 0;
      ipv4Tail = true;
      break;
    }
    return null;
  }
  if (!ipv4Tail && seen > 0) {
    if (tp + 2 > 16) return null;
    tmp[tp++] = (val >> 8) & 0xff;
    tmp[tp++] = val & 0xff;
  }
  if (colonp !== -1) {
    if (tp === 16) return null;
    const n = tp - colonp;
    tmp.copyWithin(16 - n, colonp, tp);
    tmp.fill(0, colonp, 16 - n);
    tp = 16;
  }
  return tp === 16 ? tmp : null;
}

/** iproute2's get_addr_1 for the families `ip` reads here: 0 (any), 4 or 6. Null where `ip` refuses. */
export function getAddr1(name: string, family: 0 | Family): InetPrefix | null {
  if (name === "default") return { family, bytes: new Uint8Array(family === 6 ? 16 : family === 4 ? 4 : 0), bitlen: -2, prefixSpecified: true, word: "default" };
  if (name === "all" || name === "any") return { family, bytes: new Uint8Array(0), bitlen: -2, prefixSpecified: false, word: name };
  if (name.includes(":")) {
    if (family !== 0 && family !== 6) return null;
    const bytes = pton6(name);
    return bytes === null ? null : { family: 6, bytes, bitlen: -1, prefixSpecified: false };
  }
  if (family !== 0 && family !== 4) return null;
  const bytes = ipv4(name);
  return bytes === null ? null : { family: 4, bytes, bitlen: -1, prefixSpecified: false };
}

/** A valid netmask as a prefix length (iproute2's mask2bits), or -1. */
function maskBits(b: Uint8Array): number {
  const mask = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const host = ~mask >>> 0;
  if (((host & (host + 1)) >>> 0) !== 0) return -1;
  let bits = 0;
  for (let m = mask; m !== 0; m = (m << 1) >>> 0) bits++;
  return bits;
}

/** iproute2's get_netmask: a number in any C base, or a dotted IPv4 netmask. */
function netmask(s: string): number | null {
  const n = getUnsigned(s, 0);
  if (n !== null) return n;
  const a = getAddr1(s, 4);
  if (a !== null && a.family === 4) {
    const b = maskBits(a.bytes);
    if (b >= 0) return b;
  }
  return null;
}

/** iproute2's get_prefix_1: an address with an optional `/length`. */
export function getPrefix1(arg: string, family: 0 | Family): InetPrefix | null {
  const slash = arg.indexOf("/");
  const a = getAddr1(slash === -1 ? arg : arg.slice(0, slash), family);
  if (a === null) return null;
  const width = a.family === 6 ? 128 : a.family === 4 ? 32 : 0;
  if (slash !== -1) {
    if (a.bitlen === -2) return null;
    const plen = netmask(arg.slice(slash + 1));
    if (plen === null || plen > width) return null;
    return { ...a, bitlen: plen, prefixSpecified: true };
  }
  return { ...a, bitlen: a.bitlen === -2 ? 0 : width };
}

/** iproute2's wording of a family in its messages (family_name_verbose). */
export const familyWord = (family: 0 | Family) => (family === 0 ? "any valid" : family === 4 ? "inet" : "inet6");

/** glibc's inet_ntop: dotted quad; IPv6 in lower case with the longest run of two or more zero groups as `::`, IPv4-mapped and -compatible forms with a dotted tail. */
export function ntop(a: Inet): string {
  const b = a.bytes;
  if (a.family === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (bestLen < 2) best = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best !== -1 && i >= best && i < best + bestLen) {
      if (i === best) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && best === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best !== -1 && best + bestLen === 8) out += ":";
  return out;
}

/** The bytes with every bit past `plen` cleared. */
export function masked(bytes: Uint8Array, plen: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, plen - 8 * i));
    out[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/** Whether any bit past `plen` is set. */
export function hostBitsSet(bytes: Uint8Array, plen: number): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, plen - 8 * i));
    if ((bytes[i]! & (0xff >> keep)) !== 0) return true;
  }
  return false;
}

/** Whether the first `plen` bits of two addresses of one family agree. */
export function samePrefix(a: Uint8Array, b: Uint8Array, plen: number): boolean {
  for (let i = 0; i < a.length; i++) {
    const keep = Math.max(0, Math.min(8, plen - 8 * i));
    if (keep === 0) return true;
    const m = (0xff << (8 - keep)) & 0xff;
    if ((a[i]! & m) !== (b[i]! & m)) return false;
  }
  return true;
}

/** How many leading bits two addresses of one family share. */
export function commonBits(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! ^ b[i]!;
    if (x !== 0) return 8 * i + Math.clz32(x) - 24;
  }
  return a.length * 8;
}

/** A short string key of an address (family and bytes); equal keys, equal addresses. */
export function inetKey(family: Family, bytes: Uint8Array): string {
  return maskedKey(family, bytes, bytes.length * 8);
}

/** The key of the address with every bit past `plen` cleared (inetKey of masked(bytes, plen)), made without an array. */
export function maskedKey(family: Family, b: Uint8Array, plen: number): string {
  const m = (i: number) => {
    const keep = plen - 8 * i;
    return keep >= 8 ? b[i]! : keep <= 0 ? 0 : b[i]! & ((0xff << (8 - keep)) & 0xff);
  };
  if (family === 4) return String.fromCharCode(0x34, (m(0) << 8) | m(1), (m(2) << 8) | m(3));
  return String.fromCharCode(
    0x36, (m(0) << 8) | m(1), (m(2) << 8) | m(3), (m(4) << 8) | m(5), (m(6) << 8) | m(7),
    (m(8) << 8) | m(9), (m(10) << 8) | m(11), (m(12) << 8) | m(13), (m(14) << 8) | m(15),
  );
}

/** The key of the network `bytes/plen` (the address masked, and the length). */
export const netKey = (family: Family, bytes: Uint8Array, plen: number) => `${maskedKey(family, bytes, plen)}/${plen}`;

/** The address parsed as `ip` would, without a prefix (for pairs and probes); null when `ip` would refuse it. */
export function inet(text: string): Inet | null {
  const p = getAddr1(text, 0);
  return p === null || p.family === 0 ? null : { family: p.family, bytes: p.bytes };
}
