/**
 * The interface names systemd-nspawn 252 gives (src/nspawn/nspawn-network.c):
 * `ve-NAME` (or `vb-NAME` with a bridge) for the host end of the veth,
 * `mv-PARENT` for a macvlan. A name of 16 bytes or more is shortened with
 * the naming scheme of v245 and later (NAMING_NSPAWN_LONG_HASH): its first 11
 * bytes, then 4 characters of URL-safe base64 from the low 24 bits of the
 * SipHash-2-4 of the long name under a fixed key; the long name becomes the
 * interface's altname (kernels after 5.8). Checked against the real nspawn
 * by test/replay/nspawn-real.test.ts.
 */

/** nspawn's key for shortening names (SHORTEN_IFNAME_HASH_KEY in nspawn-network.c), as bytes. */
import { utf8Length } from "./kernel.js";

const SHORTEN_KEY = Uint8Array.from([0xe1, 0x90, 0xa4, 0x04, 0xa8, 0xef, 0x4b, 0x51, 0x8c, 0xcc, 0xc3, 0x3a, 0x9f, 0x11, 0xfc, 0xa2]);

const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & MASK;
const le64 = (b: Uint8Array, at: number) => {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i] ?? 0);
  return v;
};

/** SipHash-2-4 of `data` under a 16-byte key, as systemd's siphash24() computes it. */
export function siphash24(data: Uint8Array, key: Uint8Array): bigint {
  const k0 = le64(key, 0);
  const k1 = le64(key, 8);
  let v0 = 0x736f6d6570736575n ^ k0;
  let v1 = 0x646f72616e646f6dn ^ k1;
  let v2 = 0x6c7967656e657261n ^ k0;
  let v3 = 0x7465646279746573n ^ k1;
  const round = () => {
    v0 = (v0 + v1) & MASK;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & MASK;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & MASK;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  const full = data.length - (data.length % 8);
  for (let i = 0; i < full; i += 8) {
    const m = le64(data, i);
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
  let last = BigInt(data.length & 0xff) << 56n;
  for (let i = data.length - 1; i >= full; i--) last |= BigInt(data[i]!) << BigInt(8 * (i - full));
  v3 ^= last;
  round();
  round();
  v0 ^= last;
  v2 ^= 0xffn;
  for (let i = 0; i < 4; i++) round();
  return (v0 ^ v1 ^ v2 ^ v3) & MASK;
}

const URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** nspawn's shorten_ifname: the name as it is when under 16 bytes, else the shortened one. */
export function shortenIfname(name: string): string {
  if (utf8Length(name) < 16) return name;
  const bytes = Buffer.from(name, "utf8");
  const h = Number(siphash24(bytes, SHORTEN_KEY) & 0xffffffn);
  const tail = [h >> 18, h >> 12, h >> 6, h].map((x) => URLSAFE[x & 63]).join("");
  return bytes.subarray(0, 11).toString("latin1") + tail;
}

/** The host end of the container's veth (`ve-NAME`, or `vb-NAME` with a bridge) and its altname when shortened. */
export function vethHostName(machine: string, bridged: boolean): { name: string; altname: string | null } {
  const long = `${bridged ? "vb-" : "ve-"}${machine}`;
  const name = shortenIfname(long);
  return { name, altname: name === long ? null : long };
}

/** The macvlan nspawn makes on PARENT inside the container (`mv-PARENT`), and its altname when shortened. */
export function macvlanName(parent: string): { name: string; altname: string | null } {
  const long = `mv-${parent}`;
  const name = shortenIfname(long);
  return { name, altname: name === long ? null : long };
}
