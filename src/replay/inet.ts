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

/**
 * An address: its family and its bits as 32-bit words, the most significant
 * first (IPv4 in w0, the other words zero; IPv6 in w0 to w3), each held as a
 * signed 32-bit integer (`| 0`), which V8 keeps without a box: an address is
 * one small object, compared and masked word by word, and a hash table keyed
 * by it needs no string.
 */
export class Inet {
  constructor(
    readonly family: Family,
    readonly w0: number,
    readonly w1: number,
    readonly w2: number,
    readonly w3: number,
  ) {}
}

/** An IPv4 address from its 32 bits. */
export const inet4 = (bits: number): Inet => new Inet(4, bits | 0, 0, 0, 0);

/** The family's unspecified address (0.0.0.0, ::). */
export const ZERO4 = inet4(0);
export const ZERO6 = new Inet(6, 0, 0, 0, 0);
export const zeroOf = (family: Family) => (family === 4 ? ZERO4 : ZERO6);

/** The family's width in bits. */
export const widthOf = (family: Family) => (family === 4 ? 32 : 128);

/** What `get_prefix_1` gives: an address with its bit length, or the words `default` / `any` / `all`. */
export interface InetPrefix {
  /** 0 for `default`, `any` and `all` read without a family. */
  family: 0 | Family;
  /** The address; the family's zero for `default` with a family; null for `default` without one, and for `any` / `all`. */
  inet: Inet | null;
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

/** Where the last strtoul ended (C's endptr), so that a call allocates nothing. */
let strtoulEnd = 0;

/**
 * glibc's strtoul on `s` from `from`: leading whitespace, an optional sign,
 * base 0 picks 16 for `0x` followed by a hex digit, 8 for a leading 0, else
 * 10. Returns the value (capped at HUGE; a negative non-zero value counts as
 * HUGE, as it wraps to near ULONG_MAX) and leaves in strtoulEnd where the
 * number ended (`from` when nothing was read, as C sets endptr to the start).
 */
function strtoul(s: string, from: number, base0: number): number {
  let i = from;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  const sign = s.charCodeAt(i);
  if (sign === 0x2b || sign === 0x2d) {
    negative = sign === 0x2d;
    i++;
  }
  let base = base0;
  if ((base === 0 || base === 16) && s.charCodeAt(i) === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78 && digitValue(s.charCodeAt(i + 2)) < 16) {
    base = 16;
    i += 2;
  } else if (base === 0) base = s.charCodeAt(i) === 0x30 ? 8 : 10;
  const start = i;
  let value = 0;
  while (i < s.length) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= base) break;
    value = Math.min(HUGE, value * base + d);
    i++;
  }
  if (i === start) {
    strtoulEnd = from;
    return 0;
  }
  strtoulEnd = i;
  return negative && value !== 0 ? HUGE : value;
}

/** iproute2's get_unsigned: a whole string read by strtoul, at most UINT_MAX; null otherwise. */
export function getUnsigned(s: string, base = 0): number | null {
  if (s === "") return null;
  const value = strtoul(s, 0, base);
  if (strtoulEnd === 0 || strtoulEnd !== s.length) return null;
  return value > 0xffffffff ? null : value;
}

/** iproute2's get_addr_ipv4 from `from` to `to`: up to four parts read by strtoul, each at most 255; parts left out are zero. The 32 bits, or -1. */
function ipv4(s: string, to: number): number {
  let bits = 0;
  let at = 0;
  for (let i = 0; i < 4; i++) {
    const value = strtoul(s, at, 0);
    const end = strtoulEnd;
    // The text ends at `to` (a `/` after the address): what strtoul read past it is not part of the address.
    if (value > 255 || end === at || end > to) return -1;
    bits |= value << (24 - 8 * i);
    if (end === to) return bits >>> 0;
    if (i === 3 || s.charCodeAt(end) !== 0x2e) return -1;
    at = end + 1;
  }
  return bits >>> 0;
}

/** Scratch space for inet_pton6's bytes. */
const tmp = new Uint8Array(16);

