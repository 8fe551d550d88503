/**
 * fast-check generators of `ip` command sequences in the units' shapes: veth
 * pairs between the main namespace and `peer` (as nspawn's), a bridge, then
 * links brought up, renamed, given MACs, enslaved and deleted, addresses and
 * routes of both families added with and without prefixes and gateways; the
 * values drawn from small pools so that duplicates, clashes, missing devices
 * and family mix-ups come often, with some of the odd spellings ip takes or
 * refuses (octal and hex parts, netmasks, whitespace, `:::`).
 */
import fc from "fast-check";

export type Cmd = string[];

const SETUPS: Cmd[] = [
  ["link", "add", "name", "ve-a", "type", "veth", "peer", "name", "host0", "netns", "peer"],
  ["link", "add", "name", "ve-b", "type", "veth", "peer", "name", "host1", "netns", "peer"],
  ["link", "add", "name", "vx", "type", "veth", "peer", "name", "vy"],
  ["link", "add", "name", "br0", "type", "bridge"],
];

const MAIN_NAMES = ["ve-a", "ve-b", "vx", "vy", "br0", "nope", "eth0"];
const PEER_NAMES = ["host0", "host1", "eth0", "eth1", "nope"];
const NEW_NAMES = ["eth0", "eth1", "ve-a", "vz", "host0", "a-name-too-long", "x:y"];
const MACS = ["02:00:00:00:00:01", "02:00:00:00:00:02", "01:00:00:00:00:01", "00:00:00:00:00:00", "02:00:00:00:00", "zz:00:00:00:00:01", "2:0:0:0:0:9"];

const V4 = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.0", "10.0.0.255", "10.0.1.1", "192.168.5.7", "10.0.0.5"];
const V4_ODD = ["010.0.0.1", "0x0a.0.0.2", "10.1", "10.0.0.300", " 10.0.0.2", "10.0.0.2.5", "-0.0.0.1"];
const V4_PREFIX = ["", "/8", "/16", "/24", "/25", "/31", "/32", "/0", "/255.255.255.0", "/33", "/024", "/"];
const V6 = ["fd00::1", "fd00::2", "fd00::3", "fd00::", "fd00:1::1", "2001:db8::5", "fd00::1:2"];
const V6_ODD = ["fd00:::1", "FD00::A", "::", "::1", "ff02::1", "fd00::1%x", "1:2:3:4:5:6:7::", "::ffff:1.2.3.4"];
const V6_PREFIX = ["", "/64", "/120", "/127", "/128", "/48", "/0", "/129"];

const weighted = <T>(common: readonly T[], odd: readonly T[]) => fc.oneof({ arbitrary: fc.constantFrom(...common), weight: 6 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });

const v4 = fc.tuple(weighted(V4, V4_ODD), weighted(V4_PREFIX.slice(0, 7), V4_PREFIX.slice(7))).map(([a, p]) => a + p);
const v6 = fc.tuple(weighted(V6, V6_ODD), weighted(V6_PREFIX.slice(0, 6), V6_PREFIX.slice(6))).map(([a, p]) => a + p);
const bare4 = weighted(V4, V4_ODD);
const bare6 = weighted(V6, V6_ODD);

/** `-n peer` or nothing, and a device of that namespace. */
const where = fc.boolean().chain((inPeer) => fc.constantFrom(...(inPeer ? PEER_NAMES : MAIN_NAMES)).map((dev) => ({ pre: inPeer ? ["-n", "peer"] : [], dev })));
/** The family flag and an address of the family (sometimes of the other one). */
const famAddr = (prefix: boolean) =>
  fc.constantFrom<"" | "-4" | "-6">("", "", "-4", "-6").chain((flag) => {
    const want6 =
      flag === "-6" ? fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }) : flag === "-4" ? fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }) : fc.boolean();
    return want6.chain((six) => (six ? (prefix ? v6 : bare6) : prefix ? v4 : bare4).map((addr) => ({ flag: flag === "" ? [] : [flag], addr })));
  });

const step: fc.Arbitrary<Cmd> = fc.oneof(
  { arbitrary: where.map(({ pre, dev }) => [...pre, "link", "set", "dev", dev, "up"]), weight: 6 },
  { arbitrary: where.map(({ pre, dev }) => [...pre, "link", "set", dev, "up"]), weight: 1 },
  { arbitrary: fc.constant<Cmd>(["-n", "peer", "link", "set", "host0", "name", "eth0"]), weight: 3 },
  { arbitrary: fc.tuple(where, fc.constantFrom(...NEW_NAMES)).map(([{ pre, dev }, n]) => [...pre, "link", "set", "dev", dev, "name", n]), weight: 1 },
  { arbitrary: fc.tuple(where, fc.constantFrom(...MACS)).map(([{ pre, dev }, m]) => [...pre, "link", "set", "dev", dev, "address", m]), weight: 1 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...MAIN_NAMES), fc.constantFrom("br0", "br0", "vx", "nope"), fc.boolean()).map(([d, m, up]) => ["link", "set", "dev", d, "master", m, ...(up ? ["up"] : [])]),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(...MAIN_NAMES).map((d) => ["link", "set", "dev", d, "nomaster"]), weight: 1 },
  { arbitrary: where.map(({ pre, dev }) => [...pre, "link", "del", "dev", dev]), weight: 1 },
  { arbitrary: fc.tuple(where, famAddr(true)).map(([{ pre, dev }, { flag, addr }]) => [...pre, ...flag, "addr", "add", addr, "dev", dev]), weight: 8 },
  {
    arbitrary: fc.tuple(where, famAddr(true), fc.constantFrom([], [], ["metric", "5"], ["metric", "0x0"], ["metric", "x"])).map(([{ pre, dev }, { flag, addr }, m]) => [
      ...pre, ...flag, "route", "add", addr, "dev", dev, ...m,
    ]),
    weight: 8,
  },
  { arbitrary: fc.tuple(fc.boolean(), famAddr(false)).map(([inPeer, { flag, addr }]) => [...(inPeer ? ["-n", "peer"] : []), ...flag, "route", "add", "default", "via", addr]), weight: 5 },
  {
    arbitrary: fc.tuple(famAddr(true), bare4, fc.option(fc.constantFrom(...MAIN_NAMES), { nil: null })).map(([{ flag, addr }, gw, dev]) => [
      ...flag, "route", "add", addr, "via", gw, ...(dev === null ? [] : ["dev", dev]),
    ]),
    weight: 2,
  },
);

/** A setup (some of the veth pairs and the bridge, in a fixed order) and up to `max` steps. */
export const sequence = (max: number): fc.Arbitrary<Cmd[]> =>
  fc.tuple(fc.subarray(SETUPS, { minLength: 1 }), fc.array(step, { minLength: 1, maxLength: max })).map(([s, steps]) => [...s, ...steps]);
