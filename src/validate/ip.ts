/**
 * IPv4 and IPv6 addresses with an optional prefix length, parsed by hand.
 *
 * IPv4: four dotted decimal octets 0-255, no leading zeros (iproute2 would
 * read `010` as octal). IPv6: the text forms of RFC 4291 section 2.2 — eight
 * groups of one to four hex digits, one `::` standing for one or more zero
 * groups, and an optional dotted IPv4 tail in place of the last two groups.
 * Zone ids (`%eth0`) are refused: `ip addr add` does not take them.
 */

export type Family = 4 | 6;

export interface ParsedAddress {
  family: Family;
  /** The address as written, without its prefix. */
  text: string;
  /** 4 or 16 bytes. */
  bytes: number[];
  /** null when no `/prefix` was given. */
  prefix: number | null;
}

/** Either a parsed address or the reason it is not one. */
export type ParseResult = { ok: true; value: ParsedAddress } | { ok: false; reason: string };

const fail = (reason: string): ParseResult => ({ ok: false, reason });

const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: string) => {
  const k = c.charCodeAt(0);
  return isDigitCode(k) || (k >= 0x61 && k <= 0x66) || (k >= 0x41 && k <= 0x46);
};

/** A decimal number without sign or leading zeros, at most `max`; null if not one. */
function decimal(text: string, max: number): number | null {
  const n = text.length;
  if (n === 0 || n > 3 + (max > 999 ? 1 : 0)) return null;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isDigitCode(c)) return null;
    v = v * 10 + (c - 0x30);
  }
  if (n > 1 && text.charCodeAt(0) === 0x30) return null;
  return v <= max ? v : null;
}

const allDigits = (p: string) => {
  for (let i = 0; i < p.length; i++) if (!isDigitCode(p.charCodeAt(i))) return false;
  return true;
};

function ipv4Bytes(text: string): number[] | string {
  const parts = text.split(".");
  if (parts.length !== 4) return `expected four dot-separated numbers, found ${parts.length}`;
  const bytes: number[] = [];
  for (const p of parts) {
    if (p.length > 1 && p.charCodeAt(0) === 0x30 && allDigits(p)) return `octet "${p}" has a leading zero`;
    const n = decimal(p, 255);
    if (n === null) return `"${p}" is not a number from 0 to 255`;
    bytes.push(n);
  }
  return bytes;
}

