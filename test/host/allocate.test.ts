/** Address allocation: every IPv4 address of every container counts, with its prefix. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { allocatePair } from "../../src/host/allocate.js";

const cases: [string, { given: Record<string, unknown>[]; want: { hostAddress: string; localAddress: string } | null }][] = [
  ["an empty host gets the first pair", { given: [], want: { hostAddress: "10.233.1.1", localAddress: "10.233.1.2" } }],
  ["a used pair is skipped", { given: [{ hostAddress: "10.233.1.1", localAddress: "10.233.1.2" }], want: { hostAddress: "10.233.2.1", localAddress: "10.233.2.2" } }],
  ["an address written with a prefix counts (nixos-container ignores it)", { given: [{ localAddress: "10.233.1.2/32" }], want: { hostAddress: "10.233.2.1", localAddress: "10.233.2.2" } }],
  ["a prefix takes its whole network", { given: [{ localAddress: "10.233.0.9/23" }], want: { hostAddress: "10.233.2.1", localAddress: "10.233.2.2" } }],
  ["only one end used is enough to skip", { given: [{ hostAddress: "10.233.1.1" }, { localAddress: "10.233.2.2" }], want: { hostAddress: "10.233.3.1", localAddress: "10.233.3.2" } }],
  ["IPv6 addresses and other networks do not block IPv4 ones", { given: [{ localAddress6: "fc00::2", localAddress: "192.168.1.2/24" }], want: { hostAddress: "10.233.1.1", localAddress: "10.233.1.2" } }],
  ["a /16 over the whole range leaves nothing", { given: [{ localAddress: "10.233.7.7/16" }], want: null }],
  ["all 254 pairs taken", { given: Array.from({ length: 254 }, (_, i) => ({ localAddress: `10.233.${i + 1}.2` })), want: null }],
];

for (const [name, { given, want }] of cases) test(name, () => assert.equal(allocatePair(given as never), want));

test.run();
