/** The address parser: IPv4, IPv6 in every text form, prefixes, and the reasons for refusing. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { addressKey, canonicalText, parseAddress, type Family } from "../../src/validate/ip.js";
import { Gen, prng } from "../support/random.js";

const valid: [string, { given: [string, Family]; want: { canonical: string; prefix: number | null } }][] = [
  ["plain IPv4", { given: ["10.231.136.1", 4], want: { canonical: "10.231.136.1", prefix: null } }],
  ["IPv4 with prefix", { given: ["192.168.1.50/24", 4], want: { canonical: "192.168.1.50", prefix: 24 } }],
  ["IPv4 /0 and /32", { given: ["0.0.0.0/0", 4], want: { canonical: "0.0.0.0", prefix: 0 } }],
  ["IPv4 edges", { given: ["255.255.255.255/32", 4], want: { canonical: "255.255.255.255", prefix: 32 } }],
  ["IPv6 full form", { given: ["2001:0db8:0000:0000:0000:0000:0000:0001", 6], want: { canonical: "2001:db8::1", prefix: null } }],
  ["IPv6 compressed in the middle", { given: ["fc00:7::2", 6], want: { canonical: "fc00:7::2", prefix: null } }],
  ["IPv6 compressed at the start", { given: ["::1", 6], want: { canonical: "::1", prefix: null } }],
  ["IPv6 compressed at the end", { given: ["fe80::", 6], want: { canonical: "fe80::", prefix: null } }],
  ["IPv6 all zeros", { given: ["::", 6], want: { canonical: "::", prefix: null } }],
  ["IPv6 :: standing for one group", { given: ["1:2:3:4:5:6:7::", 6], want: { canonical: "1:2:3:4:5:6:7:0", prefix: null } }],
  ["IPv6 upper case", { given: ["FC00::A/64", 6], want: { canonical: "fc00::a", prefix: 64 } }],
  ["IPv6 with embedded IPv4", { given: ["::ffff:192.0.2.1", 6], want: { canonical: "::ffff:c000:201", prefix: null } }],
  ["IPv6 full form with IPv4 tail", { given: ["1:2:3:4:5:6:1.2.3.4", 6], want: { canonical: "1:2:3:4:5:6:102:304", prefix: null } }],
  ["IPv6 /128", { given: ["fd42::12/128", 6], want: { canonical: "fd42::12", prefix: 128 } }],
  ["IPv6 canonical picks the longest zero run", { given: ["1:0:0:2:0:0:0:3", 6], want: { canonical: "1:0:0:2::3", prefix: null } }],
  ["IPv6 a single zero group is not compressed", { given: ["1:0:2:3:4:5:6:7", 6], want: { canonical: "1:0:2:3:4:5:6:7", prefix: null } }],
];
for (const [name, { given, want }] of valid)
  test(`valid: ${name}`, () => {
    const r = parseAddress(...given);
    assert.ok(r.ok, r.ok ? "" : r.reason);
    if (r.ok) assert.equal({ canonical: canonicalText(r.value), prefix: r.value.prefix }, want);
  });

const invalid: [string, { given: [string, Family]; want: string }][] = [
  ["empty", { given: ["", 4], want: "empty" }],
  ["three octets", { given: ["10.0.0", 4], want: "expected four dot-separated numbers, found 3" }],
  ["octet over 255", { given: ["10.0.0.256", 4], want: `"256" is not a number from 0 to 255` }],
  ["leading zero", { given: ["10.0.0.01", 4], want: `octet "01" has a leading zero` }],
  ["letters", { given: ["10.0.0.x", 4], want: `"x" is not a number from 0 to 255` }],
  ["IPv6 where IPv4 belongs", { given: ["fc00::1", 4], want: "this is an IPv6 address, where an IPv4 address is expected" }],
  ["IPv4 where IPv6 belongs", { given: ["10.0.0.1", 6], want: "this is an IPv4 address, where an IPv6 address is expected" }],
  ["prefix over 32", { given: ["10.0.0.1/33", 4], want: `prefix length "33" is not a number from 0 to 32` }],
  ["empty prefix", { given: ["10.0.0.1/", 4], want: `prefix length "" is not a number from 0 to 32` }],
  ["prefix with leading zero", { given: ["10.0.0.1/024", 4], want: `prefix length "024" is not a number from 0 to 32` }],
  ["two prefixes", { given: ["10.0.0.1/24/8", 4], want: `prefix length "24/8" is not a number from 0 to 32` }],
  ["two ::", { given: ["1::2::3", 6], want: `"::" may appear only once` }],
  ["too many groups", { given: ["1:2:3:4:5:6:7:8:9", 6], want: "expected eight groups, found 9" }],
  ["too few groups", { given: ["1:2:3:4:5:6:7", 6], want: "expected eight groups, found 7" }],
  [":: with eight groups", { given: ["1:2:3:4::5:6:7:8", 6], want: `too many groups for "::" to stand for any` }],
  ["five hex digits", { given: ["fc000::1", 6], want: `group "fc000" has more than four hex digits` }],
  ["not hex", { given: ["fg00::1", 6], want: `group "fg00" is not hexadecimal` }],
  ["single colon at the start", { given: [":1:2:3:4:5:6:7", 6], want: "empty group (a single ':' at the start or end, or ':::')" }],
  ["triple colon", { given: ["1:::2", 6], want: "empty group (a single ':' at the start or end, or ':::')" }],
  ["zone id", { given: ["fe80::1%eth0", 6], want: "zone ids (%…) are not accepted here" }],
  ["IPv4 tail not last", { given: ["::1.2.3.4:5", 6], want: `group "1.2.3.4" has more than four hex digits` }],
  ["bad IPv4 tail", { given: ["::ffff:1.2.3", 6], want: `embedded IPv4 "1.2.3": expected four dot-separated numbers, found 3` }],
  ["prefix over 128", { given: ["fc00::1/129", 6], want: `prefix length "129" is not a number from 0 to 128` }],
];
for (const [name, { given, want }] of invalid)
  test(`invalid: ${name}`, () => {
    const r = parseAddress(...given);
    assert.not.ok(r.ok, `${given[0]} should be refused`);
    if (!r.ok) assert.is(r.reason, want);
  });

/** A verdict as plain data, the bytes read out (the parser works them out only when asked). */
const plain = (r: ReturnType<typeof parseAddress>) => (r.ok ? { ok: true, family: r.value.family, prefix: r.value.prefix, bytes: r.value.bytes } : r);