function ipv6Bytes(text: string): number[] | string {
  if (text.includes("%")) return "zone ids (%…) are not accepted here";
  const halves = text.split("::");
  if (halves.length > 2) return `"::" may appear only once`;
  const groupsOf = (half: string, last: boolean): number[] | string => {
    if (half === "") return [];
    const out: number[] = [];
    const parts = half.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (last && i === parts.length - 1 && p.includes(".")) {
        const v4 = ipv4Bytes(p);
        if (typeof v4 === "string") return `embedded IPv4 "${p}": ${v4}`;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (p === "") return "empty group (a single ':' at the start or end, or ':::')";
      if (p.length > 4) return `group "${p}" has more than four hex digits`;
      for (const c of p) if (!isHex(c)) return `group "${p}" is not hexadecimal`;
      out.push(parseInt(p, 16));
    }
    return out;
  };
  const compressed = halves.length === 2;
  const head = groupsOf(halves[0]!, !compressed);
  if (typeof head === "string") return head;
  const tail = compressed ? groupsOf(halves[1]!, true) : [];
  if (typeof tail === "string") return tail;
  const given = head.length + tail.length;
  if (compressed ? given > 7 : given !== 8) return compressed ? `too many groups for "::" to stand for any` : `expected eight groups, found ${given}`;
  const groups = [...head, ...Array<number>(8 - given).fill(0), ...tail];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The address without prefix as text: dotted quad, or RFC 5952 for IPv6 (lower case, no leading zeros, the longest run of two or more zero groups as `::`). */
export function canonicalText(a: ParsedAddress): string {
  return a.family === 4 ? a.bytes.join(".") : canonicalIpv6(a.bytes);
}

function canonicalIpv6(bytes: number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  return best === -1 ? hex(groups) : `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** One octet without leading zeros, and the common IPv6 forms (groups, at most one `::`, no IPv4 tail, no zone). */
const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const G = "[0-9a-fA-F]{1,4}";
const IPV6 = new RegExp(
  `^(?:(?:${G}:){7}${G}|(?:${G}:){1,7}:|(?:${G}:){1,6}:${G}|(?:${G}:){1,5}(?::${G}){1,2}|(?:${G}:){1,4}(?::${G}){1,3}` +
    `|(?:${G}:){1,3}(?::${G}){1,4}|(?:${G}:){1,2}(?::${G}){1,5}|${G}:(?::${G}){1,6}|:(?:(?::${G}){1,7}|:))$`,
);

/**
 * A parsed address. Its bytes are worked out when first read: most checks
 * need only the family and the prefix, and the common forms are recognised
 * by one regular expression (IPV4, IPV6) without taking them apart.
 */
class Address implements ParsedAddress {
  private known: number[] | undefined;
  constructor(
    readonly family: Family,
    /** The address without its prefix, as written. */
    readonly text: string,
    readonly prefix: number | null,
    bytes: number[] | undefined,
  ) {
    this.known = bytes;
  }

  get bytes(): number[] {
    return (this.known ??= this.family === 4 ? dottedBytes(this.text) : groupBytes(this.text));
  }
}

/** The bytes of a text the parser has taken as IPv4: four decimal numbers. */
function dottedBytes(text: string): number[] {
  const parts = text.split(".");
  return [Number(parts[0]), Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/** The value of a hex digit the parser has accepted. */
const hexValue = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

/**
 * The bytes of a text the parser has taken as IPv6; the general parser for an
 * IPv4 tail, the groups read by hand otherwise, in one pass over the text
 * (no split into strings, no parseInt): the groups after a `::` are read
 * first into the end of the 16 bytes, those before it from the start.
 */
function groupBytes(text: string): number[] {
  if (text.includes(".")) return ipv6Bytes(text) as number[];
  const bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const gap = text.indexOf("::");
  // The head: groups from the start, up to the `::` or the end.
  const headEnd = gap === -1 ? text.length : gap;
  let slot = 0;
  let group = 0;
  for (let i = 0; i < headEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) {
      bytes[slot++] = group >> 8;
      bytes[slot++] = group & 0xff;
      group = 0;
    } else group = (group << 4) | hexValue(c);
  }
  if (headEnd > 0) {
    bytes[slot++] = group >> 8;
    bytes[slot] = group & 0xff;
  }
  if (gap === -1) return bytes;
  // The tail: groups from the end, back to the `::`.
  slot = 15;
  group = 0;
  let shift = 0;
  for (let i = text.length - 1; i >= gap + 2; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) {
      bytes[slot--] = group & 0xff;
      bytes[slot--] = group >> 8;
      group = 0;
      shift = 0;
    } else {
      group |= hexValue(c) << shift;
      shift += 4;
    }
  }
  if (text.length > gap + 2) {
    bytes[slot--] = group & 0xff;
    bytes[slot] = group >> 8;
  }
  return bytes;
}

/** Parses `address` or `address/prefix` of the given family. `quick`: try the regular expressions first (false only in their test). */
export function parseAddress(text: string, family: Family, quick = true): ParseResult {
  if (text === "") return fail("empty");
  const slash = text.indexOf("/");
  const addr = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? null : text.slice(slash + 1);
  const other = family === 4 ? addr.includes(":") : !addr.includes(":") && addr.includes(".");
  if (other) return fail(`this is an IPv${family === 4 ? 6 : 4} address, where an IPv${family} address is expected`);
  const common = quick && (family === 4 ? IPV4 : IPV6).test(addr);
  const bytes = common ? undefined : family === 4 ? ipv4Bytes(addr) : ipv6Bytes(addr);
  if (typeof bytes === "string") return fail(bytes);
  let prefix: number | null = null;
  if (prefixText !== null) {
    const max = family === 4 ? 32 : 128;
    prefix = decimal(prefixText, max);
    if (prefix === null) return fail(`prefix length "${prefixText}" is not a number from 0 to ${max}`);
  }
  return { ok: true, value: new Address(family, addr, prefix, bytes) };
}

/** `ip` without `-4`/`-6` detects the family: an address with ':' is IPv6, any other IPv4. */
export function parseAnyAddress(text: string): ParseResult {
  const slash = text.indexOf("/");
  return parseAddress(text, (slash === -1 ? text : text.slice(0, slash)).includes(":") ? 6 : 4);
}

/**
 * The address as a short string key for maps, without its prefix length:
 * the dotted text of an IPv4 address, or for IPv6 each pair of bytes as one
 * UTF-16 code unit (no number is turned into text). Equal keys, equal
 * addresses.
 */
export function addressKey(a: ParsedAddress): string {
  // An IPv4 address has one way of being written (no leading zeros): its dotted text is its key. An IPv6 key starts
  // with '#', which no IPv4 text does.
  if (a.family === 4) return a.text;
  const b = a.bytes;
  return `#${String.fromCharCode((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!, (b[4]! << 8) | b[5]!, (b[6]! << 8) | b[7]!, (b[8]! << 8) | b[9]!, (b[10]! << 8) | b[11]!, (b[12]! << 8) | b[13]!, (b[14]! << 8) | b[15]!)}`;
}

/** The network the prefix names (the address with the bits past the prefix cleared), as a key like addressKey's with the prefix length after it. */
export function networkKey(a: ParsedAddress): string {
  const b = a.bytes;
  const bits = a.prefix ?? b.length * 8;
  const masked = (i: number) => b[i]! & (0xff << (8 - Math.max(0, Math.min(8, bits - 8 * i)))) & 0xff;
  let key = a.family === 4 ? "4" : "6";
  for (let i = 0; i < b.length; i += 2) key += String.fromCharCode((masked(i) << 8) | masked(i + 1));
  return `${key}/${bits}`;
}

/** Whether the address has bits set past its prefix (`10.0.0.2/24`); false without a prefix. */
export function hasHostBits(a: ParsedAddress): boolean {
  if (a.prefix === null) return false;
  return a.bytes.some((b, i) => {
    const keep = Math.max(0, Math.min(8, a.prefix! - 8 * i));
    return (b & (0xff >> keep)) !== 0;
  });
}
