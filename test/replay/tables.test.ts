/**
 * The model's data held to plain computations on seeded random inputs:
 * addresses as 32-bit words (src/replay/inet.ts) against the same questions
 * asked of their bytes, and the tables that are scanned while small and
 * indexed once large (routes, links by name, addresses by value;
 * src/replay/state.ts, kernel.ts) against a list searched in full, through
 * both sizes. The replay's answers rest on these being the same.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compareInet, commonBits, getAddr1, hostBitsSet, Inet, inetHash, masked, ntop, samePrefix, type Family } from "../../src/replay/inet.js";
import * as k from "../../src/replay/kernel.js";
import { Addr, AddrIndex, newLink, newNetns, Route, RouteTable, SCOPE_GLOBAL, type Link } from "../../src/replay/state.js";

const SEED = Number(process.env.REPLAY_TABLES_SEED ?? 1);
const RUNS = Number(process.env.REPLAY_TABLES_RUNS ?? 200);

// ---------------------------------------------------------------- addresses

const bytesOf = (a: Inet) => {
  const out: number[] = [];
  for (const w of a.family === 4 ? [a.w0] : [a.w0, a.w1, a.w2, a.w3]) out.push(w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255);
  return out;
};
const fromBytes = (family: Family, b: number[]) => {
  const w = (i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) | 0;
  return family === 4 ? new Inet(4, w(0), 0, 0, 0) : new Inet(6, w(0), w(4), w(8), w(12));
};
/** The byte-wise answers. */
const keep = (plen: number, i: number) => Math.max(0, Math.min(8, plen - 8 * i));
const maskBytes = (b: number[], plen: number) => b.map((x, i) => x & ((0xff << (8 - keep(plen, i))) & 0xff));
const hostBits = (b: number[], plen: number) => b.some((x, i) => (x & (0xff >> keep(plen, i))) !== 0);
const common = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return 8 * i + Math.clz32(a[i]! ^ b[i]!) - 24;
  return a.length * 8;
};
/** glibc's inet_ntop on bytes, written the plain way. */
function ntopBytes(family: Family, b: number[]): string {
  if (family === 4) return b.join(".");
  const words = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > len) [best, len] = [i, j - i];
  }
  if (len < 2) best = -1;
  if (best === 0 && (len === 6 || (len === 5 && words[5] === 0xffff))) return `::${len === 5 ? "ffff:" : ""}${b.slice(12).join(".")}`;
  const hex = words.map((w) => w.toString(16));
  if (best === -1) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + len).join(":")}`;
}

/** Addresses that share long prefixes often: bytes drawn from a few values. */
const addressBytes = (family: Family) => fc.array(fc.constantFrom(0, 1, 0x0a, 0x80, 0xfc, 0xfe, 0xff), { minLength: family === 4 ? 4 : 16, maxLength: family === 4 ? 4 : 16 });
const pairs = fc.constantFrom<Family>(4, 6).chain((family) =>
  fc.record({ family: fc.constant(family), a: addressBytes(family), b: addressBytes(family), plen: fc.integer({ min: 0, max: family === 4 ? 32 : 128 }) }),
);

test("addresses as words answer as their bytes do", () => {
  fc.assert(
    fc.property(pairs, ({ family, a, b, plen }) => {
      const x = fromBytes(family, a);
      const y = fromBytes(family, b);
      assert.equal(bytesOf(x), a);
      assert.equal(bytesOf(masked(x, plen)), maskBytes(a, plen));
      assert.is(hostBitsSet(x, plen), hostBits(a, plen));
      const same = maskBytes(a, plen).every((v, i) => v === maskBytes(b, plen)[i]);
      assert.is(samePrefix(x, y, plen), same);
      if (same) assert.is(inetHash(x, plen), inetHash(y, plen), "one network, one hash");
      assert.is(commonBits(x, y), common(a, b));
      assert.is(Math.sign(compareInet(x, y)), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      const text = ntop(x);
      assert.is(text, ntopBytes(family, a));
      const back = getAddr1(text, 0);
      assert.ok(back !== null && back.inet !== null && bytesOf(back.inet).join() === a.join(), `${text} reads back`);
    }),
    { seed: SEED, numRuns: RUNS * 5 },
  );
});

// ---------------------------------------------------------------- routes

/** What a route table answers, computed over all its routes in insertion order. */
class PlainTable {
  readonly routes: Route[] = [];
  at(dst: Inet, plen: number) {
    return this.routes.filter((r) => r.plen === plen && samePrefix(r.dst, dst, plen));
  }
  lookup(addr: Inet, usable: (r: Route) => boolean, lowest: boolean): Route | null {
    const lens = [...new Set(this.routes.map((r) => r.plen))].sort((x, y) => y - x);
    for (const plen of lens) {
      const ok = this.routes.filter((r) => r.plen === plen && samePrefix(r.dst, addr, plen) && usable(r));
      if (ok.length > 0) return lowest ? ok.reduce((m, r) => (r.metric < m.metric ? r : m)) : ok[0]!;
    }
    return null;
  }
}

type RouteOp = { op: "add"; dst: number; plen: number; metric: number; dev: number } | { op: "remove"; which: number } | { op: "ask"; addr: number; plen: number; metric: number };

/** Long sequences (fast-check draws short arrays unless told), so that tables grow past their small size. */
const LONG = { minLength: 10, maxLength: 80, size: "max" } as const;

/** Operations on addresses from a pool of a few (so that routes and questions meet). */
const routeOps = (family: Family) => {
  const width = family === 4 ? 32 : 128;
  const plen = fc.constantFrom(0, 8, 16, 24, width - 8, width - 1, width);
  const at = fc.nat(5);
  return fc.record({
    pool: fc.array(addressBytes(family), { minLength: 6, maxLength: 6 }),
    ops: fc.array(
      fc.oneof(
        { arbitrary: fc.record({ op: fc.constant("add" as const), dst: at, plen, metric: fc.constantFrom(0, 100, 1024), dev: fc.nat(2) }), weight: 5 },
        { arbitrary: fc.record({ op: fc.constant("remove" as const), which: fc.nat() }), weight: 1 },
        { arbitrary: fc.record({ op: fc.constant("ask" as const), addr: at, plen, metric: fc.constantFrom(0, 100, 1024) }), weight: 3 },
      ),
      LONG,
    ),
  });
};

test("a route table, scanned while small and indexed once large, answers as a list searched in full", () => {
  fc.assert(
    fc.property(
      fc.constantFrom<Family>(4, 6).chain((family) => fc.record({ family: fc.constant(family), run: routeOps(family) })),
      ({ family, run: { pool, ops } }) => {
        const ns = newNetns("t", true);
        const devs: Link[] = [0, 1, 2].map((i) => newLink(ns, `d${i}`, "dummy", "t"));
        devs[0]!.up = devs[1]!.up = true;
        const table = new RouteTable(family);
        const plain = new PlainTable();
        const usable = [(r: Route) => r.dev.up, (r: Route) => r.dev === devs[1], () => true];
        for (const o of ops) {
          if (o.op === "add") {
            const dst = masked(fromBytes(family, pool[o.dst]!), o.plen);
            const r = new Route(dst, o.plen, o.metric, devs[o.dev]!, null, null, "boot", SCOPE_GLOBAL, "t");
            table.add(r);
            plain.routes.push(r);
          } else if (o.op === "remove") {
            if (plain.routes.length === 0) continue;
            const r = plain.routes[o.which % plain.routes.length]!;
            table.remove(r);
            plain.routes.splice(plain.routes.indexOf(r), 1);
          } else {
            const x = fromBytes(family, pool[o.addr]!);
            assert.equal(table.at(x, o.plen), plain.at(x, o.plen));
            assert.is(table.atMetric(x, o.plen, o.metric), plain.at(x, o.plen).find((r) => r.metric === o.metric));
            for (const u of usable) for (const lowest of [false, true]) assert.is(table.lookup(x, u, lowest), plain.lookup(x, u, lowest));
          }
          assert.is(new Set(table.all()).size, plain.routes.length);
        }
        for (const d of devs) assert.equal(new Set(d.routes), new Set(plain.routes.filter((r) => r.dev === d)));
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
});

// ---------------------------------------------------------------- links by name

type LinkOp = { op: "create" | "rename" | "alt" | "delete" | "move"; name: string; which: number };

test("links by name, scanned while few and indexed once many, are found as by a search of every link", () => {
  const names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"];
  fc.assert(
    fc.property(
      fc.array(fc.record({ op: fc.constantFrom<LinkOp["op"]>("create", "create", "create", "rename", "alt", "delete", "move"), name: fc.constantFrom(...names), which: fc.nat() }), LONG),
      (ops) => {
        const ns = newNetns("t", true);
        const other = newNetns("u", true);
        for (const o of ops) {
          const links = ns.links;
          const pick = links.length === 0 ? null : links[o.which % links.length]!;
          if (o.op === "create") k.createLink(ns, o.name, "dummy", "t");
          else if (pick === null) continue;
          else if (o.op === "rename") k.rename(pick, o.name);
          else if (o.op === "alt") k.addAltname(pick, `${o.name}-alt`);
          else if (o.op === "delete") k.deleteLink(pick);
          else k.moveLink(pick, other);
          for (const space of [ns, other])
            for (const n of [...names, ...names.map((x) => `${x}-alt`)]) {
              const plain = space.links.find((l) => l.name === n || l.altnames.includes(n));
              assert.is(k.linkByName(space, n), plain, `${n} in ${space.label}`);
            }
          assert.equal(ns.links.map((l) => l.index), [...ns.links.map((l) => l.index)].sort((x, y) => x - y), "links by index");
        }
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
});

// ---------------------------------------------------------------- addresses by value

test("addresses by value are found as by a search of every address in the order they came", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ add: fc.boolean(), family: fc.constantFrom<Family>(4, 6), value: fc.nat(5), ns: fc.nat(2), which: fc.nat() }), LONG),
      (ops) => {
        const world = new AddrIndex();
        const spaces = [0, 1, 2].map((i) => newNetns(`n${i}`, true, world));
        const links = spaces.map((ns) => newLink(ns, "x", "dummy", "t"));
        // Values whose hashes differ from their words, and one IPv4 and one IPv6 address with the same first word.
        const value = (family: Family, v: number) => (family === 4 ? new Inet(4, v << 24, 0, 0, 0) : new Inet(6, v << 24, 0, v, 1));
        const plain: Addr[] = [];
        for (const o of ops) {
          if (o.add || plain.length === 0) {
            const a = new Addr(value(o.family, o.value), 8, SCOPE_GLOBAL, links[o.ns]!, false, false, "t");
            world.add(a);
            plain.push(a);
          } else {
            const a = plain[o.which % plain.length]!;
            world.remove(a);
            plain.splice(plain.indexOf(a), 1);
          }
          for (const family of [4, 6] as const)
            for (let v = 0; v <= 5; v++) {
              const x = value(family, v);
              const same = (a: Addr) => a.family === family && bytesOf(a.inet).join() === bytesOf(x).join();
              assert.equal([...world.find(x, null)], plain.filter(same));
              for (const ns of spaces) assert.equal([...world.find(x, ns)], plain.filter((a) => same(a) && a.link.ns === ns));
            }
        }
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
});

test.run();