/** glibc's inet_pton4 (the IPv4 tail of an IPv6 address) from `from` to `to`: exactly four decimal parts, no leading zeros; into tmp at `at`. */
function pton4(s: string, from: number, to: number, at: number): boolean {
  let sawDigit = false;
  let octets = 0;
  let value = 0;
  let k = at;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      const next = value * 10 + (c - 0x30);
      if (sawDigit && value === 0) return false;
      if (next > 255) return false;
      value = next;
      tmp[k] = value;
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

/** glibc's inet_pton6 of s up to `to`, or null. */
function pton6(s: string, to: number): Inet | null {
  tmp.fill(0);
  let tp = 0;
  let colonp = -1;
  let i = 0;
  if (to === 0) return null;
  if (s.charCodeAt(0) === 0x3a) {
    i++;
    if (i === to || s.charCodeAt(i) !== 0x3a) return null;
  }
  let curtok = i;
  let seen = 0;
  let val = 0;
  let ipv4Tail = false;
  while (i < to) {
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
      } else if (i === to) return null;
      if (tp + 2 > 16) return null;
      tmp[tp++] = (val >> 8) & 0xff;
      tmp[tp++] = val & 0xff;
      seen = 0;
      val = 0;
      continue;
    }
    if (ch === 0x2e && tp + 4 <= 16 && pton4(s, curtok, to, tp)) {
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
  if (tp !== 16) return null;
  const w = (i: number) => (tmp[i]! << 24) | (tmp[i + 1]! << 16) | (tmp[i + 2]! << 8) | tmp[i + 3]!;
  return new Inet(6, w(0), w(4), w(8), w(12));
}

const DEFAULT_ANY: InetPrefix = { family: 0, inet: null, bitlen: -2, prefixSpecified: true, word: "default" };
const DEFAULT4: InetPrefix = { family: 4, inet: ZERO4, bitlen: -2, prefixSpecified: true, word: "default" };
const DEFAULT6: InetPrefix = { family: 6, inet: ZERO6, bitlen: -2, prefixSpecified: true, word: "default" };

/** iproute2's get_addr_1 of `name` up to `to`, for the families `ip` reads here: 0 (any), 4 or 6. Null where `ip` refuses. */
function addr1(name: string, to: number, family: 0 | Family): InetPrefix | null {
  if (to === 7 && name.startsWith("default")) return family === 0 ? DEFAULT_ANY : family === 4 ? DEFAULT4 : DEFAULT6;
  if (to === 3 && (name.startsWith("all") || name.startsWith("any"))) {
    const word = name.startsWith("all") ? "all" : "any";
    return { family, inet: null, bitlen: -2, prefixSpecified: false, word };
  }
  const colon = name.indexOf(":");
  if (colon !== -1 && colon < to) {
    if (family !== 0 && family !== 6) return null;
    const inet = pton6(name, to);
    return inet === null ? null : { family: 6, inet, bitlen: -1, prefixSpecified: false };
  }
  if (family !== 0 && family !== 4) return null;
  const bits = ipv4(name, to);
  return bits === -1 ? null : { family: 4, inet: inet4(bits), bitlen: -1, prefixSpecified: false };
}

/** iproute2's get_addr_1 for the families `ip` reads here: 0 (any), 4 or 6. Null where `ip` refuses. */
export const getAddr1 = (name: string, family: 0 | Family): InetPrefix | null => addr1(name, name.length, family);

/** A valid netmask's 32 bits as a prefix length (iproute2's mask2bits), or -1. */
function maskBits(mask: number): number {
  const host = ~mask >>> 0;
  if (((host & (host + 1)) >>> 0) !== 0) return -1;
  return Math.clz32(host);
}

/** iproute2's get_netmask: a number in any C base, or a dotted IPv4 netmask. */
function netmask(s: string): number | null {
  const n = getUnsigned(s, 0);
  if (n !== null) return n;
  if (s.includes(":")) return null;
  const bits = ipv4(s, s.length);
  if (bits !== -1) {
    const b = maskBits(bits);
    if (b >= 0) return b;
  }
  return null;
}

/** iproute2's get_prefix_1: an address with an optional `/length`. */
export function getPrefix1(arg: string, family: 0 | Family): InetPrefix | null {
  const slash = arg.indexOf("/");
  const a = addr1(arg, slash === -1 ? arg.length : slash, family);
  if (a === null) return null;
  const width = a.family === 6 ? 128 : a.family === 4 ? 32 : 0;
  if (slash !== -1) {
    if (a.bitlen === -2) return null;
    const plen = netmask(arg.slice(slash + 1));
    if (plen === null || plen > width) return null;
    return { family: a.family, inet: a.inet, bitlen: plen, prefixSpecified: true };
  }
  if (a.bitlen === -2) return a.word === "default" ? { family: a.family, inet: a.inet, bitlen: 0, prefixSpecified: true, word: "default" } : { ...a, bitlen: 0 };
  a.bitlen = width;
  return a;
}

/** iproute2's wording of a family in its messages (family_name_verbose). */
export const familyWord = (family: 0 | Family) => (family === 0 ? "any valid" : family === 4 ? "inet" : "inet6");

/** Word `i` (0 to 3) of an address. */
const word = (a: Inet, i: number) => (i === 0 ? a.w0 : i === 1 ? a.w1 : i === 2 ? a.w2 : a.w3);

/** The mask of word `i` for a prefix of `plen` bits. */
const maskOf = (plen: number, i: number) => {
  const keep = plen - 32 * i;
  return keep >= 32 ? -1 : keep <= 0 ? 0 : -1 << (32 - keep);
};

/** glibc's inet_ntop: dotted quad; IPv6 in lower case with the longest run of two or more zero groups as `::`, IPv4-mapped and -compatible forms with a dotted tail. */
export function ntop(a: Inet): string {
  if (a.family === 4) {
    const b = a.w0;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}`;
  }
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const w = word(a, i);
    words.push(w >>> 16, w & 0xffff);
  }
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
      const t = a.w3;
      out += `${t >>> 24}.${(t >>> 16) & 255}.${(t >>> 8) & 255}.${t & 255}`;
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best !== -1 && best + bestLen === 8) out += ":";
  return out;
}

/** The address with every bit past `plen` cleared (the same object when none is set). */
export function masked(a: Inet, plen: number): Inet {
  if (!hostBitsSet(a, plen)) return a;
  return new Inet(a.family, a.w0 & maskOf(plen, 0), a.w1 & maskOf(plen, 1), a.w2 & maskOf(plen, 2), a.w3 & maskOf(plen, 3));
}

/** Whether any bit past `plen` is set. */
export function hostBitsSet(a: Inet, plen: number): boolean {
  return (a.w0 & ~maskOf(plen, 0)) !== 0 || (a.w1 & ~maskOf(plen, 1)) !== 0 || (a.w2 & ~maskOf(plen, 2)) !== 0 || (a.w3 & ~maskOf(plen, 3)) !== 0;
}

/** Whether the first `plen` bits of two addresses of one family agree. */
export function samePrefix(a: Inet, b: Inet, plen: number): boolean {
  return ((a.w0 ^ b.w0) & maskOf(plen, 0)) === 0 && ((a.w1 ^ b.w1) & maskOf(plen, 1)) === 0 && ((a.w2 ^ b.w2) & maskOf(plen, 2)) === 0 && ((a.w3 ^ b.w3) & maskOf(plen, 3)) === 0;
}

/** Whether two addresses are the same (family and bits). */
export const sameInet = (a: Inet, b: Inet) => a === b || (a.family === b.family && a.w0 === b.w0 && a.w1 === b.w1 && a.w2 === b.w2 && a.w3 === b.w3);

/** The same, either of them possibly null (two nulls are the same). */
export const sameOrNull = (a: Inet | null, b: Inet | null) => (a === null || b === null ? a === b : sameInet(a, b));

/** How many leading bits two addresses of one family share. */
export function commonBits(a: Inet, b: Inet): number {
  for (let i = 0; i < 4; i++) {
    const x = word(a, i) ^ word(b, i);
    if (x !== 0) return 32 * i + Math.clz32(x);
  }
  return widthOf(a.family);
}

/** Orders two addresses of one family by value (memcmp of their bytes). */
export function compareInet(a: Inet, b: Inet): number {
  for (let i = 0; i < 4; i++) {
    const x = word(a, i) >>> 0;
    const y = word(b, i) >>> 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * A number for hash tables keyed by an address masked to `plen` bits (the
 * address itself for its family's width): equal addresses give equal
 * numbers; different ones may too, so a table keeps a list per number and
 * compares. Made without allocating.
 */
export function inetHash(a: Inet, plen: number): number {
  const h0 = a.w0 & maskOf(plen, 0);
  if (a.family === 4) return h0;
  let h = Math.imul(h0 ^ 0x6b, 0x9e3779b1);
  h = Math.imul(h ^ (a.w1 & maskOf(plen, 1)), 0x85ebca6b);
  h = Math.imul(h ^ (a.w2 & maskOf(plen, 2)), 0xc2b2ae35);
  return (h ^ (a.w3 & maskOf(plen, 3)) ^ (h >>> 15)) | 0;
}

/** The address parsed as `ip` would, without a prefix (for pairs and probes); null when `ip` would refuse it. */
export function inet(text: string): Inet | null {
  const p = getAddr1(text, 0);
  return p === null || p.family === 0 ? null : p.inet;
}

/** An address from its text form (tests, fixed addresses): as `inet`, but an error when `ip` would refuse it. */
export function inetOf(text: string): Inet {
  const a = inet(text);
  if (a === null) throw new Error(`not an address: ${text}`);
  return a;
}