test("the regular-expression shortcut gives the full parser's verdict on 200,000 seeded random texts", () => {
  const g = new Gen(prng(3));
  for (let i = 0; i < 200_000; i++) {
    // Half free text, half groups of digits joined by separators, which often makes an address.
    const text =
      i % 2 === 0
        ? g.word(i % 4 === 0 ? "0123456789.:/" : "0123456789abcdefABCDEFg:.%/", 0, 42)
        : g.list(9, () => g.word(i % 3 === 0 ? "0123456789" : "0123456789abcdef", 0, 5) + g.pick([".", ":", ":", "::", ""])).join("");
    for (const family of [4, 6] as const) assert.equal(plain(parseAddress(text, family)), plain(parseAddress(text, family, false)), `${JSON.stringify(text)} as IPv${family}`);
  }
  const fixed = ["::", "1::", "::1", "1:2:3:4:5:6:7:8", "fc00:0:0::2/64", "0.0.0.0", "255.255.255.255/32", "10.0.0.1"];
  // The hand-read groups: both sides of a "::", upper-case digits, four-digit groups, a "::" at either end.
  fixed.push("fc00:1:2::3:4", "ABCD:ef01::FfFf:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "fe80::1234:5678:9abc:def0/64", "2001:db8:0:0:1:0:0:1");
  for (const text of fixed)
    for (const family of [4, 6] as const) assert.equal(plain(parseAddress(text, family)), plain(parseAddress(text, family, false)), text);
});

test("addressKey: two addresses have one key exactly when family and bytes agree, however written (2,000 seeded random pairs)", () => {
  const g = new Gen(prng(5));
  const hex = () => g.pick(["0", "00", "000", "0000", "1", "a", "A", "fc00", "ffff", "10"]);
  const six = () => {
    const groups = Array.from({ length: 8 }, hex);
    if (g.bool(0.5)) return groups.join(":");
    const at = g.int(0, 7);
    const len = g.int(1, 8 - at);
    return [...groups.slice(0, at), "", ...groups.slice(at + len)].join(":").replace(/^:(?!:)/, "::").replace(/(?<!:):$/, "::");
  };
  const four = () => Array.from({ length: 4 }, () => String(g.pick([0, 1, 10, 255, 2]))).join(".");
  const parsed = (text: string, family: 4 | 6) => {
    const r = parseAddress(text, family);
    return r.ok ? r.value : null;
  };
  let pairs = 0;
  while (pairs < 2000) {
    const [ta, fa] = g.bool(0.5) ? [six(), 6 as const] : [four(), 4 as const];
    const [tb, fb] = g.bool(0.8) ? [fa === 6 ? six() : four(), fa] : g.bool(0.5) ? [six(), 6 as const] : [four(), 4 as const];
    const a = parsed(ta, fa);
    const b = parsed(tb, fb);
    if (a === null || b === null) continue;
    pairs++;
    const same = a.family === b.family && a.bytes.join(".") === b.bytes.join(".");
    assert.is(addressKey(a) === addressKey(b), same, `${ta} and ${tb}`);
  }
});

test.run();
