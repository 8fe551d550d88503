/**
 * fast-check hosts for the reachability tests: one to three containers
 * routed over their veth (IPv4, IPv6, both, with and without prefixes),
 * bridged to the host's br0, or with an extra veth; addresses drawn from
 * small pools, so that duplicates, shared prefixes and mismatched families
 * come often.
 */
import fc from "fast-check";
import type { HostNetwork } from "../../src/model/host-network.js";
import type { Def, Net } from "./script-steps.js";

export const BRIDGE_HOST: HostNetwork = {
  interfaces: { br0: { kind: "bridge", addresses: ["10.10.0.1/24", "fd10::1/64"] } },
  networkNamespaces: [],
};

const host4 = fc.constantFrom("10.231.0.1", "10.231.1.1", "10.231.0.2");
const local4 = fc.tuple(fc.constantFrom("10.231.0.2", "10.231.1.2", "10.231.0.3", "10.231.0.1"), fc.constantFrom("", "", "/32", "/24")).map(([a, p]) => a + p);
const host6 = fc.constantFrom("fd00::1", "fd00:1::1", "fd00::2");
const local6 = fc.tuple(fc.constantFrom("fd00::2", "fd00:1::2", "fd00::3", "fd00::1"), fc.constantFrom("", "/64", "/128", "/112")).map(([a, p]) => a + p);
const bridged4 = fc.constantFrom("10.10.0.2/24", "10.10.0.3/24", "10.10.0.1/24", "10.10.0.2");
const bridged6 = fc.constantFrom("fd10::2/64", "fd10::3/64", "fd10::1/64");

const routed: fc.Arbitrary<Net> = fc.oneof(
  fc.record({ hostAddress: host4, localAddress: local4 }),
  fc.record({ hostAddress6: host6, localAddress6: local6 }),
  fc.record({ hostAddress: host4, localAddress: local4, hostAddress6: host6, localAddress6: local6 }),
  fc.record({ hostAddress: host6, localAddress: local6 }),
);
const bridged: fc.Arbitrary<Net> = fc.oneof(
  fc.record({ hostBridge: fc.constant("br0"), localAddress: bridged4 }),
  fc.record({ hostBridge: fc.constant("br0"), localAddress: bridged4, localAddress6: bridged6 }),
);

const container: fc.Arbitrary<Def> = fc.tuple(fc.oneof({ arbitrary: routed, weight: 3 }, { arbitrary: bridged, weight: 1 }), fc.option(fc.oneof(routed, bridged), { nil: undefined, freq: 3 })).map(
  ([net, extra]) => ({ privateNetwork: true, ...net, ...(extra === undefined ? {} : { extraVeths: { [`vx-${Math.abs(hash(JSON.stringify(extra))) % 100}`]: extra } }) }),
);

function hash(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

const NAMES = ["web", "db", "a-very-long-container-name"];

export const hostDefs: fc.Arbitrary<Record<string, Def>> = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 })
  .chain((names) => fc.tuple(...names.map(() => container)).map((defs) => Object.fromEntries(names.map((n, i) => [n, defs[i]!]))));
